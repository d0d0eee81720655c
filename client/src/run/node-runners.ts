// Running one model or one data test on a session, turning every outcome — success, failure, cancellation —
// into a NodeResult. Nothing here throws: a failure is a result.
import type { ModelNode, RelationType, SourceLocation, TestNode } from '../../../server/src/core/types';
import { BronzeError } from '../../../server/src/core/types';
import type { Engine, RenderContextOptions } from '../../../server/src/engine';
import { constraintWarnings, contractAsideRelation, contractEnforced, contractOf, isCustomMaterialization, isMicrobatch, ownRelationAtPostHooks, shouldFullRefresh, storeFailuresStatements, testVerdict, testWrapperSql, type Batch, type MacroRenderer } from '../../../server/src/compile';
import { runMicrobatchModel } from './microbatch-runner';
import { runCustomMaterialization } from './custom-materialization-runner';
import { assertContract } from './contract-check';
import type { InvocationFlags, QueryResult as TemplateQueryResult } from '../../../server/src/template';
import { WarehouseError, type WarehouseSession } from '../warehouse/warehouse';
import { executePlan } from './execute-plan';
import type { NodeResult, NodeStatus } from './results';

export interface NodeRunContext {
  engine: Engine;
  invocationId: string;
  runStartedAt: Date;
  fullRefresh: boolean;
  warnError: boolean;
  storeFailures: boolean;
  which: string;
  /** `--empty`: refs and sources read as zero rows; seeds load no rows. */
  empty?: boolean;
  /** dbt's `flags` the command line sets beyond which/fullRefresh/empty. */
  flags?: InvocationFlags;
  signal?: AbortSignal;
  /** Removes secrets from any text that leaves the runner. */
  scrub(text: string): string;
  /** Where a node's warnings go (dbt's warnings for contract constraints Snowflake does not enforce). */
  warn?: (message: string) => void;
  /** Reports each statement with its duration (set when BRONZE_TRACE_SQL=1). */
  traceStatement?: (statement: string, ms: number) => void;
  /** `--event-time-start` / `--event-time-end`: the window microbatch models build. */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** Called with a model's compiled SQL before anything of it runs; what it throws fails the model (stand-in-run.ts). */
  beforeBuild?: (model: ModelNode, compiledSql: string) => Promise<void>;
  /** `bronze retry`: by microbatch model, the batches that failed before (run instead of planning) … */
  retryBatches?: ReadonlyMap<string, Batch[]>;
  /** … and those that succeeded then (reported as successful again, as dbt's retry does). */
  retrySuccessful?: ReadonlyMap<string, Array<[string, string]>>;
}

export interface ModelArtifacts {
  compiledSql?: string;
  executed: string[];
}

export function sessionResolver(session: WarehouseSession, signal?: AbortSignal): RenderContextOptions['resolve'] {
  return async (request) => {
    if (request.kind === 'relationType') return session.relationType(request.relation);
    if (request.kind === 'columns') return session.describe(request.relation);
    if (request.kind !== 'query') return null;
    const result = await session.execute(request.sql, { signal });
    const columns = result.columns.map((c) => c.name);
    const answer: TemplateQueryResult = { columns, rows: result.rows.map((r) => columns.map((c) => r[c])) };
    // A statement's response (load_result(...)['response'].rows_affected) reads the count the warehouse gives.
    if (result.rowsAffected !== undefined) answer.rowsAffected = result.rowsAffected;
    return answer;
  };
}

/** How a model's plan renders its macro steps (grants, persist_docs) on `session`, in the model's run context. */
export function modelMacroRenderer(model: ModelNode, session: WarehouseSession, ctx: NodeRunContext, existing: RelationType | null): MacroRenderer {
  const options = sessionRenderOptions(ctx, session, { empty: ctx.empty, existing });
  return (step) => ctx.engine.renderModelMacro(model, options, step);
}

/** What a run's render reads of the run: `fullRefresh` false unless said (an output-columns probe has none). */
export type RunRenderContext = Pick<NodeRunContext, 'invocationId' | 'runStartedAt' | 'which' | 'signal' | 'flags'> & { fullRefresh?: boolean };

/**
 * How a run renders a node or hook on `session`: the run's invocation, start time, refresh and `flags.WHICH`, the
 * session answering what the template asks of the warehouse. `also` sets the rest (`existing`, `empty`, a
 * snapshot's `fullRefresh: false`, on-run-end's `hookContext`).
 */
export function sessionRenderOptions(ctx: RunRenderContext, session: WarehouseSession, also: Partial<RenderContextOptions> = {}): RenderContextOptions {
  return {
    invocationId: ctx.invocationId,
    runStartedAt: ctx.runStartedAt,
    fullRefresh: ctx.fullRefresh ?? false,
    which: ctx.which,
    flags: ctx.flags,
    resolve: sessionResolver(session, ctx.signal),
    ...also,
  };
}

/** Turns any error into one message a person can act on, with its place when known. */
export function describeError(err: unknown, scrub: (t: string) => string): { message: string; location?: NodeResult['errorLocation']; cancelled: boolean } {
  if (err instanceof WarehouseError) {
    const d = err.details;
    const parts = [err.message];
    const meta = [d.code && `code ${d.code}`, d.sqlState && `SQL state ${d.sqlState}`, d.queryId && `query id ${d.queryId}`].filter(Boolean);
    if (meta.length) parts.push(`(${meta.join(', ')})`);
    return { message: scrub(parts.join(' ')), cancelled: d.cancelled === true };
  }
  if (err instanceof BronzeError) {
    const loc = err.location;
    return {
      message: scrub(err.message),
      location: loc ? { file: loc.file, line: loc.range.start.line + 1, column: loc.range.start.character + 1 } : undefined,
      cancelled: false,
    };
  }
  if (err instanceof Error && err.name === 'AbortError') return { message: 'cancelled', cancelled: true };
  return { message: scrub(err instanceof Error ? err.message : String(err)), cancelled: false };
}

/** A node's result as it ends now: `base`, its status, how long since `base.startedAt`, then what came of it. */
export function ended<B extends { startedAt: Date }, R>(base: B, status: NodeStatus, rest: R): B & { status: NodeStatus; completedAt: Date; executionTime: number } & R {
  const completedAt = new Date();
  return { ...base, status, completedAt, executionTime: (completedAt.getTime() - base.startedAt.getTime()) / 1000, ...rest };
}

/** A node's result after an error (or cancellation), located at the error or else at the node. */
export function failed(
  base: Pick<NodeResult, 'uniqueId' | 'name' | 'resourceType' | 'startedAt' | 'threadId' | 'failures'> & Partial<NodeResult>,
  err: unknown,
  ctx: NodeRunContext,
  where: SourceLocation,
  compiledCode: string | undefined,
  cancelledMessage: string,
): NodeResult {
  const { message, location, cancelled } = describeError(err, ctx.scrub);
  return ended(base, cancelled ? 'skipped' : 'error', {
    rowsAffected: null,
    message: cancelled ? cancelledMessage : message,
    ...(cancelled ? { interrupted: true } : {}),
    compiledCode,
    errorLocation: location ?? { file: where.file, line: where.range.start.line + 1, column: where.range.start.character + 1 },
  });
}

/** Snowflake's CTAS answers with a status line, not a count; the audit trail wants the rows. */
export async function countRows(session: WarehouseSession, relation: string, signal?: AbortSignal): Promise<number | null> {
  const counted = await session.execute(`select count(*) as n from ${relation}`, { signal });
  const n = Number(Object.values(counted.rows[0] ?? {})[0]);
  return Number.isFinite(n) ? n : null;
}

/** `database.schema.identifier` of a model, seed or snapshot: run_results' relation_name, and what row counts read. */
/** A model run's result fields known before it runs, and its artifacts record (registered): shared by the model runners. */
export function startModelResult(model: ModelNode, thread: number, artifacts: Map<string, ModelArtifacts>) {
  const base = {
    uniqueId: model.uniqueId,
    name: model.name,
    resourceType: 'model' as const,
    startedAt: new Date(),
    threadId: `Thread-${thread + 1}`,
    relationName: relationName(model),
    failures: null,
  };
  const art: ModelArtifacts = { executed: [] };
  artifacts.set(model.uniqueId, art);
  return { base, art };
}

export function relationName(m: ModelNode): string {
  return `${m.relation.database}.${m.relation.schema}.${m.relation.identifier}`;
}

export async function runModel(
  model: ModelNode,
  session: WarehouseSession,
  thread: number,
  ctx: NodeRunContext,
  artifacts: Map<string, ModelArtifacts>,
): Promise<NodeResult> {
  if (isMicrobatch(model.config) && model.language !== 'python') return runMicrobatchModel(model, session, thread, ctx, artifacts);
  const { base, art } = startModelResult(model, thread, artifacts);
  try {
    const existing = await session.relationType(model.relation);
    const compiled = await ctx.engine.compileModel(model, sessionRenderOptions(ctx, session, {
      empty: ctx.empty,
      existing,
      deferHooks: true,
      existingAtPostHooks: ownRelationAtPostHooks(model.config.materialized, existing, shouldFullRefresh(model.config, ctx.fullRefresh)),
    }));
    art.compiledSql = compiled.sql;
    await ctx.beforeBuild?.(model, compiled.sql);
    if (isCustomMaterialization(model)) {
      const done = await runCustomMaterialization(model, compiled, session, ctx);
      art.executed = done.executed;
      return ended(base, 'success', { rowsAffected: null, message: 'SUCCESS', compiledCode: compiled.sql });
    }
    if (contractEnforced(model.config)) {
      await assertContract(model, compiled.sql, session, ctx.signal);
      for (const w of constraintWarnings(contractOf(model), model.config.materialized)) ctx.warn?.(`warning: ${model.name}: ${w}`);
    }
    // A contracted table is built aside: whatever a failed run left there (a tmp view) is dropped first.
    const aside = contractEnforced(model.config) ? await session.relationType(contractAsideRelation(model.relation)) : null;
    const steps = ctx.engine.planModel(model, compiled, existing, ctx.fullRefresh, true, aside);
    const outcome = await executePlan(session, steps, ctx.signal, ctx.traceStatement, modelMacroRenderer(model, session, ctx, existing));
    art.executed = outcome.executed;
    if (outcome.rowsAffected === null && model.config.materialized !== 'view') outcome.rowsAffected = await countRows(session, relationName(model), ctx.signal);
    return ended(base, 'success', {
      rowsAffected: outcome.rowsAffected,
      queryId: outcome.queryId,
      message: outcome.rowsAffected !== null ? `SUCCESS ${outcome.rowsAffected}` : 'SUCCESS',
      compiledCode: compiled.sql,
    });
  } catch (err) {
    return failed(base, err, ctx, model.location, art.compiledSql, 'Cancelled while running; the target was left as it was.');
  }
}

function lowerKeys(row: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function truthy(v: unknown): boolean {
  if (typeof v === 'string') return v === '1' || v.toLowerCase() === 'true';
  return Boolean(v);
}

export async function runTest(test: TestNode, session: WarehouseSession, thread: number, ctx: NodeRunContext): Promise<NodeResult> {
  const startedAt = new Date();
  const base = {
    uniqueId: test.uniqueId,
    name: test.name,
    resourceType: 'test' as const,
    startedAt,
    threadId: `Thread-${thread + 1}`,
  };
  let sql: string | undefined;
  try {
    const renderCtx = sessionRenderOptions(ctx, session, { empty: ctx.empty });
    const compiled = await ctx.engine.compileTest(test, renderCtx);
    sql = compiled.sql;
    const c = compiled.config;
    const limit = typeof c.limit === 'number' ? c.limit : null;
    const store = ctx.storeFailures || c.store_failures === true;
    let countRow: Record<string, unknown>;
    if (store) {
      const statements = storeFailuresStatements(ctx.engine.dialect, {
        database: ctx.engine.target.database,
        schema: ctx.engine.target.schema,
        testName: typeof c.alias === 'string' ? c.alias : test.name,
        sql,
        limit,
        failCalc: c.fail_calc,
        warnIf: c.warn_if,
        errorIf: c.error_if,
        as: c.store_failures_as === 'view' ? 'view' : 'table',
        relation: await ctx.engine.testAuditRelation(test, renderCtx),
      });
      let last: Record<string, unknown> | undefined;
      for (const s of statements) last = (await session.execute(s, { signal: ctx.signal })).rows[0];
      countRow = lowerKeys(last);
    } else {
      const wrapped = testWrapperSql({ sql, failCalc: c.fail_calc, warnIf: c.warn_if, errorIf: c.error_if, limit });
      countRow = lowerKeys((await session.execute(wrapped, { signal: ctx.signal })).rows[0]);
    }
    const failures = Number(countRow.failures ?? 0);
    const verdict = testVerdict({
      failures,
      shouldWarn: truthy(countRow.should_warn),
      shouldError: truthy(countRow.should_error),
      severity: typeof c.severity === 'string' ? c.severity : undefined,
      warnError: ctx.warnError,
    });
    let failingRows: Record<string, unknown>[] | undefined;
    if (verdict !== 'pass' && failures > 0) {
      const sample = await session.execute(`select * from (\n${sql}\n) dbt_internal_sample limit 5`, { signal: ctx.signal });
      failingRows = sample.rows;
    }
    // dbt's test task: a warning made a failure by --warn-error names the warn_if condition it met.
    const severityError = (typeof c.severity === 'string' ? c.severity : 'ERROR').toUpperCase() === 'ERROR';
    const byError = severityError && truthy(countRow.should_error);
    const configured = verdict === 'warn' ? `warn if ${c.warn_if || '!= 0'}` : byError ? `fail if ${c.error_if || '!= 0'}` : `fail if ${c.warn_if || '!= 0'}`;
    return ended(base, verdict, {
      rowsAffected: null,
      failures,
      message: verdict === 'pass' ? 'PASS' : `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${configured}`,
      compiledCode: sql,
      failingRows,
    });
  } catch (err) {
    return failed({ ...base, failures: null }, err, ctx, test.location, sql, 'Cancelled while running.');
  }
}
