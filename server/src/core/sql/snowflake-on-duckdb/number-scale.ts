// NUMBER scale of Snowflake arithmetic where the translator can see it. Snowflake gives `a / b` the scale
// max(S1, min(S1 + 6, 12)) (rounded half away from zero) and `a * b` the scale min(S1 + S2, max(S1, S2, 12)); DuckDB
// divides decimals into a DOUBLE and multiplies to S1 + S2. When both operands' scales are known from the text
// (literals, casts to NUMBER(p, s), a SELECT alias of a literal in a query without FROM), the translator writes the
// operation out at Snowflake's scale; otherwise the expression is left to DuckDB.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord, type Template } from './template';

/** Type words whose scale is 0 (Snowflake's integer synonyms: NUMBER(38, 0)). */
const INTEGER_TYPES = new Set(['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint']);
const DECIMAL_TYPES = new Set(['number', 'decimal', 'numeric']);

/** Plain decimal text, signed or not (`-10.01`, `.5`, `7`): no exponent, no blanks. */
export const PLAIN_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The scale of a numeric literal (`10.01` → 2, `.001` → 3, `7` → 0), or undefined for an exponent (a FLOAT). */
export function literalScale(text: string): number | undefined {
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** literalScale of plain decimal text that may carry a sign (a string literal's value), else undefined. */
export function signedLiteralScale(text: string): number | undefined {
  return PLAIN_DECIMAL.test(text) ? literalScale(text.replace(/^[+-]/, '')) : undefined;
}

/** The scale a type name at `sig[k]` (with its `(p, s)`) gives, or undefined when it is not a fixed-point type. */
function typeScale(sig: Lexeme[], k: number): { scale: number; next: number } | undefined {
  const name = sig[k]?.kind === 'word' ? sig[k].text.toLowerCase() : '';
  if (INTEGER_TYPES.has(name)) return { scale: 0, next: k + 1 };
  if (!DECIMAL_TYPES.has(name)) return undefined;
  if (!isPunct(sig[k + 1], '(')) return { scale: 0, next: k + 1 };
  // (p) or (p, s)
  if (sig[k + 2]?.kind !== 'number') return undefined;
  if (isPunct(sig[k + 3], ')')) return { scale: 0, next: k + 4 };
  if (isPunct(sig[k + 3], ',') && sig[k + 4]?.kind === 'number' && isPunct(sig[k + 5], ')')) {
    return { scale: Number(sig[k + 4].text), next: k + 6 };
  }
  return undefined;
}

/**
 * The NUMBER scale of an expression when its text fixes it: a numeric literal (signed or not), a parenthesised
 * one, `CAST(x AS NUMBER(p, s))`, `x::NUMBER(p, s)` (any x), or a name in `aliases`. Undefined otherwise (a column, a
 * FLOAT, anything whose type only binding tells).
 */
export function staticScale(sig: Lexeme[], aliases: ReadonlyMap<string, number>): number | undefined {
  if (!sig.length) return undefined;
  // The last top-level `::type` decides, whatever is before it.
  let lastCast = -1;
  let depth = 0;
  for (let k = 0; k < sig.length; k++) {
    if (isPunct(sig[k], '(')) depth++;
    else if (isPunct(sig[k], ')')) depth--;
    else if (depth === 0 && isPunct(sig[k], '::')) lastCast = k;
  }
  if (lastCast > 0) {
    const t = typeScale(sig, lastCast + 1);
    return t && t.next === sig.length ? t.scale : undefined;
  }
  if (isPunct(sig[0], '-') || isPunct(sig[0], '+')) return staticScale(sig.slice(1), aliases);
  if (sig.length === 1) {
    const l = sig[0];
    if (l.kind === 'number') return literalScale(l.text);
    if (l.kind === 'word') return aliases.get(l.text.toLowerCase());
    return undefined;
  }
  if (isPunct(sig[0], '(') && isPunct(sig[sig.length - 1], ')')) {
    // Only a group around the whole expression: `(1) + (2)` starts and ends with parentheses too.
    depth = 0;
    for (let k = 0; k < sig.length - 1; k++) {
      if (isPunct(sig[k], '(')) depth++;
      else if (isPunct(sig[k], ')') && --depth === 0) return undefined;
    }
    return staticScale(sig.slice(1, -1), aliases);
  }
  if (isWord(sig[0], 'cast') && isPunct(sig[1], '(') && isPunct(sig[sig.length - 1], ')')) {
    depth = 0;
    for (let k = 1; k < sig.length; k++) {
      if (isPunct(sig[k], '(')) depth++;
      else if (isPunct(sig[k], ')')) depth--;
      else if (depth === 1 && isWord(sig[k], 'as')) {
        const t = typeScale(sig, k + 1);
        return t && t.next === sig.length - 1 ? t.scale : undefined;
      }
    }
  }
  return undefined;
}

/** Snowflake's scale for a quotient whose dividend has scale `s1`. */
export const quotientScale = (s1: number): number => Math.max(s1, Math.min(s1 + 6, 12));

/** Snowflake's scale for a product of scales `s1` and `s2`. */
export const productScale = (s1: number, s2: number): number => Math.min(s1 + s2, Math.max(s1, s2, 12));

const pow10 = (n: number): string => `1${'0'.repeat(n)}`;

/** `0.00…1` with `scale` decimals: multiplying a DECIMAL(38 - scale, 0) by it gives DECIMAL(38, scale) exactly. */
const unit = (scale: number): string => (scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`);

/**
 * `a / b` (or DIV0(a, b) with `zero`) at Snowflake's scale, computed exactly on HUGEINT units: the dividend scaled to
 * the quotient's scale plus the divisor's, divided and rounded half away from zero by the bz_div_units macro (which
 * raises Snowflake's "Division by zero", or gives 0 for DIV0).
 */
export function quotientTemplate(a: number, s1: number, b: number, s2: number, zero: 'error' | 'zero'): Template {
  const s = quotientScale(s1);
  const fn = zero === 'error' ? 'bz_div_units' : 'bz_div0_units';
  return [
    `(CAST(${fn}(CAST((`, a, `) * ${pow10(s1)} AS HUGEINT) * ${pow10(s + s2 - s1)}, CAST((`, b, `) * ${pow10(s2)} AS HUGEINT))`,
    ` AS DECIMAL(${38 - s},0)) * ${unit(s)})`,
  ];
}

/** `a * b` rounded to Snowflake's capped scale (DuckDB's decimal cast rounds half away from zero, as Snowflake does). */
export function productTemplate(a: number, b: number, s1: number, s2: number): Template | undefined {
  const s = productScale(s1, s2);
  if (s === s1 + s2) return undefined;
  // DuckDB's multiply(): the same operation, which a second translation pass does not read as `*` again.
  return ['CAST(multiply(', a, ', ', b, `) AS DECIMAL(38,${s}))`];
}
