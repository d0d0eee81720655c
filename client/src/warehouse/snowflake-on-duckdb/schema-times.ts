// When the DuckDB target created each schema, for SHOW TERSE SCHEMAS' created_on (server's schema-times.ts): a
// CREATE SCHEMA that makes a schema (it did not exist, or OR REPLACE) records the time in SCHEMA_TIMES_TABLE in the
// `main` schema of the schema's catalog; DROP SCHEMA removes the record. The record lives in the DuckDB file, so it
// follows the schema across sessions and rolls back with it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB_TIMESTAMPTZ } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-instant';
import { SCHEMA_TIMES_TABLE, SHOW_SCHEMAS_VIEW, schemaDdl, type SchemaDdl } from '../../../../server/src/core/sql/snowflake-on-duckdb/schema-times';
import { recordingCatalogs } from './quoted-names';
import { createRecordTable } from './transaction';

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A schema DDL statement about to run, with whether its schema existed before. */
export interface PendingSchemaDdl {
  ddl: SchemaDdl;
  existed: boolean;
}

/** The (database_name, schema_name) DuckDB holds for the statement's schema (names matched as DuckDB binds them). */
async function findSchema(connection: DuckDBConnection, ddl: SchemaDdl): Promise<[string, string] | undefined> {
  const [database, schema] = ddl.parts.length === 2 ? ddl.parts : [undefined, ddl.parts[0]];
  const databaseIs = database ? `lower(database_name) = lower(${literal(database.text)})` : 'database_name = current_database()';
  const rows = (
    await connection.runAndReadAll(`SELECT database_name, schema_name FROM duckdb_schemas() WHERE ${databaseIs} AND lower(schema_name) = lower(${literal(schema.text)}) ORDER BY schema_name = ${literal(schema.text)} DESC LIMIT 1`)
  ).getRows();
  return rows.length ? [String(rows[0][0]), String(rows[0][1])] : undefined;
}

/**
 * Before a statement runs: the schema DDL it is, if any, and whether its schema exists now. Only the statement's start
 * is read (after a query comment, the DDL names its schema there), so a long model's CTAS is not tokenized again.
 */
export async function beforeSchemaDdl(connection: DuckDBConnection, stmt: string): Promise<PendingSchemaDdl | undefined> {
  const head = stmt.slice(0, 4000);
  const ddl = /\bschema\b/i.test(head) ? schemaDdl(head) : undefined;
  if (!ddl) return undefined;
  const found = await findSchema(connection, ddl).catch(() => null);
  return found === null ? undefined : { ddl, existed: found !== undefined };
}

/**
 * After the statement ran: records the time of a schema it created, forgets one it dropped. A record that cannot be
 * written (a write conflict with another session) is left out: SHOW TERSE SCHEMAS then refuses that schema by name.
 */
export async function afterSchemaDdl(connection: DuckDBConnection, pending: PendingSchemaDdl): Promise<void> {
  await recordSchemaDdl(connection, pending).catch(() => undefined);
}

async function recordSchemaDdl(connection: DuckDBConnection, pending: PendingSchemaDdl): Promise<void> {
  const { ddl, existed } = pending;
  if (ddl.op === 'drop') {
    const [database, schema] = ddl.parts.length === 2 ? [ddl.parts[0].text, ddl.parts[1].text] : [undefined, ddl.parts[0].text];
    for (const catalog of await recordingCatalogs(connection, true, SCHEMA_TIMES_TABLE)) {
      if (database !== undefined && catalog.toLowerCase() !== database.toLowerCase()) continue;
      const current = database === undefined ? ` AND ${literal(catalog)} = current_database()` : '';
      await connection.run(`DELETE FROM ${ident(catalog)}.main.${SCHEMA_TIMES_TABLE} WHERE lower(schema_name) = lower(${literal(schema)})${current}`);
    }
    return;
  }
  if (existed && ddl.op === 'create') return;
  const found = await findSchema(connection, ddl);
  if (!found) return;
  const [catalog, schema] = found;
  const table = `${ident(catalog)}.main.${SCHEMA_TIMES_TABLE}`;
  await createRecordTable(connection, `CREATE TABLE IF NOT EXISTS ${table} (schema_name VARCHAR, created_on ${DUCKDB_TIMESTAMPTZ})`);
  await connection.run(`DELETE FROM ${table} WHERE schema_name = ${literal(schema)}`);
  await connection.run(`INSERT INTO ${table} VALUES (${literal(schema)}, get_current_timestamp())`);
}

/**
 * Before a translated SHOW TERSE SCHEMAS runs: SHOW_SCHEMAS_VIEW holds every schema of the attached catalogs (names as
 * Snowflake shows unquoted ones, upper-case) with its recorded creation time, NULL where none was recorded. Each
 * catalog's INFORMATION_SCHEMA is listed too, as on Snowflake, with no time.
 */
export async function prepareShowSchemas(connection: DuckDBConnection, translated: string): Promise<void> {
  if (!translated.toLowerCase().includes(SHOW_SCHEMAS_VIEW)) return;
  const recorded = await recordingCatalogs(connection, false, SCHEMA_TIMES_TABLE);
  const times = recorded.length
    ? recorded.map((d) => `SELECT ${literal(d)} AS database_name, schema_name, created_on FROM ${ident(d)}.main.${SCHEMA_TIMES_TABLE}`).join(' UNION ALL ')
    : `SELECT NULL::VARCHAR AS database_name, NULL::VARCHAR AS schema_name, NULL::${DUCKDB_TIMESTAMPTZ} AS created_on WHERE false`;
  // DuckDB's own catalogs (system, temp) hold no Snowflake schema.
  const schemas =
    "SELECT database_name, schema_name FROM duckdb_schemas() WHERE database_name NOT IN ('system', 'temp') " +
    "UNION ALL SELECT database_name, 'INFORMATION_SCHEMA' FROM duckdb_databases() WHERE database_name NOT IN ('system', 'temp')";
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${SHOW_SCHEMAS_VIEW} AS SELECT upper(s.database_name) AS database_name, upper(s.schema_name) AS name, t.created_on ` +
      `FROM (${schemas}) s LEFT JOIN (${times}) t ON t.database_name = s.database_name AND t.schema_name = s.schema_name`,
  );
}
