// The dbt Jinja context for one node, in the parse phase (record config/ref/source, no warehouse) or the
// execute phase (merged config, relations, introspection). Rendering is synchronous, so warehouse questions
// are answered from a cache; a miss throws IntrospectionMiss and renderResolving fills the cache and retries.
import { isPlainObject as isMapping } from '../core/plain';
import { SECRET_ENV_PREFIX, secretEnvVarMessage } from '../core/secrets';
import {
  BronzeError,
  SECRET_KEYS,
  type ColumnDef,
  type ColumnInfo,
  type HookDef,
  type NodeConfig,
  type QuotePolicy,
  type RefCall,
  type RelationName,
  type RelationType,
  type SourceCall,
  type SourceLocation,
  type TargetConfig,
  type ModelNode,
  type TestNode,
} from '../core/types';
import type { JinjaEnvironment, MacroResolver } from './engine';
import { TemplateError, type Passthrough } from './errors';
import { datetimeModule, datetimeObject, pytzModule, runStartedAt, utcDateTime } from './pydatetime';
import { itertoolsModule } from './pyitertools';
import { reModule } from './python-re';
import { exceptionsNamespace } from './dbt-exceptions';
import { flagsObject, resolveFlags, warningOutcome, type InvocationFlags } from './dbt-flags';
import { baseContextMembers, metadataEnvs } from './dbt-base-context';
import { invocationArgsDict } from './dbt-invocation-args';
import { renderRelation } from '../core/relation-text';
import { dbtColumns } from '../core/dbt-columns';
import { columnApi, makeColumn, makeRelation, relationApi, relationPath, type EventTimeFilter } from './relation';
import { snowflakeDescribedType } from '../core/sql/snowflake-on-duckdb/described-type';
import { ArrayValue, JinjaObject, TupleValue, fromJs, pyBool, pyStr } from './values';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  /** What the warehouse reports the statement affected (a DML's rows); else the rows it returned count. */
  rowsAffected?: number;
}

/** Synchronous warehouse questions, answered from a cache the runner fills. */
export interface Introspection {
  /** null when the relation does not exist. May throw IntrospectionMiss. */
  relationType(rel: RelationName): RelationType | null;
  /** May throw IntrospectionMiss. */
  columns(rel: RelationName): ColumnDef[];
  /** run_query / statement; may throw IntrospectionMiss. */
  query(sql: string): QueryResult;
}

export type IntrospectionRequest =
  | { kind: 'relationType' | 'columns'; relation: RelationName }
  | { kind: 'query'; sql: string };

export class IntrospectionMiss extends Error implements Passthrough {
  readonly passthrough = true as const;
  origin: SourceLocation | undefined = undefined;
  constructor(readonly request: IntrospectionRequest) {
    super(
      request.kind === 'query'
        ? `query result not cached: ${request.sql.slice(0, 80)}`
        : `${request.kind} of ${request.relation.database}.${request.relation.schema}.${request.relation.identifier} not cached`,
    );
    this.name = 'IntrospectionMiss';
  }
}

export interface RenderNode {
  uniqueId: string;
  name: string;
  packageName: string;
  resourceType: string;
  config: NodeConfig;
  relation?: RelationName;
  fqn: string[];
  version?: string | number;
  /** dbt's node `description` and `columns` (schema.yml), which `model` exposes (a materialization reads them). */
  description?: string;
  columns?: Record<string, ColumnInfo>;
}

/**
 * What a render sees of a project's model or test, with `relation` as its `this` (the caller says which: its own,
 * one computed by the naming macros, a test's stand-in, or none at parse time).
 */
export function renderNodeOf(node: ModelNode | TestNode, relation: RelationName | undefined): RenderNode {
  const { uniqueId, name, packageName, resourceType, config, fqn, description } = node;
  const columns = 'columns' in node ? node.columns : undefined;
  return { uniqueId, name, packageName, resourceType, config, relation, fqn, version: 'version' in node ? node.version : undefined, description, columns };
}

export interface RenderRequest {
  phase: 'parse' | 'execute';
  text: string;
  file: string;
  node?: RenderNode;
  /** Stripped of SECRET_KEYS before it is exposed as `target`. */
  target: TargetConfig;
  projectName: string;
  /** project = dbt_project.yml `vars:` as written (global keys + `{projectName: {...}}` scoped). */
  vars: {
    cli: Record<string, unknown>;
    project: Record<string, unknown>;
    /** A package node's own dbt_project.yml `vars:` (its global keys and its own scope), ranked below the root's. */
    package?: Record<string, unknown>;
  };
  /** Throws BronzeError when unknown (execute phase). */
  resolveRef(call: RefCall): RelationName;
  resolveSource(source: string, table: string): RelationName;
  fullRefresh: boolean;
  invocationId: string;
  runStartedAt: Date;
  introspection?: Introspection;
  /** For env_var; default process.env. */
  env?: Record<string, string | undefined>;
  /** dbt_project.yml `dispatch:` entries. */
  dispatch?: { macro_namespace: string; search_order: string[] }[];
  /**
   * The SQL dialect the target reads, when it is not the adapter's own: the DuckDB target runs what it is sent
   * through the snowflake-on-duckdb layer, so it reads Snowflake SQL. Dispatch picks `<dialect>__` macros.
   */
  sqlDialect?: string;
  /** `flags.WHICH` (default 'run' in execute, 'parse' in parse). */
  which?: string;
  /** The rest of dbt's `flags` the invocation sets (dbt-flags.ts); the others keep dbt's defaults. */
  flags?: InvocationFlags;
  /** `--empty`: every ref() and source() reads as zero rows (dbt's Relation limit 0). */
  emptyRefs?: boolean;
  /**
   * The batch a microbatch model is rendered for (dbt's `model.batch`): its refs and sources to nodes configured with
   * `event_time` read only the batch's rows (dbt's resolve_event_time_filter).
   */
  batch?: RenderBatch;
  /** The `event_time` config of what a ref() or source() names (undefined: none, so it is read whole). */
  refEventTime?(call: RefCall): string | undefined;
  sourceEventTime?(source: string, table: string): string | undefined;
  /** dbt_project.yml `quoting:`: how ref() and `this` print. */
  quoting?: QuotePolicy;
  /** A source's schema.yml `quoting:` (dbt quotes source() by it alone, not by the project's). */
  sourceQuoting?(source: string, table: string): QuotePolicy | undefined;
  /** Where log() and print() write: `info` is log(..., info=True) and print() (dbt shows those on the console). */
  log?: (message: string, info: boolean) => void;
  /** A unit test's `overrides: macros:`: each name (`is_incremental`, `dbt_utils.x`) returns the given value. */
  macroOverrides?: Record<string, unknown>;
  /** Names a run hook adds to the context: on-run-end's `results`, `schemas`, `database_schemas`. */
  hookContext?: Record<string, unknown>;
  /** dbt's `graph` (the manifest's flat graph) for the execute phase, built when a template first reads it. */
  graph?: () => Record<string, unknown>;
  /**
   * Marks the caller's state that a render changes (the ephemeral models its refs reach); the function returned
   * puts it back. renderResolving calls it around each render it throws away.
   */
  checkpoint?: () => () => void;
  /** Set when the render runs a custom materialization for `node` (dbt's materialization context). */
  materialization?: MaterializationRun;
}

/**
 * A custom materialization's run: the context dbt gives a `{% materialization %}` block (`sql`, `compiled_code`,
 * `pre_hooks`, `post_hooks`, `run_hooks`, `render`), where `statement('main')` is executed like any other statement.
 */
export interface MaterializationRun {
  /** The macro to call (materialization-lookup.ts). */
  macro: { packageName: string; name: string };
  /** The model's compiled SQL, ephemeral CTEs injected. */
  sql: string;
  /** The model's hooks as written (each rendered when run_hooks reaches it, as dbt's run_hooks does). */
  preHooks: readonly HookDef[];
  postHooks: readonly HookDef[];
  /**
   * Whether adapter.commit() (and run_hooks' commit before non-transactional hooks) sends `commit`. The DuckDB target
   * holds the whole materialization in one transaction instead, committed when it returns (see Engine.materialize).
   */
  commits: boolean;
  /** Receives what the materialization passed to return(), each time the render completes. */
  returned(value: unknown): void;
}

/** dbt's BatchContext: the batch's id (`20240917`) and its [start, end) in UTC. */
export interface RenderBatch {
  id: string;
  start: Date;
  end: Date;
}

/** dbt's aware UTC datetime of a batch bound. */
const batchTime = (t: Date) => utcDateTime(t);

export interface RenderOutcome {
  sql: string;
  /** Merged config() kwargs (parse phase); `pre_hook` → `pre-hook`. */
  config: Record<string, unknown>;
  refs: RefCall[];
  sources: SourceCall[];
  /** `macro.<package>.<name>` of every macro called. */
  macrosCalled: string[];
  /** Named statement results; `main` is the SQL of statement main. */
  statements: Record<string, unknown>;
  docs?: Record<string, string>;
  /** Messages from exceptions.warn(). */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Relations, columns, agate-like tables

/** A dbt Relation for a Bronze relation name (see relation.ts). */
export function relationObject(rel: RelationName, type: RelationType | null = null, adapterType?: string, limit?: number, quote?: QuotePolicy, eventTimeFilter?: EventTimeFilter): JinjaObject {
  return makeRelation({ path: rel, type, adapterType, limit, ...(quote ? { quote } : {}), ...(eventTimeFilter ? { eventTimeFilter } : {}) });
}

/** The rows each agate look-alike holds, so store_result can take one back (dbt's agate_helper.as_matrix). */
const TABLE_ROWS = new WeakMap<JinjaObject, QueryResult>();

/** An agate.Table look-alike: `.columns[i].values()`, `.rows[i][j]`, `row['col']`, iteration over rows. */
function tableObject(result: QueryResult): JinjaObject {
  const rows = result.rows.map((r) => {
    const attrs: Record<string, unknown> = {};
    result.columns.forEach((c, i) => (attrs[c] = r[i]));
    return new JinjaObject(
      {
        ...attrs,
        keys: () => result.columns,
        values: () => r,
        items: () => result.columns.map((c, i) => [c, r[i]]),
        // agate's MappedSequence.dict() and .get(key, default): a project's macros read rows as dicts.
        dict: () => Object.fromEntries(result.columns.map((c, i) => [c, r[i]])),
        get: (a: unknown[]) => (String(a[0]) in attrs ? attrs[String(a[0])] : (a[1] ?? null)),
      },
      {
      getItem: (k) => (typeof k === 'number' ? r.at(k) : attrs[String(k)]),
      iter: () => r,
      length: () => r.length,
      str: () => `<agate.Row: (${r.map((x) => pyStr(fromJs(x))).join(', ')})>`,
      typeName: 'Row',
      },
    );
  });
  const columns = result.columns.map((name, i) => new JinjaObject({ name, values: () => result.rows.map((r) => r[i]) }, { typeName: 'Column' }));
  // agate's MappedSequence: a list of columns that is also a mapping by column name.
  const columnList = new JinjaObject(
    {
      keys: () => result.columns,
      values: () => columns,
      items: () => columns.map((c, i) => [result.columns[i], c]),
      get: (a: unknown[]) => columns[result.columns.indexOf(String(a[0]))] ?? a[1] ?? null,
    },
    {
      getItem: (k) => (typeof k === 'number' ? columns.at(k) : columns[result.columns.indexOf(String(k))]),
      iter: () => columns,
      length: () => columns.length,
      typeName: 'MappedSequence',
    },
  );
  const table = new JinjaObject(
    { columns: columnList, column_names: result.columns, rows, print_table: () => '' },
    { iter: () => rows, length: () => rows.length, getItem: (k) => (typeof k === 'number' ? rows.at(k) : undefined), typeName: 'Table' },
  );
  TABLE_ROWS.set(table, result);
  return table;
}

/**
 * dbt's statement result. Its response is dbt-snowflake's AdapterResponse: rows_affected is the cursor's row count
 * (a DML's rows, else the rows returned), its message `SUCCESS <rows_affected>` (connections.py get_response).
 */
function loadResultObject(sql: string, result: QueryResult, rowsAffected: number): JinjaObject {
  return resultObject(adapterResponse(`SUCCESS ${rowsAffected}`, 'SUCCESS', rowsAffected), result.rows, tableObject(result), sql);
}

/** dbt's AdapterResponse(_message, code, rows_affected): printed as its message. */
function adapterResponse(message: unknown, code: unknown, rowsAffected: unknown): JinjaObject {
  const text = message === undefined || message === null ? 'None' : pyStr(fromJs(message));
  return new JinjaObject(
    { _message: message ?? null, code: code ?? null, rows_affected: rowsAffected ?? null, query_id: null },
    { str: () => text, typeName: 'AdapterResponse' },
  );
}

/**
 * dbt-snowflake's standardize_grants_dict: SHOW GRANTS rows as {privilege: [grantee, …]}, leaving out OWNERSHIP and
 * grants to a share or a database role (dbt-adapters' default reads `grantee` / `privilege_type` instead).
 */
function standardizeGrants(table: unknown, adapter: string, fail: (m: string) => never): Record<string, string[]> {
  if (!(table instanceof JinjaObject) || table.hooks.typeName !== 'Table') return fail('adapter.standardize_grants_dict expects the table run_query returned');
  const out: Record<string, string[]> = {};
  for (const row of table.attrs.rows as JinjaObject[]) {
    const cell = (name: string) => {
      const v = row.hooks.getItem?.(name);
      return v === undefined || v === null ? fail(`adapter.standardize_grants_dict: the grants table has no column '${name}'`) : String(v);
    };
    const snowflake = adapter === 'snowflake';
    const privilege = cell(snowflake ? 'privilege' : 'privilege_type');
    const grantee = cell(snowflake ? 'grantee_name' : 'grantee');
    if (snowflake && (privilege === 'OWNERSHIP' || ['SHARE', 'DATABASE_ROLE'].includes(cell('granted_to')))) continue;
    (out[privilege] ??= []).push(grantee);
  }
  return out;
}

/**
 * What store_result keeps and load_result gives: a dict of response, data and table, `data` being agate_helper's
 * as_matrix (a list of the rows' value tuples).
 */
function resultObject(response: unknown, rows: unknown[][], table: JinjaObject, sql?: string): JinjaObject {
  const data = new ArrayValue(rows.map((r) => new TupleValue(r.map((v) => fromJs(v)))));
  const fields = { response, data, table };
  // dbt's load_result is a dict of response, data and table (dbt_external_tables asks `'response' in runner.keys()`).
  return new JinjaObject({
    ...fields,
    ...(sql === undefined ? {} : { sql }),
    keys: () => Object.keys(fields),
    get: (a: unknown[]) => (String(a[0]) in fields ? fields[String(a[0]) as keyof typeof fields] : (a[1] ?? null)),
  });
}

// ---------------------------------------------------------------------------------------------------------
// The context

const MATERIALIZED_TYPE: Record<string, RelationType | null> = { view: 'view', table: 'table', incremental: 'table', ephemeral: null };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return isMapping(v) && !(v instanceof JinjaObject);
}

/** The target as templates see it: dbt's names, no secrets. */
export function publicTarget(target: TargetConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(target)) {
    if (SECRET_KEYS.includes(k) || k === 'profileName') continue;
    out[k] = v;
  }
  out.name = target.name;
  out.target_name = target.name;
  out.profile_name = target.profileName;
  return out;
}

function mergeConfig(into: Record<string, unknown>, add: Record<string, unknown>): void {
  for (const [rawKey, v] of Object.entries(add)) {
    const k = rawKey === 'pre_hook' ? 'pre-hook' : rawKey === 'post_hook' ? 'post-hook' : rawKey;
    if (k === 'pre-hook' || k === 'post-hook' || k === 'tags') {
      const prev = into[k] === undefined ? [] : Array.isArray(into[k]) ? (into[k] as unknown[]) : [into[k]];
      into[k] = [...prev, ...(Array.isArray(v) ? v : [v])];
    } else if ((k === 'meta' || k === 'docs' || k === 'quoting') && isPlainObject(v) && isPlainObject(into[k])) {
      into[k] = { ...(into[k] as Record<string, unknown>), ...v };
    } else {
      into[k] = v;
    }
  }
}

interface ContextState {
  config: Record<string, unknown>;
  refs: RefCall[];
  sources: SourceCall[];
  statements: Record<string, unknown>;
  warnings: string[];
}

const NO_WAREHOUSE: Introspection = {
  relationType: () => null,
  columns: () => [],
  query: () => ({ columns: [], rows: [] }),
};

/** `modules`: the same for every render (each render still converts its own copy, so nothing leaks between them). */
let modulesObject: JinjaObject | undefined;
export function staticModules(): JinjaObject {
  return (modulesObject ??= new JinjaObject({
    datetime: datetimeModule(() => new Date()),
    pytz: refusingUnsupported('pytz', pytzModule(), PYTZ_UNSUPPORTED),
    re: refusingUnsupported('re', reModule(), RE_UNSUPPORTED),
    itertools: itertoolsModule(),
  }));
}

// Members of dbt's modules (dbt-core's get_context_modules: pytz.__all__, re.__all__) Bronze does not give: pytz's
// zone lists are pytz's own database (Node's ICU lists other names), the rest are classes and exceptions, and
// NOFLAG, which Python prints as `re.NOFLAG` (a RegexFlag), not as the int Bronze's flags are.
const PYTZ_UNSUPPORTED = [
  'all_timezones', 'all_timezones_set', 'common_timezones', 'common_timezones_set', 'country_timezones', 'country_names',
  'AmbiguousTimeError', 'InvalidTimeError', 'NonExistentTimeError', 'UnknownTimeZoneError', 'BaseTzInfo',
];
const RE_UNSUPPORTED = ['error', 'Pattern', 'Match', 'RegexFlag', 'template', 'NOFLAG'];

/** `module` whose members `names` fail by name when read, where they would otherwise read as undefined. */
function refusingUnsupported(module: string, object: JinjaObject, names: readonly string[]): JinjaObject {
  const refused = new Set(names);
  return new JinjaObject(object.attrs, {
    ...object.hooks,
    getItem: (key: unknown) => {
      if (typeof key === 'string' && refused.has(key)) throw new TemplateError(`modules.${module}.${key} is not supported by Bronze (dbt's modules.${module} has it)`);
      return object.hooks.getItem?.(key);
    },
  });
}

function buildContext(req: RenderRequest, resolver: MacroResolver, state: ContextState): Record<string, unknown> {
  const execute = req.phase === 'execute';
  const node = req.node;
  const nodeName = node?.name ?? req.file;
  const introspection = execute ? (req.introspection ?? NO_WAREHOUSE) : NO_WAREHOUSE;
  const mergedConfig = (node?.config ?? {}) as Record<string, unknown>;
  const adapterType = String(req.target.type);
  // Which `<adapter>__` macros dispatch picks: the dialect the target reads (a package's duckdb__ macro sent through
  // the Snowflake layer would be read as Snowflake SQL and answer differently without an error: dbt_date's
  // month_name gave 'Jan' for 'January').
  const dispatchAdapter = req.sqlDialect ?? adapterType;
  const twin = req.sqlDialect === 'snowflake' && adapterType !== 'snowflake';
  const relation = (rel: RelationName, type: RelationType | null) => relationObject(rel, type, adapterType, undefined, req.quoting);
  // dbt's resolve_limit: refs and sources of an executed node under --empty.
  const inputLimit = execute && req.emptyRefs ? 0 : undefined;
  const placeholder = (identifier: string): RelationName => ({ database: req.target.database, schema: req.target.schema, identifier });
  // dbt's resolve_event_time_filter: only a microbatch model's batch filters its inputs, and only those with event_time.
  const batch = execute && req.batch && mergedConfig.materialized === 'incremental' && mergedConfig.incremental_strategy === 'microbatch' ? req.batch : undefined;
  const batchFilter = (field: string | undefined): EventTimeFilter | undefined =>
    batch && field ? { field, start: batchTime(batch.start).toString(), end: batchTime(batch.end).toString() } : undefined;

  const fail = (message: string): never => {
    throw new TemplateError(message);
  };

  const ref = (args: unknown[], kwargs: Record<string, unknown>) => {
    const version = (kwargs.version ?? kwargs.v) as string | number | undefined;
    if (args.length < 1 || args.length > 2 || !args.every((a) => typeof a === 'string')) {
      fail(`ref() takes at most two arguments (${args.length} given)`);
    }
    const call: RefCall = args.length === 2 ? { package: args[0] as string, name: args[1] as string } : { name: args[0] as string };
    if (version !== undefined && version !== null) call.version = version;
    state.refs.push(call);
    let rel: RelationName;
    try {
      rel = req.resolveRef(call);
    } catch (e) {
      if (execute) throw e;
      rel = placeholder(call.name);
    }
    return relationObject(rel, null, adapterType, inputLimit, req.quoting, batchFilter(batch ? req.refEventTime?.(call) : undefined));
  };

  const source = (args: unknown[]) => {
    if (args.length !== 2) fail(`source() takes exactly two arguments (${args.length} given)`);
    const [s, t] = args.map(String);
    state.sources.push({ sourceName: s, tableName: t });
    let rel: RelationName;
    try {
      rel = req.resolveSource(s, t);
    } catch (e) {
      if (execute) throw e;
      rel = { database: req.target.database, schema: s, identifier: t };
    }
    return relationObject(rel, null, adapterType, inputLimit, req.sourceQuoting?.(s, t), batchFilter(batch ? req.sourceEventTime?.(s, t) : undefined));
  };

  const configGet = (args: unknown[], kwargs: Record<string, unknown>) => {
    const key = String(args[0] ?? kwargs.name);
    const dflt = args.length > 1 ? args[1] : (kwargs.default ?? null);
    if (!execute) return '';
    return key in mergedConfig && mergedConfig[key] !== undefined ? mergedConfig[key] : dflt;
  };
  const persistDocs = (key: 'relation' | 'columns'): boolean => {
    const pd = mergedConfig.persist_docs ?? {};
    if (!isPlainObject(pd)) return fail(`Invalid value provided for 'persist_docs'. Expected dict but received ${pyStr(fromJs(pd))}`);
    return Boolean(pd[key] ?? false);
  };
  const config = new JinjaObject(
    {
      get: configGet,
      require: (args: unknown[]) => {
        const key = String(args[0]);
        if (!execute) return '';
        if (!(key in mergedConfig) || mergedConfig[key] === undefined) {
          fail(`Model '${node?.uniqueId ?? nodeName}' does not define a required config parameter '${key}'.`);
        }
        return mergedConfig[key];
      },
      set: (args: unknown[]) => {
        mergeConfig(state.config, { [String(args[0])]: args[1] });
        return '';
      },
      // dbt's Config.persist_relation_docs / persist_column_docs: the `persist_docs` config's relation / columns key.
      persist_relation_docs: () => persistDocs('relation'),
      persist_column_docs: () => persistDocs('columns'),
    },
    {
      call: (args, kwargs) => {
        if (args.length > 1) fail('config() takes at most one positional argument (a dict)');
        if (args[0] !== undefined) {
          if (!isPlainObject(args[0])) fail('config() expects keyword arguments or a single dict');
          mergeConfig(state.config, args[0] as Record<string, unknown>);
        }
        mergeConfig(state.config, kwargs);
        return '';
      },
      str: () => '',
      typeName: 'Config',
    },
  );

  const scope = node?.packageName ?? req.projectName;
  const project = req.vars.project;
  const scoped = isPlainObject(project[scope]) ? (project[scope] as Record<string, unknown>) : undefined;
  /** The var `name` as dbt's merged vars hold it (the command line's, the project's, the node's package's). */
  const lookupVar = (name: string): { value: unknown } | undefined => {
    const own = req.vars.package ?? {};
    const ownScoped = isPlainObject(own[scope]) ? (own[scope] as Record<string, unknown>) : undefined;
    if (name in req.vars.cli) return { value: req.vars.cli[name] };
    if (scoped && name in scoped) return { value: scoped[name] };
    if (name in project && name !== scope && !(name === req.projectName && isPlainObject(project[name]))) return { value: project[name] };
    if (ownScoped && name in ownScoped) return { value: ownScoped[name] };
    if (name in own && name !== scope) return { value: own[name] };
    return undefined;
  };
  const varCall = (args: unknown[], kwargs: Record<string, unknown>) => {
    const name = String(args[0] ?? kwargs.var_name);
    // dbt's Var.__call__(var_name, default=_VAR_NOTSET): the default by position or by name.
    const hasDefault = args.length > 1 || 'default' in kwargs;
    const found = lookupVar(name) ?? (hasDefault ? { value: args.length > 1 ? args[1] : kwargs.default } : undefined);
    const value = found?.value;
    if (!found) {
      if (!execute) return null;
      const supplied: Record<string, unknown> = { ...Object.fromEntries(Object.entries(project).filter(([k]) => k !== scope)), ...(scoped ?? {}), ...req.vars.cli };
      fail(`Required var '${name}' not found in config:\nVars supplied to ${nodeName} = ${JSON.stringify(supplied, null, 2)}`);
    }
    if (typeof value === 'string' && /\{[{%]/.test(value)) return resolver.renderString(value);
    return value;
  };
  // dbt's `var` is an object: called, it reads a var; var.has_var(name) says whether the merged vars hold it
  // (dbt-core core/dbt/context/base.py Var.has_var).
  const varFn = new JinjaObject(
    { has_var: (args: unknown[], kwargs: Record<string, unknown>) => lookupVar(String(args[0] ?? kwargs.var_name)) !== undefined },
    { call: varCall, typeName: 'Var' },
  );

  const envVars = req.env ?? process.env;
  // dbt's env_var(var, default=None) (core/dbt/context/providers.py): the default by position or by name; a default
  // of None is no default (the variable is then required).
  const envVar = (args: unknown[], kwargs: Record<string, unknown>) => {
    const name = String(args[0] ?? kwargs.var);
    // As dbt: a DBT_ENV_SECRET_* value may reach profiles.yml and packages.yml only (their own renderer, profiles.ts),
    // never compiled SQL, configs, the manifest or logs.
    if (name.startsWith(SECRET_ENV_PREFIX)) return fail(secretEnvVarMessage(name));
    const v = envVars[name];
    if (v !== undefined) return v;
    const dflt = args.length > 1 ? args[1] : kwargs.default;
    if (dflt !== undefined && dflt !== null) return dflt;
    return fail(`Env var required but not provided: '${name}'`);
  };

  const materialized = String(mergedConfig.materialized ?? 'view');
  const thisRel = node?.relation ?? (node ? placeholder(node.name) : undefined);
  const thisObj = thisRel ? relation(thisRel, MATERIALIZED_TYPE[materialized] ?? null) : null;

  const shouldFullRefresh = () => {
    const fromConfig = mergedConfig.full_refresh;
    return fromConfig === undefined || fromConfig === null ? req.fullRefresh : Boolean(fromConfig);
  };
  const isIncremental = () => {
    if (!execute || !thisRel) return false;
    if (materialized !== 'incremental' || shouldFullRefresh()) return false;
    return introspection.relationType(thisRel) === 'table';
  };

  const resolvedFlags = resolveFlags({ which: req.which ?? (execute ? 'run' : 'parse'), fullRefresh: req.fullRefresh, empty: req.emptyRefs === true }, req.flags);
  // exceptions.warn (event JinjaLogWarning) and warn_snapshot_timestamp_data_types (SnapshotTimestampWarning) go
  // through dbt's warn_or_error: under --warn-error they raise a compilation error with the message.
  const warn = (message: string, event: string) => {
    const outcome = warningOutcome(resolvedFlags, event);
    if (outcome === 'error') fail(message);
    if (outcome === 'warn') state.warnings.push(message);
  };
  const exceptions = new JinjaObject(exceptionsNamespace(fail, warn));

  // dbt's dispatch: packages from the project's `dispatch:` search order, else the root project then the named
  // namespace (when it is installed, or `dbt`), else the namespace alone; in each, `<adapter>__` then `default__`.
  const dispatch = (args: unknown[], kwargs: Record<string, unknown>) => {
    const name = String(args[0] ?? kwargs.macro_name);
    const ns = (args[1] ?? kwargs.macro_namespace) as string | undefined | null;
    const configured = ns ? req.dispatch?.find((d) => d.macro_namespace === ns)?.search_order : undefined;
    const order: (string | undefined)[] = !ns ? [undefined] : configured ?? (resolver.hasPackage(ns) ? [req.projectName, ns] : [ns]);
    const tried: string[] = [];
    for (const pkg of order) {
      for (const prefix of [`${dispatchAdapter}__`, 'default__']) {
        tried.push(`${pkg ? pkg + '.' : ''}${prefix}${name}`);
        const found = resolver.find(prefix + name, pkg);
        if (found !== undefined) return found;
      }
    }
    return fail(`No macro named '${name}' found within namespace: '${ns ?? 'None'}'. Searched for: ${tried.map((t) => `'${t}'`).join(', ')}`);
  };
  const callMacro = (name: string, args: unknown[]) => {
    const macro = resolver.find(name);
    if (macro === undefined) return fail(`Macro '${name}' is not defined`);
    return resolver.call(macro, args);
  };
  const toRelationName = (v: unknown, what: string): RelationName =>
    relationPath(v) ?? fail(`${what} expects a Relation (the result of ref(), source(), this or api.Relation.create), got: ${pyStr(fromJs(v))}`);
  const getRelation = (args: unknown[], kwargs: Record<string, unknown>) => {
    const part = (k: string, i: number) => {
      const v = kwargs[k] ?? args[i];
      return v === undefined || v === null ? '' : String(v);
    };
    const rel: RelationName = { database: part('database', 0) || req.target.database, schema: part('schema', 1), identifier: part('identifier', 2) };
    if (!execute) return null;
    const type = introspection.relationType(rel);
    return type ? relation(rel, type) : null;
  };
  // The relations of one schema, as dbt's list_relations_without_caching returns them (database, name, schema, type).
  const listRelations = (args: unknown[], kwargs: Record<string, unknown>) => {
    const where = toRelationName(args[0] ?? kwargs.schema_relation, 'list_relations_without_caching');
    if (!execute) return tableObject({ columns: ['database', 'name', 'schema', 'type'], rows: [] });
    const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
    const sql =
      `select table_catalog as "database", table_name as "name", table_schema as "schema", ` +
      `case when table_type = 'VIEW' then 'view' else 'table' end as "type" ` +
      `from ${where.database ? `${where.database}.` : ''}information_schema.tables where table_schema ilike ${lit(where.schema)}`;
    return tableObject(introspection.query(sql));
  };
  // dbt's adapter exposes its Relation and Column classes too (`adapter.Relation.create(…)`), the ones `api` holds.
  const relationClass = relationApi(adapterType, req.quoting);
  const columnClass = columnApi(adapterType);
  // dbt's adapter.date_function() (and the context's sql_now, which returns it): dbt-snowflake's SnowflakeAdapter gives
  // CURRENT_TIMESTAMP(), which the twin runs too (it reads Snowflake SQL).
  const dateFunction = (): string => {
    if (dispatchAdapter === 'snowflake') return 'CURRENT_TIMESTAMP()';
    return fail(`adapter.date_function() (sql_now) is not supported by Bronze for the ${adapterType} adapter`);
  };
  const adapter = new JinjaObject({
    dispatch,
    date_function: dateFunction,
    Relation: relationClass,
    Column: columnClass,
    quote: (args: unknown[]) => `"${String(args[0]).replace(/"/g, '""')}"`,
    quote_as_configured: (args: unknown[]) => String(args[0]),
    quote_seed_column: (args: unknown[]) => String(args[0]),
    get_relation: getRelation,
    get_columns_in_relation: (args: unknown[], kwargs: Record<string, unknown>) => {
      const rel = toRelationName(args[0] ?? kwargs.relation, 'adapter.get_columns_in_relation');
      if (!execute) return [];
      // The twin (a DuckDB target speaking Snowflake) reports what dbt-snowflake's DESCRIBE TABLE would.
      if (twin) return introspection.columns(rel).map((c) => makeColumn({ ...c, dataType: snowflakeDescribedType(c.dataType) }, 'snowflake'));
      return introspection.columns(rel).map((c) => makeColumn(c, adapterType));
    },
    list_relations_without_caching: listRelations,
    // dbt's SQLAdapter.expand_target_column_types and truncate_relation run dbt's macros (the project may override them).
    expand_target_column_types: (args: unknown[], kwargs: Record<string, unknown>) => {
      const from = args[0] ?? kwargs.from_relation;
      const to = args[1] ?? kwargs.to_relation;
      toRelationName(from, 'adapter.expand_target_column_types');
      toRelationName(to, 'adapter.expand_target_column_types');
      if (execute) callMacro('bronze__expand_target_column_types', [from, to]);
      return '';
    },
    truncate_relation: (args: unknown[], kwargs: Record<string, unknown>) => {
      const rel = args[0] ?? kwargs.relation;
      toRelationName(rel, 'adapter.truncate_relation');
      if (execute) callMacro('truncate_relation', [rel]);
      return '';
    },
    standardize_grants_dict: (args: unknown[], kwargs: Record<string, unknown>) => standardizeGrants(args[0] ?? kwargs.grants_table, dispatchAdapter, fail),
    already_exists: (args: unknown[]) => {
      if (!execute) return false;
      return introspection.relationType({ database: req.target.database, schema: String(args[0]), identifier: String(args[1]) }) !== null;
    },
    check_schema_exists: (args: unknown[], kwargs: Record<string, unknown>) => {
      if (!execute) return false;
      const database = String(kwargs.database ?? args[0] ?? req.target.database);
      const schema = String(kwargs.schema ?? args[1]);
      const sql = `select count(*) from ${database}.information_schema.schemata where schema_name ilike '${schema.replace(/'/g, "''")}'`;
      return Number(introspection.query(sql).rows[0]?.[0] ?? 0) > 0;
    },
    type: () => adapterType,
    ...adapterStatements(execute, introspection, toRelationName, req.materialization),
    // dbt's behaviour flags: Bronze keeps every flag at its default (off).
    behavior: new JinjaObject({}, { getItem: () => new JinjaObject({ no_warn: false, setting: false }, { truthy: () => false }) }),
  });

  const runQuery = (args: unknown[]) => {
    if (!execute) return null;
    const sql = String(args[0]);
    return tableObject(introspection.query(sql));
  };
  const statement = (args: unknown[], kwargs: Record<string, unknown>) => {
    const name = (args[0] ?? kwargs.name ?? null) as string | null;
    const fetch = Boolean(args[1] ?? kwargs.fetch_result ?? false);
    if (!execute) return '';
    const caller = kwargs.caller as ((...a: unknown[]) => unknown) | undefined;
    const sql = caller ? String(caller()) : '';
    // A node's `main` statement is its materialization's (recorded, run by the runner); in a hook or an operation,
    // which render with no node, dbt runs it as any other statement.
    // A custom materialization's own `main` is executed: the block is the materialization.
    if (name === 'main' && node && !req.materialization) {
      state.statements.main = sql;
      return '';
    }
    const result = introspection.query(sql);
    const affected = result.rowsAffected ?? result.rows.length;
    if (name) state.statements[name] = loadResultObject(sql, fetch ? result : { columns: result.columns, rows: [] }, affected);
    return '';
  };

  // dbt sets the batch's bounds on the node's config too (dbt-snowflake's delete reads them from there).
  const nodeConfig = execute
    ? batch
      ? { ...mergedConfig, __dbt_internal_microbatch_event_time_start: datetimeObject(batchTime(batch.start)), __dbt_internal_microbatch_event_time_end: datetimeObject(batchTime(batch.end)) }
      : mergedConfig
    : state.config;
  const model = node
    ? {
        unique_id: node.uniqueId,
        name: node.name,
        alias: thisRel?.identifier ?? node.name,
        schema: thisRel?.schema ?? req.target.schema,
        database: thisRel?.database ?? req.target.database,
        package_name: node.packageName,
        resource_type: node.resourceType,
        fqn: node.fqn,
        version: node.version ?? null,
        original_file_path: req.file,
        config: nodeConfig,
        tags: (mergedConfig.tags as unknown[]) ?? [],
        description: node.description ?? '',
        // dbt's node columns (schema.yml), by name, as manifest.json writes them.
        columns: node.columns ? dbtColumns(node.columns) : {},
        ...(batch ? { batch: { id: batch.id, event_time_start: datetimeObject(batchTime(batch.start)), event_time_end: datetimeObject(batchTime(batch.end)) } } : {}),
      }
    : null;

  return {
    ref,
    source,
    config,
    // dbt's originals, for projects that override ref/source with a macro of the same name.
    builtins: { ref, source, config },
    // dbt's `context` is the render's context itself (dbt-core's BaseContext.to_dict sets ctx["context"] = ctx), so
    // `context.get(name)()` / `context[name]` reach a macro or context variable by a name computed at run time.
    context: new JinjaObject(
      {
        get: (args: unknown[], kwargs: Record<string, unknown>) => resolver.lookup(String(args[0] ?? kwargs.key)) ?? args[1] ?? kwargs.default ?? null,
      },
      { getItem: (key: unknown) => resolver.lookup(String(key)), typeName: 'dict' },
    ),
    var: varFn,
    env_var: envVar,
    this: thisObj,
    target: publicTarget(req.target),
    is_incremental: isIncremental,
    should_full_refresh: shouldFullRefresh,
    run_started_at: runStartedAt(req.runStartedAt),
    invocation_id: req.invocationId,
    log: (args: unknown[], kwargs: Record<string, unknown>) => {
      req.log?.(pyStr(fromJs(args[0] ?? '')), pyBool(fromJs(args[1] ?? kwargs.info ?? false)));
      return '';
    },
    print: (args: unknown[]) => {
      req.log?.(pyStr(fromJs(args[0] ?? '')), true);
      return '';
    },
    exceptions,
    modules: staticModules(),
    adapter,
    api: { Relation: relationClass, Column: columnClass },
    statement,
    ...resultMembers(state, node, fail),
    run_query: runQuery,
    execute,
    flags: flagsObject(resolvedFlags),
    // The parse phase sees an empty graph (dbt fills it as it parses: templates read it under `if execute`).
    get graph() {
      return execute && req.graph ? req.graph() : { nodes: {}, sources: {}, macros: {}, exposures: {}, metrics: {}, groups: {} };
    },
    model,
    project_name: req.projectName,
    schema: thisRel?.schema ?? req.target.schema,
    database: thisRel?.database ?? req.target.database,
    selected_resources: [],
    // dbt-core's ProviderContext.sql_now (core/dbt/context/providers.py): adapter.date_function().
    get sql_now() {
      return dateFunction();
    },
    ...baseContextMembers(fail),
    get dbt_metadata_envs() {
      return metadataEnvs(envVars);
    },
    get invocation_args_dict() {
      return invocationArgsDict({
        which: String(resolvedFlags.values.WHICH),
        flags: resolvedFlags.values,
        options: resolvedFlags.options,
        project: req.flags?.project,
        cli: req.flags?.cliArgs,
        projectDir: req.flags?.projectDir,
      });
    },
    ...req.hookContext,
    ...(execute && req.materialization && node ? materializationContext(req.materialization, introspection, resolver) : {}),
  };
}

/**
 * dbt's ProviderContext members that keep statement results (core/dbt/context/providers.py): store_result,
 * store_raw_result, load_result (which hands a result over once: a second load of the name is an error, `main`
 * excepted), and the ones dbt raises for here: adapter_macro (removed in favour of adapter.dispatch), load_agate_table
 * outside a seed; and write.
 */
function resultMembers(state: ContextState, node: RenderNode | undefined, fail: (message: string) => never): Record<string, unknown> {
  const storeResult = (name: unknown, response: unknown, table: unknown): string => {
    if (table !== undefined && table !== null && !(table instanceof JinjaObject && TABLE_ROWS.has(table))) {
      return fail(`store_result: agate_table must be a table (what run_query or load_result gives), got ${pyStr(fromJs(table))}`);
    }
    // agate_helper.empty_table() when no table is given.
    const agate = (table as JinjaObject | undefined | null) ?? tableObject({ columns: [], rows: [] });
    state.statements[String(name)] = resultObject(response, TABLE_ROWS.get(agate)!.rows, agate);
    return '';
  };
  // store_raw_result's signature gives its three values Python's `typing.Optional[str]` as defaults.
  const UNSET = 'typing.Optional[str]';
  return {
    load_result: (args: unknown[], kwargs: Record<string, unknown>) => {
      const name = String(args[0] ?? kwargs.name);
      if (!(name in state.statements)) return null;
      const value = state.statements[name];
      if (name === 'main') return value;
      if (value === null) return fail(`The 'statement' result named '${name}' has already been loaded into a variable`);
      state.statements[name] = null;
      return value;
    },
    store_result: (args: unknown[], kwargs: Record<string, unknown>) => storeResult(args[0] ?? kwargs.name, args[1] ?? kwargs.response, args[2] ?? kwargs.agate_table),
    store_raw_result: (args: unknown[], kwargs: Record<string, unknown>) => {
      const at = (i: number, key: string) => (args.length > i ? args[i] : key in kwargs ? kwargs[key] : UNSET);
      return storeResult(args[0] ?? kwargs.name, adapterResponse(at(1, 'message'), at(2, 'code'), at(3, 'rows_affected')), args[4] ?? kwargs.agate_table);
    },
    adapter_macro: (args: unknown[], kwargs: Record<string, unknown>) =>
      fail(
        'The "adapter_macro" macro has been deprecated. Instead, use the `adapter.dispatch` method to find a macro and call the result.  ' +
          'For more information, see: https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch)' +
          ` adapter_macro was called for: ${String(args[0] ?? kwargs.name)}`,
      ),
    // dbt's write(payload) puts a node's runtime SQL in target/run (the statement macro's `main`); Bronze writes
    // target/run from the statements each node ran, so the payload is not kept.
    write: () => '',
    load_agate_table: () => {
      if (node?.resourceType !== 'seed') return fail(`can only load_agate_table for seeds (got a ${node?.resourceType ?? 'macro'})`);
      return fail('load_agate_table (a custom seed materialization) is not supported by Bronze: its seeds load through its own seed runner');
    },
  };
}

/**
 * The adapter methods that change the warehouse, as dbt-snowflake's macros word them: drop_relation
 * (`drop <type> if exists <relation> cascade`), rename_relation (`alter <type> <from> rename to <to>`) and commit
 * (a no-op where the caller holds the transaction: MaterializationRun.commits).
 */
function adapterStatements(
  execute: boolean,
  introspection: Introspection,
  toRelationName: (v: unknown, what: string) => RelationName,
  run: MaterializationRun | undefined,
): Record<string, unknown> {
  const typeOf = (v: unknown, what: string): string => {
    const type = v instanceof JinjaObject ? v.attrs.type : undefined;
    if (type === 'table' || type === 'view') return type;
    throw new TemplateError(`${what} needs a relation of known type (table or view); this one has type ${pyStr(fromJs(type ?? null))}: use adapter.get_relation(…) or relation.incorporate(type=…)`);
  };
  // As the relation prints (its quote policy), which is how dbt's macros write it.
  const text = (v: unknown, what: string): string => {
    toRelationName(v, what);
    return String(((v as JinjaObject).attrs.render as () => string)());
  };
  return {
    commit: () => {
      if (execute && (run === undefined || run.commits)) introspection.query('commit');
      return '';
    },
    drop_relation: (args: unknown[], kwargs: Record<string, unknown>) => {
      const rel = args[0] ?? kwargs.relation;
      if (execute) introspection.query(`drop ${typeOf(rel, 'adapter.drop_relation')} if exists ${text(rel, 'adapter.drop_relation')} cascade`);
      return '';
    },
    rename_relation: (args: unknown[], kwargs: Record<string, unknown>) => {
      const from = args[0] ?? kwargs.from_relation;
      const to = args[1] ?? kwargs.to_relation;
      if (execute) {
        const type = typeOf(from, 'adapter.rename_relation');
        introspection.query(`alter ${type} ${text(from, 'adapter.rename_relation')} rename to ${text(to, 'adapter.rename_relation')}`);
      }
      return '';
    },
  };
}

/** The names dbt adds to a model's context for its materialization (dbt-core's providers.ModelContext). */
function materializationContext(run: MaterializationRun, introspection: Introspection, resolver: MacroResolver): Record<string, unknown> {
  const hookObject = (h: HookDef, index: number) => ({ sql: h.sql, transaction: h.transaction, index });
  const render = (args: unknown[]) => resolver.renderString(String(args[0] ?? ''));
  // dbt's run_hooks(hooks, inside_transaction=True): the hooks of that kind in order, each rendered when reached and
  // sent unless it renders empty; before the first non-transactional one, the open transaction is committed.
  const runHooks = (args: unknown[], kwargs: Record<string, unknown>) => {
    const hooks = args[0] ?? kwargs.hooks;
    const inside = (args[1] ?? kwargs.inside_transaction ?? true) !== false;
    const list = (Array.isArray(hooks) ? hooks : []).filter((h) => isMapping(h) && Boolean((h as { transaction?: unknown }).transaction ?? true) === inside);
    list.forEach((h, i) => {
      if (!inside && i === 0 && run.commits) introspection.query('commit');
      const sql = render([(h as { sql?: unknown }).sql]).trim();
      if (sql !== '') introspection.query(sql);
    });
    return '';
  };
  return {
    sql: run.sql,
    compiled_code: run.sql,
    pre_hooks: run.preHooks.map(hookObject),
    post_hooks: run.postHooks.map((h, i) => hookObject(h, run.preHooks.length + i)),
    run_hooks: runHooks,
    render,
    __bronze_materialize: () => {
      const macro = resolver.find(run.macro.name, run.macro.packageName);
      if (macro === undefined) throw new TemplateError(`Macro '${run.macro.packageName}.${run.macro.name}' is not defined`);
      run.returned(resolver.call(macro, []));
      return '';
    },
  };
}

/** Renders a node's template once. Throws TemplateError (with place) or IntrospectionMiss. */
export function render(env: JinjaEnvironment, req: RenderRequest): RenderOutcome {
  const state: ContextState = { config: {}, refs: [], sources: [], statements: {}, warnings: [] };
  const result = env.render(req.text, req.file, (resolver) => buildContext(req, resolver, state), req.node?.packageName, req.macroOverrides);
  return {
    sql: result.output,
    config: state.config,
    refs: state.refs,
    sources: state.sources,
    macrosCalled: result.macrosCalled,
    statements: state.statements,
    docs: Object.keys(result.docs).length ? result.docs : undefined,
    warnings: state.warnings,
  };
}

/**
 * A warehouse question that failed, as an error at the template tag that asked it (a cancellation, and an error
 * that already has a place, stay as they are).
 */
/** Thrown by a resolver that must not reach the warehouse (a run's post-hook before the model ran): passed on as is. */
export class QuestionRefused extends Error {}

function failedQuestion(err: unknown, miss: IntrospectionMiss): unknown {
  if (err instanceof QuestionRefused) return err;
  if (!(err instanceof Error) || (err as { details?: { cancelled?: boolean } }).details?.cancelled) return err;
  const r = miss.request;
  const what = r.kind === 'query' ? `the query \`${r.sql.trim().replace(/\s+/g, ' ').slice(0, 160)}\`` : `${r.kind} of ${renderRelation(r.relation)}`;
  if (err instanceof BronzeError && err.location) return err;
  const message = `The warehouse could not answer ${what}, which this template asked (run_query, statement or an adapter call): ${err.message}`;
  if (miss.origin) return new TemplateError(message, miss.origin, 'bronze/jinja-render');
  err.message = message;
  return err;
}

/**
 * The cache key of a warehouse question asked at point `at` of a render (share a cache between renders with
 * `renderResolving`'s `cache`). A query's key is its occurrence, the `at`-th query the render sends, whatever its
 * text: a replay reads back that occurrence's answer, and the same statement sent twice is two occurrences. A
 * catalog question's key holds `at`, the number of queries sent before it: an answer given before a query (which
 * may create, drop or alter what it describes) is not the answer after it. Without `at`, a catalog answer the
 * caller gives for every point of the render (dbt's relation cache, which a template's own queries do not change).
 */
export function requestKey(r: IntrospectionRequest, at?: number): string {
  return r.kind === 'query' ? `q\0${at ?? 0}` : `${r.kind}\0${at ?? '*'}\0${r.relation.database}\0${r.relation.schema}\0${r.relation.identifier}`;
}

/**
 * The relation answers (`relationType`) of a cache, without its query results or columns, as answers for every
 * point of another render (`requestKey` without `at`): of a relation asked at several points, the one given for
 * every point, else the latest.
 */
export function relationAnswers(cache: ReadonlyMap<string, unknown>): Map<string, unknown> {
  const latest = new Map<string, { at: number; answer: unknown }>();
  for (const [key, answer] of cache) {
    const [kind, at, ...relation] = key.split('\0');
    if (kind !== 'relationType') continue;
    const name = relation.join('\0');
    const point = at === '*' ? Infinity : Number(at);
    if ((latest.get(name)?.at ?? -1) < point) latest.set(name, { at: point, answer });
  }
  return new Map([...latest].map(([name, { answer }]) => [`relationType\0*\0${name}`, answer]));
}

/** Where a render starts in a run of renders sharing one cache (a model's text, then its hooks, one after another). */
export interface RenderSequence {
  /** Queries the renders before it sent; advanced past the render's own when it returns. */
  queries: number;
}

/**
 * Renders, and on each IntrospectionMiss awaits `resolve`, caches its answer and renders again (at most
 * `maxRounds` times). `resolve` returns RelationType | null, ColumnDef[] or QueryResult by request kind.
 *
 * Every render replays the template from the start, so the cache is keyed by the point of the template that asks
 * (`requestKey`): the k-th query of the render reads back the answer of the k-th query (the same statement sent
 * twice is sent twice, as dbt sends it), and a catalog question reads the answer given after the same number of
 * queries (what a query may have created or changed is asked again after it). An answer the cache holds for every
 * point (`requestKey` without `at`: the caller's relation cache) is read at every point.
 *
 * A catalog question (`relationType`, `columns`: reads only, changes nothing) that misses is answered with a
 * stand-in (no relation, no columns) and the render goes on, so one render collects every catalog question of a
 * loop: dbt_utils.union_relations over 120 tables renders 2 times instead of 121, each render a full pass. A
 * render that used a stand-in is thrown away whatever it printed or raised; its questions are asked and it is
 * rendered again. Only a render that used none is returned or reported, so the output is the one asking each
 * question in turn would give. A query miss (run_query, statement: may write) stops the render as before, and is
 * run only when nothing before it was a stand-in. A render goes past a query only once that query was sent, so the
 * questions a render asks ahead are asked after the same queries as the point that reads them: each answer is the
 * one the catalog gives at the point of the template that reads it.
 */
export async function renderResolving(
  env: JinjaEnvironment,
  req: RenderRequest,
  resolve: (request: IntrospectionRequest) => Promise<unknown>,
  // dbt sets no limit: dbt_utils.union_relations over a schema's event tables asks the columns of each (100+);
  // Jinja loops are bounded, so this only stops a template whose questions keep changing.
  maxRounds = 1000,
  /** Answers already known (keyed by `requestKey`); filled as the render asks. Share it across related renders. */
  cache: Map<string, unknown> = new Map(),
  /** With a shared cache: the renders before this one, whose queries its own follow (default: none). */
  sequence: RenderSequence = { queries: 0 },
): Promise<RenderOutcome> {
  const inner = req.introspection;
  /** Stand-ins used by the current render; while 0, everything it has read is what the warehouse answered. */
  let standIns = 0;
  /** Queries the current render has sent (read back or missed), counted from the sequence's start. */
  let sent = sequence.queries;
  /** Catalog questions the current render answered with a stand-in, in the order asked. */
  let asked = new Map<string, IntrospectionRequest>();
  /** Answers asked ahead and not yet read by a render before its first stand-in. */
  const ahead = new Set<string>();
  /** Questions whose answer failed when asked ahead: asked in turn, so that a failure names its template tag. */
  const inTurn = new Set<string>();
  /** The key of each miss the lookup raised (a query's holds its occurrence). */
  const missKeys = new WeakMap<IntrospectionMiss, string>();
  const lookup = <T>(r: IntrospectionRequest, ask: () => T, standIn: T): T => {
    const always = r.kind === 'query' ? undefined : requestKey(r);
    if (always !== undefined && cache.has(always)) return cache.get(always) as T;
    const key = requestKey(r, r.kind === 'query' ? sent++ : sent);
    if (cache.has(key)) {
      if (standIns === 0) ahead.delete(key);
      return cache.get(key) as T;
    }
    if (inner) return ask();
    if (r.kind === 'query' || inTurn.has(key)) {
      const miss = new IntrospectionMiss(r);
      missKeys.set(miss, key);
      throw miss;
    }
    if (!asked.has(key)) asked.set(key, r);
    standIns++;
    return standIn;
  };
  const introspection: Introspection = {
    relationType: (relation) => lookup({ kind: 'relationType', relation }, () => inner!.relationType(relation), null),
    columns: (relation) => lookup({ kind: 'columns', relation }, () => inner!.columns(relation), []),
    query: (sql) => lookup({ kind: 'query', sql }, () => inner!.query(sql), { columns: [], rows: [] }),
  };
  // Every render replays the template from the start: log() lines already written by an earlier render's
  // stretch without stand-ins are not written again, and none is written after a stand-in.
  let logged = 0;
  let logCalls = 0;
  const log = req.log
    ? (message: string, info: boolean) => {
        if (standIns > 0 || logCalls++ < logged) return;
        logged++;
        req.log!(message, info);
      }
    : undefined;
  const dropAhead = () => {
    for (const key of ahead) cache.delete(key);
    ahead.clear();
  };
  try {
    for (let round = 0; round <= maxRounds; round++) {
      standIns = 0;
      sent = sequence.queries;
      logCalls = 0;
      asked = new Map();
      const restore = req.checkpoint?.();
      let outcome: RenderOutcome | undefined;
      let failure: unknown;
      try {
        outcome = render(env, { ...req, introspection, log });
      } catch (e) {
        failure = e;
      }
      if (standIns === 0 && outcome) {
        sequence.queries = sent;
        return outcome;
      }
      restore?.();
      if (standIns === 0 && !(failure instanceof IntrospectionMiss)) throw failure;
      if (round === maxRounds) break;
      if (standIns === 0) {
        // Answers asked ahead stay: each is keyed after the queries sent before it was asked, so a query sent now
        // does not make it stale.
        const miss = failure as IntrospectionMiss;
        const key = missKeys.get(miss) ?? requestKey(miss.request, sent);
        let answer: unknown;
        try {
          answer = await resolve(miss.request);
        } catch (err) {
          throw failedQuestion(err, miss);
        }
        cache.set(key, answer);
        inTurn.delete(key);
        continue;
      }
      for (const [key, r] of asked) {
        try {
          cache.set(key, await resolve(r));
          ahead.add(key);
        } catch (err) {
          if ((err as { details?: { cancelled?: boolean } } | undefined)?.details?.cancelled) throw err;
          inTurn.add(key);
        }
      }
    }
  } finally {
    // Answers no kept render read do not stay in a cache shared with later renders.
    dropAhead();
  }
  throw new BronzeError(
    `Rendering ${req.file} needed more than ${maxRounds} warehouse lookups; simplify the template's run_query/statement use`,
    { file: req.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    'bronze/jinja-render',
  );
}
