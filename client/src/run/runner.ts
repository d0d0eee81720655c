// The runner: `run`, `test` and `build` on a target. Selects nodes, schedules them on the DAG with N threads
// (one warehouse session each), runs on-run-start/end hooks, writes one audit row per node (failures and
// skips too), target/run_results.json and target/compiled|run. Used by the CLI and the VS Code extension.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BronzeError, type ModelNode, type RelationName, type SourceLocation, type TestNode, type UnitTestNode } from '../../../server/src/core/types';
import { buildManifest, Engine, isEphemeral, type EngineOptions } from '../../../server/src/engine';
import { COMMAND_SELECTION, selectNodes } from '../../../server/src/graph';
import { assertContractSupported, configuresGrants, type Batch } from '../../../server/src/compile';
import { openWarehouse } from '../warehouse/connect';
import { ConfigError } from './config-error';
import type { Warehouse, WarehouseSession } from '../warehouse/warehouse';
import { AUDIT_COLUMNS, ensureAuditTable, insertAuditSql, selectAuditSql, type AuditRecord, type AuditStatus } from './audit';
import type { RunListener } from './progress';
import { summarize, writeRunResults, type NodeResult, type RunSummary } from './results';
import { runScheduled, type Job } from './scheduler';
import { dbtQueueOrder } from './dbt-queue-order';
import { runEndContext } from './run-end-context';
import { StandInRun } from './stand-in-run';
import { describeError, sessionRenderOptions, runModel, runTest, type ModelArtifacts, type NodeRunContext } from './node-runners';
import { runSeed } from './seed-runner';
import { runSnapshot } from './snapshot-runner';
import { runUnitTest, unitTestsFirst } from './unit-test-runner';
import { describeInterrupted, pendingInterruptedAudits, reconcileInterruptedRuns, revivePending, RunJournal, type InterruptedRun } from './interrupted';
import { applyDefer, stateComparison, type StateRequest } from './state';
import { resolveFlags, warnErrorIncludes } from '../../../server/src/template/dbt-flags';
import type { CliArgs } from '../../../server/src/template/dbt-invocation-args';
import { metadataEnvs } from '../../../server/src/template/dbt-base-context';

export type RunCommand = 'run' | 'test' | 'build' | 'seed' | 'snapshot';

export interface ProjectRequest {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  /** Extra target fields, e.g. a password from SecretStorage; never written anywhere. */
  targetOverrides?: Record<string, unknown>;
  /** dbt's flags.WHICH while the project is parsed (LoadOptions.which). */
  which?: string;
}

export interface RunRequest extends ProjectRequest {
  command: RunCommand;
  select?: string[];
  exclude?: string[];
  /** Exactly these nodes instead of a selection (`bronze retry`); ids the project no longer has are dropped. */
  nodeIds?: readonly string[];
  threads?: number;
  fullRefresh?: boolean;
  warnError?: boolean;
  storeFailures?: boolean;
  failFast?: boolean;
  /** `--empty` (dbt 1.8): refs and sources read as zero rows; seeds are created without rows. */
  empty?: boolean;
  /** The command line as dbt's flags.INVOCATION_COMMAND words it (`dbt run -s m`). */
  invocationCommand?: string;
  /** The options the command line gave, by dbt's names (invocation_args_dict). */
  cliArgs?: CliArgs;
  /** Audit table name (default `bz_data_audit`, or the setting/`BRONZE_AUDIT_TABLE`). */
  auditTable?: string;
  signal?: AbortSignal;
  listener?: RunListener;
  /** An engine already opened for this request (the CLI opens one to describe nodes); else one is opened. */
  engine?: Engine;
  /** `--state`, `--defer`, `--favor-state`. */
  state?: StateRequest;
  /** `--event-time-start` / `--event-time-end` (validated together): the window microbatch models build. */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** `bronze retry`: by microbatch model, the batches to re-run and those the earlier run completed. */
  retryBatches?: ReadonlyMap<string, { failed: Batch[]; successful: Array<[string, string]> }>;
}

export interface RunOutcome {
  invocationId: string;
  results: NodeResult[];
  summary: RunSummary;
  elapsedSeconds: number;
  exitCode: 0 | 1;
  runResultsPath: string;
  /** Where audit rows went, or undefined when audit logging is off. */
  auditRelation?: RelationName;
}

// Where it always was for importers; defined apart so the CLI entry can test for it without loading the runner.
export { ConfigError };

export const DEFAULT_AUDIT_TABLE = 'bz_data_audit';

export async function openEngine(req: ProjectRequest): Promise<Engine> {
  const options: EngineOptions = {
    projectDir: req.projectDir,
    profilesDir: req.profilesDir,
    target: req.target,
    cliVars: req.vars ?? {},
    targetOverrides: req.targetOverrides,
    which: req.which,
  };
  const engine = await Engine.open(options);
  const blocking = engine
    .allDiagnostics()
    .filter((d) => d.severity === 'error' && /(dbt_project|profiles)\.ya?ml$/.test(d.file));
  if (blocking.length > 0) {
    const lines = blocking.map((d) => `${relative(engine.project.root, d.file) || d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
    throw new ConfigError(`the project configuration has errors:\n${lines.join('\n')}`);
  }
  return engine;
}

import { secretScrubber } from '../../../server/src/core/secrets';
export { secretScrubber };

/** `var('enable_audit_logging')` as the project sets it (default true: the audit trail is the point). */
async function auditEnabled(engine: Engine): Promise<boolean> {
  const text = await engine.renderText("{{ var('enable_audit_logging', true) }}", join(engine.project.root, 'dbt_project.yml'), {
    invocationId: 'audit',
    runStartedAt: new Date(),
    fullRefresh: false,
    resolve: async () => null,
  });
  return !/^(false|0|no|off|none)$/i.test(text.trim());
}

export function auditRelation(engine: Engine, name: string): RelationName {
  const model = engine.findModel(name);
  if (model) return model.relation;
  return { database: engine.target.database, schema: engine.target.schema, identifier: name };
}

function auditStatus(r: NodeResult): AuditStatus {
  if (r.interrupted) return 'INTERRUPTED';
  switch (r.status) {
    case 'success':
    case 'pass':
      return 'SUCCESS';
    case 'warn':
      return 'WARNING';
    case 'skipped':
      return 'SKIPPED';
    default:
      return 'FAILED';
  }
}

function auditRecord(r: NodeResult, invocationId: string, targetName: string, sourceTable: string): AuditRecord {
  return {
    recordId: randomUUID(),
    sourceTable,
    loadTimestamp: r.completedAt,
    // A node that read stand-ins (stand-in-run.ts) says so: its rows come from synthetic ones, not from a build.
    processedBy: r.standIn?.role === 'read' ? `bronze (read the stand-in of ${r.standIn.models.join(', ')})` : 'bronze',
    processingTime: r.executionTime,
    status: auditStatus(r),
    invocationId,
    nodeId: r.uniqueId,
    nodeType: r.resourceType,
    targetName,
    rowsAffected: r.rowsAffected,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    errorMessage: r.status === 'success' || r.status === 'pass' ? null : r.message,
  };
}

/** Writes the audit rows of interrupted runs a previous command found (interrupted.ts) for this target. */
async function flushInterruptedAudits(engine: Engine, session: WarehouseSession, listener?: RunListener): Promise<void> {
  for (const { pending, done } of pendingInterruptedAudits(targetDir(engine))) {
    if (pending.targetName !== engine.target.name) continue;
    const records = revivePending(pending).map((r) => auditRecord(r, pending.invocationId, pending.targetName, r.name));
    try {
      await ensureAuditTable(session, pending.audit);
      await session.execute(insertAuditSql(pending.audit, records));
      done();
    } catch (err) {
      listener?.log?.(`warning: could not write the audit rows of interrupted run ${pending.invocationId}: ${describeError(err, secretScrubber(engine.target)).message}`);
    }
  }
}

/** Records runs that a killed process left unfinished (see interrupted.ts); returns what it found. */
export function reconcileInterrupted(engine: Engine): InterruptedRun[] {
  return reconcileInterruptedRuns(targetDir(engine));
}

function targetDir(engine: Engine): string {
  const t = engine.project.targetPath || 'target';
  return isAbsolute(t) ? t : join(engine.project.root, t);
}

function writeArtifacts(engine: Engine, artifacts: Map<string, ModelArtifacts>, invocationId: string): void {
  const base = targetDir(engine);
  // As dbt, every run leaves target/manifest.json: the artifact a later `--state` compares with or defers to.
  const compiled = new Map<string, string>();
  for (const [id, art] of artifacts) if (art.compiledSql !== undefined) compiled.set(id, art.compiledSql);
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, 'manifest.json'), JSON.stringify(buildManifest(engine.project, { targetName: engine.target.name, adapterType: engine.target.type, compiled, invocationId }), null, 2) + '\n');
  for (const [id, art] of artifacts) {
    const model = engine.project.models.get(id);
    if (!model) continue;
    if (art.compiledSql !== undefined) {
      const file = join(base, 'compiled', model.packageName, model.originalFilePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, art.compiledSql + '\n');
    }
    if (art.executed.length > 0) {
      const file = join(base, 'run', model.packageName, model.originalFilePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, art.executed.join(';\n') + ';\n');
    }
  }
}

/**
 * Makes downstream models of a tested model wait for its tests (`build` skips dependents of a failing test), with
 * dbt's rule: a test comes before a node when everything the test depends on is upstream of that node. A test
 * that also refs a sibling (`compare_model: ref('b')`, `relationships` to a sibling) does not hold back the
 * siblings that do not read from that one; holding them back made two such tests wait for each other.
 */
function buildUpstream(engine: Engine, selected: string[], upstream: Map<string, string[]>): void {
  const selectedSet = new Set(selected);
  const graph = engine.graph;
  const ancestorSets = new Map<string, Set<string>>();
  const ancestorsOf = (id: string): Set<string> => {
    let set = ancestorSets.get(id);
    if (!set) ancestorSets.set(id, (set = new Set(graph.ancestors(id))));
    return set;
  };
  for (const id of selected) {
    if (!id.startsWith('test.')) continue;
    const parents = graph.parents(id);
    // From the test's parents downward: the first node on each path with every parent upstream waits for the
    // test (its own descendants wait through it); nodes before it do not.
    const seen = new Set<string>(parents);
    const queue: string[] = [];
    for (const p of parents) for (const child of graph.children(p)) queue.push(child);
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (seen.has(node) || node.startsWith('test.')) continue;
      seen.add(node);
      const above = parents.length === 1 ? undefined : ancestorsOf(node);
      if (!above || parents.every((p) => above.has(p))) {
        if (selectedSet.has(node)) {
          upstream.get(node)!.push(id);
          continue;
        }
      }
      for (const child of graph.children(node)) queue.push(child);
    }
  }
}

/** The parents of each node in dbt's queue for this run: its ephemeral models included, the build's test edges added. */
function queueUpstream(engine: Engine, queued: string[], command: RunCommand): Map<string, string[]> {
  const upstream = engine.graph.upstreamWithin(queued);
  if (command === 'build') buildUpstream(engine, queued, upstream);
  unitTestsFirst(engine.graph, queued, upstream);
  return upstream;
}

/**
 * Creates the schema of every model, seed and snapshot the run builds, before on-run-start: dbt does so
 * (RunTask.before_run's create_schemas), and projects rely on it, e.g. a hook creating a UDF in a model schema.
 */
async function createSchemasOf(engine: Engine, session: WarehouseSession, selected: string[], ctx: NodeRunContext): Promise<void> {
  const created = new Set<string>();
  for (const id of selected) {
    const node = engine.project.models.get(id);
    if (!node || node.resourceType === 'analysis' || isEphemeral(node)) continue;
    const { database, schema } = node.relation;
    const key = `${database}\u0000${schema}`;
    if (created.has(key)) continue;
    created.add(key);
    // One that cannot be created (a database not attached) is reported by the model's own create schema step.
    await session.execute(engine.dialect.createSchema(database, schema), { signal: ctx.signal }).catch(() => undefined);
  }
}

/**
 * Runs the project's on-run-start / on-run-end hooks in order. A failing hook stops the run as in dbt; its error
 * names the hook and points at it in dbt_project.yml, so a warehouse's bare parser error says where it came from.
 */
async function runHooks(
  engine: Engine,
  session: WarehouseSession,
  hooks: string[],
  kind: 'on-run-start' | 'on-run-end',
  ctx: NodeRunContext,
  listener?: RunListener,
  hookContext?: Record<string, unknown>,
): Promise<void> {
  const file = join(engine.project.root, 'dbt_project.yml');
  for (let i = 0; i < hooks.length; i++) {
    const hook = hooks[i];
    try {
      const sql = await engine.renderText(hook, file, sessionRenderOptions(ctx, session, { hookContext }));
      if (sql.trim() === '') continue;
      listener?.log?.(`running hook: ${sql.trim().split('\n')[0].slice(0, 100)}`);
      await session.execute(sql, { signal: ctx.signal });
    } catch (err) {
      const { message, cancelled } = describeError(err, ctx.scrub);
      // A cancelled run is not a broken hook.
      if (cancelled) throw err;
      throw new BronzeError(
        `${kind} hook #${i + 1} (\`${hook.trim().slice(0, 120)}\`) failed: ${message}`,
        hookLocation(engine, file, hook) ?? (err instanceof BronzeError ? err.location : undefined),
        'bronze/run-hook',
      );
    }
  }
}

/** Where a hook's text is written in dbt_project.yml (its first line), when it can be found there. */
function hookLocation(engine: Engine, file: string, hook: string): SourceLocation | undefined {
  const text = engine.project.files.get(file)?.text;
  const probe = hook.trim().split('\n')[0];
  const at = text && probe ? text.indexOf(probe) : -1;
  if (!text || at < 0) return undefined;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return { file, range: { start: { line, character }, end: { line, character: character + probe.length } } };
}

export async function runProject(req: RunRequest): Promise<RunOutcome> {
  const started = Date.now();
  const engine = req.engine ?? (await openEngine(req));
  // dbt refuses a contract on an ephemeral model while parsing the project, before any node runs.
  for (const model of engine.project.models.values()) assertContractSupported(model);
  const invocationId = randomUUID();
  const runStartedAt = new Date();
  const scrub = secretScrubber(engine.target);
  const selection = COMMAND_SELECTION[req.command];
  const chosen = (
    req.nodeIds
      ? engine.graph.topologicalOrder(req.nodeIds.filter((id) => engine.graph.node(id) !== undefined))
      : selectNodes(engine.project, engine.graph, {
          select: req.select,
          exclude: req.exclude,
          defaultSelect: selection.defaultSelect,
          resourceTypes: selection.resourceTypes,
          state: stateComparison(engine, req.state),
        })
  ).filter((id) => id.startsWith('test.') || id.startsWith('unit_test.') || id.startsWith('seed.') || id.startsWith('snapshot.') || id.startsWith('model.'));
  // An ephemeral model is a CTE inside its children: dbt runs nothing for it and lists no result; its children
  // wait for its parents through it (upstreamWithin). It still sits in dbt's queue, where it deepens its children.
  const selected = chosen.filter((id) => !id.startsWith('model.') || !isEphemeral(engine.project.models.get(id) ?? { config: {} }));

  // The flags the run itself obeys, as templates see them: the command line (or its environment variable), else
  // dbt_project.yml's `flags:` (a `severity: warn` test fails under `flags: warn_error: true`).
  const invocation = { warnError: req.warnError, storeFailures: req.storeFailures === true, failFast: req.failFast, invocationCommand: req.invocationCommand, cliArgs: req.cliArgs };
  const flags = resolveFlags({ which: req.command, fullRefresh: req.fullRefresh ?? false, empty: req.empty === true }, engine.invocationFlags(invocation));
  // dbt's test task: a warning test fails under WARN_ERROR, or when warn_error_options make LogTestResult an error.
  const warnError = flags.warnError || warnErrorIncludes(flags.warnErrorOptions, 'LogTestResult');
  const failFast = flags.failFast;
  const threads = Math.max(1, req.threads ?? engine.target.threads ?? 1);
  // The VS Code extension calls here directly: a run a killed process left behind is recorded first.
  for (const found of reconcileInterrupted(engine)) req.listener?.log?.(describeInterrupted(found));
  const runArgs = {
    which: req.command,
    select: req.select ?? [],
    exclude: req.exclude ?? [],
    full_refresh: req.fullRefresh ?? false,
    warn_error: flags.warnError,
    target: engine.target.name,
    ...(req.empty ? { empty: true } : {}),
    ...(req.eventTimeStart ? { event_time_start: req.eventTimeStart.toISOString() } : {}),
    ...(req.eventTimeEnd ? { event_time_end: req.eventTimeEnd.toISOString() } : {}),
    ...stateArgs(req.state),
  };
  const waiting = req.listener?.waiting?.bind(req.listener);
  const warehouse: Warehouse = await openWarehouse(engine.target, engine.project.root, waiting ? { onLockWait: waiting } : {});
  const ctx: NodeRunContext = {
    engine,
    invocationId,
    runStartedAt,
    fullRefresh: req.fullRefresh ?? false,
    warnError,
    storeFailures: req.storeFailures ?? false,
    which: req.command,
    empty: req.empty,
    flags: invocation,
    signal: req.signal,
    scrub,
    eventTimeStart: req.eventTimeStart,
    eventTimeEnd: req.eventTimeEnd,
    ...(req.retryBatches
      ? {
          retryBatches: new Map([...req.retryBatches].map(([id, b]) => [id, b.failed])),
          retrySuccessful: new Map([...req.retryBatches].map(([id, b]) => [id, b.successful])),
        }
      : {}),
    warn: req.listener?.log ? (message) => req.listener?.log?.(message) : undefined,
    traceStatement:
      process.env.BRONZE_TRACE_SQL === '1'
        ? (sql, ms) => req.listener?.log?.(`  ${String(ms).padStart(6)} ms  ${scrub(sql.replace(/\s+/g, ' ').slice(0, 140))}`)
        : undefined,
  };
  const sessions: WarehouseSession[] = [];
  const artifacts = new Map<string, ModelArtifacts>();
  let results: NodeResult[] = [];
  let auditRel: RelationName | undefined;
  let journal: RunJournal | undefined;
  try {
    const auditSession = await warehouse.openSession();
    sessions.push(auditSession);
    const deferred = await applyDefer(engine, req.state, { selected, buildsSelected: true, exists: async (rel) => (await auditSession.relationType(rel)) !== null });
    const granted = engine.target.type === 'duckdb' ? selected.filter((id) => /^(model|seed|snapshot)\./.test(id) && configuresGrants(engine.node(id)?.config)).length : 0;
    // The twin has no roles (materializations.ts grantSteps): said once, not per node.
    if (granted > 0) req.listener?.log?.(`Grants are not applied on the DuckDB target, which has no roles: ${granted} node(s) configure grants.`);
    if (deferred.length > 0) req.listener?.log?.(`Deferring ${deferred.length} parent(s) this run does not build to the state manifest's relations: ${deferred.map((id) => engine.node(id)?.name ?? id).join(', ')}`);
    if (await auditEnabled(engine)) {
      auditRel = auditRelation(engine, req.auditTable ?? process.env.BRONZE_AUDIT_TABLE ?? DEFAULT_AUDIT_TABLE);
      await ensureAuditTable(auditSession, auditRel);
    }
    await flushInterruptedAudits(engine, auditSession, req.listener);
    journal = RunJournal.open(targetDir(engine), {
      invocationId,
      startedAt: runStartedAt.toISOString(),
      args: runArgs,
      targetName: engine.target.name,
      audit: auditRel ?? null,
      selected: selected.map((id) => {
        const node = engine.node(id)!;
        return { id, name: node.name, resourceType: resultType(node.resourceType) };
      }),
    });
    // Worker sessions are separate from the audit session: audit rows are written while models run.
    const workers: WarehouseSession[] = [];
    for (let i = 0; i < Math.min(threads, Math.max(1, selected.length)); i++) {
      const session = await warehouse.openSession();
      sessions.push(session);
      workers.push(session);
    }
    // Stand-ins on the twin for models it refuses by name (stand-in-run.ts).
    const standIns = await StandInRun.open(engine, auditSession, selected);
    await createSchemasOf(engine, auditSession, selected, ctx);
    await runHooks(engine, auditSession, engine.project.onRunStart, 'on-run-start', ctx, req.listener);

    const upstream = engine.graph.upstreamWithin(selected);
    if (req.command === 'build') buildUpstream(engine, selected, upstream);
    unitTestsFirst(engine.graph, selected, upstream);
    const jobs: Job<NodeResult>[] = dbtQueueOrder(selected, chosen.length === selected.length ? upstream : queueUpstream(engine, chosen, req.command)).map((id) => ({ id, upstream: upstream.get(id) ?? [] }));
    const total = jobs.length;
    let index = 0;
    let auditChain: Promise<void> = Promise.resolve();
    const fail = new AbortController();
    const signal = req.signal && failFast ? AbortSignal.any([req.signal, fail.signal]) : failFast ? fail.signal : req.signal;
    const done = await runScheduled(jobs, {
      threads,
      signal,
      run: async (job, thread) => {
        const node = engine.node(job.id)!;
        req.listener?.nodeStarted?.({ uniqueId: job.id, name: node.name, index: index + 1, total, description: describeNode(engine, job.id) });
        const session = workers[thread % workers.length];
        journal?.started(job.id, `Thread-${thread + 1}`);
        const untested = standIns?.skippedTest(job.id);
        if (untested) return untested;
        const result = await (async (): Promise<NodeResult> => {
          if (node.resourceType === 'seed') return runSeed(node as ModelNode, session, thread, ctx, artifacts);
          if (node.resourceType === 'snapshot') return runSnapshot(node as ModelNode, session, thread, ctx, artifacts);
          if (node.resourceType === 'unit_test') return runUnitTest(node, session, thread, ctx);
          if (node.resourceType === 'test') return runTest(node as TestNode, session, thread, ctx);
          if (standIns?.replacesStandIn(job.id)) {
            return runModel(standIns.asFirstBuild(node as ModelNode), session, thread, { ...ctx, fullRefresh: true, beforeBuild: (m, sql) => standIns.refuseBeforeBuild(m, sql, session) }, artifacts);
          }
          return runModel(node as ModelNode, session, thread, ctx, artifacts);
        })();
        return standIns ? standIns.finished(result, session, signal) : result;
      },
      // dbt's MARK_DEPENDENT_ERRORS_STATUSES: a microbatch model's partial success skips its dependents too. A model
      // the twin refuses whose stand-in is there does not (stand-in-run.ts), nor do its tests, which are not run.
      blocksDownstream: (r) => !StandInRun.passes(r) && (r.status === 'error' || r.status === 'fail' || r.status === 'skipped' || r.status === 'partial success'),
      skipped: (job, cause): NodeResult => {
        const node = engine.node(job.id)!;
        const now = new Date();
        const causeNode = engine.node(cause);
        return {
          uniqueId: job.id,
          name: node.name,
          resourceType: resultType(node.resourceType),
          status: 'skipped',
          executionTime: 0,
          startedAt: now,
          completedAt: now,
          rowsAffected: null,
          failures: null,
          threadId: 'main',
          message:
            cause === 'cancelled'
              ? 'Skipped: the run was cancelled.'
              : cause === 'cycle'
                ? 'Skipped: caught in a dependency cycle.'
                : `Skipped because ${causeNode ? `${causeNode.resourceType} ${causeNode.name}` : cause} failed upstream.`,
        };
      },
      onDone: (job, result) => {
        index++;
        journal?.done(result);
        req.listener?.nodeFinished?.(result, index, total);
        if (failFast && (result.status === 'error' || result.status === 'fail' || result.status === 'partial success')) fail.abort();
        if (auditRel) {
          const node = engine.node(job.id)!;
          const rel = auditRel;
          const record = auditRecord(result, invocationId, engine.target.name, node.name);
          // Audit writes go through one session in order, so a crash mid-run keeps every earlier row.
          auditChain = auditChain.then(() =>
            auditSession.execute(insertAuditSql(rel, [record])).then(
              () => undefined,
              (err: unknown) => req.listener?.log?.(`warning: could not write the audit row for ${node.name}: ${describeError(err, scrub).message}`),
            ),
          );
        }
      },
    });
    await auditChain;
    results = selected.map((id) => done.get(id)!).filter(Boolean);
    await runHooks(engine, auditSession, engine.project.onRunEnd, 'on-run-end', ctx, req.listener, runEndContext(engine, results)).catch((err: unknown) => {
      req.listener?.log?.(`on-run-end failed: ${describeError(err, scrub).message}`);
    });
  } catch (err) {
    // The run failed as a whole (a hook, the connection): it was not interrupted.
    journal?.close();
    throw err;
  } finally {
    for (const s of sessions) await s.close().catch(() => undefined);
    await warehouse.close().catch(() => undefined);
  }
  writeArtifacts(engine, artifacts, invocationId);
  const elapsedSeconds = (Date.now() - started) / 1000;
  const runResultsPath = writeRunResults(targetDir(engine), results, {
    invocationId,
    env: metadataEnvs(process.env),
    generatedAt: new Date(),
    elapsedTime: elapsedSeconds,
    args: runArgs,
  });
  journal?.close();
  const summary = summarize(results);
  req.listener?.runFinished?.(summary, elapsedSeconds);
  return {
    invocationId,
    results,
    summary,
    elapsedSeconds,
    exitCode: summary.error > 0 || results.some((r) => r.status === 'fail' || r.status === 'error') ? 1 : 0,
    runResultsPath,
    auditRelation: auditRel,
  };
}

function resultType(t: string): NodeResult['resourceType'] {
  return t === 'test' || t === 'unit_test' || t === 'seed' || t === 'snapshot' ? t : 'model';
}

/** dbt's run_results `args` for --state/--defer, so `bronze retry` repeats them. */
function stateArgs(state: StateRequest | undefined): Record<string, unknown> {
  if (!state) return {};
  return {
    ...(state.stateDir ? { state: resolve(state.stateDir) } : {}),
    ...(state.deferStateDir ? { defer_state: resolve(state.deferStateDir) } : {}),
    ...(state.defer ? { defer: true } : {}),
    ...(state.favorState ? { favor_state: true } : {}),
  };
}

/** `sql incremental model bronze.bz_users`, `test not_null_bz_users_user_id`. */
export function describeNode(engine: Engine, uniqueId: string): string {
  const model = engine.project.models.get(uniqueId);
  if (model?.resourceType === 'seed') return `seed file ${model.relation.schema}.${model.relation.identifier}`;
  if (model?.resourceType === 'snapshot') return `snapshot ${model.relation.schema}.${model.relation.identifier}`;
  if (model) return `${model.language ?? 'sql'} ${model.config.materialized} model ${model.relation.schema}.${model.relation.identifier}`;
  const test = engine.project.tests.get(uniqueId);
  if (test) return `test ${test.name}`;
  const unit = engine.project.unitTests.get(uniqueId);
  return unit ? `unit_test ${unit.model}::${unit.name}` : uniqueId;
}

export interface AuditRow extends AuditRecord {}

export async function readAudit(req: ProjectRequest & { limit: number; invocationId?: string; auditTable?: string }): Promise<AuditRow[]> {
  const engine = await openEngine(req);
  const rel = auditRelation(engine, req.auditTable ?? process.env.BRONZE_AUDIT_TABLE ?? DEFAULT_AUDIT_TABLE);
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      await flushInterruptedAudits(engine, session);
      if ((await session.relationType(rel)) === null) return [];
      const result = await session.execute(selectAuditSql(rel, { limit: req.limit, invocationId: req.invocationId }));
      return result.rows.map((raw) => {
        const r: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(raw)) r[k.toLowerCase()] = v;
        const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
        return {
          recordId: String(r.record_id ?? ''),
          sourceTable: String(r.source_table ?? ''),
          loadTimestamp: date(r.load_timestamp),
          processedBy: String(r.processed_by ?? ''),
          processingTime: Number(r.processing_time ?? 0),
          status: String(r.status ?? '') as AuditStatus,
          invocationId: String(r.invocation_id ?? ''),
          nodeId: String(r.node_id ?? ''),
          nodeType: String(r.node_type ?? ''),
          targetName: String(r.target_name ?? ''),
          rowsAffected: r.rows_affected === null || r.rows_affected === undefined ? null : Number(r.rows_affected),
          startedAt: date(r.started_at),
          completedAt: date(r.completed_at),
          errorMessage: r.error_message === null || r.error_message === undefined ? null : String(r.error_message),
        };
      });
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
}

export async function testConnection(req: ProjectRequest): Promise<{ ok: boolean; message: string }> {
  let engine: Engine;
  try {
    engine = await openEngine(req);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const scrub = secretScrubber(engine.target);
  try {
    const warehouse = await openWarehouse(engine.target, engine.project.root);
    try {
      const session = await warehouse.openSession();
      await session.execute('select 1 as ok');
      await session.close();
      return { ok: true, message: `Connection to target '${engine.target.name}' (${engine.target.type}) OK` };
    } finally {
      await warehouse.close();
    }
  } catch (err) {
    return { ok: false, message: `Connection to target '${engine.target.name}' failed: ${describeError(err, scrub).message}` };
  }
}

export async function listTests(req: ProjectRequest): Promise<Array<{ uniqueId: string; name: string; attachedNode?: string; file: string; line: number }>> {
  const engine = await openEngine(req);
  return [...engine.project.tests.values(), ...engine.project.unitTests.values()]
    .filter((t) => t.config.enabled !== false)
    .map((t) => ({ uniqueId: t.uniqueId, name: t.name, attachedNode: t.attachedNode, file: t.location.file, line: t.location.range.start.line }))
    .sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
}

export { AUDIT_COLUMNS };
