// Snowflake statements, text-for-text as dbt-snowflake renders its macros (whitespace-only lines that
// empty tags leave behind are collapsed; everything else, including indentation, is kept).
import type { ColumnDef, RelationName, RelationType } from '../core/types';
import type { Dialect, DmlArgs, MicrobatchArgs, MergeArgs, TableOptions, TmpRelationKind, ViewOptions } from './dialect';
import { hasUniqueKey, mergePredicates, quotedCsv, stringSize } from './dialect';
import { lines, quoteIdentifier, renderRelation, stringLiteral, tmpRelationOf } from './sql-text';

/** `snowflake_dml_explicit_transaction`: `begin;\n    <dml>;\n    commit;`. */
function explicitTransaction(dml: string): string {
  return `begin;\n    ${dml};\n    commit;`;
}

function insertFromTmp(a: DmlArgs, indent: string): string {
  const cols = quotedCsv(snowflakeDialect, a.destColumns);
  return lines([
    `${indent}insert into ${renderRelation(a.target)} (${cols})`,
    `${indent}(`,
    `${indent}    select ${cols}`,
    `${indent}    from ${renderRelation(a.tmp)}`,
    `${indent})`,
  ]);
}

export const snowflakeDialect: Dialect = {
  name: 'snowflake',
  renderRelation,
  quote: quoteIdentifier,
  runsNonTransactionalHooks: false,
  currentTimestampUtc: "convert_timezone('UTC', current_timestamp())",

  createSchema(database: string, schema: string): string {
    return `create schema if not exists ${database}.${schema}`;
  },

  drop(relation: RelationName, type: RelationType): string {
    return `drop ${type} if exists ${renderRelation(relation)} cascade`;
  },

  describe(relation: RelationName): string {
    return `describe table ${renderRelation(relation)}`;
  },

  // snowflake__create_view_as_with_temp_flag: the secure/temporary slots keep their spaces even when empty; the column
  // list is kept as printed (a comment's own blank lines are its text).
  createView(relation: RelationName, sql: string, o: ViewOptions): string {
    return lines([
      `create or replace ${o.secure ? 'secure' : ''} ${o.temporary ? 'temporary' : ''} view ${renderRelation(relation)}`,
      o.columnList?.trim(),
      o.copyGrants && '  copy grants',
      o.rowAccessPolicy && `  with row access policy ${o.rowAccessPolicy}`,
      o.tableTag && `  with tag (${o.tableTag})`,
      '  as (',
      `    ${sql}`,
      '  );',
    ]);
  },

  // snowflake__create_table_info_schema_sql
  createTableAs(relation: RelationName, sql: string, o: TableOptions): string {
    const rel = renderRelation(relation);
    const head = [
      `create or replace ${o.transient ? 'transient ' : ''}table ${rel}`,
      o.copyGrants && '    copy grants',
      o.rowAccessPolicy && `    with row access policy ${o.rowAccessPolicy}`,
      o.tableTag && `    with tag (${o.tableTag})`,
    ];
    if (o.clusterBy !== undefined) {
      return lines([
        ...head,
        '    as (select * from (',
        `            ${sql}`,
        '        )',
        '        order by (',
        `            ${o.clusterBy}`,
        '        )',
        '    )',
        ';',
        `alter table ${rel} cluster by (${o.clusterBy});`,
      ]);
    }
    return lines([...head, `    as (${sql}`, '    )', ';']);
  },

  // dbt-snowflake's make_temp_relation: `<identifier>__dbt_tmp` next to the target.
  tmpRelation: tmpRelationOf,

  createTmpRelation(tmp: RelationName, sql: string, kind: TmpRelationKind, view: ViewOptions): string {
    if (kind === 'view') return this.createView(tmp, sql, { ...view, temporary: true });
    // snowflake__create_table_temporary_sql / snowflake__create_table_transient_sql
    return lines([
      `create or replace ${kind === 'transient' ? 'transient' : 'temporary'} table ${renderRelation(tmp)}`,
      'as (',
      `    ${sql}`,
      '    )',
      ';',
    ]);
  },

  tmpDropType(kind: TmpRelationKind): RelationType {
    return kind === 'view' ? 'view' : 'table';
  },

  // get_merge_sql → snowflake__get_merge_sql → default__get_merge_sql, wrapped in an explicit transaction.
  merge(a: MergeArgs): string[] {
    const head = '-- back compat for old kwarg name\n  begin;\n';
    const tail = '\n    commit;';
    if (a.uniqueKey === null || a.uniqueKey === undefined) {
      return [`${head}${insertFromTmp(a, '        ')};${tail}`];
    }
    const cols = quotedCsv(snowflakeDialect, a.destColumns);
    const keyed = hasUniqueKey(a.uniqueKey);
    const dml = lines([
      `    merge into ${renderRelation(a.target)} as DBT_INTERNAL_DEST`,
      `        using ${renderRelation(a.tmp)} as DBT_INTERNAL_SOURCE`,
      `        on (${mergePredicates(a.uniqueKey, a.predicates).join(') and (')})`,
      keyed && '    when matched then update set',
      keyed && `        ${a.updateColumns.map((c) => `${c} = DBT_INTERNAL_SOURCE.${c}`).join(',')}`,
      '    when not matched then insert',
      `        (${cols})`,
      '    values',
      `        (${cols})`,
    ]);
    // The merge macro ends in blank lines, so the transaction's `;` lands on a line of its own.
    return [`${head}${dml}\n;${tail}`];
  },

  // default__get_delete_insert_merge_sql, wrapped in an explicit transaction.
  deleteInsert(a: DmlArgs): string[] {
    const parts: string[] = [];
    if (hasUniqueKey(a.uniqueKey)) {
      const keys = (Array.isArray(a.uniqueKey) ? a.uniqueKey : [a.uniqueKey]).join(', ');
      const predicateLines = a.predicates.map((p) => `                and ${p}`);
      parts.push(
        lines([
          `        delete from ${renderRelation(a.target)} as DBT_INTERNAL_DEST`,
          `        where (${keys}) in (`,
          `            select distinct ${keys}`,
          `            from ${renderRelation(a.tmp)} as DBT_INTERNAL_SOURCE`,
          a.predicates.length > 0 ? `        )\n${predicateLines.join('\n')}\n            ;` : '        );',
        ]),
      );
    }
    parts.push(insertFromTmp(a, '    '));
    return [`begin;\n${parts.join('\n')};\n    commit;`];
  },

  // get_insert_into_sql (append), wrapped in an explicit transaction; dbt leaves `;` on its own line.
  append(a: DmlArgs): string[] {
    return [`begin;\n${insertFromTmp(a, '    ')}\n;\n    commit;`];
  },

  // snowflake__insert_overwrite_get_sql without overwrite_columns (note dbt's trailing space after the name).
  insertOverwrite(a: DmlArgs): string[] {
    return [
      `begin;\n    insert overwrite into ${renderRelation(a.target)} \n        select *\n        from ${renderRelation(a.tmp)};\n    commit;`,
    ];
  },

  /**
   * dbt-snowflake's snowflake__get_incremental_microbatch_sql as rendered (its whitespace included): the delete of
   * the batch's window, with any incremental_predicates first, then the insert — two statements in one `main`, with no
   * explicit transaction (dbt-labs/dbt-snowflake#1192 dropped the `using` clause; #1257 compares with timestamp_tz).
   */
  microbatch(a: MicrobatchArgs): string[] {
    const predicates = [
      ...a.predicates,
      `DBT_INTERNAL_TARGET.${a.eventTime} >= to_timestamp_tz('${a.start}')`,
      `DBT_INTERNAL_TARGET.${a.eventTime} < to_timestamp_tz('${a.end}')`,
    ];
    const cols = quotedCsv(snowflakeDialect, a.destColumns);
    return [
      `delete from ${renderRelation(a.target)} DBT_INTERNAL_TARGET\n    where (\n    ${predicates.map((p, i) => `${i === 0 ? '' : 'and '}${p}\n    `).join('')}\n    );` +
        `insert into ${renderRelation(a.target)} (${cols})\n    (\n        select ${cols}\n        from ${renderRelation(a.tmp)}\n    )`,
    ];
  },

  addColumns(relation: RelationName, columns: ColumnDef[]): string[] {
    if (columns.length === 0) return [];
    const list = columns.map((c) => `${quoteIdentifier(c.name)} ${c.dataType}`).join(', ');
    return [`alter table ${renderRelation(relation)} add column ${list}`];
  },

  dropColumns(relation: RelationName, columnNames: string[]): string[] {
    if (columnNames.length === 0) return [];
    return [`alter table ${renderRelation(relation)} drop column ${columnNames.map(quoteIdentifier).join(', ')}`];
  },

  alterColumnType(relation: RelationName, columnName: string, dataType: string): string {
    return `alter table ${renderRelation(relation)} alter ${quoteIdentifier(columnName)} set data type ${dataType}`;
  },

  widenStringColumns(relation: RelationName, tmpColumns: ColumnDef[], targetColumns: ColumnDef[]): string[] {
    const out: string[] = [];
    for (const tc of targetColumns) {
      const sc = tmpColumns.find((c) => c.name.toLowerCase() === tc.name.toLowerCase());
      if (!sc) continue;
      const from = stringSize(tc.dataType);
      const to = stringSize(sc.dataType);
      if (from !== null && to !== null && to > from) {
        out.push(this.alterColumnType(relation, tc.name, `varchar(${to})`));
      }
    }
    return out;
  },

  setQueryTag(tag: string): string {
    return `alter session set query_tag = ${stringLiteral(tag)}`;
  },

  resetQueryTag(original: string | undefined): string {
    return original ? `alter session set query_tag = ${stringLiteral(original)}` : 'alter session unset query_tag';
  },

  useWarehouse(name: string): string {
    return `use warehouse ${name}`;
  },
};
