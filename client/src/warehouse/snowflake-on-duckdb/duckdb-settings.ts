// `SET threads = 4` on the DuckDB target: the translator reads `SET name = …` as a Snowflake session variable
// (session-variables.ts); a name that is one of DuckDB's own settings still sets that setting, as it did before
// session variables existed.
import type { DuckDBConnection } from '@duckdb/node-api';
import { setVariableTarget } from '../../../../server/src/core/sql/snowflake-on-duckdb/session-variables';

/** Whether the translated statement `translated` sets a session variable that is really a DuckDB setting. */
export async function setsDuckDbSetting(connection: DuckDBConnection, translated: string): Promise<boolean> {
  const name = setVariableTarget(translated);
  if (name === undefined) return false;
  const reader = await connection.runAndReadAll('SELECT 1 FROM duckdb_settings() WHERE lower(name) = lower($1)', [name]);
  return reader.currentRowCount > 0;
}
