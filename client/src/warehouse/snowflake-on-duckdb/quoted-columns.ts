// The record of the columns the DuckDB target created from a quoted name with a lower-case letter (`create table t
// ("a" int)`), kept in QUOTED_COLUMNS_TABLE in the `main` schema of the catalog that holds the table. DuckDB finds
// such a column by the unquoted `a` (folded to A) as its lookup ignores case; Snowflake does not. With the record the
// column check refuses it (name-case-catalog.ts). A column is recorded when a Snowflake DDL statement names it quoted
// and the table it created or altered holds it; records move with the table on RENAME TO, and those no column holds
// any more (dropped, renamed, table replaced) are removed after each DDL statement, as quoted-names.ts does for tables.
import type { DuckDBConnection } from '@duckdb/node-api';
import { QUOTED_COLUMNS_TABLE, tableReferences } from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { recordingCatalogs } from './quoted-names';

const hasLowerCase = (s: string): boolean => s !== s.toUpperCase();
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const recordOf = (database: string): string => `${ident(database)}.main.${QUOTED_COLUMNS_TABLE}`;

/** The quoted names with a lower-case letter written in `sql`. */
function quotedLowerCaseNames(sql: string): Set<string> {
  const out = new Set<string>();
  for (const m of sql.matchAll(/"((?:[^"]|"")+)"/g)) {
    const name = m[1].replace(/""/g, '"');
    if (hasLowerCase(name)) out.add(name);
  }
  return out;
}

/** A recorded column: `database\0schema\0table\0column`. */
export const columnKey = (database: string, schema: string, table: string, column: string): string => [database, schema, table, column].join('\0');

/** The recorded columns that a table or view still holds, as columnKey()s. */
export async function readQuotedColumns(connection: DuckDBConnection): Promise<Set<string>> {
  const catalogs = await recordingCatalogs(connection, false, QUOTED_COLUMNS_TABLE);
  if (!catalogs.length) return new Set();
  const rows = (
    await connection.runAndReadAll(
      catalogs
        .map(
          (d) =>
            `SELECT ${literal(d)}, r.schema_name, r.table_name, r.column_name FROM ${recordOf(d)} r JOIN duckdb_columns() c ON c.database_name = ${literal(d)} ` +
            'AND c.schema_name = r.schema_name AND c.table_name = r.table_name AND c.column_name = r.column_name',
        )
        .join(' UNION ALL '),
    )
  ).getRows();
  return new Set(rows.map(([d, s, t, c]) => columnKey(String(d), String(s), String(t), String(c))));
}

/**
 * Records the columns of the tables `sql` (a DDL statement that ran) creates or alters whose name the statement
 * writes quoted with a lower-case letter, when `record` (a Snowflake statement, not under
 * QUOTED_IDENTIFIERS_IGNORE_CASE), and removes the records no column holds any more. The names it recorded.
 */
export async function updateQuotedColumns(connection: DuckDBConnection, sql: string, record: boolean): Promise<string[]> {
  const recorded: string[] = [];
  const names = record ? quotedLowerCaseNames(sql) : new Set<string>();
  const refs = tableReferences(sql);
  const first = refs[0];
  // The table CREATE makes, or the one ALTER TABLE changes (its new name after RENAME TO).
  const target = /^\s*create\b/i.test(sql) ? refs.find((r) => r.creates) : /^\s*alter\b/i.test(sql) ? (refs.find((r) => r.creates) ?? first) : undefined;
  if (names.size && target) {
    const [name, schema, database] = [...target.parts].reverse().map((p) => (p.quoted ? p.text : p.text.toUpperCase()));
    const schemaIs = schema === undefined ? 'current_schema()' : literal(schema);
    const databaseIs = database === undefined ? 'current_database()' : literal(database);
    const rows = (
      await connection.runAndReadAll(
        `SELECT database_name, schema_name, table_name, column_name FROM duckdb_columns() WHERE lower(table_name) = lower(${literal(name)}) AND ` +
          `((lower(database_name) = lower(${databaseIs}) AND lower(schema_name) = lower(${schemaIs}))` +
          `${database === undefined && schema === undefined ? " OR database_name = 'temp'" : ''}) AND column_name IN (${[...names].map(literal).join(', ')})`,
      )
    ).getRows();
    for (const [db, sch, tab, col] of rows.map((r) => r.map(String))) {
      const table = recordOf(db);
      const temporary = db === 'temp' ? 'TEMPORARY ' : '';
      await connection.run(`CREATE ${temporary}TABLE IF NOT EXISTS ${table} (schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR)`);
      await connection.run(
        `INSERT INTO ${table} SELECT ${literal(sch)}, ${literal(tab)}, ${literal(col)} WHERE NOT EXISTS ` +
          `(SELECT 1 FROM ${table} WHERE schema_name = ${literal(sch)} AND table_name = ${literal(tab)} AND column_name = ${literal(col)})`,
      );
      recorded.push(col);
    }
  }
  // ALTER TABLE a RENAME TO b: the records move with the table.
  const renamed = /^\s*alter\b/i.test(sql) ? refs.find((r) => r.creates) : undefined;
  if (renamed && first && first !== renamed) {
    const stored = (r: typeof first): string => {
      const p = r.parts[r.parts.length - 1];
      return p.quoted ? p.text : p.text.toUpperCase();
    };
    const [from, to] = [stored(first), stored(renamed)];
    const rows = (await connection.runAndReadAll(`SELECT DISTINCT database_name, schema_name FROM duckdb_tables() WHERE table_name = ${literal(to)}`)).getRows();
    const writable = new Set(await recordingCatalogs(connection, true, QUOTED_COLUMNS_TABLE));
    for (const [db, sch] of rows.map((r) => r.map(String))) {
      if (!writable.has(db)) continue;
      await connection.run(`UPDATE ${recordOf(db)} SET table_name = ${literal(to)} WHERE schema_name = ${literal(sch)} AND table_name = ${literal(from)}`);
    }
  }
  // Only the catalogs the statement may have written (one per DuckDB transaction), and only when stale.
  const touched = new Set(['temp']);
  for (const r of refs) if (r.parts.length >= 3) touched.add(r.parts[0].text.toLowerCase());
  if (!refs.length || refs.some((r) => r.parts.length < 3)) {
    const [row] = (await connection.runAndReadAll('SELECT current_database()')).getRows();
    touched.add(String(row?.[0] ?? '').toLowerCase());
  }
  for (const database of await recordingCatalogs(connection, true, QUOTED_COLUMNS_TABLE)) {
    if (!touched.has(database.toLowerCase())) continue;
    const stale =
      `FROM ${recordOf(database)} r WHERE NOT EXISTS (SELECT 1 FROM duckdb_columns() c WHERE c.database_name = ${literal(database)} ` +
      'AND c.schema_name = r.schema_name AND c.table_name = r.table_name AND c.column_name = r.column_name)';
    const [count] = (await connection.runAndReadAll(`SELECT count(*) ${stale}`)).getRows();
    if (Number(count?.[0] ?? 0) > 0) await connection.run(`DELETE ${stale}`);
  }
  return recorded;
}
