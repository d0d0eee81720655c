// The snapshot materialization (dbt-core 1.9 semantics, dbt-snowflake's rendering), as plan steps. The SQL is
// Snowflake's; the DuckDB target runs it through the snowflake-on-duckdb layer, so both targets compute the
// same meta-column values (dbt_scd_id hashes the same text, because timestamps cast to text the Snowflake way).
//
// First run: `create table … as select *, <meta columns> from (<sql>) sbq`. Later runs: a staging table of the
// changes (insert / update / delete rows, dbt's `snapshot_staging_table`), new source columns added to the
// target, then one MERGE on dbt_scd_id inside `begin … commit` — the only statement that writes the
// snapshot, so a failure leaves it exactly as it was.
import { BronzeError, type ColumnDef, type HookDef, type NodeConfig, type RelationName, type RelationType, type SourceLocation } from '../core/types';
import { configProblems, type HardDeletes } from '../project/snapshots';
import type { Dialect } from './dialect';
import { grantSteps, hookStep, persistDocsSteps, type DeferredHooks, type DescribedColumns, type SqlStep, type Step } from './materializations';
import { lines } from './sql-text';
import { splitStatements, withQueryComment, type QueryCommentContext } from './statements';

export interface SnapshotColumnNames {
  dbt_scd_id: string;
  dbt_updated_at: string;
  dbt_valid_from: string;
  dbt_valid_to: string;
  dbt_is_deleted: string;
}

export interface SnapshotStrategy {
  kind: 'timestamp' | 'check';
  /** One key expression, or several (dbt_unique_key_1, _2, …). */
  uniqueKey: string | string[];
  /** The expression of dbt_updated_at / dbt_valid_from: the updated_at column, or the snapshot time (check). */
  updatedAt: string;
  hardDeletes: HardDeletes;
  columns: SnapshotColumnNames;
  /** `dbt_valid_to_current`, verbatim SQL, when set. */
  validToCurrent?: string;
  /** check strategy: the configured columns, or 'all'. */
  checkCols?: string[] | 'all';
}

/** dbt-snowflake's snapshot_get_time(): the current time in UTC as TIMESTAMP_NTZ. */
export const SNAPSHOT_TIME = "to_timestamp_ntz(convert_timezone('UTC', current_timestamp()))";

/** The strategy a config describes; throws the loader's words when the config is incomplete. */
export function snapshotStrategy(config: NodeConfig, location?: SourceLocation): SnapshotStrategy {
  const problems = configProblems(config);
  if (problems.length > 0) throw new BronzeError(`Snapshot config: ${problems.join(' ')}`, location, 'bronze/snapshot-config');
  const kind = config.strategy as 'timestamp' | 'check';
  const uniqueKey = Array.isArray(config.unique_key) ? config.unique_key.map(String) : String(config.unique_key);
  const names = (config.snapshot_meta_column_names ?? {}) as Record<string, unknown>;
  const name = (k: keyof SnapshotColumnNames) => (typeof names[k] === 'string' && names[k] !== '' ? (names[k] as string) : k);
  const columns: SnapshotColumnNames = {
    dbt_scd_id: name('dbt_scd_id'),
    dbt_updated_at: name('dbt_updated_at'),
    dbt_valid_from: name('dbt_valid_from'),
    dbt_valid_to: name('dbt_valid_to'),
    dbt_is_deleted: name('dbt_is_deleted'),
  };
  // dbt 1.9: `hard_deletes` wins; the legacy `invalidate_hard_deletes: true` means 'invalidate'.
  const hd = config.hard_deletes;
  const hardDeletes: HardDeletes = typeof hd === 'string' ? (hd as HardDeletes) : config.invalidate_hard_deletes === true ? 'invalidate' : 'ignore';
  const updatedAt = typeof config.updated_at === 'string' && config.updated_at.trim() !== '' ? config.updated_at.trim() : SNAPSHOT_TIME;
  const strategy: SnapshotStrategy = { kind, uniqueKey, updatedAt, hardDeletes, columns };
  const current = config.dbt_valid_to_current;
  if (typeof current === 'string' && current.trim() !== '') strategy.validToCurrent = current.trim();
  if (kind === 'check') strategy.checkCols = config.check_cols === 'all' ? 'all' : (config.check_cols as string[]);
  return strategy;
}

/** dbt's snapshot_hash_arguments: md5 of the arguments cast to text, NULL as '', joined by '|'. */
export function hashArguments(args: string[]): string {
  return `md5(${args.map((a) => `coalesce(cast(${a} as varchar ), '')`).join(" || '|' || ")})`;
}

function keyList(s: SnapshotStrategy): string[] {
  return Array.isArray(s.uniqueKey) ? s.uniqueKey : [s.uniqueKey];
}

function scdId(s: SnapshotStrategy): string {
  return hashArguments([...keyList(s), s.updatedAt]);
}

function validToCurrent(s: SnapshotStrategy): string {
  return `coalesce(nullif(${s.updatedAt}, ${s.updatedAt}), ${s.validToCurrent ?? 'null'})`;
}

/** The first run's SELECT (dbt's build_snapshot_table). */
export function buildSnapshotTableSql(s: SnapshotStrategy, sql: string): string {
  const c = s.columns;
  return lines([
    'select *,',
    `    ${scdId(s)} as ${c.dbt_scd_id},`,
    `    ${s.updatedAt} as ${c.dbt_updated_at},`,
    `    ${s.updatedAt} as ${c.dbt_valid_from},`,
    `    ${validToCurrent(s)} as ${c.dbt_valid_to}${s.hardDeletes === 'new_record' ? ',' : ''}`,
    s.hardDeletes === 'new_record' && `    'False' as ${c.dbt_is_deleted}`,
    'from (',
    `    ${sql}`,
    ') sbq',
  ]);
}

/**
 * The check strategy's columns once the snapshot exists (dbt's snapshot_check_all_get_existing_columns): the
 * checked columns the table has, quoted with the table's spelling, and whether the query has a column the table
 * lacks — then every current row counts as changed.
 */
export function checkColumns(s: SnapshotStrategy, queryColumns: readonly string[], targetColumns: readonly ColumnDef[]): { columns: string[]; columnAdded: boolean } {
  const wanted = s.checkCols === 'all' ? [...queryColumns] : (s.checkCols ?? []);
  const existing = new Map(targetColumns.map((c) => [c.name.toLowerCase(), c.name]));
  const columns: string[] = [];
  let columnAdded = false;
  for (const col of wanted) {
    const found = existing.get(col.toLowerCase());
    if (found === undefined) columnAdded = true;
    else columns.push(`"${found.replace(/"/g, '""')}"`);
  }
  return { columns, columnAdded };
}

function rowChanged(s: SnapshotStrategy, check: { columns: string[]; columnAdded: boolean } | undefined): string {
  if (s.kind === 'timestamp') return `(snapshotted_data.${s.columns.dbt_valid_from} < source_data.${s.updatedAt})`;
  if (!check || check.columnAdded) return '(TRUE)';
  const parts = check.columns.map(
    (col) =>
      `snapshotted_data.${col} != source_data.${col}\n        or\n        (\n            ((snapshotted_data.${col} is null) and not (source_data.${col} is null))\n            or\n            ((not snapshotted_data.${col} is null) and (source_data.${col} is null))\n        )`,
  );
  return `(${parts.join(' or ')})`;
}

function uniqueKeyFields(s: SnapshotStrategy): string {
  return Array.isArray(s.uniqueKey) ? s.uniqueKey.map((k, i) => `${k} as dbt_unique_key_${i + 1}`).join(', ') : `${s.uniqueKey} as dbt_unique_key`;
}

function keyJoin(s: SnapshotStrategy, a: string, b: string): string {
  return Array.isArray(s.uniqueKey) ? s.uniqueKey.map((_, i) => `${a}.dbt_unique_key_${i + 1} = ${b}.dbt_unique_key_${i + 1}`).join(' and ') : `${a}.dbt_unique_key = ${b}.dbt_unique_key`;
}

function keyIsNull(s: SnapshotStrategy, a: string, not = false): string {
  return `${a}.${Array.isArray(s.uniqueKey) ? 'dbt_unique_key_1' : 'dbt_unique_key'} is ${not ? 'not ' : ''}null`;
}

function isCurrent(s: SnapshotStrategy, alias: string): string {
  const col = `${alias}${alias ? '.' : ''}${s.columns.dbt_valid_to}`;
  return s.validToCurrent ? `(${col} = ${s.validToCurrent} or ${col} is null)` : `${col} is null`;
}

export interface StagingInput {
  strategy: SnapshotStrategy;
  sql: string;
  target: RelationName;
  /** The snapshot table's columns (described). */
  targetColumns: ColumnDef[];
  /** The query's columns, in order (needed by check_cols: 'all' and hard_deletes: new_record). */
  queryColumns: string[];
  quote(name: string): string;
  renderRelation(r: RelationName): string;
}

/** dbt's snapshot_staging_table: one row per change — 'insert' (new version), 'update' and 'delete' (close one). */
export function snapshotStagingSql(input: StagingInput): string {
  const s = input.strategy;
  const c = s.columns;
  const newRecord = s.hardDeletes === 'new_record';
  const deletes = s.hardDeletes === 'invalidate' || newRecord;
  const check = s.kind === 'check' ? checkColumns(s, input.queryColumns, input.targetColumns) : undefined;
  const changed = rowChanged(s, check) + (newRecord ? ` or snapshotted_data.${c.dbt_is_deleted} = 'True'` : '');
  const latestNotDeleted = `not (\n            snapshotted_data.${c.dbt_is_deleted} = 'True'\n            and\n            ${isCurrent(s, 'snapshotted_data')}\n        )`;
  const target = input.renderRelation(input.target);
  const ctes: string[] = [
    `snapshot_query as (\n\n    ${input.sql}\n\n)`,
    `snapshotted_data as (\n    select *, ${uniqueKeyFields(s)}\n    from ${target}\n    where ${isCurrent(s, '')}\n)`,
    `insertions_source_data as (\n    select *, ${uniqueKeyFields(s)},\n        ${s.updatedAt} as ${c.dbt_updated_at},\n        ${s.updatedAt} as ${c.dbt_valid_from},\n        ${validToCurrent(s)} as ${c.dbt_valid_to},\n        ${scdId(s)} as ${c.dbt_scd_id}\n    from snapshot_query\n)`,
    `updates_source_data as (\n    select *, ${uniqueKeyFields(s)},\n        ${s.updatedAt} as ${c.dbt_updated_at},\n        ${s.updatedAt} as ${c.dbt_valid_from},\n        ${s.updatedAt} as ${c.dbt_valid_to}\n    from snapshot_query\n)`,
  ];
  if (deletes) ctes.push(`deletes_source_data as (\n    select *, ${uniqueKeyFields(s)}\n    from snapshot_query\n)`);
  ctes.push(
    `insertions as (\n    select\n        'insert' as dbt_change_type,\n        source_data.*${newRecord ? `,\n        'False' as ${c.dbt_is_deleted}` : ''}\n    from insertions_source_data as source_data\n    left outer join snapshotted_data\n        on ${keyJoin(s, 'snapshotted_data', 'source_data')}\n        where ${keyIsNull(s, 'snapshotted_data')}\n        or (${keyIsNull(s, 'snapshotted_data', true)} and (\n            ${changed}\n        ))\n)`,
    `updates as (\n    select\n        'update' as dbt_change_type,\n        source_data.*,\n        snapshotted_data.${c.dbt_scd_id}${newRecord ? `,\n        snapshotted_data.${c.dbt_is_deleted}` : ''}\n    from updates_source_data as source_data\n    join snapshotted_data\n        on ${keyJoin(s, 'snapshotted_data', 'source_data')}\n    where (\n        ${changed}\n    )\n)`,
  );
  if (deletes) {
    ctes.push(
      `deletes as (\n    select\n        'delete' as dbt_change_type,\n        source_data.*,\n        ${SNAPSHOT_TIME} as ${c.dbt_valid_from},\n        ${SNAPSHOT_TIME} as ${c.dbt_updated_at},\n        ${SNAPSHOT_TIME} as ${c.dbt_valid_to},\n        snapshotted_data.${c.dbt_scd_id}${newRecord ? `,\n        snapshotted_data.${c.dbt_is_deleted}` : ''}\n    from snapshotted_data\n    left join deletes_source_data as source_data\n        on ${keyJoin(s, 'snapshotted_data', 'source_data')}\n    where ${keyIsNull(s, 'source_data')}${newRecord ? `\n    and ${latestNotDeleted}` : ''}\n)`,
    );
  }
  if (newRecord) {
    const have = new Set(input.targetColumns.map((t) => t.name.toLowerCase()));
    const cols = input.queryColumns.map((q) => (have.has(q.toLowerCase()) ? `snapshotted_data.${input.quote(q)}` : `NULL as ${input.quote(q)}`));
    const keys = Array.isArray(s.uniqueKey) ? s.uniqueKey.map((k, i) => `snapshotted_data.${k} as dbt_unique_key_${i + 1}`) : ['snapshotted_data.dbt_unique_key as dbt_unique_key'];
    ctes.push(
      `deletion_records as (\n    select\n        'insert' as dbt_change_type,\n        ${[...cols, ...keys].join(',\n        ')},\n        ${SNAPSHOT_TIME} as ${c.dbt_valid_from},\n        ${SNAPSHOT_TIME} as ${c.dbt_updated_at},\n        snapshotted_data.${c.dbt_valid_to} as ${c.dbt_valid_to},\n        ${hashArguments([c.dbt_scd_id, SNAPSHOT_TIME])} as ${c.dbt_scd_id},\n        'True' as ${c.dbt_is_deleted}\n    from snapshotted_data\n    left join deletes_source_data as source_data\n        on ${keyJoin(s, 'snapshotted_data', 'source_data')}\n    where ${keyIsNull(s, 'source_data')}\n    and ${latestNotDeleted}\n)`,
    );
  }
  const unions = ['select * from insertions', 'select * from updates', deletes && 'select * from deletes', newRecord && 'select * from deletion_records'];
  return `with ${ctes.join(',\n\n')}\n\n${lines(unions).split('\n').join('\nunion all\n')}`;
}

/** Staging columns that are bookkeeping, never copied into the snapshot. */
export function isStagingOnlyColumn(name: string): boolean {
  return /^(dbt_change_type|dbt_unique_key(_\d+)?)$/i.test(name);
}

/** dbt's snapshot_merge_sql: close the changed rows' current versions, insert the new ones. */
export function snapshotMergeSql(d: Dialect, s: SnapshotStrategy, target: RelationName, staging: RelationName, insertColumns: string[]): string {
  const c = s.columns;
  const cols = insertColumns.map((n) => d.quote(n));
  // DuckDB resolves bare names in VALUES against both sides; Snowflake reads them from the source.
  const values = d.name === 'duckdb' ? cols.map((q) => `DBT_INTERNAL_SOURCE.${q}`) : cols;
  const current = s.validToCurrent
    ? `and (DBT_INTERNAL_DEST.${c.dbt_valid_to} = ${s.validToCurrent} or\n        DBT_INTERNAL_DEST.${c.dbt_valid_to} is null)`
    : `and DBT_INTERNAL_DEST.${c.dbt_valid_to} is null`;
  return lines([
    `merge into ${d.renderRelation(target)} as DBT_INTERNAL_DEST`,
    `using ${d.renderRelation(staging)} as DBT_INTERNAL_SOURCE`,
    `on DBT_INTERNAL_SOURCE.${c.dbt_scd_id} = DBT_INTERNAL_DEST.${c.dbt_scd_id}`,
    'when matched',
    ` ${current}`,
    " and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')",
    '    then update',
    `    set ${c.dbt_valid_to} = DBT_INTERNAL_SOURCE.${c.dbt_valid_to}`,
    'when not matched',
    " and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'",
    `    then insert (${cols.join(', ')})`,
    `    values (${values.join(', ')})`,
  ]);
}

export interface SnapshotPlanInput {
  relation: RelationName;
  /** The snapshot's rendered SELECT. */
  compiledSql: string;
  config: NodeConfig;
  existing: RelationType | null;
  /** The query's column names, when the snapshot exists (check 'all' and new_record read them). */
  queryColumns?: string[];
  preHooks: HookDef[];
  postHooks: HookDef[];
  /** Hooks rendered only when they run (CompiledModel.hookRenders): a post-hook after the snapshot's statements. */
  hookRenders?: DeferredHooks;
  location?: SourceLocation;
  queryComment?: QueryCommentContext;
  ensureSchema?: boolean;
  /** The profile's query_tag, restored after a snapshot that sets its own (dbt-snowflake's set_query_tag). */
  profileQueryTag?: string;
}

function step(input: SnapshotPlanInput, sql: string, label: string): SqlStep {
  return { kind: 'sql', sql: withQueryComment(sql, input.queryComment), statements: splitStatements(sql).map((x) => withQueryComment(x, input.queryComment)), label };
}

/** Whether planning needs the query's columns first (the runner asks the warehouse, as dbt's get_columns_in_query). */
export function needsQueryColumns(config: NodeConfig, existing: RelationType | null): boolean {
  return existing !== null && (config.strategy === 'check' || config.hard_deletes === 'new_record');
}

/** The statements of one snapshot run. */
export function planSnapshot(d: Dialect, input: SnapshotPlanInput): Step[] {
  const s = snapshotStrategy(input.config, input.location);
  const rel = input.relation;
  const steps: Step[] = [];
  if (input.ensureSchema !== false) steps.push(step(input, d.createSchema(rel.database, rel.schema), 'create schema'));
  const tag = typeof input.config.query_tag === 'string' && input.config.query_tag !== '' ? input.config.query_tag : undefined;
  const setTag = tag ? d.setQueryTag(tag) : null;
  const resetTag = tag ? d.resetQueryTag(input.profileQueryTag) : null;
  if (setTag) steps.push(step(input, setTag, 'set query tag'));
  if (input.existing === 'view') {
    throw new BronzeError(`${d.renderRelation(rel)} is a view; a snapshot writes a table. Drop the view, or give the snapshot another name or schema.`, input.location, 'bronze/snapshot-target');
  }
  const hooks = (list: HookDef[], phase: 'pre' | 'post'): Step[] =>
    list.flatMap((h, i) => hookStep(h.sql, input.hookRenders?.[phase]?.get(i), `${phase}-hook`, (sql) => step(input, sql, `${phase}-hook`)) ?? []);
  steps.push(...hooks(input.preHooks, 'pre'));
  // dbt's snapshot materialization: grants (should_revoke(target_relation_exists, full_refresh_mode=False)) and
  // persist_docs after the snapshot's statements, before the post-hooks.
  const finish = [...grantSteps(d, input.config, 'table', input.existing !== null, false), ...persistDocsSteps(input.config, 'table')];
  if (input.existing === null) {
    // dbt-snowflake creates the snapshot like a table: transient unless `transient: false`.
    steps.push(step(input, d.createTableAs(rel, buildSnapshotTableSql(s, input.compiledSql), { transient: input.config.transient !== false }), 'main'));
    steps.push(...finish, ...hooks(input.postHooks, 'post'));
    if (resetTag) steps.push(step(input, resetTag, 'reset query tag'));
    return steps;
  }
  const staging = d.tmpRelation(rel);
  steps.push({ kind: 'describe', relation: rel, into: 'target' });
  steps.push({
    kind: 'expand',
    label: 'staging',
    build: (described: DescribedColumns): Step[] => {
      const have = new Set(described.target.map((c) => c.name.toLowerCase()));
      const meta = [s.columns.dbt_scd_id, s.columns.dbt_valid_from, s.columns.dbt_valid_to];
      const missing = meta.filter((m) => !have.has(m.toLowerCase()));
      if (missing.length > 0) {
        throw new BronzeError(
          `${d.renderRelation(rel)} is not a snapshot table: it has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}. Point the snapshot at another relation, or drop this table to start the snapshot anew.`,
          input.location,
          'bronze/snapshot-target',
        );
      }
      const pre: Step[] = [];
      if (s.hardDeletes === 'new_record' && !have.has(s.columns.dbt_is_deleted.toLowerCase())) {
        // hard_deletes: new_record on a snapshot made without it: its rows get the flag, 'False' (none of them was
        // recorded as deleted). Left NULL, the staging query's `dbt_is_deleted = 'True'` tests would be NULL and
        // a current row whose key disappears would never be closed.
        // Quoted as Snowflake stores the unquoted name (upper case), on DuckDB too: the staging query reads it unquoted.
        const col = { name: s.columns.dbt_is_deleted.toUpperCase(), dataType: 'VARCHAR' };
        pre.push(...d.addColumns(rel, [col]).map((sql) => step(input, sql, 'add columns')));
        pre.push(step(input, `update ${d.renderRelation(rel)} set ${s.columns.dbt_is_deleted} = 'False' where ${s.columns.dbt_is_deleted} is null`, 'add columns'));
        described.target.push(col);
      }
      const select = snapshotStagingSql({ strategy: s, sql: input.compiledSql, target: rel, targetColumns: described.target, queryColumns: input.queryColumns ?? [], quote: d.quote, renderRelation: d.renderRelation });
      return [
        ...pre,
        step(input, d.createTmpRelation(staging, select, 'table', {}), 'staging'),
        { kind: 'describe', relation: staging, into: 'tmp' },
        {
          kind: 'expand',
          label: 'merge',
          build: (cols: DescribedColumns): Step[] => {
            const source = cols.tmp.filter((c) => !isStagingOnlyColumn(c.name));
            const targetNames = new Set(cols.target.map((c) => c.name.toLowerCase()));
            const added = source.filter((c) => !targetNames.has(c.name.toLowerCase()));
            const out: Step[] = d.addColumns(rel, added).map((sql) => step(input, sql, 'add columns'));
            const merge = snapshotMergeSql(d, s, rel, staging, source.map((c) => c.name));
            out.push(step(input, 'begin', 'main'), step(input, merge, 'main'), step(input, 'commit', 'main'));
            out.push(...finish, ...hooks(input.postHooks, 'post'));
            if (d.name === 'duckdb') out.push(step(input, d.drop(staging, d.tmpDropType('table')), 'drop staging'));
            if (resetTag) out.push(step(input, resetTag, 'reset query tag'));
            return out;
          },
        },
      ];
    },
  });
  return steps;
}

/**
 * The statements a snapshot run would execute, for `compile --print` and previews: the describes a run makes
 * are answered with `targetColumns` (the table's columns; empty when it does not exist), the staging table is
 * assumed to hold those columns plus the bookkeeping ones, and the query's columns default to the table's.
 */
export function previewSnapshot(d: Dialect, input: SnapshotPlanInput, known: ColumnDef[]): string[] {
  const s = snapshotStrategy(input.config, input.location);
  const metaNames = [s.columns.dbt_scd_id, s.columns.dbt_updated_at, s.columns.dbt_valid_from, s.columns.dbt_valid_to, ...(s.hardDeletes === 'new_record' ? [s.columns.dbt_is_deleted] : [])];
  const meta = new Set(metaNames.map((m) => m.toLowerCase()));
  const queryColumns = input.queryColumns ?? known.filter((c) => !meta.has(c.name.toLowerCase())).map((c) => c.name);
  // Offline, `known` is the query's columns (inferred or declared): the snapshot table adds the meta columns.
  const have = new Set(known.map((c) => c.name.toLowerCase()));
  const upper = d.name === 'snowflake';
  const targetColumns = [...known, ...metaNames.filter((m) => !have.has(m.toLowerCase())).map((m) => ({ name: upper ? m.toUpperCase() : m, dataType: 'VARCHAR' }))];
  const steps = planSnapshot(d, { ...input, queryColumns });
  const described: DescribedColumns = { target: targetColumns, tmp: [{ name: 'dbt_change_type', dataType: 'VARCHAR' }, ...targetColumns, { name: 'dbt_unique_key', dataType: 'VARCHAR' }] };
  const out: string[] = [];
  const walk = (list: Step[]): void => {
    for (const s of list) {
      if (s.kind === 'sql') out.push(...s.statements);
      else if (s.kind === 'describe') out.push(d.describe(s.relation));
      else if (s.kind === 'expand') walk(s.build(described));
    }
  };
  walk(steps);
  return out;
}
