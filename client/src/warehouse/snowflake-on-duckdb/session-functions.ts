// Whether the session defines a function of a name DuckDB also has built in (a project's `CREATE FUNCTION
// levenshtein(…)`, which the twin keeps as a DuckDB macro): Snowflake runs the project's function, and DuckDB does
// too for an unqualified call when the macro is in the current schema, as it looks there before its built-ins. Asked
// only when the translation refused such a call (duckdb-only-functions.ts), so no statement pays for it otherwise.
import type { DuckDBConnection } from '@duckdb/node-api';

/** Whether the current schema holds a function (a macro, not a built-in) named `name` (any case). */
export async function definesFunction(connection: DuckDBConnection, name: string): Promise<boolean> {
  const rows = (
    await connection.runAndReadAll(
      'SELECT 1 FROM duckdb_functions() WHERE NOT internal AND lower(function_name) = $1 AND database_name = current_database() AND schema_name = current_schema() LIMIT 1',
      [name.toLowerCase()],
    )
  ).getRows();
  return rows.length > 0;
}
