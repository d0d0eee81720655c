// The table and view names of one DuckDB instance, kept for the Snowflake name-case check (name-case.ts). Read from
// DuckDB's catalog when first needed and again after DDL, but only while a statement has a quoted name with a
// lower-case letter or the catalog has a mixed-case name or a recorded quoted lower-case one (quoted-names.ts): a
// project whose names are all unquoted never pays for more than the first read. The column names, for the quoted
// column check (column-case.ts), are read only for a statement with a quoted lower-case column name.
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  hasLowerCaseQuotedName,
  hasMixedCaseQuotedName,
  isMixedCase,
  nameCaseProblem,
  notQuotedNamesTable,
  tableReferences,
  type CatalogName,
  type NameCaseProblem,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { invalidIdentifier, quotedColumnReferences, unquotedColumnReferences } from '../../../../server/src/core/sql/snowflake-on-duckdb/column-case';
import { columnKey, readQuotedColumns, updateQuotedColumns } from './quoted-columns';
import { readQuotedNames, updateQuotedNames } from './quoted-names';

const DDL = /^\s*(create|drop|alter)\b/i;

export class NameCaseCatalog {
  private names?: Map<string, CatalogName[]>;
  private hasMixed = false;
  /** Whether some table or view is recorded as created from a quoted lower-case name. */
  private hasQuoted = false;
  private dirty = true;
  /** Every column name of the catalog's tables and views, exactly as stored. */
  private columns?: Set<string>;
  private columnsDirty = true;
  /** Lower-case names of the columns recorded as created from a quoted name (quoted-columns.ts); read with `names`. */
  private quotedColumns = new Set<string>();

  private async loadColumns(connection: DuckDBConnection): Promise<Set<string>> {
    const rows = (await connection.runAndReadAll('SELECT DISTINCT column_name FROM duckdb_columns()')).getRows();
    this.columns = new Set(rows.map(([name]) => String(name)));
    this.columnsDirty = false;
    return this.columns;
  }

  /**
   * Snowflake's verdict on the unquoted column names of `sql` that could only mean a column recorded as created from
   * a quoted lower-case name: the first whose every case-insensitive match among the columns of the tables it names is
   * such a column (none of that name was created unquoted, nor by another tool). Only asked while one is recorded.
   */
  private async unquotedColumnProblem(connection: DuckDBConnection, sql: string): Promise<NameCaseProblem | undefined> {
    if (!this.quotedColumns.size) return undefined;
    const refs = unquotedColumnReferences(sql, (name) => this.quotedColumns.has(name.toLowerCase()));
    if (!refs.length) return undefined;
    const names = [...new Set(refs.map((r) => r.name.toLowerCase()))];
    const list = names.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ');
    // The columns of the tables and views the statement names (by name in any schema: more, never fewer), or of the
    // whole catalog when it names none.
    const tables = [...new Set(tableReferences(sql).map((r) => r.parts[r.parts.length - 1].text.toLowerCase()))];
    const ofTables = tables.length ? ` AND lower(table_name) IN (${tables.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ')})` : '';
    const rows = (
      await connection.runAndReadAll(
        `SELECT DISTINCT database_name, schema_name, table_name, column_name FROM duckdb_columns() WHERE lower(column_name) IN (${list})${ofTables}`,
      )
    ).getRows();
    const recorded = await readQuotedColumns(connection);
    // Per lower-case name: some column holds it, and some column holding it is not a recorded quoted one.
    const found = new Set<string>();
    const unquoted = new Set<string>();
    for (const [db, sch, tab, col] of rows.map((r) => r.map(String))) {
      found.add(col.toLowerCase());
      if (!recorded.has(columnKey(db, sch, tab, col))) unquoted.add(col.toLowerCase());
    }
    const ref = refs.find((r) => found.has(r.name.toLowerCase()) && !unquoted.has(r.name.toLowerCase()));
    return ref ? { at: ref.at, invalid: invalidIdentifier(ref) } : undefined;
  }

  /**
   * Snowflake's verdict on the quoted lower-case column names of `sql`: the first the statement does not define and
   * no table or view column has exactly. A name missing from the cache is looked up afresh before it is refused
   * (another tool may have added the column).
   */
  private async columnProblem(connection: DuckDBConnection, sql: string): Promise<NameCaseProblem | undefined> {
    const refs = quotedColumnReferences(sql);
    if (!refs.length) return undefined;
    let fresh = !this.columns || this.columnsDirty;
    let columns = fresh ? await this.loadColumns(connection) : (this.columns ?? new Set<string>());
    for (const ref of refs) {
      if (columns.has(ref.name)) continue;
      if (!fresh) {
        columns = await this.loadColumns(connection);
        fresh = true;
        if (columns.has(ref.name)) continue;
      }
      return { at: ref.at, invalid: invalidIdentifier(ref) };
    }
    return undefined;
  }

  private async load(connection: DuckDBConnection): Promise<void> {
    const rows = (
      await connection.runAndReadAll(
        `SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE ${notQuotedNamesTable('schema_name', 'table_name')} ` +
          'UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views() WHERE NOT internal',
      )
    ).getRows();
    const quoted = new Set((await readQuotedNames(connection)).map((q) => `${q.database}\0${q.schema}\0${q.name}`));
    const names = new Map<string, CatalogName[]>();
    this.hasMixed = false;
    this.hasQuoted = false;
    for (const [database, schema, name] of rows) {
      const entry: CatalogName = { database: String(database), schema: String(schema), name: String(name) };
      if (quoted.has(`${entry.database}\0${entry.schema}\0${entry.name}`)) {
        entry.quoted = true;
        this.hasQuoted = true;
      }
      const key = entry.name.toLowerCase();
      names.set(key, [...(names.get(key) ?? []), entry]);
      if (isMixedCase(entry.name)) this.hasMixed = true;
    }
    this.names = names;
    this.quotedColumns = new Set([...(await readQuotedColumns(connection))].map((key) => key.slice(key.lastIndexOf('\0') + 1).toLowerCase()));
    this.dirty = false;
  }

  /**
   * Snowflake's verdict on the table and quoted column names of `sql` (the statement as written) where DuckDB's would differ;
   * `ignoreCase` is the session's QUOTED_IDENTIFIERS_IGNORE_CASE.
   */
  async problem(connection: DuckDBConnection, sql: string, ignoreCase = false): Promise<NameCaseProblem | undefined> {
    const table = await this.tableProblem(connection, sql, ignoreCase);
    // Under QUOTED_IDENTIFIERS_IGNORE_CASE a quoted name resolves upper-case, as DuckDB's case-insensitive lookup finds it.
    if (table || ignoreCase) return table;
    return (await this.columnProblem(connection, sql)) ?? this.unquotedColumnProblem(connection, sql);
  }

  private async tableProblem(connection: DuckDBConnection, sql: string, ignoreCase: boolean): Promise<NameCaseProblem | undefined> {
    if (!this.names) await this.load(connection);
    if (!this.hasMixed && !this.hasQuoted && !hasLowerCaseQuotedName(sql)) return undefined;
    if (this.dirty) await this.load(connection);
    const names = this.names ?? new Map<string, CatalogName[]>();
    return nameCaseProblem(sql, names, async () => {
      const [row] = (await connection.runAndReadAll('SELECT current_database(), current_schema()')).getRows();
      return { database: String(row?.[0] ?? ''), schema: String(row?.[1] ?? '') };
    }, ignoreCase);
  }

  /**
   * Told after a statement ran: DDL may have changed the names. A Snowflake statement (not `native` DuckDB SQL) that
   * created a table or view from a quoted lower-case name has it recorded; `ignoreCase` as for problem().
   */
  async ran(connection: DuckDBConnection, sql: string, options: { native?: boolean; ignoreCase?: boolean } = {}): Promise<void> {
    if (!DDL.test(sql)) return;
    this.dirty = true;
    this.columnsDirty = true;
    if (hasMixedCaseQuotedName(sql)) this.hasMixed = true;
    // Nothing recorded and nothing to record: the common case costs no query.
    const record = !options.native && !options.ignoreCase && hasLowerCaseQuotedName(sql);
    if (this.hasQuoted || record) {
      if (await updateQuotedNames(connection, sql, record)) this.hasQuoted = true;
    }
    if (this.quotedColumns.size || record) {
      for (const name of await updateQuotedColumns(connection, sql, record)) this.quotedColumns.add(name.toLowerCase());
    }
  }
}

const catalogs = new WeakMap<object, NameCaseCatalog>();

/** The one catalog of a DuckDB instance (sessions and warehouses on the same instance share it). */
export function nameCaseCatalogOf(instance: object): NameCaseCatalog {
  let c = catalogs.get(instance);
  if (!c) catalogs.set(instance, (c = new NameCaseCatalog()));
  return c;
}
