// DuckDB's TIMESTAMPTZ (an instant shown in the session time zone: Snowflake's TIMESTAMP_LTZ) as the layer writes it.
// Unquoted, TIMESTAMPTZ is a Snowflake spelling of TIMESTAMP_TZ, a wallclock time with its own offset
// (https://docs.snowflake.com/en/sql-reference/data-types-datetime), which the translator reads as such. The layer's
// own casts, columns and macro parameters spell DuckDB's type quoted instead: DuckDB reads "TIMESTAMPTZ" as its type in
// casts, TRY_CAST, `::`, DDL and macro signatures, no Snowflake user writes a type quoted, and a second translation pass
// sees a quoted name and leaves it as it is.
export const DUCKDB_TIMESTAMPTZ = '"TIMESTAMPTZ"';
