// Which source column a tested model column comes from: bronze models rename what they read (`x as y`) and
// aggregate it (`sum(credits) as credits_used`), so a test on `y` constrains the source's `x`. Read on the masked
// template's tokens (the one SQL tokenizer), as expression-origin.ts reads its select items: a `x as y` inside a
// comment, a string or a Jinja tag is no rename.
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import { aliasedItems } from './expression-origin';
import { pathAfter } from './json-shape';

/** Aggregates that are NULL only when every value they see is NULL: a not_null on the result needs values. */
const NULL_ONLY_WHEN_ALL_NULL = new Set(['sum', 'avg', 'min', 'max', 'any_value', 'median', 'mode', 'listagg', 'array_agg']);

/** Words that end an expression and so stand before `as` without being a column (`case … end as y`). */
const NOT_A_COLUMN = new Set(['end', 'null', 'true', 'false', 'distinct', 'select', 'and', 'or', 'not', 'then', 'else']);

export interface ModelColumnOrigin {
  /** The column read from the source. */
  column: string;
  /** Whether the model aggregates it (only NULL-ness carries over, not uniqueness or values). */
  aggregate: boolean;
  /**
   * Whether the model reads a JSON path of it or casts it (`fields:project.id::int as project_id`, `x::int as y`):
   * only NULL-ness carries over — a value at the path needs the column filled.
   */
  converted?: boolean;
  /** The type a converted column is cast to (`integer` in `fields:project.id::integer as project_id`), as written. */
  castTo?: string;
  /** A converted column read at a JSON path (`fields:project.id`), not only cast. */
  path?: true;
}

// The callers ask about many columns of one model in a row: its tokens are read once.
let last: { sql: string; tokens: SqlToken[] } | undefined;
function tokensOf(sql: string): SqlToken[] {
  if (last?.sql !== sql) last = { sql, tokens: tokenizeSql(scanJinja(sql).masked).tokens };
  return last.tokens;
}

/** The column token at `i` (`x`, `t.x`, `"x"`), and the index after it; undefined when none starts there. */
function columnAt(tokens: SqlToken[], i: number, end: number): { name: string; next: number } | undefined {
  // A masked `{{ … }}` (underscores, scan.ts) prints something unknown here: no column.
  const isName = (t: SqlToken | undefined) => t !== undefined && (t.kind === 'quoted' || (t.kind === 'ident' && !NOT_A_COLUMN.has(t.text.toLowerCase()) && !/^_+$/.test(t.text)));
  if (isName(tokens[i]) && tokens[i + 1]?.text === '.' && i + 2 < end && isName(tokens[i + 2])) return { name: tokens[i + 2].text, next: i + 3 };
  return isName(tokens[i]) && i < end ? { name: tokens[i].text, next: i + 1 } : undefined;
}

/**
 * What the tokens [start, end) make of one column: the column aggregated (`sum(x)`), read at a JSON path or cast
 * (`x:a.b::int`), or passed on (`t.x`); undefined for anything else.
 */
function shapeOf(tokens: SqlToken[], start: number, end: number): (ModelColumnOrigin & { plain?: true }) | undefined {
  const first = tokens[start];
  if (first?.kind === 'ident' && NULL_ONLY_WHEN_ALL_NULL.has(first.text.toLowerCase()) && tokens[start + 1]?.text === '(' && tokens[end - 1]?.text === ')') {
    const arg = /^distinct$/i.test(tokens[start + 2]?.text ?? '') ? start + 3 : start + 2;
    const column = columnAt(tokens, arg, end - 1);
    return column && column.next === end - 1 ? { column: column.name, aggregate: true } : undefined;
  }
  const column = columnAt(tokens, start, end);
  if (!column) return undefined;
  let { end: i } = pathAfter(tokens, column.next);
  const path = i > column.next;
  let castTo: string | undefined;
  if (tokens[i]?.text === '::' && tokens[i + 1]?.kind === 'ident') {
    castTo = tokens[i + 1].text;
    i += 2;
    // A type's parameters (`number(38, 2)`).
    if (tokens[i]?.text === '(') {
      const depth = tokens[i].depth;
      for (i++; i < end && !(tokens[i].text === ')' && tokens[i].depth === depth); ) i++;
      i++;
    }
  }
  if (i !== end) return undefined;
  if (path || castTo !== undefined) return { column: column.name, aggregate: false, converted: true, ...(castTo !== undefined ? { castTo } : {}), ...(path ? { path: true as const } : {}) };
  return { column: column.name, aggregate: false, plain: true };
}

/**
 * What the select item [start, end) makes of one column. An aggregate or a path or cast may end a longer item
 * (`sum(a) - sum(b) as c` ends with b's sum): the first operand from the item's start that reaches its end is read.
 */
function itemOrigin(tokens: SqlToken[], start: number, end: number): (ModelColumnOrigin & { plain?: true }) | undefined {
  const whole = shapeOf(tokens, start, end);
  if (whole) return whole;
  for (let s = start + 1; s < end; s++) {
    if (/^(\.|::?)$/.test(tokens[s - 1].text) || tokens[s].depth !== tokens[end - 1].depth) continue;
    const tail = shapeOf(tokens, s, end);
    if (tail && !tail.plain) return tail;
  }
  return undefined;
}

/**
 * The source column a model column is made from, when the model's SQL names it as a plain rename, a JSON path or cast
 * of one column, or a single-column aggregate, aliased `column`; undefined when the model only passes the column
 * through (or says it another way). An aggregate anywhere in the model wins over a path or cast, and that over a rename.
 */
export function originOfModelColumn(sql: string, column: string): ModelColumnOrigin | undefined {
  const tokens = tokensOf(sql);
  let converted: ModelColumnOrigin | undefined;
  let renamed: ModelColumnOrigin | undefined;
  for (const { start, end } of aliasedItems(tokens, column, 'any')) {
    const origin = itemOrigin(tokens, start, end);
    if (!origin) continue;
    if (origin.aggregate) return origin;
    // A rename needs its `as` (`select a b` is legal, but `x as y` is how models say it); a plain reference of the
    // column itself passes it through.
    if (origin.plain) {
      const written = /^as$/i.test(tokens[end]?.text ?? '');
      if (written && origin.column.toLowerCase() !== column.toLowerCase()) renamed ??= { column: origin.column, aggregate: false };
    } else converted ??= origin;
  }
  return converted ?? renamed;
}
