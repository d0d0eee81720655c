// ARRAY_CONTAINS(value, array): TRUE when the value is in the array (the ARRAY_CONTAINS page): a SQL NULL value finds
// a SQL NULL (undefined) element, else the result is NULL; a JSON null finds a JSON null, else FALSE; any other value
// is compared as array-except.ts compares VARIANTs (strings and booleans by their JSON text, numbers by value, so 1
// finds 1.0). DuckDB's own array_contains takes (list, element), the other way round, and failed to bind.
// Refused by name: a value of a type Snowflake does not coerce to VARIANT (VARCHAR, dates, timestamps: its "Invalid
// argument types", which a ::VARIANT cast avoids), a VARIANT holding no array, and an OBJECT or ARRAY value compared
// with an OBJECT or ARRAY element (JSON text does not compare them as Snowflake does).
import { quote, type Handler } from './template';
import { refusalMessage } from './timestamp-tz';

export const ARRAY_CONTAINS_HANDLERS: Record<string, Handler> = {
  array_contains: (a, ctx) =>
    a.length === 2
      ? [
          'bz_array_contains(', 0, ', ', 1,
          `, ${quote(refusalMessage('ARRAY_CONTAINS of a value of a type Snowflake does not coerce to VARIANT (cast it, e.g. x::VARIANT)', ctx))}`,
          `, ${quote(refusalMessage('ARRAY_CONTAINS in a VARIANT that holds no array', ctx))}`,
          `, ${quote(refusalMessage('ARRAY_CONTAINS of an OBJECT or ARRAY in an array holding an OBJECT or ARRAY', ctx))})`,
        ]
      : null,
};

/** Element `bz_i` (0-based) of the array `a` as a JSON value: a list's SQL NULL becomes a JSON null here. */
export const ELEMENT = `json_extract(json_quote(a), '$[' || bz_i || ']')`;
/** Whether element `bz_i` is undefined: a list's SQL NULL, not the JSON null a VARIANT array or a JSON[] holds. */
export const UNDEFINED = `(typeof(a) <> 'JSON' AND json_type(${ELEMENT}) = 'NULL' AND (typeof(a) <> 'JSON[]' OR TRY_CAST(a AS JSON[])[bz_i + 1] IS NULL))`;
/** Whether the value `v` has a type Snowflake coerces to VARIANT (not VARCHAR, dates, timestamps: those need a cast). */
export const VARIANT_COERCIBLE =
  `(typeof(v) IN ('JSON', '"NULL"', 'BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'DOUBLE', 'FLOAT') ` +
  `OR typeof(v) LIKE 'DECIMAL(%' OR typeof(v) LIKE 'MAP(%' OR typeof(v) LIKE '%[]')`;
/** The element indexes meeting `condition`, counted. */
const count = (condition: string): string =>
  `len(list_filter(range(CAST(json_array_length(json_quote(a)) AS BIGINT)), lambda bz_i: ${condition}))`;
const refuse = (message: string): string => `CAST(CAST(${message} AS INTEGER) AS BOOLEAN)`;

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them), after ARRAY_EXCEPT's. */
export const ARRAY_CONTAINS_MACROS: string[] = [
  `bz_array_contains(v, a, not_variant, not_array, nested) AS CASE WHEN a IS NULL THEN NULL ` +
    `WHEN NOT ${VARIANT_COERCIBLE} THEN ${refuse('not_variant')} ` +
    `WHEN json_type(json_quote(a)) <> 'ARRAY' THEN ${refuse('not_array')} ` +
    `WHEN v IS NULL THEN CASE WHEN ${count(UNDEFINED)} > 0 THEN TRUE END ` +
    `WHEN json_type(json_quote(v)) = 'NULL' THEN ${count(`json_type(${ELEMENT}) = 'NULL' AND NOT ${UNDEFINED}`)} > 0 ` +
    `ELSE ${count(
      `CASE WHEN json_type(${ELEMENT}) = 'NULL' THEN FALSE ` +
        `WHEN json_type(${ELEMENT}) IN ('OBJECT', 'ARRAY') AND json_type(json_quote(v)) IN ('OBJECT', 'ARRAY') THEN ${refuse('nested')} ` +
        `WHEN json_type(${ELEMENT}) IN ('OBJECT', 'ARRAY') OR json_type(json_quote(v)) IN ('OBJECT', 'ARRAY') THEN FALSE ` +
        `ELSE bz_variant_key(${ELEMENT}, nested) = bz_variant_key(json_quote(v), nested) END`,
    )} > 0 END`,
];
