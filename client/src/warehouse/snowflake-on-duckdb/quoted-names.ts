// The record of the tables and views the DuckDB target created from a quoted name with a lower-case letter
// (`"orders"`, `"DimCustomer"`), kept in QUOTED_NAMES_TABLE in the `main` schema of the catalog that holds them. DuckDB stores `"orders"` and an unquoted
// `orders` written by another tool alike, and only the first is Snowflake's lower-case table: with the record, the
// name check (name-case.ts) refuses the unquoted `orders` for it as Snowflake does. The record lives in the DuckDB
// file, so it follows the table across sessions and rolls back with it; names no table or view holds any more
// (dropped, renamed, replaced by an unquoted name) are removed after each DDL statement.
import type { DuckDBConnection } from '@duckdb/node-api';
import { QUOTED_NAMES_VIEW_TABLE } from '../../../../server/src/core/sql/snowflake-on-duckdb/information-schema';
import {
  QUOTED_NAMES_TABLE,
  tableReferences,
  type CatalogName,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';

const hasLowerCase = (s: string): boolean => s !== s.toUpperCase();
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const recordOf = (database: string): string => `${ident(database)}.main.${QUOTED_NAMES_TABLE}`;

/** Every table and view DuckDB holds, as (database_name, schema_name, table_name). */
const OBJECTS =
  '(SELECT database_name, schema_name, table_name FROM duckdb_tables() ' +
  'UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views() WHERE NOT internal)';

/** The catalogs that hold a record `table` (only those attached read-write when `writable`). */
export async function recordingCatalogs(connection: DuckDBConnection, writable = false, table = QUOTED_NAMES_TABLE): Promise<string[]> {
  const rows = (
    await connection.runAndReadAll(
      'SELECT t.database_name FROM duckdb_tables() t JOIN duckdb_databases() d ON d.database_name = t.database_name ' +
        `WHERE t.schema_name = 'main' AND t.table_name = ${literal(table)}${writable ? ' AND NOT d.readonly' : ''} ORDER BY 1`,
    )
  ).getRows();
  return rows.map(([d]) => String(d));
}

/** The recorded names that a table or view still holds. */
export async function readQuotedNames(connection: DuckDBConnection): Promise<CatalogName[]> {
  const catalogs = await recordingCatalogs(connection);
  if (!catalogs.length) return [];
  const rows = (
    await connection.runAndReadAll(
      catalogs.map((d) => `SELECT ${literal(d)}, schema_name, table_name FROM ${recordOf(d)}`).join(' UNION ALL '),
    )
  ).getRows();
  return rows.map(([database, schema, name]) => ({ database: String(database), schema: String(schema), name: String(name), quoted: true }));
}

/**
 * Records the tables and views `sql` (a statement that ran) created from a quoted lower-case name when `record` (a
 * Snowflake statement, not under QUOTED_IDENTIFIERS_IGNORE_CASE, which stores quoted names upper-case), and removes
 * the recorded names no table or view holds any more. Whether it recorded a name.
 */
export async function updateQuotedNames(connection: DuckDBConnection, sql: string, record: boolean): Promise<boolean> {
  let recorded = false;
  const refs = tableReferences(sql);
  // A mixed-case one is recorded too: INFORMATION_SCHEMA shows it as written, and an unquoted CREATE OR REPLACE of
  // its upper-case form is refused rather than replacing it (name-case.ts).
  const created = record ? refs.filter((r) => r.creates && hasLowerCase(r.parts[r.parts.length - 1].text) && r.parts[r.parts.length - 1].quoted) : [];
  for (const ref of created) {
    const [name, schema, database] = [...ref.parts].reverse().map((p) => p.text);
    const schemaIs = schema === undefined ? 'current_schema()' : literal(schema);
    const databaseIs = database === undefined ? 'current_database()' : literal(database);
    // A temporary table lands in DuckDB's temp catalog whatever the current schema.
    const rows = (
      await connection.runAndReadAll(
        `SELECT DISTINCT database_name, schema_name FROM ${OBJECTS} WHERE table_name = ${literal(name)} AND ` +
          `((lower(database_name) = lower(${databaseIs}) AND lower(schema_name) = lower(${schemaIs}))` +
          `${database === undefined && schema === undefined ? " OR database_name = 'temp'" : ''})`,
      )
    ).getRows();
    for (const [db, sch] of rows) {
      const table = recordOf(String(db));
      // A temporary table's record is temporary too (DuckDB allows nothing else in its temp catalog).
      const temporary = String(db) === 'temp' ? 'TEMPORARY ' : '';
      await connection.run(`CREATE ${temporary}TABLE IF NOT EXISTS ${table} (schema_name VARCHAR, table_name VARCHAR)`);
      await connection.run(
        `INSERT INTO ${table} SELECT ${literal(String(sch))}, ${literal(name)} WHERE NOT EXISTS ` +
          `(SELECT 1 FROM ${table} WHERE schema_name = ${literal(String(sch))} AND table_name = ${literal(name)})`,
      );
      recorded = true;
    }
  }
  // A DuckDB transaction writes to one catalog: only the catalogs the statement names (the current one for an
  // unqualified name, or a statement naming no table such as DROP SCHEMA) are pruned, and written only when stale.
  const touched = new Set(['temp']);
  for (const r of refs) if (r.parts.length >= 3) touched.add(r.parts[0].text.toLowerCase());
  if (!refs.length || refs.some((r) => r.parts.length < 3)) {
    const [row] = (await connection.runAndReadAll('SELECT current_database()')).getRows();
    touched.add(String(row?.[0] ?? '').toLowerCase());
  }
  for (const database of await recordingCatalogs(connection, true)) {
    if (!touched.has(database.toLowerCase())) continue;
    const stale =
      `FROM ${recordOf(database)} r WHERE NOT EXISTS (SELECT 1 FROM ${OBJECTS} o WHERE o.database_name = ${literal(database)} ` +
      'AND o.schema_name = r.schema_name AND o.table_name = r.table_name)';
    const [count] = (await connection.runAndReadAll(`SELECT count(*) ${stale}`)).getRows();
    if (Number(count?.[0] ?? 0) > 0) await connection.run(`DELETE ${stale}`);
  }
  return recorded;
}

const READS_QUOTED_NAMES = new RegExp(QUOTED_NAMES_VIEW_TABLE, 'i');

/** Fills the temporary table INFORMATION_SCHEMA.TABLES/COLUMNS join (information-schema.ts) when `translated` reads it. */
export async function prepareQuotedNamesView(connection: DuckDBConnection, translated: string): Promise<void> {
  if (!READS_QUOTED_NAMES.test(translated)) return;
  const names = await readQuotedNames(connection);
  const head = `CREATE OR REPLACE TEMP TABLE ${QUOTED_NAMES_VIEW_TABLE} AS `;
  await connection.run(
    names.length === 0
      ? `${head}SELECT NULL::VARCHAR AS database_name, NULL::VARCHAR AS schema_name, NULL::VARCHAR AS table_name WHERE false`
      : head + names.map((n) => `SELECT ${literal(n.database)} AS database_name, ${literal(n.schema)} AS schema_name, ${literal(n.name)} AS table_name`).join(' UNION ALL '),
  );
}
