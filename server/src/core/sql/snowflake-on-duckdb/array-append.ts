// ARRAY_APPEND(array, element) / ARRAY_PREPEND(array, element): the array with the element, "of almost any data
// type", added at the end / the beginning; the result is an ARRAY of VARIANTs (a JSON[] list), as ARRAY_CONSTRUCT's
// (variant.ts). DuckDB's own functions cast a text element to JSON ("Malformed JSON"), refused to join a typed list
// with another type, and array_prepend takes (element, list), the other way round. A NULL array gives NULL (DuckDB's
// list_append starts a new list); a VARIANT holding no array is refused by name when the row is read.
// ARRAY_INSERT(array, pos, element) (its reference in Snowflake's Snowpark API, functions.array_insert): the element at
// the zero-based position, later elements shifted right (position 0 is ARRAY_PREPEND), a negative position counted from
// the end (-1 inserts before the last element). A position past either end is refused when the row is read: what
// Snowflake does there is not on that page.
import { quote, type Handler } from './template';
import { refusalMessage } from './timestamp-tz';
import { storeRefusal } from './variant-float';

const call =
  (macro: string, fn: string): Handler =>
  (a, ctx) =>
    a.length === 2 ? [`${macro}(`, 0, ', ', 1, `, ${quote(refusalMessage(`${fn} to a VARIANT that holds no array`, ctx))}, ${quote(storeRefusal(fn, ctx.at))})`] : null;

const insert: Handler = (a, ctx) =>
  a.length === 3
    ? [
        'bz_array_insert(', 0, ', ', 1, ', ', 2,
        `, ${quote(refusalMessage('ARRAY_INSERT into a VARIANT that holds no array', ctx))}, ${quote(refusalMessage('ARRAY_INSERT at a position past either end of the array', ctx))}, ${quote(storeRefusal('ARRAY_INSERT', ctx.at))})`,
      ]
    : null;

export const ARRAY_APPEND_HANDLERS: Record<string, Handler> = {
  array_append: call('bz_array_append', 'ARRAY_APPEND'),
  array_prepend: call('bz_array_prepend', 'ARRAY_PREPEND'),
  array_insert: insert,
};

/**
 * The elements of `a` as a JSON[] list: a JSON[] as it is (its SQL NULLs are undefined slots, its JSON nulls JSON
 * nulls), a VARIANT array's elements (JSON nulls kept), a typed list's elements as VARIANTs (its NULLs undefined).
 * Every branch binds whatever `a` is (TRY_CAST).
 */
const VARIANT_LIST =
  `CASE WHEN typeof(a) = 'JSON[]' THEN TRY_CAST(a AS JSON[]) ` +
  `WHEN json_type(json_quote(a)) <> 'ARRAY' THEN [CAST(CAST(m AS INTEGER) AS JSON)] ` +
  `ELSE list_transform(range(CAST(json_array_length(json_quote(a)) AS BIGINT)), lambda bz_i: ` +
  `CASE WHEN typeof(a) <> 'JSON' AND json_type(json_extract(json_quote(a), '$[' || bz_i || ']')) = 'NULL' THEN NULL ` +
  `ELSE json_extract(json_quote(a), '$[' || bz_i || ']') END) END`;

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them). */
export const ARRAY_APPEND_MACROS: string[] = [
  // f: the refusal of a FLOAT NaN/infinity element, or of an array holding a FLOAT, whose elements the JSON[] list would
  // rewrite without their FLOAT type (variant-float.ts).
  `bz_array_append(a, x, m, f) AS CASE WHEN a IS NULL THEN NULL WHEN bz_holds_float(a) THEN [CAST(CAST(f AS INTEGER) AS JSON)] ` +
    `ELSE list_append(${VARIANT_LIST}, bz_to_variant(x, f)) END`,
  `bz_array_prepend(a, x, m, f) AS CASE WHEN a IS NULL THEN NULL WHEN bz_holds_float(a) THEN [CAST(CAST(f AS INTEGER) AS JSON)] ` +
    `ELSE list_prepend(bz_to_variant(x, f), ${VARIANT_LIST}) END`,
  // The list is bound once (a lambda's parameter); bz_k is the number of elements kept before the new one.
  `bz_array_insert(a, p, x, m, far, f) AS CASE WHEN a IS NULL OR p IS NULL THEN NULL WHEN bz_holds_float(a) THEN [CAST(CAST(f AS INTEGER) AS JSON)] ELSE list_transform([${VARIANT_LIST}], lambda bz_l: ` +
    `list_transform([CASE WHEN p < 0 THEN len(bz_l) + p ELSE p END], lambda bz_k: ` +
    `CASE WHEN bz_k < 0 OR bz_k > len(bz_l) THEN [CAST(CAST(far AS INTEGER) AS JSON)] ` +
    `ELSE list_concat(list_slice(bz_l, 1, bz_k), [bz_to_variant(x, f)], list_slice(bz_l, bz_k + 1, len(bz_l))) END)[1])[1] END`,
];
