// A FLOAT inside a VARIANT, ARRAY or OBJECT. Snowflake's VARIANT keeps the value's type: TYPEOF of a FLOAT put in one
// is DOUBLE, as for PARSE_JSON of a number written with an exponent (https://docs.snowflake.com/en/sql-reference/functions/parse_json,
// vartab: 1.912e2 is DOUBLE, 123.12 DECIMAL; https://docs.snowflake.com/en/sql-reference/data-types-semistructured,
// TO_VARIANT of a FLOAT shown as 1.230000000000000e+00; ARRAY_CONSTRUCT's page, 3::DOUBLE as 3.000000000000000e+00).
// The twin's VARIANT is DuckDB JSON, whose number has no type but its text: DuckDB writes a DOUBLE in its shortest
// form (1.5), the text of a DECIMAL, so TYPEOF said DECIMAL. Here a FLOAT becomes a JSON number written with an
// exponent (its shortest digits, `e0` added when DuckDB writes none: 1.5e0), the form TYPEOF and `::VARCHAR` already
// read as a DOUBLE, and which reads back to the same DOUBLE. DuckDB rewrites every number of a JSON text it serializes
// again (TO_JSON, a `:`/`[]` read of an ARRAY or OBJECT, an ARRAY or OBJECT put in a VARIANT), dropping the exponent:
// where that happens to an ARRAY or OBJECT holding a FLOAT the construct is refused by name. A read cast to a scalar
// type (`a[0]::FLOAT`, `o:k::NUMBER`) reads the value, which DuckDB keeps exactly, and runs.
import { isPunct, isWord, quote, type Arg, type Template } from './template';

/** A JSON number written with an exponent: the text of a DOUBLE in a VARIANT (PARSE_JSON's and TO_VARIANT's). */
export const EXPONENT_NUMBER = '^-?[0-9][0-9.]*[eE][+-]?[0-9]+$';

// A number with an exponent as one element or value of a list or map's text (DuckDB's VARCHAR of JSON[] is
// `[1.5e0, "x"]`, of MAP(VARCHAR, JSON) `{k=1.5e0}`). A string holding such a text between delimiters (`"a, 1e5, b"`)
// is also taken for one: a refusal, never a wrong answer.
const EXPONENT_ELEMENT = '(^|[\\[,=:{ ])-?[0-9][0-9.]*[eE][+-]?[0-9]+ *([,\\]}]|$)';

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them). */
export const VARIANT_FLOAT_MACROS: string[] = [
  // A FLOAT's JSON text: DuckDB's shortest digits, with an exponent (`e0` when DuckDB writes none).
  `bz_float_json(d) AS CASE WHEN regexp_matches(CAST(d AS VARCHAR), '[eE]') THEN CAST(d AS VARCHAR) ELSE CAST(d AS VARCHAR) || 'e0' END`,
  // Whether an ARRAY or OBJECT (a list, map or struct) holds a FLOAT: a DOUBLE/FLOAT element type, or a JSON element
  // written with an exponent. A VARIANT (JSON) itself is not looked into.
  `bz_holds_float(x) AS (typeof(x) NOT IN ('JSON', 'DOUBLE', 'FLOAT') AND (regexp_matches(typeof(x), '(^|[^A-Z_])(DOUBLE|FLOAT)([^A-Z_]|$)') ` +
    `OR (typeof(x) LIKE '%JSON%' AND regexp_matches(CAST(x AS VARCHAR), ${quote(EXPONENT_ELEMENT)}))))`,
  // A value put in a VARIANT (TO_VARIANT, ::VARIANT, an ARRAY element, an OBJECT value): a FLOAT as a JSON number
  // with an exponent, a VARIANT holding one as it is (to_json would rewrite it); a FLOAT NaN or infinity (no JSON
  // number) and an ARRAY or OBJECT holding a FLOAT (to_json would rewrite it) are refused with `m`; anything else as
  // DuckDB's to_json writes it.
  `bz_to_variant(x, m) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN (CASE WHEN x IS NULL THEN NULL ` +
    `WHEN isfinite(CAST(x AS DOUBLE)) THEN CAST(bz_float_json(CAST(x AS DOUBLE)) AS JSON) ELSE CAST(CAST(m AS INTEGER) AS JSON) END) ` +
    `WHEN typeof(x) = 'JSON' AND regexp_matches(CAST(x AS VARCHAR), ${quote(EXPONENT_NUMBER)}) THEN CAST(x AS JSON) ` +
    `WHEN bz_holds_float(x) THEN CAST(CAST(m AS INTEGER) AS JSON) ELSE json_quote(x) END`,
  // The JSON a `[]` path or GET reads a VARIANT (or its text) from, as json_quote gives it: an ARRAY or OBJECT holding
  // a FLOAT is refused with `m`, its FLOAT's type being lost there (DuckDB serializes it again). The condition folds
  // while binding, so a VARIANT (JSON) source costs nothing.
  `bz_json_source(x, m) AS CASE WHEN typeof(x) NOT IN ('JSON', 'VARCHAR') AND bz_holds_float(x) THEN CAST(CAST(m AS INTEGER) AS JSON) ELSE json_quote(x) END`,
];

/** The refusal text for a value put in a VARIANT by `construct` (a FLOAT NaN/infinity, or an ARRAY/OBJECT holding a FLOAT). */
export function storeRefusal(construct: string, at: number): string {
  return `bz_unsupported@${at}: ${construct} of a FLOAT NaN or infinity, or of an ARRAY or OBJECT holding a FLOAT (the DuckDB target's VARIANT would not keep the FLOAT's type)`;
}

/** A string, boolean or NULL constant, or a number written without an exponent: never a FLOAT. */
function isNotFloatConstant(arg: Arg | undefined): boolean {
  const sig = arg?.sig ?? [];
  const body = sig.length === 2 && (isPunct(sig[0], '-') || isPunct(sig[0], '+')) ? sig.slice(1) : sig;
  if (body.length !== 1) return false;
  const l = body[0];
  if (l.kind === 'string') return sig.length === 1;
  if (l.kind === 'number') return /^[0-9]*\.?[0-9]*$/.test(l.text);
  return sig.length === 1 && (isWord(l, 'true') || isWord(l, 'false') || isWord(l, 'null'));
}

/**
 * Argument `i` put in a VARIANT by `construct`, written at `at`: `bz_to_variant(x, '<refusal>')`, or DuckDB's to_json
 * (json_quote) for a constant that is no FLOAT.
 */
export function toVariant(i: number, construct: string, at: number, arg?: Arg): Template {
  if (isNotFloatConstant(arg)) return ['json_quote(', i, ')'];
  return ['bz_to_variant(', i, `, ${quote(storeRefusal(construct, at))})`];
}

/** The refusal of a `:`/`[]`/GET read that yields a VARIANT (or its text) from an ARRAY or OBJECT holding a FLOAT. */
export function readRefusal(at: number): string {
  return `bz_unsupported@${at}: A VARIANT read (:, […], GET) from an ARRAY or OBJECT holding a FLOAT (its type is lost there; a read cast to a scalar type, e.g. a[0]::FLOAT, runs)`;
}

/**
 * The refusal of an ARRAY or OBJECT holding a FLOAT cast to text (bz_varchar, client shims.ts), raised with no offset:
 * duckdb-errors.ts locates it at the statement's first cast to text.
 */
export const CAST_TO_TEXT_OF_FLOAT = 'A cast to text (::VARCHAR, TO_VARCHAR) of an ARRAY or OBJECT holding a FLOAT (how Snowflake writes a FLOAT in JSON text is not documented)';

/** Where the statement first casts to text (`::VARCHAR`, TO_VARCHAR, CAST … AS VARCHAR, …), or 0. */
export function firstTextCast(source: string): number {
  const m = /::\s*(varchar|string|text|char)\b|\b(to_varchar|to_char|cast|try_cast)\s*\(/i.exec(source);
  return m ? m.index : 0;
}
