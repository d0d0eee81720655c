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
  // ARRAY_DISTINCT of an ARRAY of VARIANTs (JSON[]) keeps the first of the elements equal as ARRAY_REMOVE's page compares
  // them (https://docs.snowflake.com/en/sql-reference/functions/array_remove: 5, 5.00 and 5.00::DOUBLE are all equal
  // to 5, '5' is not), one undefined slot among several (the ARRAY_DISTINCT page's example), and OBJECT or ARRAY
  // elements by their JSON text (its example's identical objects); DuckDB's array_distinct kept 1 beside 1.0 (their
  // JSON texts differ) and dropped undefined slots. A typed list (ARRAY_AGG's) holds one type: DuckDB's own, as before.
  array_distinct: (a) => (a.length === 1 ? ['bz_array_distinct(', 0, ')'] : null),
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
  // ARRAY_DISTINCT's key of one element: an OBJECT or ARRAY by its JSON text, anything else as bz_variant_key.
  `bz_distinct_key(v) AS CASE WHEN json_type(v) IN ('OBJECT', 'ARRAY') THEN 'o' || CAST(v AS VARCHAR) ELSE 's' || bz_variant_key(v, 'unused') END`,
  // The type is chosen while binding (typeof() folds): a JSON[] by the keys above, a typed list by DuckDB's array_distinct.
  `bz_array_distinct(a) AS struct_extract({'json': CASE WHEN typeof(a) = 'JSON[]' THEN list_transform([TRY_CAST(a AS JSON[])], lambda bz_l: ` +
    `list_filter(bz_l, lambda bz_x, bz_i: len(list_filter(bz_l[1:bz_i - 1], lambda bz_y: bz_distinct_key(bz_y) IS NOT DISTINCT FROM bz_distinct_key(bz_x))) = 0))[1] END, ` +
    `'other': CASE WHEN typeof(a) <> 'JSON[]' THEN array_distinct(a) END}, CASE WHEN typeof(a) = 'JSON[]' THEN 'json' ELSE 'other' END)`,
  // Element i stays when its value occurs more often in source[1..i] than in exclude.
  `bz_array_except(a, b, m) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE ` +
    `list_filter(bz_json_list(a), lambda bz_x, bz_i: ` +
    `len(list_filter(bz_json_list(a)[1:bz_i], lambda bz_y: bz_variant_key(bz_y, m) IS NOT DISTINCT FROM bz_variant_key(bz_x, m))) > ` +
    `len(list_filter(bz_json_list(b), lambda bz_y: bz_variant_key(bz_y, m) IS NOT DISTINCT FROM bz_variant_key(bz_x, m)))) END`,
];
