// Whether the twin ever made a TIMESTAMP_* or TIME column of a precision below Snowflake's default 9. DuckDB keeps
// microseconds whatever the declared precision, so its catalog cannot tell TIMESTAMP_NTZ(6) from TIMESTAMP_NTZ(9),
// and DESCRIBE TABLE shows the declared one on Snowflake (https://docs.snowflake.com/en/sql-reference/data-types-datetime:
// the precision, 0 to 9, defaults to 9). A column of a lower precision can only come from a type that writes one —
// in DDL, a cast a CTAS or view keeps, or a sampled source's declared type — or from a column copied from such a
// column, in any schema. So the twin records, once, that a CREATE or ALTER statement wrote such a precision (the
// table TIME_PRECISION_TABLE in the `main` schema of the current catalog), and from then on DESCRIBE TABLE refuses a
// TIMESTAMP/TIME column by name (describe-table.ts) rather than show a (9) that may be wrong.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIME_PRECISION_TABLE } from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { createRecordTable } from './transaction';

/** A statement that makes or changes a table, view or column. */
const DDL = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*(?:create|alter)\b/i;

/** A time type written with a precision below 9 (0–5 the translation refuses; a sampled source's type may hold them). */
const LOWER_PRECISION = /\b(?:timestamp(?:_ntz|_ltz|_tz)?|timestampntz|timestampltz|timestamptz|datetime|time)\s*\(\s*[0-8]\s*\)/i;

/** Whether `sql` (a statement as given) writes a time type of a precision below 9 into a table, view or column. */
export function writesLowerTimePrecision(sql: string): boolean {
  return DDL.test(sql) && LOWER_PRECISION.test(sql);
}

/** Records, in the current catalog, that a time precision below 9 was declared (once; nothing when it was). */
export async function recordLowerTimePrecision(connection: DuckDBConnection): Promise<void> {
  await createRecordTable(connection, `CREATE TABLE IF NOT EXISTS main.${TIME_PRECISION_TABLE} (declared_in VARCHAR)`);
}
