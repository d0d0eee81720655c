// Numeric bounds a test puts on a column (dbt_utils.expression_is_true's `amount >= 0`, `seats between 1 and 50`,
// `(employment is null) or (employment >= 0)`), and what they say of its type: a column compared with a number is one
// (Snowflake converts text compared with a number to a NUMBER; the twin refuses that comparison by name), so a column
// no declaration and no use of the models types, that a test bounds with numbers, is sampled as a number (pretium's
// LAUS `employment`, read only through `TRY_TO_DOUBLE(TO_VARCHAR(x))` and named like text: sampled as text, its
// `(employment is null) or (employment >= 0)` test failed on the twin and 11 models were skipped).
import { DEFAULT_TYPE, typeFamily, type ValueKind } from './column-kinds';

export interface ExpressionBounds {
  column?: string;
  min?: number;
  max?: number;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';

/** One comparison or BETWEEN of a column with numbers (`amount >= 0`, `> 5` of the tested column, `x between 1 and 5`). */
function simpleBounds(expression: string, column: string | undefined): ExpressionBounds | undefined {
  const e = expression.trim();
  const between = new RegExp(`^([A-Za-z_][\\w]*)?\\s*between\\s+${NUMBER}\\s+and\\s+${NUMBER}$`, 'i').exec(e);
  if (between) return { column: between[1] ?? column, min: Number(between[2]), max: Number(between[3]) };
  const cmp = new RegExp(`^([A-Za-z_][\\w]*)?\\s*(>=|>|<=|<)\\s*${NUMBER}$`).exec(e);
  if (!cmp) return undefined;
  const col = cmp[1] ?? column;
  const n = Number(cmp[3]);
  switch (cmp[2]) {
    case '>=':
      return { column: col, min: n };
    case '>':
      return { column: col, min: Number.isInteger(n) ? n + 1 : n + 0.01 };
    case '<=':
      return { column: col, max: n };
    default:
      return { column: col, max: Number.isInteger(n) ? n - 1 : n - 0.01 };
  }
}

/** The expression without parentheses that enclose all of it. */
function unwrapped(e: string): string {
  let s = e.trim();
  while (s.startsWith('(') && s.endsWith(')')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < s.length; i++) {
      depth += s[i] === '(' ? 1 : s[i] === ')' ? -1 : 0;
      if (depth === 0 && i < s.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    s = s.slice(1, -1).trim();
  }
  return s;
}

/**
 * Numeric bounds of a simple expression_is_true: one comparison or BETWEEN, several of one column joined by AND
 * (`x >= 0 and x <= 100`), and either behind `x is null or …` (a NULL passes: the bounds hold of the values).
 */
export function boundsOfExpression(expression: string, column: string | undefined): ExpressionBounds | undefined {
  let e = unwrapped(expression);
  const nullable = /^\(?\s*([A-Za-z_]\w*)\s+is\s+null\s*\)?\s+or\s+([\s\S]+)$/i.exec(e);
  if (nullable) e = unwrapped(nullable[2]);
  // BETWEEN's own AND is not a conjunction: a BETWEEN is read whole first.
  const parts = simpleBounds(e, column) ? [e] : e.split(/\s+and\s+/i).map(unwrapped);
  let out: ExpressionBounds | undefined;
  for (const part of parts) {
    const b = simpleBounds(part, column);
    if (!b || (out && out.column?.toLowerCase() !== b.column?.toLowerCase())) return undefined;
    out = { ...out, ...b, ...(out?.min !== undefined && b.min === undefined ? { min: out.min } : {}), ...(out?.max !== undefined && b.max === undefined ? { max: out.max } : {}) };
  }
  if (nullable && out && nullable[1].toLowerCase() !== out.column?.toLowerCase()) return undefined;
  return out;
}

/** The kind of a column no declaration or use types (its name decides `kind`) that a test bounds with numbers: a number. */
export function numberIfBounded(kind: ValueKind, bounds: { min?: number; max?: number }): ValueKind {
  if (bounds.min === undefined && bounds.max === undefined) return kind;
  if (typeFamily(DEFAULT_TYPE[kind]) !== 'text') return kind;
  const integral = [bounds.min, bounds.max].every((n) => n === undefined || Number.isInteger(n));
  return integral ? 'integer' : 'decimal';
}
