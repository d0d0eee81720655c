// The engine facade: one loaded project with its Jinja environment, DAG and dialect, and the operations every
// face needs — render a node in the execute phase, plan its statements, build a data test's SQL, preview.
// The CLI, the runner, the language server and the docs all go through here, so the SQL a preview shows is
// the SQL a run executes.
import { homedir } from 'node:os';
import path from 'node:path';
import { YamlFloat, YamlTimestamp } from '../core/yaml-python-values';
import {
  BronzeError,
  type ColumnDef,
  type ColumnInfo,
  type Diagnostic,
  type MacroNode,
  type NodeConfig,
  type ModelNode,
  type QuotePolicy,
  type RefCall,
  type RelationName,
  type RelationType,
  type SourceLocation,
  type TargetConfig,
  type TestNode,
  type UnitTestNode,
} from '../core/types';
import { loadProject, type LoadOptions, type LoadedProject, didYouMean } from '../project';
import { mergeConfig } from '../project/config';
import { withTwinDatabases } from '../project/twin';
import { pythonCompiledCode, pythonNotRunMessage, pythonRefKey, readPythonModel, type PyValue } from '../project/python-model';
import { quotePolicy } from '../core/quote-policy';
import { isPlainObject } from '../core/plain';
import { quotedRelationName, relationPath } from '../template/relation';
import { findMaterializationMacro, isMaterializationMacro, materializationNotFoundMessage } from '../template/materialization-lookup';
import { unresolvedSourceError } from '../project/broken-yaml';
import { assertInferredRef } from '../project/computed-refs';
import { renderAtParse } from '../project/parse-render';
import { JinjaEnvironment, TemplateError, relationAnswers, type MacroInfo, render, renderNodeOf, renderResolving, requestKey, QuestionRefused, type IntrospectionRequest, type RenderSequence, type QueryResult, type RenderBatch, type RenderOutcome, type RenderRequest, type InvocationFlags } from '../template';
import { buildGraph, type Graph } from '../graph';
import { flatGraph } from './manifest';
import { inputKey } from '../compile/unit-test';
import {
  BUILT_IN_TESTS,
  DBT_UTILS_TESTS,
  dialectFor,
  genericTestSql,
  framedAsDbt,
  planForPreview,
  planModel,
  previewSnapshot,
  batchId,
  formatBatchStart,
  isMicrobatch,
  isCustomMaterialization,
  microbatchConfig,
  planBatches,
  batchModel,
  pyUtcString,
  shouldFullRefresh,
  whereSubquery,
  addCte,
  assertContractSupported,
  contractEnforced,
  contractOf,
  cteDefinition,
  ephemeralCteName,
  injectCtes,
  type DeferredHooks,
  type Dialect,
  type InjectedCte,
  type PlanInput,
  type Step,
  type MacroStep,
} from '../compile';
import { danglingWithError } from '../compile/dangling-with';
import { notAQueryError } from '../compile/not-a-query';
import { tokenizeSql } from '../core/sql/tokenize';


// dbt's test-argument rule: a value that is one call of these is rendered as that expression.
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/;
export interface EngineOptions extends Omit<LoadOptions, 'renderConfig'> {
  projectDir: string;
  /** Extra target fields (a password from VS Code's SecretStorage, a test's host/port); never written anywhere. */
  targetOverrides?: Record<string, unknown>;
}

/** Answers the renderer's warehouse questions; the runner backs it with a session, compile with assumptions. */
export type Resolver = (request: IntrospectionRequest) => Promise<unknown>;

export interface RenderContextOptions {
  invocationId: string;
  runStartedAt: Date;
  fullRefresh: boolean;
  resolve: Resolver;
  /** `flags.WHICH`: run, test, build, compile. */
  which?: string;
  /** The rest of dbt's `flags` the invocation sets (--warn-error, --fail-fast, --store-failures, its command line). */
  flags?: InvocationFlags;
  /** Unsaved text of the node's file (the language server's preview). */
  text?: string;
  /** What the caller already knows of the node's own relation (the runner asked before rendering). */
  existing?: RelationType | null;
  /** `--empty` (dbt 1.8): refs and sources read as zero rows, so the SQL compiles and binds without reading data. */
  empty?: boolean;
  /** The batch a microbatch model renders for: its inputs with `event_time` read that batch's rows. */
  batch?: RenderBatch;
  /** Where the template's log()/print() write (run-operation shows `info=True` lines); dropped when unset. */
  log?: (message: string, info: boolean) => void;
  /** on-run-end's `results`, `schemas`, `database_schemas` (run hooks only). */
  hookContext?: Record<string, unknown>;
  /**
   * A run: a hook whose template asks the warehouse for data (run_query, a relation's columns) is rendered when it
   * runs, as dbt's run_hooks renders each hook just before executing it: a pre-hook after the pre-hooks before it, a
   * post-hook after the model's statements — not ahead, where its run_query would read or act too early.
   */
  deferHooks?: boolean;
  /**
   * With deferHooks: what dbt's relation cache holds for the node's own relation when its post-hooks render
   * (ownRelationAtPostHooks); `existing` when unset.
   */
  existingAtPostHooks?: RelationType | null;
}

export interface CompiledModel {
  /** The model's SQL with the CTEs of the ephemeral models it reaches injected. */
  sql: string;
  preHooks: string[];
  postHooks: string[];
  outcome: RenderOutcome;
  /** dbt's `extra_ctes`: one per ephemeral model reached, nested ones first. */
  extraCtes: InjectedCte[];
  /** With deferHooks: the hooks (by phase and index, their preHooks/postHooks text empty) rendered when they run. */
  hookRenders?: DeferredHooks;
}

/** A resolver for renders that must not reach the warehouse (a run's hooks before they run). */
const refuseQuestions: Resolver = async () => {
  throw new QuestionRefused('asks the warehouse');
};

/**
 * How a run renders a hook ahead: relation questions are answered, as dbt's relation cache answers them when the hook
 * renders (below), and anything else is refused, so that the hook is rendered when it runs.
 */
function relationsOnly(resolve: Resolver): Resolver {
  return async (request) => {
    if (request.kind === 'relationType') return resolve(request);
    throw new QuestionRefused('asks the warehouse');
  };
}

/** Ephemeral unique_ids a render's ref() calls reached, in call order. */
type CteCollector = string[];

/** The ephemeral models already compiled for one node: their SQL before injection and their own CTEs. */
type EphemeralMemo = Map<string, { sql: string; ctes: InjectedCte[] }>;

export function isEphemeral(node: { config: { materialized?: unknown } }): boolean {
  return node.config.materialized === 'ephemeral';
}

export type PreviewMode = 'first' | 'incremental';

/**
 * The column a node's `event_time` config filters on, as dbt's _resolve_event_time_field_name names it: quoted when
 * the node's column of that name is declared `quote: true`.
 */
function eventTimeField(eventTime: unknown, columns: Record<string, ColumnInfo>): string | undefined {
  if (typeof eventTime !== 'string' || eventTime === '') return undefined;
  const column = Object.values(columns).find((c) => c.name === eventTime);
  return column?.quote === true ? `"${eventTime.replace(/"/g, '""')}"` : eventTime;
}

export class Engine {
  readonly dialect: Dialect;
  readonly target: TargetConfig;
  // Name indexes, built on first use: ref() and source() run once per call in every model.
  private modelsByName?: Map<string, ModelNode[]>;
  private sourcesByName?: Map<string, RelationName>;
  private quotingBySource?: Map<string, QuotePolicy>;
  private testMacros?: MacroNode[];
  /** The `{% materialization %}` blocks (macros named `materialization_…`) among the project's macros. */
  private materializationBlocks?: MacroInfo[];
  /** dbt's `graph` context variable, built the first time an execute-phase template reads it. */
  private graphValue?: Record<string, unknown>;
  /** `--defer`: the state manifest's relation for each model this invocation reads from there. */
  private deferred: ReadonlyMap<string, RelationName> = new Map();

  private constructor(
    readonly project: LoadedProject,
    readonly jinja: JinjaEnvironment,
    readonly graph: Graph,
    readonly diagnostics: Diagnostic[],
    overrides: Record<string, unknown>,
  ) {
    // The local twin attaches a DuckDB catalog for each database the project names.
    this.target = withTwinDatabases({ ...project.target, ...overrides } as TargetConfig, project);
    this.dialect = dialectFor(this.target.type);
  }

  static async open(options: EngineOptions): Promise<Engine> {
    // An Engine serves one command: nothing reloads its project, so no reload state is kept.
    const load = { ...options, reloadable: options.reloadable ?? false };
    let project = await loadProject(options.projectDir, load);
    if (project.diagnostics.some((d) => d.code === 'bronze/dynamic-config')) {
      // config() with computed values (`materialized=var('m')`) is applied as dbt's parse render does: a second
      // load renders those models with the project's macros and the command's --vars.
      const jinja = macroEnvironment(project, []);
      const first = project;
      project = await loadProject(options.projectDir, { ...load, renderConfig: (node) => parseRenderConfig(jinja, first, node) });
    }
    return Engine.fromProject(project, options.targetOverrides ?? {});
  }

  static fromProject(project: LoadedProject, targetOverrides: Record<string, unknown> = {}): Engine {
    const diagnostics: Diagnostic[] = [];
    const jinja = macroEnvironment(project, diagnostics);
    // Say when a package the project calls runs on Bronze's built-in subset instead of its installed files.
    for (const pkg of jinja.standInPackages()) {
      const user = [...project.models.values()].find((m) => m.packageName === project.name && m.rawCode.includes(`${pkg}.`));
      if (!user) continue;
      const message = `Package '${pkg}' is not installed in ${project.packagesInstallPath}/: Bronze's built-in copy of its most used macros stands in (${jinja.listMacros().filter((m) => m.packageName === pkg).map((m) => m.name).join(', ')}). Run \`bronze deps\` to use the real package.`;
      diagnostics.push({ file: user.location.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'info', code: 'bronze/builtin-package', message });
    }
    return new Engine(project, jinja, buildGraph(project), diagnostics, targetOverrides);
  }


  /** Every problem found while loading, plus macro files that did not parse. */
  allDiagnostics(): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const d of [...this.project.diagnostics, ...this.diagnostics]) {
      const key = `${d.file}:${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }

  node(uniqueId: string): ModelNode | TestNode | UnitTestNode | undefined {
    return this.project.models.get(uniqueId) ?? this.project.tests.get(uniqueId) ?? this.project.unitTests.get(uniqueId);
  }

  /** A model by name (`bz_users`) or unique_id. */
  findModel(nameOrId: string): ModelNode | undefined {
    return this.project.models.get(nameOrId) ?? this.modelsNamed(nameOrId)[0];
  }

  private modelsNamed(name: string): ModelNode[] {
    if (!this.modelsByName) {
      this.modelsByName = new Map();
      for (const m of this.project.models.values()) {
        const list = this.modelsByName.get(m.name);
        if (list) list.push(m);
        else this.modelsByName.set(m.name, [m]);
      }
    }
    return this.modelsByName.get(name) ?? [];
  }

  /** Makes refs to these models (and tests on them) read the given relations: dbt's `--defer`. */
  deferTo(relations: ReadonlyMap<string, RelationName>): void {
    this.deferred = relations;
  }

  /** Where a ref to this node reads: its own relation, or the state's under `--defer`. */
  relationFor(node: ModelNode): RelationName {
    return this.deferred.get(node.uniqueId) ?? node.relation;
  }

  resolveRef(call: RefCall, ctes?: CteCollector): RelationName {
    const chosen = this.refTarget(call);
    if (!isEphemeral(chosen)) return this.relationFor(chosen);
    // dbt renders a ref to an ephemeral as its CTE name, unquoted, and remembers it for injection.
    if (ctes && !ctes.includes(chosen.uniqueId)) ctes.push(chosen.uniqueId);
    return { database: '', schema: '', identifier: ephemeralCteName(chosen.relation.identifier) };
  }

  private refTarget(call: RefCall): ModelNode {
    const candidates = this.modelsNamed(call.name).filter(
      (m) =>
        (call.package === undefined || m.packageName === call.package) &&
        (call.version === undefined || String(m.version) === String(call.version)),
    );
    // The root project's model wins over a package's of the same name, as in dbt.
    const chosen = candidates.find((m) => m.packageName === this.project.name) ?? candidates[0];
    if (chosen) return chosen;
    const names = [...this.project.models.values()].map((m) => m.name);
    const hint = didYouMean(call.name, names);
    throw new BronzeError(
      `ref('${call.name}') names no model in this project.${hint ? ` Did you mean '${hint}'?` : ''} ` +
        'Check the name, or add the model under the model paths.',
      undefined,
      'bronze/unknown-ref',
    );
  }

  /** A declared source table's `event_time` config, as its filter names the column. */
  private sourceEventTime(sourceName: string, tableName: string): string | undefined {
    for (const s of this.project.sources.values()) {
      if (s.sourceName === sourceName && s.name === tableName) return eventTimeField(s.config.event_time, s.columns);
    }
    return undefined;
  }

  /** The schema.yml `quoting:` of a declared source table. */
  private sourceQuoting(sourceName: string, tableName: string): QuotePolicy | undefined {
    if (!this.quotingBySource) {
      this.quotingBySource = new Map();
      for (const s of this.project.sources.values()) if (s.quoting) this.quotingBySource.set(`${s.sourceName}\0${s.name}`, s.quoting);
    }
    return this.quotingBySource.get(`${sourceName}\0${tableName}`);
  }

  resolveSource(sourceName: string, tableName: string): RelationName {
    if (!this.sourcesByName) {
      this.sourcesByName = new Map();
      for (const s of this.project.sources.values()) this.sourcesByName.set(`${s.sourceName}\0${s.name}`, s.relation);
    }
    const found = this.sourcesByName.get(`${sourceName}\0${tableName}`);
    if (found) return found;
    // A schema file that does not parse may declare it: say so, as `bronze check` does (project/broken-yaml.ts).
    const blocked = unresolvedSourceError(this.project, sourceName, tableName);
    if (blocked) throw new BronzeError(blocked, undefined, 'bronze/yaml-unresolved');
    throw new BronzeError(
      `source('${sourceName}', '${tableName}') is not declared. Add table '${tableName}' under source '${sourceName}' in a schema.yml.`,
      undefined,
      'bronze/unknown-source',
    );
  }

  /**
   * dbt's flags for a render: the invocation's, dbt_project.yml's `flags:`, and the paths dbt derives: the log path
   * (the project's folder and its `log-path`, default `logs`: dbt-core's default_log_path) and the folder profiles.yml
   * came from (dbt's default, ~/.dbt, when there is none), and the environment the options' variables are read from.
   */
  invocationFlags(given: InvocationFlags | undefined): InvocationFlags {
    const config = this.project.projectConfig;
    const project = config.flags && typeof config.flags === 'object' && !Array.isArray(config.flags) ? (config.flags as Record<string, unknown>) : undefined;
    const logPath = typeof config['log-path'] === 'string' ? config['log-path'] : 'logs';
    return {
      project,
      env: process.env,
      projectDir: this.project.root,
      logPath: path.join(this.project.root, logPath),
      profilesDir: this.project.profilesPath ? path.dirname(this.project.profilesPath) : path.join(homedir(), '.dbt'),
      ...given,
    };
  }

  /** `self`: the node's `this` when it has no relation of its own (a data test's, from the naming macros). */
  private request(node: ModelNode | TestNode, text: string, ctx: RenderContextOptions, ctes?: CteCollector, self?: RelationName): RenderRequest {
    // A computed ref() the parse render did not reach (`{% if execute %}`) is no dependency: dbt refuses it when
    // it runs (computed-refs.ts). Not for an unsaved buffer, whose dependencies the loader has not read yet, nor
    // for renderText's stand-in node (run hooks, `show --inline`), which has no code or dependencies.
    const checked = ctx.text === undefined && typeof node.rawCode === 'string';
    return {
      phase: 'execute',
      text,
      file: node.location.file,
      node: renderNodeOf(node, self ?? ('relation' in node ? node.relation : undefined)),
      target: this.target,
      projectName: this.project.name,
      vars: { cli: this.project.cliVars, project: this.project.vars, package: this.project.packages.find((p) => p.name === node.packageName && p.name !== this.project.name)?.vars },
      resolveRef: (call) => {
        if (checked) assertInferredRef(node, call, this.modelsNamed(call.name));
        return this.resolveRef(call, ctes);
      },
      // A render renderResolving throws away takes back the ephemeral models its refs reached.
      checkpoint: ctes
        ? () => {
            const reached = ctes.length;
            return () => {
              ctes.length = reached;
            };
          }
        : undefined,
      resolveSource: (s, t) => this.resolveSource(s, t),
      quoting: quotePolicy(this.project.projectConfig.quoting),
      sourceQuoting: (s, t) => this.sourceQuoting(s, t),
      fullRefresh: ctx.fullRefresh,
      invocationId: ctx.invocationId,
      runStartedAt: ctx.runStartedAt,
      env: undefined,
      dispatch: Array.isArray(this.project.projectConfig.dispatch)
        ? (this.project.projectConfig.dispatch as { macro_namespace: string; search_order: string[] }[])
        : undefined,
      which: ctx.which,
      flags: this.invocationFlags(ctx.flags),
      emptyRefs: ctx.empty === true,
      batch: ctx.batch,
      refEventTime: (call) => {
        const target = this.refTarget(call);
        return eventTimeField(target.config.event_time, target.columns);
      },
      sourceEventTime: (s, t) => this.sourceEventTime(s, t),
      log: ctx.log,
      hookContext: ctx.hookContext,
      graph: () => (this.graphValue ??= flatGraph(this.project, { targetName: this.target.name, adapterType: this.target.type })),
      // The DuckDB target executes through the snowflake-on-duckdb layer: macros must produce Snowflake SQL.
      sqlDialect: this.target.type === 'duckdb' ? 'snowflake' : undefined,
    };
  }

  /** Renders a model in the execute phase, and its hooks (rendered at run time, as dbt does). */
  async compileModel(model: ModelNode, ctx: RenderContextOptions): Promise<CompiledModel> {
    if (model.language === 'python') return this.compilePython(model, ctx);
    assertContractSupported(model);
    // One answer cache for the model and its hooks: a render that replays them reads back what was asked at each point.
    const cache = new Map<string, unknown>();
    // What the runner knows of the model's own relation is dbt's relation cache: it holds through the render's queries.
    if (ctx.existing !== undefined) cache.set(requestKey({ kind: 'relationType', relation: model.relation }), ctx.existing);
    // dbt renders a file's text stripped (load_file_contents(strip=True)), so blank lines at either end of a model
    // file never reach the compiled SQL; the start is dropped from the output (positions stay the file's).
    const text = (ctx.text ?? model.rawCode).trimEnd();
    const hooks = [...model.config['pre-hook'], ...model.config['post-hook']].map((h) => h.sql);
    const split = (sqls: string[]): CompiledModel['preHooks'][] => {
      const pre = model.config['pre-hook'].length;
      return [sqls.slice(0, pre), sqls.slice(pre)];
    };
    // A post-hook that sees another answer for `this` than the model (a relation dropped by the run) renders apart.
    const ownAtPost = ctx.existingAtPostHooks === undefined ? ctx.existing : ctx.existingAtPostHooks;
    if (hooks.length > 0 && (ownAtPost === ctx.existing || model.config['post-hook'].length === 0)) {
      // Rendering the model and its hooks as one template saves a render per hook (a hook sees the model's
      // context either way). Any error is re-raised from separate renders, so it names the right text.
      const marker = `__BRONZE_HOOK_${hashText(text)}__`;
      try {
        const reached: CteCollector = [];
        // A run asks nothing new in the joined render: a question may come from a hook (rendered below).
        const resolve = ctx.deferHooks ? refuseQuestions : ctx.resolve;
        const joined = await renderResolving(this.jinja, this.request(model, [text, ...hooks].join(marker), ctx, reached), resolve, undefined, cache);
        const parts = joined.sql.split(marker);
        // A ref to an ephemeral model needs to know whether the body or a hook made it: render apart.
        if (parts.length === hooks.length + 1 && reached.length === 0) {
          const [first, ...rendered] = parts.map((p, i) => (i < parts.length - 1 && p.endsWith('\n') ? p.slice(0, -1) : p));
          const body = withoutLeadingWhitespace(text, first);
          const [preHooks, postHooks] = split(rendered);
          return { sql: body, preHooks, postHooks, outcome: { ...joined, sql: body }, extraCtes: [] };
        }
      } catch {
        // fall through to separate renders for a precise error
      }
    }
    const reached: CteCollector = [];
    // Rendered apart, the text and then each hook send their queries in the joined render's order: numbered on
    // from one another, each reads back the answers the joined render got (a run's hooks start afresh, below).
    const sequence: RenderSequence = { queries: 0 };
    const whole = await renderResolving(this.jinja, this.request(model, text, ctx, reached), ctx.resolve, undefined, cache, sequence);
    const outcome = { ...whole, sql: withoutLeadingWhitespace(text, whole.sql) };
    const rendered: string[] = [];
    const deferred = { pre: new Map<number, () => Promise<string>>(), post: new Map<number, () => Promise<string>>() };
    const firstPost = model.config['pre-hook'].length;
    // dbt renders a hook when run_hooks reaches it: what it asks of the warehouse (run_query, a relation's columns)
    // is asked then, even what the model's render asked. Its relation questions go to dbt's relation cache, which
    // learns of the model's own new relation only after the materialization returned, post-hooks included
    // (dbt-core's ModelRunner._execute_model: cache_added). So a run's hook keeps the relation answers known now
    // (`this` as it stood before the model ran), for the whole hook as dbt's cache keeps them whatever the hook's
    // queries do, and asks the rest when it runs.
    const relations = ctx.deferHooks ? relationAnswers(cache) : cache;
    const postRelations = new Map(relations);
    if (ctx.deferHooks && ownAtPost !== undefined) postRelations.set(requestKey({ kind: 'relationType', relation: model.relation }), ownAtPost);
    // Hooks render after dbt has injected the model's CTEs: their ephemeral refs add none.
    for (const [i, sql] of hooks.entries()) {
      const renderHook = async (resolve: Resolver, answers: Map<string, unknown>, after?: RenderSequence) =>
        (await renderResolving(this.jinja, this.request(model, sql, ctx), resolve, undefined, answers, after)).sql;
      if (!ctx.deferHooks) {
        rendered.push(await renderHook(ctx.resolve, cache, sequence));
        continue;
      }
      const known = i < firstPost ? relations : postRelations;
      try {
        rendered.push(await renderHook(relationsOnly(ctx.resolve), known));
      } catch (e) {
        if (!(e instanceof QuestionRefused)) throw e;
        rendered.push('');
        const [phase, at] = i < firstPost ? (['pre', i] as const) : (['post', i - firstPost] as const);
        deferred[phase].set(at, () => renderHook(ctx.resolve, new Map(known)));
      }
    }
    const [preHooks, postHooks] = split(rendered);
    const extraCtes = await this.ephemeralCtes(reached, ctx, new Map(), [model.uniqueId]);
    const compiled: CompiledModel = { sql: injectCtes(outcome.sql, extraCtes), preHooks, postHooks, outcome, extraCtes };
    if (deferred.pre.size + deferred.post.size > 0) compiled.hookRenders = deferred;
    return compiled;
  }

  /** Bronze's runner executes SQL only: a Python model fails where it would run (run, build, show, column typing), by name, never silently. */
  assertRunnable(model: ModelNode): void {
    if (model.language === 'python') throw new BronzeError(pythonNotRunMessage(model.name, this.target.type), model.location, 'bronze/python-model-not-run');
  }

  /**
   * A model that compiled to a WITH clause with no query after it (a union macro that found no table), to nothing, or to
   * statements (INSERT, DELETE…) fails here, by name, before a run or `show` sends it: a syntax error on every warehouse,
   * which DuckDB places inside the materialization's wrapper.
   */
  assertQuery(model: ModelNode, compiled: CompiledModel): void {
    // Both checks read the same tokens: the compiled SQL is tokenized once.
    const lex = tokenizeSql(compiled.sql);
    const dangling = danglingWithError(model.name, compiled.sql, compiled.outcome.macrosCalled, this.project.name, model.location, lex);
    if (dangling) throw dangling;
    const statement = notAQueryError(model.name, compiled.sql, model.rawCode, model.location, lex);
    if (statement) throw statement;
  }

  /**
   * A Python model's compiled code as dbt writes it: the code, then the section defining ref/source/config/this
   * with the relations resolved for this target. Python is never rendered as Jinja.
   */
  private compilePython(model: ModelNode, ctx: RenderContextOptions): CompiledModel {
    // dbt reads the file stripped at both ends, as for SQL models.
    const code = (ctx.text ?? model.rawCode).trim();
    const calls = readPythonModel(code);
    // Relations print as str(relation) does in dbt: refs and `this` by the project's `quoting:`, a source by its own.
    const projectQuoting = quotePolicy(this.project.projectConfig.quoting);
    const refs: Record<string, string> = {};
    for (const r of calls.refs) refs[pythonRefKey(r)] = quotedRelationName(this.resolveRef(r), projectQuoting);
    const sources: Record<string, string> = {};
    for (const [s, t] of calls.sources) sources[`${s}.${t}`] = quotedRelationName(this.resolveSource(s, t), this.sourceQuoting(s, t));
    const config = model.config as Record<string, unknown>;
    const configDict: Record<string, PyValue> = {};
    for (const g of calls.configGets) configDict[g.key] = g.key in config ? (config[g.key] as PyValue) : g.default;
    // `this` is the model's own relation, as for SQL models (never a deferred one).
    const self = model.relation;
    // dbt's is_incremental(): an incremental model whose table exists, without a full refresh.
    const isIncremental = config.materialized === 'incremental' && !ctx.fullRefresh && config.full_refresh !== true && ctx.existing === 'table';
    const sql = pythonCompiledCode({ code, refs, sources, configDict, this: { ...self, rendered: quotedRelationName(self, projectQuoting) }, isIncremental });
    const outcome: RenderOutcome = { sql, config: {}, refs: model.refs, sources: model.sources, macrosCalled: [], statements: {}, warnings: [] };
    return { sql, preHooks: [], postHooks: [], outcome, extraCtes: [] };
  }

  /**
   * The CTEs for the ephemeral models `ids` (in ref order): each ephemeral's own CTEs first, then its own,
   * written from its SQL before injection — dbt's `_recursively_prepend_ctes`.
   */
  private async ephemeralCtes(ids: readonly string[], ctx: RenderContextOptions, memo: EphemeralMemo, stack: string[]): Promise<InjectedCte[]> {
    const out: InjectedCte[] = [];
    for (const id of ids) {
      const eph = this.project.models.get(id);
      if (!eph) continue;
      assertContractSupported(eph);
      let done = memo.get(id);
      if (!done) {
        if (stack.includes(id)) {
          throw new BronzeError(
            `Found a cycle through ephemeral models: ${[...stack.slice(stack.indexOf(id)), id].join(' → ')}. Remove one ref() so that no model depends on itself.`,
            eph.location,
            'bronze/dag-cycle',
          );
        }
        const own: CteCollector = [];
        const rendered = await renderResolving(this.jinja, this.request(eph, eph.rawCode.trimEnd(), { ...ctx, text: undefined, existing: undefined }, own), ctx.resolve);
        done = { sql: withoutLeadingWhitespace(eph.rawCode, rendered.sql), ctes: await this.ephemeralCtes(own, ctx, memo, [...stack, id]) };
        memo.set(id, done);
      }
      for (const c of done.ctes) addCte(out, { ...c });
      addCte(out, { id, sql: cteDefinition(eph.relation.identifier, done.sql) });
    }
    return out;
  }

  /** Renders any text (on-run-start/end hooks, `show --inline`) in the execute phase of the root project, with the CTEs of the ephemeral models it refs. */
  async renderText(text: string, file: string, ctx: RenderContextOptions): Promise<string> {
    const reached: CteCollector = [];
    const req: RenderRequest = {
      ...this.request(
        {
          uniqueId: `operation.${this.project.name}.inline`,
          name: 'inline',
          packageName: this.project.name,
          resourceType: 'analysis',
          fqn: [this.project.name, 'inline'],
          location: { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
        } as unknown as ModelNode,
        text,
        ctx,
        reached,
      ),
      node: undefined,
    };
    const sql = (await renderResolving(this.jinja, req, ctx.resolve)).sql;
    // dbt compiles inline SQL and run hooks as nodes: a ref to an ephemeral model gets its CTE injected.
    return injectCtes(sql, await this.ephemeralCtes(reached, ctx, new Map(), []));
  }

  /** The statement steps of one model run, given what exists at its relation now. */
  /** `asideExisting`: what exists at a contracted model's `__dbt_tmp` relation (see PlanInput.contract). */
  /** `batch`: the microbatch batch being run (its bounds as dbt's `str()` of UTC datetimes). */
  planModel(
    model: ModelNode,
    compiled: CompiledModel,
    existing: RelationType | null,
    fullRefresh: boolean,
    ensureSchema = true,
    asideExisting: RelationType | null = null,
    batch?: { start: string; end: string },
  ): Step[] {
    this.assertRunnable(model);
    this.assertQuery(model, compiled);
    const config = {
      ...model.config,
      'pre-hook': model.config['pre-hook'].map((h, i) => ({ ...h, sql: compiled.preHooks[i] ?? '' })),
      'post-hook': model.config['post-hook'].map((h, i) => ({ ...h, sql: compiled.postHooks[i] ?? '' })),
    };
    return planModel(this.dialect, {
      hookRenders: compiled.hookRenders,
      relation: model.relation,
      compiledSql: compiled.sql,
      config,
      existing,
      fullRefresh,
      location: model.location,
      ensureSchema,
      profileWarehouse: typeof this.target.warehouse === 'string' ? this.target.warehouse : undefined,
      profileQueryTag: typeof this.target.query_tag === 'string' ? this.target.query_tag : undefined,
      contract: this.contractInput(model, asideExisting),
      ...(batch ? { batch } : {}),
    });
  }

  /**
   * Renders a plan's macro step (materializations.ts MacroStep: apply_grants, persist_docs) in the model's context, as
   * dbt-snowflake's materializations call those macros (after the model's statements, a view's column list before its
   * CREATE VIEW: MacroStep.when): each statement the macro sends
   * goes to `ctx.resolve` as it renders. Returns what it printed and what it sent. A failure is the model's, named by
   * the step (the template is Bronze's, not the model file's).
   */
  async renderModelMacro(model: ModelNode, ctx: RenderContextOptions, step: MacroStep): Promise<{ printed: string; sent: string[] }> {
    const sent: string[] = [];
    const resolve: Resolver = async (request) => {
      // As target/run lists statements (joined with `;`): a statement's own closing `;` is dropped.
      if (request.kind === 'query') sent.push(request.sql.replace(/;\s*$/, ''));
      return ctx.resolve(request);
    };
    const options: RenderContextOptions = { ...ctx, text: undefined, hookContext: { ...ctx.hookContext, ...step.names } };
    try {
      const printed = (await renderResolving(this.jinja, this.request(model, step.template, options), resolve)).sql;
      return { printed, sent };
    } catch (e) {
      if (e instanceof BronzeError) throw new BronzeError(`${step.label} (dbt's materialization macros, ${step.when ?? "after the model's statements"}): ${e.message}`, model.location, e.code);
      throw e;
    }
  }

  /** The adapter whose `{% materialization %}` blocks run here: the SQL dialect the target reads (dispatch's). */
  get materializationAdapter(): string {
    return this.target.type === 'duckdb' ? 'snowflake' : this.target.type;
  }

  /**
   * Runs a model's custom materialization as dbt does: the `{% materialization %}` block dbt's lookup picks
   * (materialization-lookup.ts) is called with the model's context (`sql`, `this`, `model`, `config`, hooks,
   * `statement`, `adapter`), every statement it sends going to `ctx.resolve` (the session, or a preview's recorder)
   * as it runs. Returns the statements sent, in order, and the relations it returned (dbt requires
   * `{'relations': [...]}`). `commits`: whether adapter.commit() sends `commit` (MaterializationRun.commits).
   */
  async materialize(
    model: ModelNode,
    compiled: CompiledModel,
    ctx: RenderContextOptions,
    commits: boolean,
    /** Receives each statement as it is sent (kept when the block fails). */
    statements: string[] = [],
  ): Promise<{ statements: string[]; relations: RelationName[] }> {
    this.assertRunnable(model);
    this.assertQuery(model, compiled);
    const kind = String(model.config.materialized);
    const adapter = this.materializationAdapter;
    // Listed once per project load (the Engine's macros do not change), not for every custom-materialized model.
    this.materializationBlocks ??= this.jinja.listMacros().filter((m) => isMaterializationMacro(m.name));
    const macro = findMaterializationMacro(this.materializationBlocks, kind, adapter, this.project.name);
    if (!macro) throw new BronzeError(materializationNotFoundMessage(kind, adapter, model.name), model.location, 'bronze/unsupported-materialization');
    const resolve: Resolver = async (request) => {
      // As target/run and `compile --print` list them (joined with `;`): a statement's own closing `;` is dropped.
      if (request.kind === 'query') statements.push(request.sql.replace(/;\s*$/, ''));
      return ctx.resolve(request);
    };
    let returned: unknown;
    const req: RenderRequest = {
      ...this.request(model, '{{ __bronze_materialize() }}', { ...ctx, text: undefined }),
      materialization: {
        macro: { packageName: macro.packageName, name: macro.name },
        sql: compiled.sql,
        preHooks: model.config['pre-hook'],
        postHooks: model.config['post-hook'],
        commits,
        returned: (value) => (returned = value),
      },
    };
    await renderResolving(this.jinja, req, resolve);
    // dbt-core's ModelRunner._materialization_relations: the block must return a dict whose `relations` is a list.
    const list = isPlainObject(returned) ? (returned as Record<string, unknown>).relations : undefined;
    const relations = Array.isArray(list) ? list.map((r) => relationPath(r)) : undefined;
    if (!relations || relations.some((r) => r === undefined)) {
      throw new BronzeError(
        `The materialization ("${kind}") did not explicitly return a list of relations to add to the cache. End the {% materialization %} block with {{ return({'relations': [target_relation]}) }}.`,
        model.location,
        'bronze/unsupported-materialization',
      );
    }
    return { statements, relations: relations as RelationName[] };
  }

  /**
   * The model's SQL as one of its unit tests runs it: ref(), source() and `this` name the CTEs of the test's
   * inputs (`ctes`, by compile/unit-test.ts's inputKey), with the test's vars, env vars and macro overrides;
   * is_incremental() is false unless the test overrides it, as in dbt. A read with no input is dbt's error.
   */
  async unitTestModelSql(model: ModelNode, test: UnitTestNode, ctes: ReadonlyMap<string, string>, ctx: RenderContextOptions): Promise<string> {
    this.assertRunnable(model);
    return (await renderResolving(this.jinja, this.unitTestRequest(model, test, model.rawCode, ctes, ctx), ctx.resolve)).sql;
  }

  /**
   * A `format: sql` fixture (a given input's or the expectation's) rendered as dbt renders it: Jinja with the
   * test's vars, env vars and macro overrides. It stands for rows, so it reads no ref() or source().
   */
  async unitTestFixtureSql(model: ModelNode, test: UnitTestNode, text: string, location: SourceLocation, ctx: RenderContextOptions): Promise<string> {
    const refused = (what: string): never => {
      throw new BronzeError(`The format: sql fixture of unit test '${test.name}' reads ${what}: a fixture gives its rows as literal SQL. Write the rows in the SELECT, or use format: dict or csv.`, location, 'bronze/unit-test-input');
    };
    const req: RenderRequest = {
      ...this.unitTestRequest(model, test, text, new Map(), ctx),
      resolveRef: (call) => refused(`ref('${call.name}')`),
      resolveSource: (s, t) => refused(`source('${s}', '${t}')`),
    };
    try {
      return (await renderResolving(this.jinja, req, ctx.resolve)).sql;
    } catch (e) {
      // The fixture is YAML text: its render errors are reported at the fixture.
      if (e instanceof BronzeError && e.location?.file !== location.file) throw new BronzeError(e.message, location, e.code);
      throw e;
    }
  }

  private unitTestRequest(model: ModelNode, test: UnitTestNode, text: string, ctes: ReadonlyMap<string, string>, ctx: RenderContextOptions): RenderRequest {
    const base = this.request(model, text, ctx);
    const cte = (key: string, what: string): RelationName => {
      const identifier = ctes.get(key);
      if (identifier !== undefined) return { database: '', schema: '', identifier };
      throw new BronzeError(
        `Unit test '${test.name}' of model '${model.name}' gives no rows for ${what}, which the model reads. Add it under given: (rows: [] for none).`,
        test.location,
        'bronze/unit-test-input',
      );
    };
    const req: RenderRequest = {
      ...base,
      node: { ...base.node!, relation: ctes.has(inputKey({ isThis: true })) ? cte(inputKey({ isThis: true }), 'this') : base.node!.relation },
      vars: { ...base.vars, cli: { ...base.vars.cli, ...test.overrides.vars } },
      env: { ...process.env, ...test.overrides.envVars },
      resolveRef: (call) => cte(inputKey({ ref: call }), `ref('${call.name}')`),
      resolveSource: (s, t) => cte(inputKey({ source: { sourceName: s, tableName: t } }), `source('${s}', '${t}')`),
      macroOverrides: { is_incremental: false, ...test.overrides.macros },
    };
    return req;
  }

  /** An enforced contract as the planner takes it (run and preview build the same DDL). */
  private contractInput(model: ModelNode, aside: RelationType | null = null): PlanInput['contract'] {
    return contractEnforced(model.config) ? { contract: contractOf(model), resolve: (to) => this.constraintTarget(to, model), aside } : undefined;
  }



  /** A foreign key's `to:` (`ref('x')` or `source('s', 't')`) as the relation it names. */
  private constraintTarget(to: string, model: ModelNode): RelationName {
    const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(to);
    const found = ref ? this.findModel(ref[1]) : undefined;
    if (found) return found.relation;
    const src = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(to);
    if (src) return this.resolveSource(src[1], src[2]);
    throw new BronzeError(`The foreign_key constraint of ${model.name} points to ${to}, which is not a model or source of this project. Write to: ref('model') or to: source('source', 'table').`, model.patchLocation ?? model.location, 'bronze/contract-constraint');
  }

  /** The rendered SQL of a data test (generic or singular), before the failure-counting wrapper. */
  async testSql(test: TestNode, ctx: RenderContextOptions): Promise<string> {
    return (await this.compileTest(test, ctx)).sql;
  }

  /**
   * The SQL a test runs and the config it runs with. A generic test's `{% test %}` block may call config()
   * (dbt_project_evaluator's is_empty: `fail_calc = "n_records"`; dbt_utils' equal_rowcount): dbt ranks that above
   * the project's config and below the test's own YAML entry
   * (https://docs.getdbt.com/reference/data-test-configs).
   */
  async compileTest(test: TestNode, ctx: RenderContextOptions): Promise<{ sql: string; config: NodeConfig }> {
    const reached: CteCollector = [];
    const body = await this.testBody(test, ctx, reached);
    const sql = injectCtes(body.sql, await this.ephemeralCtes(reached, ctx, new Map(), [test.uniqueId]));
    const own = new Set(test.ownConfigKeys ?? []);
    const block = Object.fromEntries(Object.entries(body.blockConfig ?? {}).filter(([k]) => !own.has(k)));
    if (Object.keys(block).length === 0) return { sql, config: test.config };
    const config = mergeConfig(test.config, block);
    if (typeof config.severity === 'string') config.severity = config.severity.toUpperCase();
    return { sql, config };
  }

  private async testBody(test: TestNode, ctx: RenderContextOptions, reached: CteCollector): Promise<{ sql: string; blockConfig?: Record<string, unknown> }> {
    // `this` in a test is the test node's own relation, named like any node's (dbt: `schema` defaults to
    // dbt_test__audit, then the naming macros) — Flipside's singular tests read `max(...) from {{ this }}` through it.
    if (!test.testMetadata) {
      return { sql: (await renderResolving(this.jinja, this.request(test, test.rawCode, ctx, reached, await this.testSelf(test, ctx)), ctx.resolve)).sql };
    }
    const meta = test.testMetadata;
    const kwargs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(meta.kwargs)) {
      if (key === 'model') continue;
      kwargs[key] = await this.renderArg(test, value, ctx, reached);
    }
    const attached = test.attachedNode ? this.project.models.get(test.attachedNode) ?? this.project.sources.get(test.attachedNode) : undefined;
    if (!attached) {
      throw new BronzeError(`Test ${test.name} is attached to a node that does not exist.`, test.location, 'bronze/unknown-model-entry');
    }
    const attachedRelation = attached.resourceType === 'source' ? attached.relation : this.relationFor(attached);
    let table = `${attachedRelation.database}.${attachedRelation.schema}.${attachedRelation.identifier}`;
    if (attached.resourceType !== 'source' && isEphemeral(attached)) {
      if (!reached.includes(attached.uniqueId)) reached.push(attached.uniqueId);
      table = ephemeralCteName(attached.relation.identifier);
    }
    // Under --empty the tested relation is read as zero rows too, as dbt's ref() in the test's `model` argument is.
    if (ctx.empty) table = `(select * from ${table} where false limit 0)`;
    const model = whereSubquery(table, typeof test.config.where === 'string' ? test.config.where : undefined);
    const macroName = `test_${meta.name}`;
    const builtIn = this.isBuiltInTest(meta.name, meta.namespace);
    if (builtIn) {
      const sql = genericTestSql(meta.name, meta.namespace, { ...kwargs, model }, { storeFailures: test.config.store_failures === true, location: test.location });
      return { sql: (meta.namespace === undefined || meta.namespace === 'dbt') && BUILT_IN_TESTS.includes(meta.name) ? framedAsDbt(meta.name, sql) : sql };
    }
    // A project's or package's own generic test: call its `{% test %}` macro with the same arguments.
    // As dbt's get_where_subquery: without a `where` the test gets the Relation itself (packages call
    // adapter.get_columns_in_relation(model)), with one a subquery text.
    const rel = attachedRelation;
    const modelArg =
      typeof test.config.where === 'string'
        ? jinjaLiteral(model)
        : table === ephemeralCteName(rel.identifier) && attached.resourceType !== 'source' && isEphemeral(attached)
          ? `api.Relation.create(identifier=${jinjaLiteral(table)}, type='cte')`
          : `api.Relation.create(database=${jinjaLiteral(rel.database)}, schema=${jinjaLiteral(rel.schema)}, identifier=${jinjaLiteral(rel.identifier)})`;
    // dbt renders each argument natively: `compare_model: ref('x')` reaches the macro as a Relation, not its text.
    const argText = (k: string, v: unknown): string => {
      const raw = meta.kwargs[k];
      return k !== 'column_name' && typeof raw === 'string' && LOOKS_LIKE_CALL.test(raw) ? raw.trim() : jinjaLiteral(v);
    };
    const call = `{{ ${meta.namespace ? `${meta.namespace}.` : ''}${macroName}(${[`model=${modelArg}`, ...Object.entries(kwargs).map(([k, v]) => `${k}=${argText(k, v)}`)].join(', ')}) }}`;
    const rendered = await renderResolving(this.jinja, this.request(test, call, ctx, reached, await this.testSelf(test, ctx)), ctx.resolve);
    return { sql: rendered.sql, blockConfig: rendered.config };
  }

  /**
   * A test's `this`. A naming macro that fails is already a located error on every model it names (the models keep
   * their default names); the test then keeps the default too rather than failing for a file it does not own.
   */
  private async testSelf(test: TestNode, ctx: RenderContextOptions): Promise<RelationName | undefined> {
    try {
      return await this.testAuditRelation(test, ctx);
    } catch {
      return undefined;
    }
  }

  /**
   * Where store_failures keeps a test's failing rows. dbt names a test like any node, through the naming macros,
   * its `schema` config defaulting to `dbt_test__audit` (so `<target schema>_dbt_test__audit` by default).
   */
  async testAuditRelation(test: TestNode, ctx: RenderContextOptions): Promise<RelationName> {
    const c = test.config;
    const custom = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    const calls = [
      `generate_database_name(${jinjaLiteral(custom(c.database))}, model)`,
      `generate_schema_name(${jinjaLiteral(custom(c.schema) ?? 'dbt_test__audit')}, model)`,
      `generate_alias_name(${jinjaLiteral(custom(c.alias))}, model)`,
    ];
    const out = (await renderResolving(this.jinja, this.request(test, calls.map((x) => `{{ ${x} }}`).join('\u0001'), ctx), ctx.resolve)).sql;
    const [database, schema, identifier] = out.split('\u0001').map((x) => x.trim());
    return { database, schema, identifier };
  }

  private isBuiltInTest(name: string, namespace: string | undefined): boolean {
    const projectDefines = (this.testMacros ??= [...this.project.macros.values()].filter((m) => m.name.startsWith('test_'))).some(
      (m) => m.name === `test_${name}` && m.packageName !== 'dbt' && (namespace === undefined || m.packageName === namespace),
    );
    if (projectDefines) return false;
    if (namespace === undefined || namespace === 'dbt') return BUILT_IN_TESTS.includes(name) || DBT_UTILS_TESTS.includes(name);
    return namespace === 'dbt_utils' && DBT_UTILS_TESTS.includes(name);
  }

  /**
   * schema.yml test arguments like `to: ref('bz_users')` are Jinja expressions in dbt, inside lists and mappings too
   * (dbt's add_rendered_test_kwargs renders every string of them: dbt_expectations' `column_type_list: [date,
   * "{{ dbt_expectations.type_datetime() }}"]`).
   */
  private async renderArg(test: TestNode, value: unknown, ctx: RenderContextOptions, reached: CteCollector): Promise<unknown> {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) out.push(await this.renderArg(test, item, ctx, reached));
      return out;
    }
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await this.renderArg(test, v, ctx, reached);
      return out;
    }
    if (typeof value !== 'string') return value;
    if (/^\s*(ref|source)\s*\(/.test(value)) {
      return (await renderResolving(this.jinja, this.request(test, `{{ ${value} }}`, ctx, reached), ctx.resolve)).sql;
    }
    if (value.includes('{{') || value.includes('{%')) {
      return (await renderResolving(this.jinja, this.request(test, value, ctx, reached), ctx.resolve)).sql;
    }
    return value;
  }

  /**
   * The statements a run would execute for a model, without a warehouse: `first` as on an empty target,
   * `incremental` as if the relation exists as a table. `columns` stands in for `describe` (the language server
   * passes the model's inferred output columns; schema.yml's are used otherwise).
   */
  async previewStatements(
    model: ModelNode,
    mode: PreviewMode,
    /** `compiled`: the model already compiled with these options (compile writes both), so it is not rendered again. */
    options: { text?: string; columns?: ColumnDef[]; fullRefresh?: boolean; resolve?: Resolver; empty?: boolean; compiled?: CompiledModel } = {},
  ): Promise<string[]> {
    this.assertRunnable(model);
    const ctx: RenderContextOptions = {
      invocationId: '00000000-0000-0000-0000-000000000000',
      runStartedAt: new Date(0),
      fullRefresh: options.fullRefresh ?? false,
      which: 'compile',
      text: options.text,
      empty: options.empty,
      existing: mode === 'incremental' ? 'table' : null,
      resolve: options.resolve ?? offlineResolver(model.relation, mode),
    };
    const compiled = options.compiled ?? (await this.compileModel(model, ctx));
    // An ephemeral model runs nothing of its own: its preview is its SQL (with its own CTEs), as dbt compiles it.
    if (isEphemeral(model)) return [compiled.sql];
    // A custom materialization sends its statements as it renders: the preview renders it with every statement
    // answered empty and never sent (catalog questions still go to `resolve`, which only reads).
    if (isCustomMaterialization(model)) {
      const recordOnly: Resolver = async (request) => (request.kind === 'query' ? { columns: [], rows: [] } : ctx.resolve(request));
      const sent: string[] = [];
      try {
        await this.materialize(model, compiled, { ...ctx, resolve: recordOnly }, this.target.type !== 'duckdb', sent);
      } catch (e) {
        // dbt's compile never runs a materialization. A block that reads what a statement returned (load_result)
        // cannot go on without a warehouse: the preview ends there, saying so, instead of failing the compile.
        if (!(e instanceof TemplateError) || sent.length === 0) throw e;
        sent.push(`-- the materialization '${String(model.config.materialized)}' stops here without a warehouse (it reads what a statement returned: ${e.message.split('\n')[0]}); the rest is sent when it runs`);
      }
      return sent;
    }
    const existing: RelationType | null = mode === 'incremental' ? 'table' : null;
    if (model.resourceType === 'snapshot') {
      const hooks = (list: typeof model.config['pre-hook'], sqls: string[]) => list.map((h, i) => ({ ...h, sql: sqls[i] ?? '' }));
      const input = { relation: model.relation, compiledSql: compiled.sql.trim(), config: model.config, existing, preHooks: hooks(model.config['pre-hook'], compiled.preHooks), postHooks: hooks(model.config['post-hook'], compiled.postHooks), location: model.location };
      return previewSnapshot(this.dialect, input, existing ? (options.columns ?? []) : []);
    }
    const columns =
      options.columns ??
      // Snowflake's describe answers in upper case; DuckDB keeps the names as the model wrote them.
      Object.values(model.columns).map((c) => ({ name: this.target.type === 'snowflake' ? c.name.toUpperCase() : c.name, dataType: c.dataType ?? 'VARCHAR' }));
    if (isMicrobatch(model.config)) return this.previewMicrobatch(model, mode, ctx, columns);
    const config = {
      ...model.config,
      'pre-hook': model.config['pre-hook'].map((h, i) => ({ ...h, sql: compiled.preHooks[i] ?? '' })),
      'post-hook': model.config['post-hook'].map((h, i) => ({ ...h, sql: compiled.postHooks[i] ?? '' })),
    };
    return planForPreview(
      this.dialect,
      { relation: model.relation, compiledSql: compiled.sql, config, existing, fullRefresh: ctx.fullRefresh, location: model.location, contract: this.contractInput(model) },
      columns,
      (step) => this.previewMacro(model, ctx, columns, existing, step),
    );
  }

  /**
   * A plan's macro step (apply_grants, persist_docs) as a preview shows it: rendered in the model's context with every
   * query answered with no rows and `columns` as its columns (SHOW GRANTS then lists none; get_columns_in_query gives
   * the model's columns), never sent. Returns what it printed and the statements a run would send.
   */
  private previewMacro(model: ModelNode, ctx: RenderContextOptions, columns: ColumnDef[], existing: RelationType | null, step: MacroStep): { printed: string; sent: string[] } {
    const sent: string[] = [];
    const names = columns.map((c) => c.name);
    const own = (r: RelationName): boolean => r.database === model.relation.database && r.schema === model.relation.schema && r.identifier === model.relation.identifier;
    const req: RenderRequest = {
      ...this.request(model, step.template, { ...ctx, text: undefined, hookContext: { ...ctx.hookContext, ...step.names } }),
      introspection: {
        relationType: (r) => (own(r) ? existing : null),
        columns: () => columns,
        query: (sql) => {
          sent.push(sql.replace(/;\s*$/, ''));
          return { columns: names, rows: [] };
        },
      },
    };
    return { printed: render(this.jinja, req).sql, sent };
  }

  /**
   * A microbatch model's statements, batch by batch as a run executes them now (MicrobatchBuilder's batches: from
   * `begin` on a first run, the lookback window on an incremental one), each batch rendered with its own `model.batch`
   * and marked by a comment. A first run from a distant `begin` has many batches: the first and the last are shown
   * and a comment counts those between, which run as the last one does for their own window.
   */
  private async previewMicrobatch(model: ModelNode, mode: PreviewMode, ctx: RenderContextOptions, columns: ColumnDef[]): Promise<string[]> {
    const settings = microbatchConfig(model.config, model.name, model.location);
    const incremental = mode === 'incremental' && !shouldFullRefresh(model.config, ctx.fullRefresh);
    const batches = planBatches({ config: settings, incremental, now: new Date() });
    const shown = !incremental && batches.length > 2 ? [0, batches.length - 1] : batches.map((_, i) => i);
    const out: string[] = [];
    for (const i of shown) {
      const batch = batches[i];
      const hooked = batchModel(model, i, batches.length);
      const existing: RelationType | null = incremental || i > 0 ? 'table' : null;
      const compiled = await this.compileModel(hooked, { ...ctx, existing, batch: { id: batchId(batch.start, settings.batchSize), start: batch.start, end: batch.end } });
      const config = {
        ...hooked.config,
        'pre-hook': hooked.config['pre-hook'].map((h, k) => ({ ...h, sql: compiled.preHooks[k] ?? '' })),
        'post-hook': hooked.config['post-hook'].map((h, k) => ({ ...h, sql: compiled.postHooks[k] ?? '' })),
      };
      const statements = planForPreview(
        this.dialect,
        {
          relation: model.relation,
          compiledSql: compiled.sql,
          config,
          existing,
          fullRefresh: i === 0 ? ctx.fullRefresh : false,
          location: model.location,
          contract: this.contractInput(model),
          batch: { start: pyUtcString(batch.start), end: pyUtcString(batch.end) },
        },
        columns,
        (step) => this.previewMacro(hooked, ctx, columns, existing, step),
      );
      const between = i > 0 && shown[shown.indexOf(i) - 1] !== i - 1 ? i - 1 : 0;
      const note = [
        ...(between > 0 ? [`-- ${between} more batch${between === 1 ? '' : 'es'} before this one, each replacing its own ${settings.batchSize} as this one does`] : []),
        `-- microbatch batch ${formatBatchStart(batch.start, settings.batchSize)} (${i + 1} of ${batches.length})`,
      ].join('\n');
      if (statements.length > 0) statements[0] = `${note}\n${statements[0]}`;
      out.push(...statements);
    }
    return out;
  }
}

/** A Jinja environment with every macro file of the project; files that do not parse become diagnostics. */
function macroEnvironment(project: LoadedProject, diagnostics: Diagnostic[]): JinjaEnvironment {
  const jinja = new JinjaEnvironment({ rootPackage: project.name });
  const files = new Map<string, { pkg: string; text: string }>();
  for (const m of project.macros.values()) files.set(m.location.file, { pkg: m.packageName, text: m.fileText });
  for (const [file, { pkg, text }] of files) {
    try {
      jinja.addMacroFile(pkg, file, text);
    } catch (e) {
      if (e instanceof BronzeError && e.location) {
        diagnostics.push({ file: e.location.file, range: e.location.range, severity: 'error', code: e.code, message: e.message });
      } else throw e;
    }
  }
  return jinja;
}

/**
 * The config() a model sets with computed values, from dbt's parse render (vars, env_var, macros). ref() and
 * source() are not resolved here, so a model whose config() needs one (or the warehouse) keeps its static config.
 */
function parseRenderConfig(jinja: JinjaEnvironment, project: LoadedProject, node: ModelNode | TestNode): Record<string, unknown> {
  try {
    const outcome = renderAtParse(jinja, node, node.rawCode, {
      target: project.target,
      projectName: project.name,
      vars: { cli: project.cliVars, project: project.vars, package: project.packages.find((p) => p.name === node.packageName && p.name !== project.name)?.vars },
      which: project.which,
    });
    return outcome.config;
  } catch {
    return {};
  }
}

/**
 * Compile without a warehouse: `this` exists as a table in incremental mode and nothing exists in first mode;
 * other relations are assumed to exist; queries return no rows (dbt's compile would need a connection).
 */
export function offlineResolver(self: RelationName, mode: PreviewMode): Resolver {
  const same = (a: RelationName, b: RelationName) =>
    a.database.toLowerCase() === b.database.toLowerCase() &&
    a.schema.toLowerCase() === b.schema.toLowerCase() &&
    a.identifier.toLowerCase() === b.identifier.toLowerCase();
  return async (request) => {
    if (request.kind === 'relationType') {
      if (same(request.relation, self)) return mode === 'incremental' ? 'table' : null;
      return 'table';
    }
    if (request.kind === 'columns') return [];
    const empty: QueryResult = { columns: [], rows: [] };
    return empty;
  };
}

/** A value written as a Jinja literal (strings double-quoted with escapes, lists, dicts, none/true/false). */
export function jinjaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'none';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof YamlFloat) return value.toString();
  if (value instanceof YamlTimestamp) return timestampLiteral(value);
  if (Array.isArray(value)) return `[${value.map(jinjaLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${jinjaLiteral(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(String(value));
}

/** A YAML date or datetime as the `modules.datetime` call that makes the same value (aware ones in UTC). */
function timestampLiteral(t: YamlTimestamp): string {
  if (t.offsetMinutes !== undefined && t.offsetMinutes !== 0) return JSON.stringify(t.toString());
  const d = new Date(Math.floor(t.wallMicros / 1000));
  const ymd = `${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()}`;
  if (t.kind === 'date') return `modules.datetime.date(${ymd})`;
  const us = ((t.wallMicros % 1e6) + 1e6) % 1e6;
  const zone = t.offsetMinutes === 0 ? ', tzinfo=modules.datetime.timezone.utc' : '';
  return `modules.datetime.datetime(${ymd}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, ${us}${zone})`;
}

/** A short stable hash, so a marker cannot collide with text the user wrote. */
function hashText(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/**
 * The rendered SQL of a file without the whitespace the file starts with, as dbt gives it (it strips the file's text
 * before rendering). Jinja prints that whitespace verbatim first, unless the first tag strips it itself (`{%-`,
 * `{{-`, `{#-`), in which case the output already lacks it.
 */
export function withoutLeadingWhitespace(fileText: string, rendered: string): string {
  const lead = /^\s*/.exec(fileText)?.[0] ?? '';
  if (lead === '' || lead === fileText || /^\{[%{#]-/.test(fileText.slice(lead.length))) return rendered;
  return rendered.startsWith(lead) ? rendered.slice(lead.length) : rendered;
}
