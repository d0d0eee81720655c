// PARSE_JSON / TRY_PARSE_JSON / TO_JSON as DuckDB scalar functions backed by snowflake-json.ts (DuckDB's JSON cast is
// strict and keeps duplicate keys; all three sort keys), plus the macros the translator calls. The functions return
// JSON text; the macros cast it to JSON, which keeps the text as written.
import { DuckDBScalarFunction, VARCHAR, type DuckDBConnection, type DuckDBDataChunk, type DuckDBScalarFunctionInfo, type DuckDBVector } from '@duckdb/node-api';
import { parseSnowflakeJson, SnowflakeJsonError, SnowflakeJsonUnsupported, writeJson } from './snowflake-json';
import { quote } from '../../../../server/src/core/sql/snowflake-on-duckdb/template';
import { EXPONENT_NUMBER } from '../../../../server/src/core/sql/snowflake-on-duckdb/variant-float';
import { canonicalVariantText } from './variant-grouping';
import { CAST_TO_TEXT_OF_VARIANT_TZ } from '../../../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';

type TextFn = (text: string, flags: string) => string | null;

/** Whether flags (PARSE_JSON's second argument) allow duplicate keys: 'd' does, 's' (the default) does not. */
function allowsDuplicates(flags: string): boolean {
  const f = flags.trim().toLowerCase();
  if (f !== 'd' && f !== 's') throw new SnowflakeJsonError(`Invalid parameter '${flags}' for PARSE_JSON (use 'd' or 's')`);
  return f === 'd';
}

/**
 * PARSE_JSON's text, its objects' keys sorted as every OBJECT's on the DuckDB target (variant.ts, sortedObject): an
 * object is an unordered set of pairs (https://docs.snowflake.com/en/sql-reference/functions/parse_json, usage notes),
 * so PARSE_JSON('{"b":1,"a":2}') equals PARSE_JSON('{"a":2,"b":1}'); as written, the two JSON texts differed for `=`,
 * DISTINCT and GROUP BY.
 */
const parseText: TextFn = (text, flags) => {
  const node = parseSnowflakeJson(text, allowsDuplicates(flags));
  return node === undefined ? null : writeJson(node, true);
};

const tryParseText: TextFn = (text, flags) => {
  try {
    return parseText(text, flags);
  } catch (e) {
    if (e instanceof SnowflakeJsonUnsupported) throw e;
    return null;
  }
};

/** TO_JSON of a JSON value: compact text with object keys in order. */
const toJsonText: TextFn = (text) => {
  const node = parseSnowflakeJson(text, true);
  return node === undefined ? null : writeJson(node, true);
};

/**
 * A VARIANT's text as ::VARCHAR gives it (client shims.ts bz_json_text, bz_varchar), refused when it holds a
 * TIMESTAMP_TZ: the twin holds one as a struct of its instant and offset (timestamp-tz.ts), which the text would show.
 */
const tzFreeText: TextFn = (text) => {
  if (text.includes('"bz_tz_utc":')) throw new Error(CAST_TO_TEXT_OF_VARIANT_TZ);
  return text;
};

function scalar(name: string, arity: 1 | 2, fn: TextFn): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name,
    returnType: VARCHAR,
    parameterTypes: arity === 1 ? [VARCHAR] : [VARCHAR, VARCHAR],
    mainFunction: (info: DuckDBScalarFunctionInfo, input: DuckDBDataChunk, output: DuckDBVector) => {
      const text = input.getColumnVector(0);
      const flags = arity === 2 ? input.getColumnVector(1) : undefined;
      try {
        for (let i = 0; i < input.rowCount; i++) {
          const v = text.getItem(i);
          output.setItem(i, v === null ? null : fn(String(v), flags ? String(flags.getItem(i) ?? 's') : 's'));
        }
        output.flush();
      } catch (e) {
        // "… is not supported on the DuckDB target" is read back as a located Bronze error (duckdb-errors.ts).
        if (e instanceof SnowflakeJsonUnsupported) info.setError(`${e.message} is not supported on the DuckDB target`);
        else info.setError(e instanceof Error ? e.message : String(e));
      }
    },
  });
}

/** Macros over the functions, called by the translated SQL (functions.ts, variant handlers). */
/** The text a DATE, TIME or TIMESTAMP (NTZ, LTZ) put in a VARIANT is held as (DuckDB's to_json of the value). */
const DATE_TIME_TEXT = '[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([+-][0-9]{2}(:[0-9]{2})?)?)?|[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?';

export const JSON_MACROS: string[] = [
  `bz_parse_json(x) AS CAST(bz_parse_json_text(CAST(x AS VARCHAR), 's') AS JSON), ` +
    `(x, f) AS CAST(bz_parse_json_text(CAST(x AS VARCHAR), f) AS JSON)`,
  `bz_try_parse_json(x) AS CAST(bz_try_parse_json_text(CAST(x AS VARCHAR), 's') AS JSON), ` +
    `(x, f) AS CAST(bz_try_parse_json_text(CAST(x AS VARCHAR), f) AS JSON)`,
  // TO_JSON of a FLOAT, of a VARIANT holding one, or of an ARRAY or OBJECT holding one is refused with `m`: how
  // Snowflake writes a FLOAT in JSON text is not documented, and DuckDB's to_json drops the FLOAT's type (variant-float.ts).
  `bz_to_json(x) AS bz_to_json_text(CAST(to_json(x) AS VARCHAR)), ` +
    `(x, m) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') OR bz_holds_float(x) ` +
    `OR (typeof(x) = 'JSON' AND regexp_matches(CAST(x AS VARCHAR), ${quote(EXPONENT_NUMBER)})) ` +
    `THEN CAST(CAST(m AS INTEGER) AS VARCHAR) ELSE bz_to_json_text(CAST(to_json(x) AS VARCHAR)) END`,
  // The operand of a cast to OBJECT or ARRAY as JSON: text parsed as PARSE_JSON parses it, keys sorted as in every
  // OBJECT on the target (variant.ts, sortedObject; '{"b":1,"a":2}'::OBJECT equals PARSE_JSON('{"a":2,"b":1}')::OBJECT,
  // https://docs.snowflake.com/en/sql-reference/functions/parse_json, usage notes); any other value as it is.
  `bz_semi_cast_json(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN bz_parse_json(x) ELSE CAST(x AS JSON) END`,
  // TYPEOF: Snowflake's names for what a VARIANT holds (a number's text tells DECIMAL 123.12 from DOUBLE 1.9e2), and
  // for a value of another type, the name of that type as Snowflake calls it (TIMESTAMP → TIMESTAMP_NTZ).
  `bz_typeof(x) AS CASE WHEN x IS NULL THEN NULL WHEN typeof(x) = 'JSON' THEN (CASE json_type(CAST(x AS JSON)) ` +
    `WHEN 'NULL' THEN 'NULL_VALUE' WHEN 'BIGINT' THEN 'INTEGER' WHEN 'UBIGINT' THEN 'INTEGER' ` +
    `WHEN 'DOUBLE' THEN CASE WHEN regexp_matches(CAST(x AS VARCHAR), '[eE]') THEN 'DOUBLE' ELSE 'DECIMAL' END ` +
    `ELSE json_type(CAST(x AS JSON)) END) ` +
    // A list first: a list of DECIMALs is 'DECIMAL(p,s)[]' and a list of OBJECTs 'MAP(…)[]', which the patterns below
    // would name DECIMAL and OBJECT.
    `WHEN typeof(x) LIKE '%[]' THEN 'ARRAY' ` +
    `WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', ` +
    `'UBIGINT', 'UHUGEINT') OR typeof(x) LIKE 'DECIMAL(%,0)' THEN 'INTEGER' WHEN typeof(x) LIKE 'DECIMAL(%' THEN 'DECIMAL' ` +
    `WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN 'DOUBLE' WHEN typeof(x) = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ' ` +
    `WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' WHEN typeof(x) = 'BLOB' THEN 'BINARY' ` +
    `WHEN typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE 'STRUCT(%' THEN 'OBJECT' ` +
    `ELSE typeof(x) END`,
  // TYPEOF of a VARIANT (m: the refusal): a DATE, TIME or TIMESTAMP put in a VARIANT is held as its text, which no
  // longer tells it from a string (Snowflake: DATE, TIME, TIMESTAMP_NTZ, TIMESTAMP_LTZ; the is_date-value page), so a
  // string written as one of them is refused; a TIMESTAMP_TZ is held as its UTC instant and offset (timestamp-tz.ts).
  `bz_variant_typeof(x, m) AS CASE WHEN typeof(x) <> 'JSON' OR x IS NULL THEN bz_typeof(x) ` +
    `WHEN json_type(CAST(x AS JSON)) = 'VARCHAR' AND regexp_full_match(CAST(x AS JSON) ->> '$', ${quote(DATE_TIME_TEXT)}) ` +
    `THEN CAST(CAST(m AS INTEGER) AS VARCHAR) ` +
    `WHEN json_type(CAST(x AS JSON)) = 'OBJECT' AND list_sort(json_keys(CAST(x AS JSON))) = ['bz_tz_offset', 'bz_tz_utc'] THEN 'TIMESTAMP_TZ' ` +
    `ELSE bz_typeof(x) END`,
  // A value read by a `:` path: an OBJECT (a MAP), a list or a struct as its JSON; JSON and text as they are.
  `bz_variant(x) AS CASE WHEN typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE '%[]' OR typeof(x) LIKE 'STRUCT(%' ` +
    `THEN to_json(x) ELSE x END, ` +
    // A read that yields a VARIANT (or its text): an OBJECT or list holding a FLOAT is refused with `m` (variant-float.ts).
    `(x, m) AS CASE WHEN typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE '%[]' OR typeof(x) LIKE 'STRUCT(%' ` +
    `THEN (CASE WHEN bz_holds_float(x) THEN CAST(CAST(m AS INTEGER) AS JSON) ELSE to_json(x) END) ELSE x END`,
  // A value keyed by GROUP BY's kin (variant-grouping.ts): a VARIANT whose text is the one text of its value as it is,
  // any other refused with `m`; a value of another type as it is (the field is chosen while binding).
  // Its JSON case, first (bind-once.ts binds its argument once).
  `bz_variant_group_json(x, m) AS CASE WHEN bz_variant_canonical_text(CAST(x AS VARCHAR)) IS NOT DISTINCT FROM CAST(x AS VARCHAR) ` +
    `THEN CAST(x AS JSON) ELSE CAST(CAST(m AS INTEGER) AS JSON) END`,
  `bz_variant_group(x, m) AS struct_extract({'json': CASE WHEN typeof(x) = 'JSON' THEN bz_variant_group_json(x, m) END, 'other': x}, ` +
    `CASE WHEN typeof(x) = 'JSON' THEN 'json' ELSE 'other' END)`,
  // IS_NULL_VALUE: a JSON null is TRUE, SQL NULL stays NULL, any other value (JSON or not) is FALSE.
  `bz_is_null_value(x) AS CASE WHEN x IS NULL THEN NULL WHEN typeof(x) = 'JSON' THEN json_type(CAST(x AS JSON)) = 'NULL' ELSE false END`,
  // A JSON null read as SQL NULL (COUNT of a path); other values, and non-JSON types, unchanged.
  `bz_json_sql_null(x) AS CASE WHEN typeof(x) = 'JSON' AND json_type(CAST(x AS JSON)) = 'NULL' THEN NULL ELSE x END`,
];

/** Registers the functions on `connection` (DuckDB keeps them per connection). */
export function registerJsonFunctions(connection: DuckDBConnection): void {
  connection.registerScalarFunction(scalar('bz_parse_json_text', 2, parseText));
  connection.registerScalarFunction(scalar('bz_try_parse_json_text', 2, tryParseText));
  connection.registerScalarFunction(scalar('bz_to_json_text', 1, toJsonText));
  connection.registerScalarFunction(scalar('bz_variant_canonical_text', 1, (text) => canonicalVariantText(text) ?? null));
  connection.registerScalarFunction(scalar('bz_tz_free', 1, tzFreeText));
}
