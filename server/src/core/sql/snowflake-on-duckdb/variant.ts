// Semi-structured functions (VARIANT / OBJECT / ARRAY) → DuckDB JSON. PARSE_JSON, TRY_PARSE_JSON and TO_JSON call
// the bz_* macros over Bronze's JSON reader (client/src/warehouse/snowflake-on-duckdb/json-functions.ts), which reads
// JSON as Snowflake does; the others are rewrites of DuckDB's JSON and list functions.
import { isPunct, isSignedIntLiteral, isWord, literalValue, quote, type Arg, type Handler, type HandlerContext, type Template } from './template';
import { getPathToJsonPath } from './json-path';
import { UnsupportedOnDuckDb } from './unsupported';
import { objectFromStar } from './object-star';
import { refusalCast } from './errors';
import { readRefusal, storeRefusal, toVariant } from './variant-float';

/** The arguments as a comma-separated template. */
const list = (args: Arg[]): Template => args.flatMap((_, i) => (i ? [', ', i] : [i]));

/** PARSE_JSON(x [, 'd' | 's']): relaxed JSON, blank → NULL, duplicate keys refused unless 'd'. */
const parseJson = (fn: string): Handler => (a) => (a.length === 1 || a.length === 2 ? [`${fn}(`, ...list(a), ')'] : null);

/**
 * ARRAY_CONSTRUCT (and the ARRAY constant `[…]`, translate.ts): Snowflake's elements are VARIANTs of any mix of types,
 * and the result is an ARRAY. Integer literals alone stay a DuckDB list of integers; anything else becomes a list of
 * JSON values (an ARRAY column's type), each value converted as TO_VARIANT would. A DuckDB list of mixed literals
 * would unify them: [1, 2.5] was the DECIMAL list whose JSON is [1.0,2.5] (Snowflake's [1,2.5]), [1, '5'] [1,5].
 * list_value, not `[…]`: a second translation pass would read `[…]` as an ARRAY constant again.
 */
/**
 * Functions whose result over an array with an undefined slot (a SQL NULL element, a DuckDB list's NULL) is Snowflake's:
 * ARRAY_SIZE counts it; ARRAY_REMOVE keeps it (its page's example, [1, undefined]); ARRAY_EXCEPT matches it against an
 * undefined slot of the other array (array-except.ts); ARRAY_DISTINCT keeps one (its page's example).
 */
const UNDEFINED_SLOT_READERS = new Set(['array_size', 'array_remove', 'array_except', 'array_distinct']);

const arrayConstruct: Handler = (a, ctx) => {
  // A SQL NULL element is an "undefined" slot in Snowflake (it reads as SQL NULL); a JSON array has no such slot.
  // The array as a whole argument of a function that keeps or counts the slot as Snowflake does is not refused.
  const nullAt = a.find((x) => x.sig.length === 1 && isWord(x.sig[0], 'null'));
  if (nullAt && !UNDEFINED_SLOT_READERS.has(ctx.outer?.argOf ?? '')) throw new UnsupportedOnDuckDb('ARRAY_CONSTRUCT with a NULL element', nullAt.sig[0].start ?? ctx.at);
  if (a.every(isSignedIntLiteral)) return ['list_value(', ...list(a), ')'];
  return ['CAST(list_value(', ...a.flatMap((x, i) => [i ? ', ' : '', ...toVariant(i, 'ARRAY_CONSTRUCT', ctx.at, x)]), ') AS JSON[])'];
};

/**
 * The entries `{'k': key, 'v': value as JSON}` of OBJECT_CONSTRUCT's key-value arguments. struct_pack and list_value,
 * not `{…}` and `[…]`: a second translation pass would read those as OBJECT and ARRAY constants.
 */
function objectEntries(a: Arg[], keepNull: boolean, construct: string, at: number): Template {
  const entries: Template = [];
  for (let i = 0; i < a.length; i += 2) {
    const value = toVariant(i + 1, construct, at, a[i + 1]);
    entries.push(i ? ', ' : '', 'struct_pack(k := bz_varchar(', i, '), v := ', ...(keepNull ? ['coalesce(', ...value, ", json_extract('null', '$'))"] : value), ')');
  }
  return entries;
}

/**
 * The OBJECT (a DuckDB MAP of JSON values) of a list of `{k, v}` entries, its keys in sorted order. A DuckDB MAP keeps
 * insertion order, so OBJECT_CONSTRUCT('b', 2, 'a', 1) was {"b":2,"a":1} as text and unequal to the same pairs written
 * in the other order (DISTINCT and GROUP BY counted two). Snowflake's OBJECT is an unordered set of pairs
 * (https://docs.snowflake.com/en/sql-reference/functions/parse_json, usage notes) whose keys its pages show sorted
 * (https://docs.snowflake.com/en/sql-reference/data-types-semistructured, my_object_table; OBJECT_INSERT's example in
 * https://docs.snowflake.com/en/developer-guide/snowpark/reference/python/1.14.0/api/snowflake.snowpark.functions.object_insert),
 * as TO_JSON and OBJECT_KEYS already give them here. Sorting the entries (a struct sorts by its first field, the key;
 * keys are unique) makes the text, `=`, DISTINCT and GROUP BY agree. Every OBJECT the translator builds goes through it.
 */
export const sortedObject = (entries: Template): Template => ['map_from_entries(list_sort(', ...entries, '))'];

/** An OBJECT is a DuckDB MAP of JSON values, so the result reports OBJECT (a JSON value would be a VARIANT). */
const EMPTY_OBJECT = 'CAST(map() AS MAP(VARCHAR, JSON))';

/**
 * OBJECT_CONSTRUCT(k, v, …): a key whose value is SQL NULL is left out (a JSON null is kept); values keep their type
 * as TO_VARIANT would; the `*` forms are object-star.ts's.
 */
const objectConstruct: Handler = (a, ctx) => {
  const star = a.length === 1 ? objectFromStar(a[0].sig, ctx.at, false) : undefined;
  if (star) return [star];
  if (a.length % 2 !== 0) return null;
  if (a.length === 0) return [EMPTY_OBJECT];
  return sortedObject(['list_filter(list_value(', ...objectEntries(a, false, 'OBJECT_CONSTRUCT', ctx.at), '), lambda bz_e: bz_e.v IS NOT NULL)']);
};

/**
 * The OBJECT constant's object (translate.ts reads `{'k': v, …}` into key and value arguments): OBJECT_CONSTRUCT's, each
 * value as TO_VARIANT gives it. The semi-structured page does not say whether a SQL NULL value leaves its key out (as
 * OBJECT_CONSTRUCT does) or keeps it as a JSON null (as OBJECT_CONSTRUCT_KEEP_NULL does): translate.ts refuses a NULL
 * literal, and a value that is NULL when the query runs is refused then, by name, where the constant is.
 */
export function objectConstantTemplate(a: Arg[], at: number): Template {
  // error() as it is, not cast: a second translation pass would read a cast of it to BOOLEAN as a text's conversion.
  const refusal = `error(${quote(`bz_unsupported@${at}: ${OBJECT_CONSTANT_NULL}`)})`;
  return sortedObject(['list_filter(list_value(', ...objectEntries(a, false, 'An OBJECT constant', at), `), lambda bz_e: CASE WHEN bz_e.v IS NULL THEN ${refusal} ELSE true END)`]);
}

/** The construct a NULL value in an OBJECT constant is refused as. */
export const OBJECT_CONSTANT_NULL = 'An OBJECT constant with a NULL value (whether the key is kept is not documented)';

/** OBJECT_CONSTRUCT_KEEP_NULL: a SQL NULL value is kept as a JSON null. */
const objectConstructKeepNull: Handler = (a, ctx) => {
  const star = a.length === 1 ? objectFromStar(a[0].sig, ctx.at, true) : undefined;
  if (star) return [star];
  if (a.length % 2 !== 0) return null;
  if (a.length === 0) return [EMPTY_OBJECT];
  return sortedObject(['list_value(', ...objectEntries(a, true, 'OBJECT_CONSTRUCT_KEEP_NULL', ctx.at), ')']);
};

/**
 * OBJECT_AGG(k, v) (its page's usage notes): one OBJECT per group from the pairs whose key and value are not NULL; a key
 * met twice in a group fails, as Snowflake's "Duplicate field key" error does. The page does not say what a group with
 * no such pair gives, nor whether a VARIANT's JSON null is a NULL value there: both are refused by name when the data
 * meets them, as are DISTINCT (it compares values) and the window form.
 */
const objectAgg: Handler = (a, ctx) => {
  if (a.length !== 2) return null;
  if (isWord(a[0].sig[0], 'distinct')) throw new UnsupportedOnDuckDb('OBJECT_AGG(DISTINCT …)', ctx.at);
  if (ctx.window().length) throw new UnsupportedOnDuckDb('OBJECT_AGG as a window function', ctx.at);
  const refuse = (why: string, type: string): string => `CAST(error(${quote(`bz_unsupported@${ctx.at}: OBJECT_AGG ${why}`)}) AS ${type})`;
  // Each argument is named once, in one aggregate; the pairs are filtered afterwards, in a lambda over the list. The
  // call is often a select-list alias read by later items (`OBJECT_AGG(…) AS j, j:module`), which DuckDB copies into
  // every macro parameter naming it: a template naming its arguments several times multiplied (silver__link_events
  // planned for minutes). The page's key is a VARCHAR: another type (whose text DuckDB may write otherwise) and a
  // JSON null value are refused pair by pair; a group with no pair (an empty map, made NULL) by COALESCE's fallback,
  // which runs only there. A key met twice fails with the page's "Duplicate field key 'k'" (DuckDB's map_from_entries
  // would say "Map keys must be unique"): the pairs are bound once (a lambda's parameter); when their keys are not all
  // distinct, the first key found again after its first place is named, where the call is.
  const keys = 'list_transform(bz_oal, lambda bz_e: bz_e.k)';
  const duplicate = `list_filter(${keys}, lambda bz_k, bz_i: list_position(${keys}, bz_k) <> bz_i)[1]`;
  const fail = refusalCast(`'Duplicate field key ''' || ${duplicate} || ''''`, 'INTEGER', ctx.at);
  // list_transform([pairs], lambda bz_oal: …)[1]: the pairs, or the failure when a key repeats.
  const unique = `], lambda bz_oal: CASE WHEN len(list_distinct(${keys})) = len(bz_oal) THEN bz_oal ELSE list_filter(bz_oal, lambda bz_e: ${fail} = 0) END)[1]`;
  const kept = [
    'bz_oa.k IS NOT NULL AND bz_oa.v IS NOT NULL',
    ` AND CASE WHEN typeof(bz_oa.k) <> 'VARCHAR' THEN ${refuse('with a key that is not text', 'BOOLEAN')}`,
    ` WHEN json_type(bz_oa.v) = 'NULL' THEN ${refuse('of a VARIANT holding a JSON null', 'BOOLEAN')} ELSE true END`,
  ].join('');
  return [
    "coalesce(nullif(CAST(map_from_entries(list_sort(list_transform([list_filter(list({'k': ", 0, ", 'v': bz_to_variant(", 1, `, ${quote(storeRefusal('OBJECT_AGG', ctx.at))})}), lambda bz_oa: ${kept})${unique})) AS MAP(VARCHAR, JSON)), CAST(map() AS MAP(VARCHAR, JSON))), `,
    refuse('over a group with no pair of a non-NULL key and value', 'MAP(VARCHAR, JSON)'),
    ')',
  ];
};

/** OBJECT_KEYS: the top-level keys, in Snowflake's (sorted) key order; NULL unless the value is an object. */
const objectKeys: Handler = (a) =>
  a.length === 1
    ? ["(CASE WHEN json_type(json_quote(", 0, ")) = 'OBJECT' THEN list_sort(json_keys(json_quote(", 0, '))) END)']
    : null;

/**
 * ARRAY_SLICE(a, from, to): 0-based, `to` exclusive, negative positions count from the end. DuckDB's list_slice is
 * 1-based with both ends inclusive.
 */
const arraySlice: Handler = (a) =>
  a.length === 3
    ? ['list_slice(', 0, ', CASE WHEN (', 1, ') < 0 THEN (', 1, ') ELSE (', 1, ') + 1 END, CASE WHEN (', 2, ') < 0 THEN (', 2, ') - 1 ELSE (', 2, ') END)']
    : null;

/**
 * Argument 0 as the source of a read that yields a VARIANT: refused when it holds a FLOAT (variant-float.ts), unless
 * the read is cast to a scalar type (its value, which DuckDB keeps).
 */
const jsonSource = (ctx: HandlerContext): Template => {
  const cast = ctx.outer?.castTo;
  if (cast !== undefined && !/^(variant|object|array|json)$/.test(cast)) return ['json_quote(', 0, ')'];
  return ['bz_json_source(', 0, `, ${quote(readRefusal(ctx.at))})`];
};

/** GET(v, index | key): element access on a VARIANT, OBJECT or ARRAY (a DuckDB list too); NULL when absent. */
const get: Handler = (a, ctx) => {
  if (a.length !== 2) return null;
  const src = jsonSource(ctx);
  const l = a[1].sig.length === 1 ? a[1].sig[0] : undefined;
  if (l?.kind === 'number' && /^\d+$/.test(l.text)) return ['(', ...src, ` -> '$[${l.text}]')`];
  const key = literalValue(a[1]);
  if (key !== undefined) return ['(', ...src, ` -> ${quote(`$."${key.replace(/"/g, '\\"')}"`)})`];
  // A computed index (e.g. ARRAY_SIZE(v) - 1): an array position when it is a number.
  return ['(', ...src, " -> ('$[' || CAST(CAST(", 1, " AS BIGINT) AS VARCHAR) || ']'))"];
};

const getPath: Handler = (a, ctx) => {
  const path = a.length === 2 ? literalValue(a[1]) : undefined;
  const json = path === undefined ? undefined : getPathToJsonPath(path);
  if (a.length === 2 && json === undefined) throw new UnsupportedOnDuckDb('GET_PATH with a path that is not a literal', ctx.at);
  return json === undefined ? null : ['(', ...jsonSource(ctx), ` -> ${quote(json)})`];
};

/** Whether the argument reads into a semi-structured value (`:` or `[]` path, GET, GET_PATH). */
const readsPath = (a: Arg): boolean =>
  a.sig.some((l, i) => isPunct(l, ':') || (isPunct(l, '[') && i > 0) || ((isWord(l, 'get') || isWord(l, 'get_path')) && isPunct(a.sig[i + 1], '(')));

/** COUNT(v:path): a JSON null counts as NULL, as in Snowflake. */
export const countJsonNull: Handler = (a) => (a.length === 1 && readsPath(a[0]) && !isWord(a[0].sig[0], 'distinct') ? ['count(bz_json_sql_null(', 0, '))'] : null);

export const VARIANT_HANDLERS: Record<string, Handler> = {
  parse_json: parseJson('bz_parse_json'),
  try_parse_json: parseJson('bz_try_parse_json'),
  to_json: (a, ctx) => (a.length === 1 ? ['bz_to_json(', 0, `, ${quote(`bz_unsupported@${ctx.at}: TO_JSON of a FLOAT, or of a VARIANT, ARRAY or OBJECT holding one (how Snowflake writes a FLOAT in JSON text is not documented)`)})`] : null),
  // A DATE, TIME or TIMESTAMP in a VARIANT is held as its text on the twin: TYPEOF of such text is refused (client
  // json-functions.ts bz_variant_typeof; https://docs.snowflake.com/en/sql-reference/functions/is_date-value's TYPEOF).
  typeof: (a, ctx) =>
    a.length === 1
      ? ['bz_variant_typeof(', 0, `, ${quote(`bz_unsupported@${ctx.at}: TYPEOF of a VARIANT holding a DATE, TIME or TIMESTAMP, or a string written as one (the DuckDB target's VARIANT holds them as their text, which no longer tells them from a string)`)})`]
      : null,
  // IS_NULL_VALUE: TRUE for a JSON null, FALSE for any other value, NULL for SQL NULL (a missing key)
  // (https://docs.snowflake.com/en/sql-reference/functions/is_null_value).
  is_null_value: (a) => (a.length === 1 ? ['bz_is_null_value(', 0, ')'] : null),
  array_construct: arrayConstruct,
  object_construct: objectConstruct,
  object_construct_keep_null: objectConstructKeepNull,
  object_keys: objectKeys,
  object_agg: objectAgg,
  objectagg: objectAgg,
  array_slice: arraySlice,
  get,
  get_path: getPath,
  count: countJsonNull,
};
