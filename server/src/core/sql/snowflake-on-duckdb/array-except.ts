// ARRAY_EXCEPT(source, exclude): the elements of `source` not in `exclude`, with Snowflake's bag semantics (N copies
// less M copies), NULL-safe comparison, and NULL when either argument is NULL. Both arrays are read as lists of
// VARIANTs (JSON[]), whatever list or VARIANT holds them, and elements compare by value: strings, booleans and JSON
// null by their JSON text, numbers by their numeric value (1 = 1.0). OBJECT and ARRAY elements are refused when
// compared, since JSON text does not compare them as Snowflake does (key order).
import { quote, type Handler } from './template';
import { refusalMessage } from './timestamp-tz';

export const ARRAY_EXCEPT_HANDLERS: Record<string, Handler> = {
  array_except: (a, ctx) =>
    a.length === 2 ? ['bz_array_except(', 0, ', ', 1, `, ${quote(refusalMessage('ARRAY_EXCEPT of arrays holding an OBJECT or ARRAY', ctx))})`] : null,
};

// A number's key: integers as exact integers, a whole DOUBLE below 2^53 as that integer, other DOUBLEs as printed.
const NUMBER_KEY =
  `CASE WHEN json_type(v) IN ('BIGINT', 'UBIGINT') THEN CAST(CAST(v AS HUGEINT) AS VARCHAR) ` +
  `WHEN CAST(v AS DOUBLE) = trunc(CAST(v AS DOUBLE)) AND abs(CAST(v AS DOUBLE)) < 9007199254740992 THEN CAST(CAST(CAST(v AS DOUBLE) AS HUGEINT) AS VARCHAR) ` +
  `ELSE CAST(CAST(v AS DOUBLE) AS VARCHAR) END`;

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them). */
export const ARRAY_EXCEPT_MACROS: string[] = [
  // The comparison key of one JSON element (m: the refusal for an OBJECT or ARRAY, a failing cast).
  `bz_variant_key(v, m) AS CASE WHEN json_type(v) IN ('OBJECT', 'ARRAY') THEN CAST(CAST(m AS INTEGER) AS VARCHAR) ` +
    `WHEN json_type(v) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN ${NUMBER_KEY} ELSE CAST(v AS VARCHAR) END`,
  `bz_json_list(x) AS CAST(json_quote(x) AS JSON[])`,
  // Element i stays when its value occurs more often in source[1..i] than in exclude.
  `bz_array_except(a, b, m) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE ` +
    `list_filter(bz_json_list(a), lambda bz_x, bz_i: ` +
    `len(list_filter(bz_json_list(a)[1:bz_i], lambda bz_y: bz_variant_key(bz_y, m) IS NOT DISTINCT FROM bz_variant_key(bz_x, m))) > ` +
    `len(list_filter(bz_json_list(b), lambda bz_y: bz_variant_key(bz_y, m) IS NOT DISTINCT FROM bz_variant_key(bz_x, m)))) END`,
];
