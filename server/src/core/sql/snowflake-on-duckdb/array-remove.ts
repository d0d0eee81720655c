// ARRAY_REMOVE(array, value) (https://docs.snowflake.com/en/sql-reference/functions/array_remove): the array without
// the elements equal to the VARIANT value, in their order; NULL when the value is NULL; an empty array when every
// element goes. Elements compare as ARRAY_CONTAINS compares them (array-contains.ts): numbers by value (the page's
// example removes 5, 5.00 and 5.00::DOUBLE but keeps '5'), strings and booleans by their JSON text, a JSON null only
// with a JSON null. An undefined element (a SQL NULL in the array) stays, as in the page's example.
// Refused by name, as for ARRAY_CONTAINS: a value of a type Snowflake does not coerce to VARIANT (the page: "If you
// specify a VARCHAR value, you must first cast the value to VARIANT"), an argument that holds no array, and an
// OBJECT or ARRAY value meeting an OBJECT or ARRAY element (JSON text does not compare them as Snowflake does).
import { ELEMENT, UNDEFINED, VARIANT_COERCIBLE } from './array-contains';
import { quote, type Handler } from './template';
import { refusalMessage } from './timestamp-tz';

export const ARRAY_REMOVE_HANDLERS: Record<string, Handler> = {
  array_remove: (a, ctx) =>
    a.length === 2
      ? [
          'bz_array_remove(', 0, ', ', 1,
          `, ${quote(refusalMessage('ARRAY_REMOVE of a value of a type Snowflake does not coerce to VARIANT (cast it, e.g. x::VARIANT)', ctx))}`,
          `, ${quote(refusalMessage('ARRAY_REMOVE of a VARIANT that holds no array', ctx))}`,
          `, ${quote(refusalMessage('ARRAY_REMOVE of an OBJECT or ARRAY from an array holding an OBJECT or ARRAY', ctx))})`,
        ]
      : null,
};

const refuse = (message: string): string => `CAST(CAST(CAST(${message} AS INTEGER) AS VARCHAR) AS JSON[])`;
const refuseBoolean = (message: string): string => `CAST(CAST(${message} AS INTEGER) AS BOOLEAN)`;

/** Whether element `bz_i` equals the value `v` (a value that is not NULL). */
const EQUAL =
  `CASE WHEN ${UNDEFINED} THEN FALSE ` +
  `WHEN json_type(${ELEMENT}) = 'NULL' OR json_type(json_quote(v)) = 'NULL' THEN json_type(${ELEMENT}) = 'NULL' AND json_type(json_quote(v)) = 'NULL' ` +
  `WHEN json_type(${ELEMENT}) IN ('OBJECT', 'ARRAY') AND json_type(json_quote(v)) IN ('OBJECT', 'ARRAY') THEN ${refuseBoolean('nested')} ` +
  `WHEN json_type(${ELEMENT}) IN ('OBJECT', 'ARRAY') OR json_type(json_quote(v)) IN ('OBJECT', 'ARRAY') THEN FALSE ` +
  `ELSE bz_variant_key(${ELEMENT}, nested) = bz_variant_key(json_quote(v), nested) END`;

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them), after ARRAY_CONTAINS's. */
export const ARRAY_REMOVE_MACROS: string[] = [
  `bz_array_remove(a, v, not_variant, not_array, nested) AS CASE WHEN a IS NULL OR v IS NULL THEN NULL ` +
    `WHEN NOT ${VARIANT_COERCIBLE} THEN ${refuse('not_variant')} ` +
    `WHEN json_type(json_quote(a)) <> 'ARRAY' THEN ${refuse('not_array')} ` +
    `ELSE list_transform(list_filter(range(CAST(json_array_length(json_quote(a)) AS BIGINT)), lambda bz_i: NOT (${EQUAL})), ` +
    `lambda bz_i: CASE WHEN ${UNDEFINED} THEN NULL ELSE ${ELEMENT} END) END`,
];
