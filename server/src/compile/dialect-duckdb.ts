// DuckDB (the embedded local target) equivalents of the Snowflake statements: same effect, valid DuckDB
// 1.5 SQL. No transient/copy grants/cluster by (the cluster ordering is kept); one statement per string.
// The incremental tmp relation is a TEMP table in DuckDB's per-connection `temp` catalog: it is never
// written to the database file and dies with its connection.
import type { ColumnDef, RelationName, RelationType } from '../core/types';
import type { Dialect, DmlArgs, MergeArgs, MicrobatchArgs, TableOptions, TmpRelationKind, ViewOptions } from './dialect';
import { hasUniqueKey, mergePredicates, quotedCsv } from './dialect';
import { lines, quoteIdentifier, renderRelation } from './sql-text';

/** DuckDB's per-connection catalog of temporary objects. */
const TEMP_CATALOG = 'temp';

function insertFromTmp(a: DmlArgs): string {
  const cols = quotedCsv(duckdbDialect, a.destColumns);
  return lines([
    `insert into ${renderRelation(a.target)} (${cols})`,
    '(',
    `    select ${cols}`,
    `    from ${renderRelation(a.tmp)}`,
    ')',
  ]);
}

function inTransaction(statements: string[]): string[] {
  return ['begin', ...statements, 'commit'];
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  renderRelation,
  quote: quoteIdentifier,
  runsNonTransactionalHooks: true,
  currentTimestampUtc: "(now() at time zone 'UTC')",

  createSchema(database: string, schema: string): string {
    return `create schema if not exists ${database}.${schema}`;
  },

  drop(relation: RelationName, type: RelationType): string {
    return `drop ${type} if exists ${renderRelation(relation)} cascade`;
  },

  describe(relation: RelationName): string {
    return `describe ${renderRelation(relation)}`;
  },

  // persist_docs' column list: the translation keeps each column's COMMENT as a COMMENT ON COLUMN of the view.
  createView(relation: RelationName, sql: string, o: ViewOptions): string {
    if (o.columnList?.trim()) return lines([`create or replace view ${renderRelation(relation)}`, o.columnList.trim(), 'as (', `    ${sql}`, '  )']);
    return lines([`create or replace view ${renderRelation(relation)} as (`, `    ${sql}`, '  )']);
  },

  createTableAs(relation: RelationName, sql: string, o: TableOptions): string {
    const rel = renderRelation(relation);
    if (o.clusterBy !== undefined) {
      // DuckDB has no clustering keys; writing the rows in cluster order keeps the zone maps useful.
      return lines([
        `create or replace table ${rel} as (`,
        '    select * from (',
        `        ${sql}`,
        '    )',
        `    order by ${o.clusterBy}`,
        ')',
      ]);
    }
    return lines([`create or replace table ${rel} as (`, `    ${sql}`, ')']);
  },

  // DuckDB accepts the `temp` catalog only for TEMP objects, under its one schema `main`. A regular table
  // would be compressed and written to the file only to be dropped (~110 ms per model on a 127k-row batch).
  // Names cannot clash across threads: every thread has its own connection, hence its own `temp` catalog.
  tmpRelation(target: RelationName): RelationName {
    return { database: TEMP_CATALOG, schema: 'main', identifier: `${target.identifier}__dbt_tmp` };
  },

  // Always a table on DuckDB: the model's SQL then runs once, although the MERGE duplicate-key check and the
  // strategy DML both read the tmp relation (a view would evaluate the model twice over the whole source).
  createTmpRelation(tmp: RelationName, sql: string, _kind: TmpRelationKind, _view: ViewOptions): string {
    return lines([`create or replace temp table ${renderRelation(tmp)} as (`, `    ${sql}`, ')']);
  },

  tmpDropType(_kind: TmpRelationKind): RelationType {
    return 'table';
  },

  merge(a: MergeArgs): string[] {
    if (a.uniqueKey === null || a.uniqueKey === undefined) return inTransaction([insertFromTmp(a)]);
    const cols = quotedCsv(duckdbDialect, a.destColumns);
    // DuckDB resolves bare names in VALUES against both sides; qualify them with the source alias.
    const values = a.destColumns.map((c) => `DBT_INTERNAL_SOURCE.${quoteIdentifier(c.name)}`).join(', ');
    const keyed = hasUniqueKey(a.uniqueKey);
    return inTransaction([
      lines([
        `merge into ${renderRelation(a.target)} as DBT_INTERNAL_DEST`,
        `    using ${renderRelation(a.tmp)} as DBT_INTERNAL_SOURCE`,
        `    on (${mergePredicates(a.uniqueKey, a.predicates).join(') and (')})`,
        keyed && a.updateColumns.length > 0 && 'when matched then update set',
        keyed &&
          a.updateColumns.length > 0 &&
          `    ${a.updateColumns.map((c) => `${c} = DBT_INTERNAL_SOURCE.${c}`).join(', ')}`,
        'when not matched then insert',
        `    (${cols})`,
        'values',
        `    (${values})`,
      ]),
    ]);
  },

  deleteInsert(a: DmlArgs): string[] {
    const statements: string[] = [];
    if (hasUniqueKey(a.uniqueKey)) {
      const keys = (Array.isArray(a.uniqueKey) ? a.uniqueKey : [a.uniqueKey]).join(', ');
      statements.push(
        lines([
          `delete from ${renderRelation(a.target)} as DBT_INTERNAL_DEST`,
          `where (${keys}) in (`,
          `    select distinct ${keys}`,
          `    from ${renderRelation(a.tmp)} as DBT_INTERNAL_SOURCE`,
          ')',
          ...a.predicates.map((p) => `    and ${p}`),
        ]),
      );
    }
    statements.push(insertFromTmp(a));
    return inTransaction(statements);
  },

  append(a: DmlArgs): string[] {
    return inTransaction([insertFromTmp(a)]);
  },

  // Snowflake's `insert overwrite` empties the table and inserts in one statement; here a transaction does.
  insertOverwrite(a: DmlArgs): string[] {
    return inTransaction([
      `delete from ${renderRelation(a.target)}`,
      `insert into ${renderRelation(a.target)}\n    select *\n    from ${renderRelation(a.tmp)}`,
    ]);
  },

  /**
   * Snowflake's two statements (dialect-snowflake.ts), each on its own as Snowflake autocommits them. The window is
   * compared with the bounds' text, as the batch's input filters compare (`ts >= '2024-09-17 00:00:00+00:00'`): the
   * target reads it by the column's type (the wallclock of a TIMESTAMP_NTZ, the instant of a TIMESTAMP_TZ/LTZ), so the
   * rows deleted are the rows the batch reads. Snowflake's to_timestamp_tz comparison agrees with it for TIMESTAMP_TZ
   * and LTZ columns and, with the session in UTC (the twin's), for TIMESTAMP_NTZ ones.
   */
  microbatch(a: MicrobatchArgs): string[] {
    const column = `DBT_INTERNAL_TARGET.${a.eventTime}`;
    const predicates = [...a.predicates, `${column} >= '${a.start}'`, `${column} < '${a.end}'`];
    return [`delete from ${renderRelation(a.target)} as DBT_INTERNAL_TARGET\nwhere ${predicates.map((p) => `(${p})`).join('\n  and ')}`, insertFromTmp(a)];
  },

  // DuckDB's ALTER TABLE takes one column per statement.
  addColumns(relation: RelationName, columns: ColumnDef[]): string[] {
    return columns.map((c) => `alter table ${renderRelation(relation)} add column ${quoteIdentifier(c.name)} ${c.dataType}`);
  },

  dropColumns(relation: RelationName, columnNames: string[]): string[] {
    return columnNames.map((n) => `alter table ${renderRelation(relation)} drop column ${quoteIdentifier(n)}`);
  },

  alterColumnType(relation: RelationName, columnName: string, dataType: string): string {
    return `alter table ${renderRelation(relation)} alter column ${quoteIdentifier(columnName)} set data type ${dataType}`;
  },

  // DuckDB's VARCHAR has no length, so nothing ever needs widening.
  widenStringColumns(): string[] {
    return [];
  },

  setQueryTag(): null {
    return null;
  },

  resetQueryTag(): null {
    return null;
  },

  useWarehouse(): null {
    return null;
  },
};
