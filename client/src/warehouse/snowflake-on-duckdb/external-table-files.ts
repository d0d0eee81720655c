// The twin's side of EXTERNAL_TABLE_FILES (server …/external-table-files.ts): the sampler records when it wrote each
// file's rows into an external table, and before a statement that calls the function runs, the rows it asks for are
// gathered into a temporary table: one per distinct METADATA$FILENAME of the table, with the recorded times.
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  EXTERNAL_FILES_TABLE,
  EXTERNAL_TABLE_FILES_VIEW,
  FILENAME_COLUMN,
  externalTableFilesRequests,
  tableNameParts,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/external-table-files';
import { recordingCatalogs } from './quoted-names';
import { createRecordTable } from './transaction';
import { DUCKDB_TIMESTAMPTZ } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-instant';

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * Records the files of `table` (database.schema.table as DuckDB holds it) that have rows and no record yet: as
 * registered now when `written` is 'now' (the sampler has just written their rows), with no time when it is
 * 'before' (rows already there when the sampler appends, written before it recorded anything: their time is not
 * known, and giving them the append's would make them look new). `replaced`: the table is new, earlier records of its
 * name are dropped first. Runs in the sampler's transaction, which writes to the table's catalog only.
 */
export async function recordExternalFiles(
  connection: DuckDBConnection,
  table: { database: string; schema: string; identifier: string },
  options: { written: 'now' | 'before'; replaced: boolean },
): Promise<void> {
  const database = table.database || String((await connection.runAndReadAll('SELECT current_database()')).getRows()[0]?.[0] ?? '');
  const record = `${ident(database)}.main.${EXTERNAL_FILES_TABLE}`;
  const mine = `schema_name = ${literal(table.schema)} AND table_name = ${literal(table.identifier)}`;
  await createRecordTable(connection, `CREATE TABLE IF NOT EXISTS ${record} (schema_name VARCHAR, table_name VARCHAR, file_name VARCHAR, registered_on ${DUCKDB_TIMESTAMPTZ})`);
  if (options.replaced) await connection.run(`DELETE FROM ${record} WHERE ${mine}`);
  const relation = [database, table.schema, table.identifier].map(ident).join('.');
  const time = options.written === 'now' ? 'now()' : `NULL::${DUCKDB_TIMESTAMPTZ}`;
  await connection.run(
    `INSERT INTO ${record} SELECT DISTINCT ${literal(table.schema)}, ${literal(table.identifier)}, ${ident(FILENAME_COLUMN)}, ${time} FROM ${relation} ` +
      `WHERE ${ident(FILENAME_COLUMN)} IS NOT NULL AND ${ident(FILENAME_COLUMN)} NOT IN (SELECT file_name FROM ${record} WHERE ${mine})`,
  );
}

/** Fills EXTERNAL_TABLE_FILES_VIEW with the rows `translated` asks EXTERNAL_TABLE_FILES for (none: nothing to do). */
export async function prepareExternalTableFiles(connection: DuckDBConnection, translated: string): Promise<void> {
  const requests = externalTableFilesRequests(translated);
  if (!requests.length) return;
  const view = `temp.main.${EXTERNAL_TABLE_FILES_VIEW}`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${EXTERNAL_TABLE_FILES_VIEW} (request VARCHAR, file_name VARCHAR, registered_on ${DUCKDB_TIMESTAMPTZ}, ` +
      `last_modified ${DUCKDB_TIMESTAMPTZ}, problem VARCHAR, unsupported BOOLEAN)`,
  );
  const recording = new Set(await recordingCatalogs(connection, false, EXTERNAL_FILES_TABLE));
  const [current] = (await connection.runAndReadAll('SELECT current_database(), current_schema()')).getRows();
  for (const request of requests) {
    const fail = (problem: string, unsupported: boolean): Promise<unknown> =>
      connection.run(`INSERT INTO ${view} (request, problem, unsupported) VALUES (${literal(request)}, ${literal(problem)}, ${unsupported})`);
    const parts = tableNameParts(request);
    if (!parts) {
      await fail(`'${request}', which is not a table name`, true);
      continue;
    }
    // A name not fully qualified is the session's database and schema, as Snowflake resolves it.
    const [name, schema, database] = [...parts].reverse();
    const is = (column: string, part: { text: string; quoted: boolean } | undefined, fallback: string): string =>
      part === undefined ? `${column} = ${literal(fallback)}` : part.quoted ? `${column} = ${literal(part.text)}` : `upper(${column}) = ${literal(part.text)}`;
    const where = [is('database_name', database, String(current?.[0] ?? '')), is('schema_name', schema, String(current?.[1] ?? '')), is('table_name', name, '')].join(' AND ');
    const found = (
      await connection.runAndReadAll(
        `SELECT database_name, schema_name, table_name, bool_or(upper(column_name) = ${literal(FILENAME_COLUMN)}) FROM duckdb_columns() ` +
          `WHERE ${where} GROUP BY ALL ORDER BY ALL`,
      )
    ).getRows();
    if (found.length !== 1) {
      await fail(`Table '${request}' does not exist or not authorized.`, false);
      continue;
    }
    const [db, sch, tbl, hasFiles] = found[0].map((v) => (typeof v === 'boolean' ? v : String(v)));
    const shown = [db, sch, tbl].join('.');
    if (hasFiles !== true) {
      await fail(`${shown}, a table with no ${FILENAME_COLUMN} column (on the twin an external table is a table holding it, as bronze sample writes one)`, true);
      continue;
    }
    const relation = [db, sch, tbl].map((p) => ident(String(p))).join('.');
    const files = `(SELECT DISTINCT ${ident(FILENAME_COLUMN)} AS file_name FROM ${relation} WHERE ${ident(FILENAME_COLUMN)} IS NOT NULL) f`;
    const times = recording.has(String(db))
      ? `LEFT JOIN ${ident(String(db))}.main.${EXTERNAL_FILES_TABLE} r ON r.schema_name = ${literal(String(sch))} AND r.table_name = ${literal(String(tbl))} AND r.file_name = f.file_name`
      : `LEFT JOIN (SELECT NULL::VARCHAR AS file_name, NULL::${DUCKDB_TIMESTAMPTZ} AS registered_on) r ON false`;
    await connection.run(`INSERT INTO ${view} (request, file_name, registered_on, last_modified) SELECT ${literal(request)}, f.file_name, r.registered_on, r.registered_on FROM ${files} ${times}`);
  }
}
