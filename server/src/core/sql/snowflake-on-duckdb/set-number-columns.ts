// A UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and NUMBER in another: Snowflake converts the text to
// NUMBER. Its set operators page (https://docs.snowflake.com/en/sql-reference/operators-query, "Use the UNION
// operator and cast mismatched data types") unions a VARCHAR column holding 'Adams, Douglas' with an INTEGER column
// and shows the statement failing with "Numeric value 'Adams, Douglas' is not recognized". DuckDB converts the other
// way (the column becomes VARCHAR, every number turned into text). The plan check (variant-implicit-cast.ts) finds
// the column, and the text branch is given the conversion below (variant-set-branches.ts).
//
// The page shows the direction and the failure, not the result's type: the converted text takes the number branch's
// type (an integer type as NUMBER(38,0), which is Snowflake's INTEGER), and text that type cannot hold exactly (more
// places after the point, more digits before it) is refused by name for the row that holds it rather than rounded.
// A FLOAT branch is not converted to (the page's example is an INTEGER): such a column stays refused by name.
import { SNOWFLAKE_NUMBER_PATTERN } from './errors';

/** The exact number type a text branch is converted to: DuckDB's DECIMAL(width, scale). */
export interface SetNumberType {
  width: number;
  scale: number;
}

/** DuckDB's integer types, each taken as NUMBER(38,0): Snowflake's INTEGER. */
const INTEGER_IDS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT']);

/**
 * The type a text branch of a set-operation column is converted to, from the DuckDB type (id, width, scale) of the
 * number the other branch has; undefined for a FLOAT or anything but an exact number.
 */
export function setNumberType(id: string | undefined, width?: number, scale?: number): SetNumberType | undefined {
  if (id && INTEGER_IDS.has(id)) return { width: 38, scale: 0 };
  if (id === 'DECIMAL' && width !== undefined) return { width, scale: scale ?? 0 };
  return undefined;
}

/** The construct a refusal names. */
const CONSTRUCT = 'A UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and NUMBER in another';

/** Created with the shims (bz_fits_number is string-coercion.ts's). */
export const SET_NUMBER_MACROS: string[] = [
  // t (text) checked for NUMBER(w, s), at `pos` in the statement: NULL stays NULL; text that is no number fails with
  // Snowflake's message (a failing cast carrying it, located); a number the type cannot hold exactly is refused by
  // name; any other is handed on, for the cast to the type around this call.
  `bz_set_number(t, w, s, pos) AS CASE WHEN t IS NULL THEN NULL ` +
    `WHEN NOT regexp_full_match(t, '${SNOWFLAKE_NUMBER_PATTERN}') ` +
    `THEN CAST(CAST('Snowflake@' || pos || ': Numeric value ''' || t || ''' is not recognized' AS INTEGER) AS VARCHAR) ` +
    `WHEN NOT bz_fits_number(t, w, s) THEN CAST(CAST('bz_unsupported@' || pos || ': ${CONSTRUCT}, converting the text ''' || t || ''' ` +
    `to NUMBER(' || w || ',' || s || '), which cannot hold it exactly (Snowflake converts the text to NUMBER; the type of a value the ` +
    `number branches'' type cannot hold is not documented: cast the branches to one type)' AS INTEGER) AS VARCHAR) ` +
    `ELSE t END`,
];

/**
 * The DuckDB text of set-operation item `expr` converted to `type` as Snowflake converts a text branch: any branch may
 * be given it (a number branch's value goes through its text and back unchanged). `at`: the offset to locate a
 * failure at, in the statement the translator was given.
 */
export function setNumberItem(expr: string, type: SetNumberType, at: number): string {
  return `CAST(bz_set_number(CAST(${expr} AS VARCHAR), ${type.width}, ${type.scale}, ${at}) AS DECIMAL(${type.width},${type.scale}))`;
}
