// The materialization planner: for one model run it returns the ordered steps dbt-snowflake would run
// (view, table, incremental), as text. Column-dependent work (schema changes, the strategy DML) sits
// behind an `expand` step the runner calls with the columns it described, so the planner stays pure.
import {
  BronzeError,
  type ColumnDef,
  type HookDef,
  type NodeConfig,
  type OnSchemaChange,
  type RelationName,
  type RelationType,
  type SourceLocation,
} from '../core/types';
import type { Dialect, DmlArgs, TmpRelationKind } from './dialect';
import { stringSize } from './dialect';
import { renderRelation } from './sql-text';
import { columnsAndConstraints, selectSubquery, type Contract, type ConstraintTarget } from './contract';
import { splitStatements, withQueryComment, type QueryCommentContext } from './statements';

export interface SqlStep {
  kind: 'sql';
  /** The text as dbt renders it (what target/run shows); may hold several statements on Snowflake. */
  sql: string;
  /** The statements the runner executes one by one, in order (`sql` split, each with the query comment). */
  statements: string[];
  label: string;
  /** Runs inside the model's transaction (transactional hooks, the strategy DML). */
  transactional?: boolean;
  /** Means the same in every target's own SQL (a seed's INSERT of literals): the DuckDB target skips translation. */
  native?: boolean;
}

/** The runner calls `WarehouseSession.describe(relation)` and keeps the columns under `into`. */
export interface DescribeStep {
  kind: 'describe';
  relation: RelationName;
  into: 'tmp' | 'target';
}

/**
 * Replaced by the steps `build` returns, given the columns described so far. `build` throws a BronzeError
 * when the model must fail (on_schema_change: fail, conflicting merge configs).
 */
export interface ExpandStep {
  kind: 'expand';
  label: string;
  build(columns: DescribedColumns): Step[];
}

/**
 * Replaced by the steps `render` gives when the runner reaches it: a hook whose template asks the warehouse is
 * rendered when it runs, as dbt's run_hooks renders it (a post-hook's run_query sees the new table).
 */
export interface RenderStep {
  kind: 'render';
  label: string;
  render(): Promise<Step[]>;
}

/** Hooks (by phase, then index) rendered only when they run; their text in the config is empty until then. */
export interface DeferredHooks {
  pre?: ReadonlyMap<number, () => Promise<string>>;
  post?: ReadonlyMap<number, () => Promise<string>>;
}

/**
 * One hook's step: its SQL as rendered, or, when `render` is given, a step rendering it when the runner reaches it;
 * null for a hook with nothing to run. `toStep` makes the SQL step (its label, query comment, transaction).
 */
export function hookStep(sql: string, render: (() => Promise<string>) | undefined, label: string, toStep: (sql: string) => SqlStep): Step | null {
  if (render) {
    return {
      kind: 'render',
      label,
      render: async () => {
        const text = (await render()).trim();
        return text === '' ? [] : [toStep(text)];
      },
    };
  }
  return sql.trim() === '' ? null : toStep(sql.trim());
}

/**
 * One of dbt's materialization macros (server/src/template/dbt-materialization-macros.ts: apply_grants, persist_docs,
 * get_persist_docs_column_list) rendered in the model's context when the runner reaches it, where dbt-snowflake's
 * materializations call it: what the macro sends (SHOW GRANTS, GRANT, COMMENT ON …) goes to the warehouse as it renders.
 * `names` are added to the render's context (`sql`); `then` makes the steps that follow from what the render printed.
 */
export interface MacroStep {
  kind: 'macro';
  label: string;
  /**
   * Where dbt's materialization calls the macro, as a failure names it: after the model's statements unless said
   * (a view's column list is asked before its CREATE VIEW, from the model's own query).
   */
  when?: string;
  template: string;
  names?: Record<string, unknown>;
  then?(printed: string): Step[];
}

/** How the runner renders a MacroStep: what it printed, and the statements it sent, in order. */
export type MacroRenderer = (step: MacroStep) => Promise<{ printed: string; sent: string[] }>;

export type Step = SqlStep | DescribeStep | ExpandStep | RenderStep | MacroStep;

export interface DescribedColumns {
  tmp: ColumnDef[];
  target: ColumnDef[];
}

export interface PlanInput {
  relation: RelationName;
  /** The model's rendered SQL. */
  compiledSql: string;
  config: NodeConfig;
  /** What exists at `relation` now. */
  existing: RelationType | null;
  /** The `--full-refresh` flag; the model's `full_refresh` config beats it. */
  fullRefresh: boolean;
  /** Where the model is defined, attached to planning errors. */
  location?: SourceLocation;
  /** When set, every statement is prefixed with Bronze's query comment. */
  queryComment?: QueryCommentContext;
  /** The profile's warehouse; a different `snowflake_warehouse` switches before the model and back after. */
  profileWarehouse?: string;
  /** The profile's query_tag, restored after a model that sets its own. */
  profileQueryTag?: string;
  /** Prepend `create schema if not exists` for the model's schema. */
  ensureSchema?: boolean;
  /** Hooks rendered only when they run (CompiledModel.hookRenders). */
  hookRenders?: DeferredHooks;
  /**
   * An enforced contract: the table is created with its typed, constrained columns, then filled. `aside` is what
   * exists now where it is built (`<identifier>__dbt_tmp`): a failed incremental run on Snowflake leaves its tmp
   * view there, which `create or replace … table` cannot replace.
   */
  contract?: { contract: Contract; resolve: ConstraintTarget; aside?: RelationType | null };
  /** A microbatch model's batch (its bounds as dbt's `str()` of UTC datetimes): the strategy replaces that window. */
  batch?: { start: string; end: string };
}

// -------------------------------------------------------------------------------------------------------
// Steps

function sqlStep(input: PlanInput, sql: string, label: string, transactional?: boolean): SqlStep {
  const step: SqlStep = {
    kind: 'sql',
    sql: withQueryComment(sql, input.queryComment),
    statements: splitStatements(sql).map((s) => withQueryComment(s, input.queryComment)),
    label,
  };
  if (transactional) step.transactional = true;
  return step;
}

/**
 * dbt's `run_hooks`. Snowflake's materializations call it for transactional hooks only, so
 * `transaction: false` hooks never run there; the default materializations (DuckDB) run the
 * non-transactional pre-hooks first and the non-transactional post-hooks last.
 */
function hookSteps(d: Dialect, input: PlanInput, hooks: HookDef[] | undefined, phase: 'pre' | 'post'): Step[] {
  const label = `${phase}-hook`;
  const later = input.hookRenders?.[phase];
  const list = (hooks ?? []).map((h, i) => ({ h, render: later?.get(i) }));
  const inTx = list.filter((x) => x.h.transaction);
  const outTx = d.runsNonTransactionalHooks ? list.filter((x) => !x.h.transaction) : [];
  const toSteps = (xs: typeof list, tx: boolean): Step[] =>
    xs.flatMap(({ h, render }) => hookStep(h.sql, render, label, (sql) => sqlStep(input, sql, label, tx)) ?? []);
  return phase === 'pre' ? [...toSteps(outTx, false), ...toSteps(inTx, true)] : [...toSteps(inTx, true), ...toSteps(outTx, false)];
}

/** What a materialization runs after its statements: a view's grants before the post-hooks, a table's after them. */
interface Tail {
  beforePostHooks?: Step[];
  afterPostHooks?: Step[];
}

/** Session setup and teardown around a model: schema, warehouse switch, query tag. */
function wrap(d: Dialect, input: PlanInput, body: Step[], tail: Tail = {}): Step[] {
  const before: Step[] = [];
  const after: Step[] = [];
  if (input.ensureSchema) {
    before.push(sqlStep(input, d.createSchema(input.relation.database, input.relation.schema), 'create schema'));
  }
  const wh = typeof input.config.snowflake_warehouse === 'string' ? input.config.snowflake_warehouse : undefined;
  if (wh && (!input.profileWarehouse || wh.toLowerCase() !== input.profileWarehouse.toLowerCase())) {
    const use = d.useWarehouse(wh);
    if (use) before.push(sqlStep(input, use, 'use warehouse'));
    const back = input.profileWarehouse ? d.useWarehouse(input.profileWarehouse) : null;
    if (back) after.push(sqlStep(input, back, 'restore warehouse'));
  }
  const tag = typeof input.config.query_tag === 'string' && input.config.query_tag !== '' ? input.config.query_tag : undefined;
  if (tag) {
    const set = d.setQueryTag(tag);
    if (set) before.push(sqlStep(input, set, 'set query tag'));
    const reset = d.resetQueryTag(input.profileQueryTag);
    if (reset) after.unshift(sqlStep(input, reset, 'reset query tag'));
  }
  return [
    ...before,
    ...hookSteps(d, input, input.config['pre-hook'], 'pre'),
    ...body,
    ...(tail.beforePostHooks ?? []),
    ...hookSteps(d, input, input.config['post-hook'], 'post'),
    ...(tail.afterPostHooks ?? []),
    ...after,
  ];
}

const pyBool = (b: boolean): string => (b ? 'True' : 'False');
const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `grants` config apply_grants acts on: a non-empty dict (dbt's `{% if grant_config %}`). */
export function configuresGrants(config: Record<string, unknown> | undefined): boolean {
  const grants = config?.grants;
  return isDict(grants) && Object.keys(grants).length > 0;
}

/**
 * dbt-snowflake's `apply_grants(target_relation, grant_config, should_revoke=should_revoke(existed, full_refresh_mode))`
 * after a model's statements, each materialization passing its own arguments (table: the relation existed, True;
 * incremental: it existed as a table, should_full_refresh(); view: it existed as a view, True). On the twin there are no
 * roles: GRANT and REVOKE change nothing there and SHOW GRANTS is refused (translate.ts), so no step is planned (the
 * runner says so once per run).
 */
export function grantSteps(d: Dialect, config: NodeConfig, type: 'table' | 'view' | 'dynamic_table', existed: boolean, fullRefreshMode: boolean): Step[] {
  if (d.name !== 'snowflake' || !configuresGrants(config)) return [];
  const revoke = `should_revoke(${pyBool(existed)}, full_refresh_mode=${pyBool(fullRefreshMode)})`;
  return [{ kind: 'macro', label: 'apply grants', template: `{% do apply_grants(this.incorporate(type='${type}'), config.get('grants'), should_revoke=${revoke}) %}` }];
}

/** Whether persist_docs has anything to do (a dict with neither key set does nothing; anything but a dict fails as in dbt). */
function persistsDocs(config: NodeConfig, key?: 'relation' | 'columns'): boolean {
  const pd = config.persist_docs;
  if (pd === undefined || pd === null) return false;
  if (!isDict(pd)) return true;
  return key ? Boolean(pd[key]) : Boolean(pd.relation) || Boolean(pd.columns);
}

/** dbt-snowflake's `persist_docs(target_relation, model)` (a view: `for_columns=false`, its columns commented in its CREATE). */
export function persistDocsSteps(config: NodeConfig, type: 'table' | 'view' | 'dynamic_table'): Step[] {
  if (!persistsDocs(config, type === 'view' ? 'relation' : undefined)) return [];
  const args = type === 'view' ? ', for_columns=false' : '';
  return [{ kind: 'macro', label: 'persist docs', template: `{% do persist_docs(this.incorporate(type='${type}'), model${args}) %}` }];
}

/**
 * A materialization's config DuckDB cannot honour: a row access policy decides which rows each role sees, and the twin
 * has no roles to decide it for, so the model is refused by name rather than built showing every row. (A table_tag is
 * metadata that changes no row or value a query returns: the twin builds the model without it.)
 */
function assertTwinCan(d: Dialect, input: PlanInput): void {
  const policy = input.config.row_access_policy;
  if (d.name === 'snowflake' || !policy) return;
  throw new BronzeError(
    `row_access_policy (${String(policy)}) is not supported on the DuckDB target: the twin has no roles for the policy to filter rows by. Set row_access_policy only for your Snowflake targets (its Jinja may test target.name).`,
    input.location,
    'bronze/unsupported-on-duckdb',
  );
}

/** The view/table clauses dbt-snowflake writes from the config: row access policy and tag. */
function governance(config: NodeConfig): { rowAccessPolicy?: string; tableTag?: string } {
  const text = (v: unknown): string | undefined => (v === undefined || v === null || v === false || v === '' ? undefined : String(v));
  const out: { rowAccessPolicy?: string; tableTag?: string } = {};
  const policy = text(config.row_access_policy);
  const tag = text(config.table_tag);
  if (policy !== undefined) out.rowAccessPolicy = policy;
  if (tag !== undefined) out.tableTag = tag;
  return out;
}

function clusterBy(config: NodeConfig): string | undefined {
  const cb = config.cluster_by;
  if (cb === undefined || cb === null) return undefined;
  return Array.isArray(cb) ? cb.join(', ') : cb;
}

function ctas(d: Dialect, input: PlanInput): string {
  return d.createTableAs(input.relation, input.compiledSql, {
    transient: input.config.transient !== false,
    copyGrants: input.config.copy_grants === true,
    clusterBy: clusterBy(input.config),
    ...governance(input.config),
  });
}

/** dbt's `should_full_refresh()`: the model's `full_refresh` config, when set, beats the CLI flag. */
export function shouldFullRefresh(config: NodeConfig, flag: boolean): boolean {
  return config.full_refresh === true || config.full_refresh === false ? config.full_refresh : flag;
}

/**
 * What dbt's relation cache holds for a node's own relation when its post-hooks render, which is what their
 * `adapter.get_relation(this)`, `load_relation(this)` and is_incremental() read: the relation as it stood before the
 * run, less one the materialization dropped (adapter.drop_relation removes it from the cache). The relation it builds
 * is added only after the materialization returned, post-hooks included (dbt-core's ModelRunner._execute_model:
 * cache_added; dbt-core#1025: drop_relation, rename_relation and cache_new_relation write the cache). Drops, per
 * dbt-snowflake's materializations: a view model drops a relation that is not a view, a table model one that is not a
 * table, an incremental model a view; a seed's full refresh drops its table (default__reset_csv_table).
 */
export function ownRelationAtPostHooks(materialized: unknown, existing: RelationType | null, fullRefresh: boolean): RelationType | null {
  if (existing === null) return null;
  if (materialized === 'view') return existing === 'view' ? existing : null;
  if (materialized === 'table') return existing === 'table' ? existing : null;
  if (materialized === 'incremental') return existing === 'view' ? null : existing;
  if (materialized === 'seed') return fullRefresh ? null : existing;
  return existing;
}

// -------------------------------------------------------------------------------------------------------
// view / table

/**
 * dbt-snowflake's view materialization (snowflake__create_or_replace_view): the view, its grants, the post-hooks, then
 * the view's comment (persist_docs for_columns=false). With persist_docs columns the CREATE names the query's columns,
 * each with its documented comment (get_persist_docs_column_list, which asks the warehouse for the query's columns).
 */
export function planView(d: Dialect, input: PlanInput): Step[] {
  assertTwinCan(d, input);
  const body: Step[] = [];
  // A table (or anything that is not a view) in the way is dropped first.
  if (input.existing !== null && input.existing !== 'view') {
    body.push(sqlStep(input, d.drop(input.relation, input.existing), 'drop existing'));
  }
  const options = {
    secure: input.config.secure === true,
    copyGrants: input.config.copy_grants === true,
    ...governance(input.config),
  };
  const view = (columnList?: string): SqlStep => sqlStep(input, d.createView(input.relation, input.compiledSql, columnList ? { ...options, columnList } : options), 'main');
  if (persistsDocs(input.config, 'columns')) {
    body.push({
      kind: 'macro',
      label: 'persist docs column list',
      // get_columns_in_query runs the model's query (`select * from (…) where false limit 0`): a construct of it the
      // twin refuses fails here, with no view created — not a docs step after a built one.
      when: "before the view is created: get_columns_in_query runs the model's query for its columns",
      template: '{% if config.persist_column_docs() %}{{ get_persist_docs_column_list(model.columns, get_columns_in_query(sql)) }}{% endif %}',
      names: { sql: input.compiledSql },
      then: (printed) => [view(printed)],
    });
  } else {
    body.push(view());
  }
  return wrap(d, input, body, {
    beforePostHooks: grantSteps(d, input.config, 'view', input.existing === 'view', true),
    afterPostHooks: persistDocsSteps(input.config, 'view'),
  });
}

/** After a table's statements and post-hooks: its grants (should_revoke from what existed) and persist_docs. */
function tableTail(d: Dialect, input: PlanInput, existed: boolean, fullRefreshMode: boolean): Tail {
  return { afterPostHooks: [...grantSteps(d, input.config, 'table', existed, fullRefreshMode), ...persistDocsSteps(input.config, 'table')] };
}

export function planTable(d: Dialect, input: PlanInput): Step[] {
  assertTwinCan(d, input);
  const body: Step[] = [];
  const tail = tableTail(d, input, input.existing !== null, true);
  if (input.contract) return wrap(d, input, contractedTableSteps(d, input, input.contract), tail);
  // `needs_to_drop`: a view cannot be replaced by a table.
  if (input.existing === 'view') body.push(sqlStep(input, d.drop(input.relation, 'view'), 'drop existing'));
  body.push(sqlStep(input, ctas(d, input), 'main'));
  return wrap(d, input, body, tail);
}

/** Where a contracted table is built before it is renamed into place. */
export function contractAsideRelation(relation: RelationName): RelationName {
  return { ...relation, identifier: `${relation.identifier}__dbt_tmp` };
}

/**
 * A contracted table: created with the contract's columns (types, NOT NULL, Snowflake's metadata constraints)
 * and filled with the model's rows in the contract's column order. It is built beside the target and renamed
 * over it, so a row that breaks NOT NULL fails the model and leaves the previous table as it was (as dbt's
 * single CREATE … AS does). `cluster_by` orders the rows and, on Snowflake, sets the clustering key, as dbt-snowflake
 * does for every table. `copy_grants` on Snowflake keeps the replaced table's grants: a rename would lose them, so the
 * checked rows are copied into a `create or replace … copy grants` of the target instead (DuckDB has no grants).
 */
function contractedTableSteps(d: Dialect, input: PlanInput, spec: NonNullable<PlanInput['contract']>): Step[] {
  const { relation } = input;
  const aside = contractAsideRelation(relation);
  const snowflake = d.name === 'snowflake';
  const transient = snowflake && input.config.transient !== false ? 'transient ' : '';
  const cols = spec.contract.columns.map((c) => (c.quote ? `"${c.name.replace(/"/g, '""')}"` : c.name)).join(', ');
  const ddl = columnsAndConstraints(spec.contract, d.name, spec.resolve);
  const cluster = clusterBy(input.config);
  const order = cluster === undefined ? '' : snowflake ? `\norder by (${cluster})` : `\norder by ${cluster}`;
  // dbt-snowflake's table clauses (the rename keeps the aside table's policy and tag); the twin refuses a policy by name.
  const g = snowflake ? governance(input.config) : {};
  const clauses = `${g.rowAccessPolicy ? `\n    with row access policy ${g.rowAccessPolicy}` : ''}${g.tableTag ? `\n    with tag (${g.tableTag})` : ''}`;
  const steps: Step[] = [];
  if (spec.aside && spec.aside !== 'table') steps.push(sqlStep(input, d.drop(aside, spec.aside), 'drop leftover aside relation'));
  steps.push(
    sqlStep(input, `create or replace ${transient}table ${d.renderRelation(aside)} ${ddl}${clauses}`, 'create contracted table'),
    sqlStep(input, `insert into ${d.renderRelation(aside)} (${cols})\n${selectSubquery(spec.contract, input.compiledSql)}${order}`, 'main'),
  );
  if (snowflake && input.config.copy_grants === true && input.existing === 'table') {
    steps.push(sqlStep(input, `create or replace ${transient}table ${d.renderRelation(relation)} ${ddl}\n    copy grants${clauses}`, 'replace keeping grants'));
    steps.push(sqlStep(input, `insert into ${d.renderRelation(relation)} (${cols})\nselect ${cols} from ${d.renderRelation(aside)}${order}`, 'copy checked rows'));
    steps.push(sqlStep(input, d.drop(aside, 'table'), 'drop aside table'));
  } else {
    if (input.existing !== null) steps.push(sqlStep(input, d.drop(relation, input.existing), 'drop existing'));
    steps.push(sqlStep(input, `alter table ${d.renderRelation(aside)} rename to ${d.renderRelation(relation)}`, 'rename into place'));
  }
  if (snowflake && cluster !== undefined) steps.push(sqlStep(input, `alter table ${d.renderRelation(relation)} cluster by (${cluster})`, 'cluster by'));
  return steps;
}

// -------------------------------------------------------------------------------------------------------
// dynamic_table (dbt-snowflake)

/**
 * dbt-snowflake's dynamic_table: Snowflake keeps the table's rows up to date itself, within `target_lag`, on the
 * `snowflake_warehouse` named (both required). A run (re)creates the definition, which also refreshes it; dbt
 * alters or refreshes an unchanged one instead, to the same rows. DuckDB has no dynamic tables: there the model is
 * built as a table from its query at each run (the rows a refresh would give now), target_lag having no effect.
 */
export function planDynamicTable(d: Dialect, input: PlanInput): Step[] {
  const c = input.config;
  const setting = (key: string): string | undefined => (typeof c[key] === 'string' && c[key] !== '' ? (c[key] as string) : undefined);
  const lag = setting('target_lag');
  const warehouse = setting('snowflake_warehouse');
  if (!lag || !warehouse) {
    throw new BronzeError(
      `A dynamic_table model needs ${!lag ? 'target_lag' : 'snowflake_warehouse'} in its config, as dbt-snowflake requires (e.g. target_lag='1 hour', snowflake_warehouse='transforming').`,
      input.location,
      'bronze/dynamic-table-config',
    );
  }
  if (d.name !== 'snowflake') {
    return planTable(d, input).map((step) => (step.kind === 'sql' && step.label === 'main' ? { ...step, label: 'main (dynamic_table built as a table: no target_lag refresh on DuckDB)' } : step));
  }
  const body: Step[] = [];
  if (input.existing === 'view') body.push(sqlStep(input, d.drop(input.relation, 'view'), 'drop existing'));
  const options = [`target_lag = '${lag.replace(/'/g, "''")}'`, `warehouse = ${warehouse}`];
  const refreshMode = setting('refresh_mode');
  const initialize = setting('initialize');
  if (refreshMode) options.push(`refresh_mode = ${refreshMode}`);
  if (initialize) options.push(`initialize = ${initialize}`);
  const create = `create or replace dynamic table ${d.renderRelation(input.relation)}\n    ${options.join('\n    ')}\n    as (\n${input.compiledSql}\n    )`;
  body.push(sqlStep(input, create, 'main'));
  // dynamic_table_execute_build_sql: grants (should_revoke(existing_relation, True)) and persist_docs after the build.
  return wrap(d, input, body, { beforePostHooks: [...grantSteps(d, c, 'dynamic_table', input.existing !== null, true), ...persistDocsSteps(c, 'dynamic_table')] });
}

// -------------------------------------------------------------------------------------------------------
// incremental

const STRATEGIES = ['default', 'merge', 'append', 'delete+insert', 'insert_overwrite', 'microbatch'] as const;
export type IncrementalStrategy = (typeof STRATEGIES)[number];

export function strategyOf(config: NodeConfig, location: SourceLocation | undefined): IncrementalStrategy {
  const s = config.incremental_strategy || 'default';
  if ((STRATEGIES as readonly string[]).includes(s)) return s as IncrementalStrategy;
  throw new BronzeError(
    `Invalid incremental strategy provided: ${s}. Expected one of: 'append', 'merge', 'delete+insert', 'insert_overwrite', 'microbatch'. Set incremental_strategy to one of them in the model's config.`,
    location,
    'bronze/invalid-incremental-strategy',
  );
}

/** dbt_snowflake_get_tmp_relation_type (microbatch as delete+insert: a table only with a unique_key). */
export function tmpRelationKind(
  strategy: IncrementalStrategy,
  uniqueKey: string | string[] | null | undefined,
  tmpRelationType: string | undefined,
  location?: SourceLocation,
): TmpRelationKind {
  const hasKey = uniqueKey !== null && uniqueKey !== undefined;
  const deletes = strategy === 'delete+insert' || strategy === 'microbatch';
  if (deletes && tmpRelationType && !['table', 'transient'].includes(tmpRelationType) && hasKey) {
    throw new BronzeError(
      `In order to maintain consistent results when \`unique_key\` is not none, the \`${strategy}\` strategy only supports \`table\` or \`transient\` for \`tmp_relation_type\` but ${tmpRelationType} was specified. Remove tmp_relation_type or set it to table.`,
      location,
      'bronze/invalid-tmp-relation-type',
    );
  }
  if (tmpRelationType === 'table' || tmpRelationType === 'view' || tmpRelationType === 'transient') return tmpRelationType;
  if (deletes && hasKey) return 'table';
  return 'view';
}

export function onSchemaChangeOf(config: NodeConfig): OnSchemaChange {
  const v = config.on_schema_change;
  // dbt logs and falls back to `ignore` for an invalid value.
  return v === 'fail' || v === 'append_new_columns' || v === 'sync_all_columns' ? v : 'ignore';
}

export function predicatesOf(config: NodeConfig): string[] {
  const p = config.incremental_predicates ?? config['predicates'];
  if (Array.isArray(p)) return p.map(String);
  return typeof p === 'string' && p !== '' ? [p] : [];
}

export function planIncremental(d: Dialect, input: PlanInput): Step[] {
  const { config, relation, location } = input;
  const strategy = strategyOf(config, location);
  const uniqueKey = config.unique_key ?? null;
  const body: Step[] = [];
  assertTwinCan(d, input);
  const fullRefreshMode = shouldFullRefresh(config, input.fullRefresh);
  const tail = tableTail(d, input, input.existing === 'table', fullRefreshMode);

  if (input.existing === null || input.existing === 'view' || fullRefreshMode) {
    // Can't overwrite a view with a table: drop it, then build from scratch.
    if (input.contract) return wrap(d, input, contractedTableSteps(d, input, input.contract), tail);
    if (input.existing === 'view') body.push(sqlStep(input, d.drop(relation, 'view'), 'drop existing'));
    body.push(sqlStep(input, ctas(d, input), 'main'));
    return wrap(d, input, body, tail);
  }

  const tmp = d.tmpRelation(relation);
  const kind = tmpRelationKind(strategy, uniqueKey, config.tmp_relation_type, location);
  // dbt-snowflake's tmp view takes the model's view clauses too (a row access policy filters what the strategy reads).
  const viewOptions = { secure: config.secure === true, copyGrants: config.copy_grants === true, ...governance(config) };
  const mode = onSchemaChangeOf(config);
  body.push(sqlStep(input, d.createTmpRelation(tmp, input.compiledSql, kind, viewOptions), 'create tmp relation'));
  body.push({ kind: 'describe', relation: tmp, into: 'tmp' });
  body.push({ kind: 'describe', relation, into: 'target' });
  body.push({
    kind: 'expand',
    label: 'incremental',
    build(columns: DescribedColumns): Step[] {
      const steps: Step[] = [];
      // A contracted table keeps the contract's types: dbt widens string columns only without a contract.
      const widen = input.contract ? [] : d.widenStringColumns(relation, columns.tmp, columns.target);
      for (const s of widen) steps.push(sqlStep(input, s, 'expand column types'));
      const change = schemaChangeStatements(d, {
        mode,
        target: relation,
        tmpColumns: columns.tmp,
        targetColumns: columns.target,
      });
      if (change.error) throw new BronzeError(change.error, location, 'bronze/schema-change');
      for (const s of change.statements) steps.push(sqlStep(input, s, 'schema change'));
      // process_schema_changes hands back the source columns; `ignore` (or nothing read) uses the target's.
      const destColumns = mode !== 'ignore' && columns.tmp.length > 0 ? columns.tmp : columns.target;
      const dml = incrementalDml(d, {
        strategy,
        target: relation,
        tmp,
        uniqueKey,
        destColumns,
        predicates: predicatesOf(config),
        mergeUpdateColumns: config.merge_update_columns,
        mergeExcludeColumns: config.merge_exclude_columns,
        location,
        ...(input.batch && typeof config.event_time === 'string' ? { batch: { ...input.batch, eventTime: config.event_time } } : {}),
      });
      for (const s of dml) {
        const control = /^(begin|commit)$/i.test(s.trim());
        steps.push(sqlStep(input, s, control ? s.trim().toLowerCase() : 'main', true));
      }
      return steps;
    },
  });
  body.push(sqlStep(input, d.drop(tmp, d.tmpDropType(kind)), 'drop tmp relation'));
  return wrap(d, input, body, tail);
}

/** The materializations Bronze plans itself (planModel), and ephemeral, which is inlined where it is read. */
export const BUILT_IN_MATERIALIZATIONS: ReadonlySet<string> = new Set(['view', 'table', 'incremental', 'dynamic_table', 'ephemeral']);

/** A model materialized by a `{% materialization %}` block of the project or a package (Engine.materialize runs it). */
export function isCustomMaterialization(node: { resourceType: string; config: NodeConfig }): boolean {
  const kind = node.config.materialized;
  return node.resourceType === 'model' && typeof kind === 'string' && !BUILT_IN_MATERIALIZATIONS.has(kind);
}

/** Plans any of the three materializations by the model's `materialized` config. */
export function planModel(d: Dialect, input: PlanInput): Step[] {
  switch (input.config.materialized) {
    case 'view':
      return planView(d, input);
    case 'table':
      return planTable(d, input);
    case 'incremental':
      return planIncremental(d, input);
    case 'dynamic_table':
      return planDynamicTable(d, input);
    default:
      throw new BronzeError(
        `Materialization '${input.config.materialized}' is not supported by Bronze. Use view, table, incremental or dynamic_table.`,
        input.location,
        'bronze/unsupported-materialization',
      );
  }
}

/**
 * The exact statements a run executes, with `columns` standing in for every `describe` (a preview assumes
 * the tmp relation and the target have the same columns, so no schema change is planned).
 */
export function planForPreview(
  d: Dialect,
  input: PlanInput,
  columns: ColumnDef[],
  /** Renders a macro step without a warehouse (Engine.previewStatements): what it printed and would send. */
  macro?: (step: MacroStep) => { printed: string; sent: string[] },
): string[] {
  const out: string[] = [];
  const walk = (steps: Step[]): void => {
    for (const step of steps) {
      if (step.kind === 'sql') out.push(...step.statements);
      else if (step.kind === 'describe') out.push(withQueryComment(d.describe(step.relation), input.queryComment));
      else if (step.kind === 'expand') walk(step.build({ tmp: columns, target: columns }));
      else if (step.kind === 'macro') {
        // Without a renderer, the statements it leads to as they stand without its output.
        const done = macro?.(step);
        if (done) out.push(...done.sent);
        if (step.then) walk(step.then(done?.printed ?? ''));
      }
      // A render step comes from a run's deferred hook (PlanInput.hookRenders), which previews never set.
    }
  };
  walk(planModel(d, input));
  return out;
}

// -------------------------------------------------------------------------------------------------------
// strategy DML

export interface IncrementalDmlArgs {
  strategy: string;
  target: RelationName;
  tmp: RelationName;
  uniqueKey?: string | string[] | null;
  destColumns: ColumnDef[];
  predicates: string[];
  mergeUpdateColumns?: string[];
  mergeExcludeColumns?: string[];
  location?: SourceLocation;
  /** microbatch: the batch being run and the model's event_time. */
  batch?: { start: string; end: string; eventTime: string };
}

/** The strategy's statements (Snowflake: one `begin; …; commit;` text; DuckDB: separate statements). */
export function incrementalDml(d: Dialect, a: IncrementalDmlArgs): string[] {
  const base: DmlArgs = {
    target: a.target,
    tmp: a.tmp,
    uniqueKey: a.uniqueKey,
    destColumns: a.destColumns,
    predicates: a.predicates,
  };
  switch (a.strategy) {
    case 'default':
    case 'merge':
      return d.merge({ ...base, updateColumns: mergeUpdateColumns(d, a) });
    case 'delete+insert':
      return d.deleteInsert(base);
    case 'append':
      return d.append(base);
    case 'insert_overwrite':
      return d.insertOverwrite(base);
    case 'microbatch':
      // dbt runs a microbatch model batch by batch; outside a batch its delete would have no window to replace.
      if (!a.batch) {
        throw new BronzeError('The microbatch strategy replaces one batch of event_time at a time: it runs only within a batch of a run.', a.location, 'bronze/microbatch-no-batch');
      }
      return d.microbatch({ ...base, ...a.batch });
    default:
      throw new BronzeError(
        `Invalid incremental strategy provided: ${a.strategy}. Expected one of: 'append', 'merge', 'delete+insert', 'insert_overwrite', 'microbatch'.`,
        a.location,
        'bronze/invalid-incremental-strategy',
      );
  }
}

/** dbt's get_merge_update_columns: as given (unquoted), or dest columns minus the excluded (case-insensitive). */
export function mergeUpdateColumns(d: Dialect, a: IncrementalDmlArgs): string[] {
  const update = a.mergeUpdateColumns ?? [];
  const exclude = a.mergeExcludeColumns ?? [];
  if (update.length > 0 && exclude.length > 0) {
    throw new BronzeError(
      'Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config',
      a.location,
      'bronze/merge-columns-conflict',
    );
  }
  if (update.length > 0) return [...update];
  const excluded = new Set(exclude.map((c) => c.toLowerCase()));
  return a.destColumns.filter((c) => !excluded.has(c.name.toLowerCase())).map((c) => d.quote(c.name));
}

// -------------------------------------------------------------------------------------------------------
// on_schema_change

export interface SchemaChangeInput {
  mode: OnSchemaChange;
  target: RelationName;
  tmpColumns: ColumnDef[];
  targetColumns: ColumnDef[];
}

export interface SchemaChanges {
  sourceNotInTarget: ColumnDef[];
  targetNotInSource: ColumnDef[];
  newTargetTypes: { columnName: string; newType: string }[];
}

const sameName = (a: ColumnDef, b: ColumnDef): boolean => a.name.toLowerCase() === b.name.toLowerCase();
const normType = (t: string): string => t.replace(/\s+/g, '').toUpperCase();

/** check_for_schema_changes. String length differences are not type changes: widening handles them. */
export function diffSchemas(tmpColumns: ColumnDef[], targetColumns: ColumnDef[]): SchemaChanges {
  const newTargetTypes: SchemaChanges['newTargetTypes'] = [];
  for (const sc of tmpColumns) {
    const tc = targetColumns.find((c) => sameName(c, sc));
    if (!tc || normType(tc.dataType) === normType(sc.dataType)) continue;
    if (stringSize(tc.dataType) !== null && stringSize(sc.dataType) !== null) continue;
    newTargetTypes.push({ columnName: tc.name, newType: sc.dataType });
  }
  return {
    sourceNotInTarget: tmpColumns.filter((sc) => !targetColumns.some((tc) => sameName(tc, sc))),
    targetNotInSource: targetColumns.filter((tc) => !tmpColumns.some((sc) => sameName(tc, sc))),
    newTargetTypes,
  };
}

const columnList = (cols: ColumnDef[]): string => `[${cols.map((c) => `${c.name} ${c.dataType}`).join(', ')}]`;

/** The statements on_schema_change runs, or the error that fails the model. */
export function schemaChangeStatements(d: Dialect, input: SchemaChangeInput): { statements: string[]; error?: string } {
  if (input.mode === 'ignore') return { statements: [] };
  const rel = renderRelation(input.target);
  if (input.tmpColumns.length === 0) {
    // No source columns is an introspection failure, not an empty schema: never drop everything.
    if (input.mode === 'append_new_columns') return { statements: [] };
    return {
      statements: [],
      error: `Could not read any columns of the new data while checking for schema changes on incremental model ${rel} (on_schema_change='${input.mode}'). Set on_schema_change='ignore' to skip this check, or run the model with --full-refresh to rebuild it.`,
    };
  }
  const ch = diffSchemas(input.tmpColumns, input.targetColumns);
  const changed = ch.sourceNotInTarget.length > 0 || ch.targetNotInSource.length > 0 || ch.newTargetTypes.length > 0;
  if (!changed) return { statements: [] };
  if (input.mode === 'fail') {
    const types = `[${ch.newTargetTypes.map((t) => `{'column_name': '${t.columnName}', 'new_type': '${t.newType}'}`).join(', ')}]`;
    return {
      statements: [],
      error: [
        `In ${rel}: the source and target schemas on this incremental model are out of sync!`,
        'They can be reconciled in several ways:',
        '  - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.',
        '  - Re-run the incremental model with `full_refresh: True` to update the target schema.',
        '  - update the schema manually and re-run the process.',
        '',
        'Additional troubleshooting context:',
        `   Source columns not in target: ${columnList(ch.sourceNotInTarget)}`,
        `   Target columns not in source: ${columnList(ch.targetNotInSource)}`,
        `   New column types: ${types}`,
      ].join('\n'),
    };
  }
  const statements = [...d.addColumns(input.target, ch.sourceNotInTarget)];
  if (input.mode === 'sync_all_columns') {
    statements.push(...d.dropColumns(input.target, ch.targetNotInSource.map((c) => c.name)));
    for (const t of ch.newTargetTypes) statements.push(d.alterColumnType(input.target, t.columnName, t.newType));
  }
  return { statements };
}
