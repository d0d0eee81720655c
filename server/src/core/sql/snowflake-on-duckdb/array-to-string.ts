// ARRAY_TO_STRING(array, separator): "casting all values to strings (using TO_VARCHAR)" and joining them with the
// separator; a NULL argument gives NULL and a NULL in the array (an undefined slot) gives '' (the ARRAY_TO_STRING
// page, whose example gives `true, 1, -0.0012, Abc, ["x","y"], {"a":1}`). Each element is a VARIANT, so its text is
// a VARIANT's: a string without its quotes, a number as Snowflake prints it (2.50 is '2.5'), an OBJECT or ARRAY as
// its JSON text. DuckDB's own array_to_string printed a JSON[] element (an ARRAY column, ARRAY_CONSTRUCT) with its
// JSON quotes, a DECIMAL list's elements with their trailing zeros, and skipped NULLs with their separators.
// Refused by name when the row is read: elements of a type whose VARIANT text is not documented (dates, times,
// timestamps, FLOATs from ARRAY_AGG), a VARIANT holding no array, and a JSON null element (TO_VARCHAR gives 'null',
// but the page's "a NULL in an array is converted to an empty string" may mean it too).
import { quote, type Handler } from './template';
import { refusalMessage } from './timestamp-tz';

export const ARRAY_TO_STRING_HANDLERS: Record<string, Handler> = {
  array_to_string: (a, ctx) =>
    a.length === 2
      ? [
          'bz_array_to_string(', 0, ', ', 1,
          `, ${quote(refusalMessage('ARRAY_TO_STRING of a VARIANT that holds no array', ctx))}`,
          `, ${quote(refusalMessage('ARRAY_TO_STRING of an array of dates, times, timestamps or FLOATs (the text of such an element is not documented)', ctx))}`,
          `, ${quote(refusalMessage("ARRAY_TO_STRING of an array holding a JSON null (whether it gives 'null' or '' is not documented)", ctx))})`,
        ]
      : null,
};

/** DuckDB list types whose elements' VARIANT text is known: JSON values, text, BOOLEAN, integers and DECIMALs. */
const KNOWN_LIST =
  `(typeof(a) IN ('JSON', 'JSON[]', 'VARCHAR[]', 'BOOLEAN[]', 'TINYINT[]', 'SMALLINT[]', 'INTEGER[]', 'BIGINT[]', 'HUGEINT[]', '"NULL"[]') ` +
  `OR typeof(a) LIKE 'DECIMAL(%)[]')`;

/** Element `bz_i` (0-based) of the array as a JSON value: a list's SQL NULL becomes a JSON null here. */
const ELEMENT = `json_extract(json_quote(a), '$[' || bz_i || ']')`;

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them). */
export const ARRAY_TO_STRING_MACROS: string[] = [
  // DuckDB's own array_to_string, for lists of text the layer builds itself (regexp.ts), under a name a second
  // translation pass leaves alone (it would read `array_to_string` as Snowflake's).
  `bz_list_join(l, s) AS array_to_string(l, s)`,
  // An undefined slot is a list's SQL NULL: any NULL of a typed list, and a JSON[] element that is SQL NULL rather
  // than the JSON null a VARIANT array (typeof JSON) can hold. Every branch binds whatever `a` is (TRY_CAST).
  `bz_array_to_string(a, s, not_array, unknown, json_null) AS CASE WHEN a IS NULL OR s IS NULL THEN NULL ` +
    // An ARRAY holding a FLOAT (ARRAY_CONSTRUCT, TO_VARIANT: variant-float.ts) is one of those the refusal names.
    `WHEN NOT ${KNOWN_LIST} OR bz_holds_float(a) THEN CAST(CAST(unknown AS INTEGER) AS VARCHAR) ` +
    `WHEN json_type(json_quote(a)) <> 'ARRAY' THEN CAST(CAST(not_array AS INTEGER) AS VARCHAR) ` +
    `ELSE array_to_string(list_transform(range(CAST(json_array_length(json_quote(a)) AS BIGINT)), lambda bz_i: ` +
    `CASE WHEN typeof(a) <> 'JSON' AND json_type(${ELEMENT}) = 'NULL' AND (typeof(a) <> 'JSON[]' OR TRY_CAST(a AS JSON[])[bz_i + 1] IS NULL) ` +
    `THEN '' WHEN json_type(${ELEMENT}) = 'NULL' THEN CAST(CAST(json_null AS INTEGER) AS VARCHAR) ELSE bz_varchar(${ELEMENT}) END), s) END`,
];
