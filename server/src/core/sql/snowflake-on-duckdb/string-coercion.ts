// Snowflake converts a string to a NUMBER where a number is expected: COALESCE/NVL/IFNULL mixing string and number
// literals take the numeric type, and unary `+'5'` is the number 5. DuckDB refuses both ("Cannot mix values of type
// VARCHAR and INTEGER_LITERAL", "Could not choose a best candidate function"). The string literal becomes a
// DECIMAL whose scale is the number of digits it writes after the point, so no digit is lost or invented; text
// that is not a number fails the cast, as Snowflake's conversion does.
import type { Lexeme } from '../tokenize';
import { literalScale } from './number-scale';
import { snowflakeStringValue } from './string-literals';
import { isPunct, isWord, lateTypes, type Arg, type Handler, type Template } from './template';
import { isVariantExpression } from './date-formats';
import { UnsupportedOnDuckDb } from './unsupported';
import { refusalCast } from './errors';
import { averageTemplate } from './average';

/** `CAST('<value>' AS DECIMAL(38, s))` for a string literal, with s read from its text (0 when it is not a number). */
export function stringAsNumber(l: Lexeme): string {
  const value = snowflakeStringValue(l.text).trim();
  const digits = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? literalScale(value.replace(/^[+-]/, '')) ?? 0 : 0;
  return `CAST(${l.text} AS DECIMAL(38,${digits}))`;
}

const isNull = (a: Arg): boolean => a.sig.length === 1 && a.sig[0].kind === 'word' && a.sig[0].text.toLowerCase() === 'null';
const isString = (a: Arg): boolean => a.sig.length === 1 && a.sig[0].kind === 'string';
const isNumber = (a: Arg): boolean =>
  (a.sig.length === 1 && a.sig[0].kind === 'number') || (a.sig.length === 2 && a.sig[0].text === '-' && a.sig[1].kind === 'number');

/** COALESCE/NVL/IFNULL over literals only, mixing strings and numbers: the strings as numbers. */
export const coalesceLiterals = (name: string): Handler => (args) => {
  if (args.length < 2 || !args.every((a) => isNull(a) || isString(a) || isNumber(a))) return null;
  if (!args.some(isString) || !args.some(isNumber)) return null;
  const t: Template = [`${name}(`];
  args.forEach((a, i) => {
    if (i) t.push(', ');
    t.push(isString(a) ? stringAsNumber(a.sig[0]) : i);
  });
  t.push(')');
  return t;
};

/**
 * COALESCE/NVL/IFNULL of a number literal and other values (`COALESCE(s, 0)`): when one of the others is a VARCHAR,
 * Snowflake converts the text and the result is a NUMBER(18,5) (docs.snowflake.com/en/sql-reference/functions/coalesce,
 * usage notes); DuckDB refuses the mix. Whether it is a mix is read while binding (typeof() folds): each non-literal
 * argument goes through bz_number_mix, which casts it to NUMBER(18,5) in a mix and leaves it as it is otherwise. A mix
 * with a FLOAT, whose result Snowflake does not document, stays DuckDB's refusal. An argument holding a subquery is
 * left alone (its type is not folded).
 */
export const coalesceNumberMix = (name: string): Handler => (args, ctx) => {
  const literals = coalesceLiterals(name)(args, ctx);
  if (literals) return literals;
  const others = args.map((_, i) => i).filter((i) => !isNumber(args[i]) && !isNull(args[i]));
  if (args.length < 2 || !args.some(isNumber) || !others.length) return null;
  if (args.some((a) => a.sig.some((l) => isWord(l, 'select') || isWord(l, 'bz_number_mix')))) return null;
  const any = (fn: string): Template => others.flatMap((i, k): Template => [k ? ' OR ' : '', `${fn}(`, i, ')']);
  const mixed: Template = ['(', ...any('bz_is_text'), ') AND NOT (', ...any('bz_is_float'), ')'];
  const t: Template = [`${name}(`];
  args.forEach((_, i) => {
    if (i) t.push(', ');
    if (others.includes(i)) t.push('bz_number_mix(', i, ', ', ...mixed, ')');
    else t.push(i);
  });
  t.push(')');
  return t;
};

/** Created before the translated SQL uses coalesceNumberMix. */
export const NUMBER_MIX_MACROS: string[] = [
  `bz_is_text(x) AS typeof([x]) = 'VARCHAR[]'`,
  `bz_is_float(x) AS typeof([x]) IN ('FLOAT[]', 'DOUBLE[]')`,
  // Text that is no number fails with Snowflake's message.
  `bz_number_18_5(x) AS CASE WHEN x IS NOT NULL AND TRY_CAST(x AS DECIMAL(18,5)) IS NULL ` +
    `THEN CAST(${refusalCast("'Numeric value ''' || CAST(x AS VARCHAR) || ''' is not recognized'", 'INTEGER')} AS DECIMAL(18,5)) ` +
    `ELSE CAST(x AS DECIMAL(18,5)) END`,
  // The key is constant once x has a type (typeof() folds, and so does k); the other field is never evaluated.
  `bz_number_mix(x, k) AS struct_extract({'n': CASE WHEN k THEN bz_number_18_5(x) END, 's': CASE WHEN k THEN NULL ELSE x END}, ` +
    `CASE WHEN typeof([x]) IS NOT NULL AND k THEN 'n' ELSE 's' END)`,
];

/** Whether an argument reads a VARIANT as written: PARSE_JSON(…), `::variant`, or a `:` path at its top level. */
function readsVariant(sig: Lexeme[]): boolean {
  let depth = 0;
  for (const l of sig) {
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth--;
    else if (depth === 0 && isPunct(l, ':')) return true;
  }
  return isVariantExpression(sig);
}

/**
 * SUM/AVG of a VARCHAR: Snowflake reads the text as a FLOAT. The argument goes through bz_number_arg, whose VARCHAR
 * overload casts (other types pass unchanged); an argument whose type DuckDB knows only after binding (an aggregate, a
 * bind) cannot choose an overload and is left as it is. A VARIANT is refused: DuckDB's JSON would take the VARCHAR
 * overload. Null when the call is not one argument or was translated already.
 */
function numberArgument(fn: 'sum' | 'avg', args: Arg[], at: number): { value: Template; distinct: boolean } | null {
  if (args.length !== 1) return null;
  const a = args[0];
  const distinct = isWord(a.sig[0], 'distinct');
  // Already translated (a second pass).
  if (isWord(a.sig[distinct ? 1 : 0], 'bz_number_arg')) return null;
  const raw: Template = distinct ? [a.pieces.slice(a.pieces.findIndex((p) => /^distinct$/i.test(p.text.trim())) + 1)] : [0];
  if (lateTypes(a.sig)) return { value: raw, distinct };
  if (readsVariant(a.sig.slice(distinct ? 1 : 0))) {
    throw new UnsupportedOnDuckDb(`${fn.toUpperCase()} of a VARIANT value without a cast (cast it first, e.g. v::NUMBER)`, at);
  }
  return { value: ['bz_number_arg(', ...raw, ')'], distinct };
}

export const sumOfText: Handler = (args, ctx) => {
  if (args.length !== 1 || lateTypes(args[0].sig)) return null;
  const n = numberArgument('sum', args, ctx.at);
  return n && [`sum(${n.distinct ? 'DISTINCT ' : ''}`, ...n.value, ')'];
};

/** AVG with Snowflake's result type (average.ts), taking its OVER clause along. */
export const average: Handler = (args, ctx) => {
  const n = numberArgument('avg', args, ctx.at);
  return n && averageTemplate(n.value, n.distinct, ctx.window());
};
