// Snowflake converts a string to a NUMBER where a number is expected: COALESCE/NVL/IFNULL mixing string and number
// literals take the numeric type, and unary `+'5'` is the number 5. DuckDB refuses both ("Cannot mix values of type
// VARCHAR and INTEGER_LITERAL", "Could not choose a best candidate function"). The string literal becomes a
// DECIMAL whose scale is the number of digits it writes after the point, so no digit is lost or invented; text
// that is not a number fails the cast, as Snowflake's conversion does.
import { isTrivia, type Lexeme } from '../tokenize';
import { literalScale, signedLiteralScale } from './number-scale';
import { snowflakeStringValue } from './string-literals';
import { isPunct, isWord, lateTypes, type Arg, type Handler, type Template } from './template';
import { isVariantExpression } from './date-formats';
import { UnsupportedOnDuckDb } from './unsupported';
import { refusalCast, SNOWFLAKE_NUMBER_PATTERN } from './errors';
import { averageTemplate } from './average';
import { caseResults } from './case-results';

/** `CAST('<value>' AS DECIMAL(38, s))` for a string literal, with s read from its text (0 when it is not a number). */
export function stringAsNumber(l: Lexeme): string {
  const value = snowflakeStringValue(l.text).trim();
  const digits = signedLiteralScale(value) ?? 0;
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
 * argument goes through bz_number_mix, which casts it to NUMBER(18,5) in a mix and leaves it as it is otherwise; a value
 * that type cannot hold exactly is refused by name (the page asks for a cast then, and says not what happens). A mix
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
    if (others.includes(i)) t.push('bz_number_mix(', i, ', ', ...mixed, `, ${ctx.at})`);
    else t.push(i);
  });
  t.push(')');
  return t;
};

/** The largest scale a number converted into a CASE number mix's NUMBER(18,5) keeps whole. */
const MIX_SCALE = 5;

/** The struct key bz_case_number chooses for a result of another type: DuckDB's binder names it in its error. */
export const CASE_MIX_REFUSED = 'bz_case_number_mix_of_another_type';

/** Text Snowflake reads as a number (errors.ts), and the same split into integer digits, fraction, exponent. */
const NUMBER_TEXT = SNOWFLAKE_NUMBER_PATTERN;
const NUMBER_TEXT_PARTS = String.raw`^\s*[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?\s*$`;

/** Why a CASE/IFF/NVL2 mix refuses a value NUMBER(18,5) cannot hold: that type is COALESCE's, none is documented for CASE. */
const CASE_MIX_WHY =
  'Snowflake documents no result type for text beside numbers in a CASE, NUMBER(18,5) is the one COALESCE documents: cast the results to one type';
/** Why COALESCE refuses one: its page gives NUMBER(18,5) and asks for a cast to a type that holds such a value. */
const COALESCE_MIX_WHY = 'Snowflake documents NUMBER(18,5) as the result and asks for a cast to a type that holds the value';

/** Created before the translated SQL uses coalesceNumberMix. */
export const NUMBER_MIX_MACROS: string[] = [
  `bz_is_text(x) AS typeof([x]) = 'VARCHAR[]'`,
  `bz_is_float(x) AS typeof([x]) IN ('FLOAT[]', 'DOUBLE[]')`,
  // A number's digits d (integer digits i then fraction f) and exponent e: d's trailing zeros raise the exponent, its
  // significant digits s then need -(exponent) places after the point and s + exponent before it. An exponent too
  // large for a BIGINT fits nothing.
  `bz_fits_18_5_exp(d, f, e) AS TRY_CAST(coalesce(nullif(e, ''), '0') AS BIGINT) - length(f) + length(d) - length(rtrim(d, '0'))`,
  // Whether NUMBER(w, s) holds it: at most s places after the point, w - s before it.
  `bz_fits_number_parts(d, f, e, w, s) AS ltrim(d, '0') = '' OR coalesce(bz_fits_18_5_exp(d, f, e) >= -s ` +
    `AND length(ltrim(rtrim(d, '0'), '0')) + bz_fits_18_5_exp(d, f, e) <= w - s, false)`,
  // Whether NUMBER(w, s) holds the number text t writes exactly.
  `bz_fits_number(t, w, s) AS list_transform([regexp_extract(t, '${NUMBER_TEXT_PARTS}', ['i', 'f', 'e'])], ` +
    `lambda p: bz_fits_number_parts(p.i || p.f, p.f, p.e, w, s))[1]`,
  // Whether NUMBER(18,5) holds the number text t writes exactly: at most 13 digits before the point, 5 after it.
  `bz_fits_18_5(t) AS bz_fits_number(t, 18, ${MIX_SCALE})`,
  // x as NUMBER(18,5), never rounded: text that is no number fails with Snowflake's message, a value (text or number)
  // NUMBER(18,5) cannot hold exactly is refused by name at `pos`: `what` converting it, and `why`.
  `bz_number_18_5(x, pos, what, why) AS CASE WHEN x IS NULL THEN NULL ` +
    `WHEN bz_is_text(x) AND NOT regexp_full_match(CAST(x AS VARCHAR), '${NUMBER_TEXT}') ` +
    `THEN CAST(${refusalCast("'Numeric value ''' || CAST(x AS VARCHAR) || ''' is not recognized'", 'INTEGER')} AS DECIMAL(18,5)) ` +
    `WHEN NOT bz_fits_18_5(CAST(x AS VARCHAR)) THEN CAST(CAST('bz_unsupported@' || pos || ': ' || what || ' converting ' || ` +
    `CASE WHEN bz_is_text(x) THEN 'the text ''' || CAST(x AS VARCHAR) || '''' ELSE 'the number ' || CAST(x AS VARCHAR) END || ` +
    `' to NUMBER(18,5), which cannot hold it exactly (' || why || ')' AS INTEGER) AS DECIMAL(18,5)) ` +
    `ELSE CAST(x AS DECIMAL(18,5)) END`,
  // The key is constant once x has a type (typeof() folds, and so does k); the other field is never evaluated.
  // A CASE/IFF/NVL2 result in a number mix (numberCaseEdits): text or an exact number of scale up to 5 as NUMBER(18,5),
  // each value checked (a number can have more than 13 digits before the point);
  // another type chooses a struct key that does not exist, which DuckDB refuses while binding (duckdb-errors.ts).
  `bz_case_mixable(x) AS typeof([x]) IN ('VARCHAR[]', 'TINYINT[]', 'SMALLINT[]', 'INTEGER[]', 'BIGINT[]', 'HUGEINT[]', 'UTINYINT[]', 'USMALLINT[]', 'UINTEGER[]', 'UBIGINT[]') ` +
    `OR regexp_full_match(typeof([x]), 'DECIMAL\\(\\d+,[0-${MIX_SCALE}]\\)\\[\\]')`,
  // `pos`: the construct's offset in the statement, carried in the key to locate the refusal.
  `bz_case_number(x, pos) AS struct_extract({'n': bz_number_18_5(x, pos, 'CASE (or IFF, NVL2)', '${CASE_MIX_WHY}')}, ` +
    `CASE WHEN bz_case_mixable(x) THEN 'n' ELSE '${CASE_MIX_REFUSED}@' || pos END)`,
  `bz_number_mix(x, k, pos) AS struct_extract({'n': CASE WHEN k THEN bz_number_18_5(x, pos, 'COALESCE (or NVL, IFNULL)', '${COALESCE_MIX_WHY}') END, ` +
    `'s': CASE WHEN k THEN NULL ELSE x END}, CASE WHEN typeof([x]) IS NOT NULL AND k THEN 'n' ELSE 's' END)`,
];

/** How a CASE/IFF/NVL2 result is written, for the number mix: its type when the text shows it. */
type ResultKind = 'null' | 'text' | 'number' | 'unknown' | 'other';

const TEXT_TYPES = new Set(['string', 'varchar', 'text', 'char', 'character', 'nchar', 'nvarchar', 'nvarchar2']);
const EXACT_TYPES = new Set(['number', 'numeric', 'decimal', 'dec', 'int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint']);
/** Words that make an expression more than one value converted (`a::string = 'x'` is a BOOLEAN). */
const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'is', 'in', 'like', 'ilike', 'rlike', 'regexp', 'between', 'collate', 'when', 'then', 'else', 'case']);

/** The kind of the type written at sig[k] (a name, then an optional `(p, s)` reaching the end), or undefined. */
function writtenType(sig: Lexeme[], k: number): ResultKind | undefined {
  const name = isWord(sig[k]) ? sig[k].text.toLowerCase() : '';
  const rest = sig.slice(k + 1);
  const args = rest.length === 0 ? [] : isPunct(rest[0], '(') && isPunct(rest[rest.length - 1], ')') ? rest.slice(1, -1) : undefined;
  if (!name || !args) return undefined;
  if (TEXT_TYPES.has(name)) return 'text';
  if (!EXACT_TYPES.has(name)) return 'other';
  // NUMBER(p, s): its scale must fit the mix's.
  const scale = args.length === 3 && args[2].kind === 'number' ? Number(args[2].text) : 0;
  return scale <= MIX_SCALE ? 'number' : 'other';
}

/**
 * What a result's text shows of its type: a NULL, a number literal, a value cast with `::` (after a plain column or
 * path), CAST(… AS t), TO_VARCHAR/TO_CHAR or TO_NUMBER of one argument; 'unknown' otherwise, and 'other' for a type
 * the mix does not take (FLOAT, DATE, a NUMBER of scale over 5, text that is no such number).
 */
function resultKind(sig: Lexeme[]): ResultKind {
  if (sig.length === 1 && isWord(sig[0], 'null')) return 'null';
  const literal = sig.length === 1 ? sig[0] : sig.length === 2 && (isPunct(sig[0], '-') || isPunct(sig[0], '+')) ? sig[1] : undefined;
  if (literal?.kind === 'number') {
    const scale = literalScale(literal.text);
    return scale !== undefined && scale <= MIX_SCALE ? 'number' : 'other';
  }
  if (sig.length === 1 && sig[0].kind === 'string') {
    const value = snowflakeStringValue(sig[0].text);
    const scale = signedLiteralScale(value);
    return scale !== undefined && scale <= MIX_SCALE ? 'unknown' : 'other';
  }
  // A call that is the whole result: CAST(x AS t), TO_VARCHAR(x), TO_NUMBER(x).
  const fn = isWord(sig[0]) && isPunct(sig[1], '(') && isPunct(sig[sig.length - 1], ')') ? sig[0].text.toLowerCase() : '';
  if (fn) {
    let depth = 0;
    let as = -1;
    let commas = 0;
    for (let k = 1; k < sig.length; k++) {
      if (isPunct(sig[k], '(')) depth++;
      else if (isPunct(sig[k], ')') && --depth === 0 && k !== sig.length - 1) return 'unknown';
      else if (depth === 1 && isWord(sig[k], 'as')) as = k;
      else if (depth === 1 && isPunct(sig[k], ',')) commas++;
    }
    if ((fn === 'cast' || fn === 'try_cast') && as > 0) return writtenType(sig.slice(0, -1), as + 1) ?? 'unknown';
    if ((fn === 'to_varchar' || fn === 'to_char') && commas === 0) return 'text';
    if ((fn === 'to_number' || fn === 'to_decimal' || fn === 'to_numeric') && commas === 0) return 'number';
  }
  // `x::t`, `v:path::t`: the last top-level `::` after a plain value.
  let depth = 0;
  let cast = -1;
  for (let k = 0; k < sig.length; k++) {
    const l = sig[k];
    if (isPunct(l, '(') || isPunct(l, '[')) depth++;
    else if (isPunct(l, ')') || isPunct(l, ']')) depth--;
    else if (depth > 0) continue;
    else if (isPunct(l, '::')) cast = k;
    else if (l.kind === 'punct' && l.text !== ':' && l.text !== '.') return 'unknown';
    else if (isWord(l) && OPERATOR_WORDS.has(l.text.toLowerCase())) return 'unknown';
  }
  return cast > 0 ? (writtenType(sig, cast + 1) ?? 'unknown') : 'unknown';
}

/**
 * Whether results whose kinds are `kinds` are a number mix Snowflake settles: a result written as text (`x::STRING`)
 * beside one written as a number (`0`, `x::NUMBER`), none of another written type. Snowflake converts the text to
 * NUMBER; COALESCE's page documents that conversion and its result type, NUMBER(18,5), which the results all take here
 * (bz_case_number; an extrapolation, no page gives CASE's type): a value that is no number fails with "Numeric value
 * '…' is not recognized" and one NUMBER(18,5) cannot hold exactly is refused by name, for the rows that return it;
 * a result whose type turns out to be another (a FLOAT column) is refused by name while binding.
 */
function isNumberMix(kinds: ResultKind[]): boolean {
  return kinds.includes('text') && kinds.includes('number') && !kinds.includes('other');
}

/**
 * CASE … THEN a … ELSE b END whose results are a number mix (isNumberMix): each result but NULL wrapped in
 * bz_case_number, by edits of the THEN/ELSE keywords that open it and the WHEN/ELSE/END keywords that close it
 * (flipside_algorand's silver__transaction: NULL, 0, `…::NUMBER` and `VALUE:txn:xaid::STRING` results).
 */
export function numberCaseEdits(lx: Lexeme[], from: number, to: number, edits: Map<number, string>): void {
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'case') || edits.has(i)) continue;
    const parts = caseResults(lx, i, to);
    if (!parts || parts.keys.some((k) => edits.has(k))) continue;
    const { keys, results } = parts;
    const kinds = results.map((r) => resultKind(lx.slice(r.open + 1, r.close).filter((l) => !isTrivia(l))));
    if (!isNumberMix(kinds)) continue;
    const opens = new Set<number>();
    const closes = new Set<number>();
    results.forEach((r, n) => {
      if (kinds[n] === 'null') return;
      opens.add(r.open);
      closes.add(r.close);
    });
    for (const k of keys) {
      if (opens.has(k) || closes.has(k)) edits.set(k, `${closes.has(k) ? `, ${lx[i].start}) ` : ''}${lx[k].text}${opens.has(k) ? ' bz_case_number(' : ''}`);
    }
  }
}

/** IFF/NVL2's two results, when they are a number mix: each but NULL wrapped in bz_case_number (`at`: the call's offset). */
export function numberMixResults(args: Arg[], results: number[], at: number): Template[] {
  const kinds = results.map((k) => resultKind(args[k].sig));
  return results.map((k, n) => (isNumberMix(kinds) && kinds[n] !== 'null' ? ['bz_case_number(', k, `, ${at})`] : [k]));
}

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
