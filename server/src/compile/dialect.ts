// One Dialect per warehouse. Snowflake's texts reproduce dbt-snowflake's rendered macros; DuckDB's are
// the embedded target's equivalents with the same effect. Everything here is pure text building.
import type { ColumnDef, RelationName, RelationType, TargetType } from '../core/types';
import { snowflakeDialect } from './dialect-snowflake';
import { duckdbDialect } from './dialect-duckdb';

/** dbt-snowflake's `row_access_policy` and `table_tag` configs, as written (`with row access policy …`, `with tag (…)`). */
export interface GovernanceOptions {
  rowAccessPolicy?: string;
  tableTag?: string;
}

export interface ViewOptions extends GovernanceOptions {
  secure?: boolean;
  copyGrants?: boolean;
  /** persist_docs columns: the `( "C" COMMENT $$…$$, … )` list get_persist_docs_column_list printed. */
  columnList?: string;
  /** Only the incremental tmp relation is temporary. */
  temporary?: boolean;
}

export interface TableOptions extends GovernanceOptions {
  /** dbt-snowflake's default is transient unless `transient: false`. */
  transient: boolean;
  copyGrants?: boolean;
  /** The `cluster_by` config rendered as dbt does: a string, or a list joined with `, `. */
  clusterBy?: string;
}

/** What the incremental tmp relation is built as (dbt-snowflake's `tmp_relation_type`). */
export type TmpRelationKind = 'view' | 'table' | 'transient';

/** Inputs of every incremental DML builder. Column names come from `describe` and are quoted by the builder. */
export interface DmlArgs {
  target: RelationName;
  tmp: RelationName;
  /** `undefined`/`null` = no unique_key; a list may be empty (dbt then merges on FALSE). */
  uniqueKey?: string | string[] | null;
  destColumns: ColumnDef[];
  /** `incremental_predicates`, used verbatim. */
  predicates: string[];
}

/** A microbatch batch's DML: the batch's window of the target (by the model's `event_time`) is replaced. */
export interface MicrobatchArgs extends DmlArgs {
  /** The model's `event_time` config, as written (dbt-snowflake renders it unquoted). */
  eventTime: string;
  /** The batch's bounds as dbt's `str()` of its UTC datetimes (`2024-09-17 00:00:00+00:00`). */
  start: string;
  end: string;
}

export interface MergeArgs extends DmlArgs {
  /** The `when matched then update set` columns, already rendered (quoted, or as given by merge_update_columns). */
  updateColumns: string[];
}

export interface Dialect {
  readonly name: TargetType;
  renderRelation(relation: RelationName): string;
  quote(identifier: string): string;
  createSchema(database: string, schema: string): string;
  drop(relation: RelationName, type: RelationType): string;
  /** The statement behind `WarehouseSession.describe` (shown in previews). */
  describe(relation: RelationName): string;
  createView(relation: RelationName, sql: string, options: ViewOptions): string;
  /** The CTAS text; on Snowflake it also holds `alter table … cluster by (…)` when clustering. */
  createTableAs(relation: RelationName, sql: string, options: TableOptions): string;
  /** Where an incremental run builds its `__dbt_tmp` relation for `target`. */
  tmpRelation(target: RelationName): RelationName;
  createTmpRelation(tmp: RelationName, sql: string, kind: TmpRelationKind, view: ViewOptions): string;
  /** The relation type the tmp relation is dropped as. */
  tmpDropType(kind: TmpRelationKind): RelationType;
  /**
   * Strategy DML. Snowflake returns one text (dbt's `main` statement, `begin; …; commit;` inside);
   * DuckDB returns `begin`, the DML statements and `commit` separately.
   */
  merge(args: MergeArgs): string[];
  deleteInsert(args: DmlArgs): string[];
  append(args: DmlArgs): string[];
  insertOverwrite(args: DmlArgs): string[];
  /** dbt's microbatch strategy for one batch: delete the batch's window, insert the batch's rows (no transaction). */
  microbatch(args: MicrobatchArgs): string[];
  addColumns(relation: RelationName, columns: ColumnDef[]): string[];
  dropColumns(relation: RelationName, columnNames: string[]): string[];
  alterColumnType(relation: RelationName, columnName: string, dataType: string): string;
  /** `expand_target_column_types`: widen target string columns the tmp relation made longer. */
  widenStringColumns(relation: RelationName, tmpColumns: ColumnDef[], targetColumns: ColumnDef[]): string[];
  /** Snowflake runs only `transaction: true` hooks; DuckDB runs all of them. */
  runsNonTransactionalHooks: boolean;
  setQueryTag(tag: string): string | null;
  /** Restores the profile's tag, or unsets it when the profile has none. */
  resetQueryTag(original: string | undefined): string | null;
  useWarehouse(name: string): string | null;
  /** `now` in UTC, as a timestamp without zone, for freshness. */
  readonly currentTimestampUtc: string;
}

export { snowflakeDialect, duckdbDialect };

export function dialectFor(type: TargetType): Dialect {
  return type === 'snowflake' ? snowflakeDialect : duckdbDialect;
}

/** dbt's `get_quoted_csv`: quoted names joined with `, `. */
export function quotedCsv(d: Dialect, columns: ColumnDef[]): string {
  return columns.map((c) => d.quote(c.name)).join(', ');
}

/**
 * The merge `on` predicates in dbt's order: incremental_predicates first, then the key matches. A string
 * key gives `(SRC.k = DEST.k)` (dbt's `equals()`), each list element the multi-line form dbt's `{% set %}`
 * block produces; an empty key gives `FALSE`.
 */
export function mergePredicates(uniqueKey: string | string[], predicates: string[]): string[] {
  const out = [...predicates];
  const emptyKey = Array.isArray(uniqueKey) ? uniqueKey.length === 0 : uniqueKey.trim() === '';
  if (emptyKey) {
    out.push('FALSE');
  } else if (Array.isArray(uniqueKey)) {
    for (const key of uniqueKey) {
      out.push(`\n                    DBT_INTERNAL_SOURCE.${key} = DBT_INTERNAL_DEST.${key}\n                `);
    }
  } else {
    out.push(`(DBT_INTERNAL_SOURCE.${uniqueKey.trim()} = DBT_INTERNAL_DEST.${uniqueKey.trim()})`);
  }
  return out;
}

export function hasUniqueKey(uniqueKey: string | string[] | null | undefined): uniqueKey is string | string[] {
  if (uniqueKey === null || uniqueKey === undefined) return false;
  return Array.isArray(uniqueKey) ? uniqueKey.length > 0 : uniqueKey.trim() !== '';
}

/** Snowflake string types and their size (VARCHAR without a length is 16,777,216). */
export function stringSize(dataType: string): number | null {
  const m = /^\s*(varchar|character varying|string|text|nvarchar|nchar|char|character)\s*(?:\(\s*(\d+)\s*\))?\s*$/i.exec(
    dataType,
  );
  if (!m) return null;
  if (m[2]) return Number(m[2]);
  const kind = m[1].toLowerCase();
  return kind === 'char' || kind === 'character' || kind === 'nchar' ? 1 : 16777216;
}
