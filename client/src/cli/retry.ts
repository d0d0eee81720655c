// `bronze retry`: re-runs, with the previous invocation's command and flags, the nodes that errored, failed or were
// skipped in the last target/run_results.json (what dbt's `retry` does). Nothing to retry is a success.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { loadProjectConfigOnly } from './project-config';
import { UsageError, type CommonArgs } from './args';
import { projectDir, type Io } from './context';
import { runCommand, type RetryBatches } from './run';
import type { Batch } from '../../../server/src/compile';

/** Statuses dbt retries; `warn` only when the earlier run treated warnings as errors. */
const RETRYABLE = new Set(['error', 'fail', 'skipped', 'runtime error', 'partial success']);

export interface RetryPlan {
  command: 'run' | 'test' | 'build' | 'seed' | 'snapshot';
  nodeIds: string[];
  fullRefresh: boolean;
  target?: string;
  warnError: boolean;
  /** The earlier invocation ran with `--empty`. */
  empty: boolean;
  /** Its `--state`, `--defer-state`, `--defer`, `--favor-state`: a deferred run is retried deferred. */
  state?: string;
  deferState?: string;
  defer: boolean;
  favorState: boolean;
  /**
   * Microbatch models that ended with some batches done and some failed: only the failed batches run again (dbt's
   * retry passes previous_batch_results only then; a model with no batch done is planned afresh).
   */
  batches?: RetryBatches;
  /** The earlier invocation's `--event-time-start` / `--event-time-end`. */
  eventTimeStart?: string;
  eventTimeEnd?: string;
}

type Pair = [string, string];
const pairs = (v: unknown): Pair[] =>
  Array.isArray(v) ? v.filter((p): p is Pair => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string') : [];

/** Reads a run_results.json text into what to re-run; throws a UsageError naming the file when it cannot. */
export function planRetry(text: string, file: string): RetryPlan {
  let doc: { args?: Record<string, unknown>; results?: Array<{ unique_id?: unknown; status?: unknown; batch_results?: { successful?: unknown; failed?: unknown } | null }> };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new UsageError(`${file} is not valid JSON; run the command again instead of retrying it.`);
  }
  const which = doc.args?.which;
  if (which !== 'run' && which !== 'test' && which !== 'build' && which !== 'seed' && which !== 'snapshot') {
    throw new UsageError(`${file} records a '${String(which)}' invocation; bronze retry re-runs run, test, build, seed or snapshot.`);
  }
  const warnError = doc.args?.warn_error === true;
  const nodeIds = (doc.results ?? [])
    .filter((r) => typeof r.unique_id === 'string' && (RETRYABLE.has(String(r.status)) || (warnError && r.status === 'warn')))
    .map((r) => r.unique_id as string);
  const batches = new Map<string, { failed: Batch[]; successful: Pair[] }>();
  for (const r of doc.results ?? []) {
    if (typeof r.unique_id !== 'string' || !r.batch_results) continue;
    const successful = pairs(r.batch_results.successful);
    const failed = pairs(r.batch_results.failed);
    if (successful.length === 0 || failed.length === 0) continue;
    batches.set(r.unique_id, { failed: failed.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })), successful });
  }
  return {
    command: which,
    nodeIds,
    ...(batches.size > 0 ? { batches } : {}),
    ...(typeof doc.args?.event_time_start === 'string' ? { eventTimeStart: doc.args.event_time_start } : {}),
    ...(typeof doc.args?.event_time_end === 'string' ? { eventTimeEnd: doc.args.event_time_end } : {}),
    fullRefresh: doc.args?.full_refresh === true,
    target: typeof doc.args?.target === 'string' ? doc.args.target : undefined,
    warnError,
    empty: doc.args?.empty === true,
    state: typeof doc.args?.state === 'string' ? doc.args.state : undefined,
    deferState: typeof doc.args?.defer_state === 'string' ? doc.args.defer_state : undefined,
    defer: doc.args?.defer === true,
    favorState: doc.args?.favor_state === true,
  };
}

export async function retryCommand(args: CommonArgs, io: Io, signal: AbortSignal): Promise<number> {
  const root = projectDir(args);
  const { targetPath } = loadProjectConfigOnly(root);
  const file = join(isAbsolute(targetPath) ? targetPath : join(root, targetPath), 'run_results.json');
  if (!existsSync(file)) throw new UsageError(`no previous run to retry: ${file} does not exist. Run bronze run, test or build first.`);
  const plan = planRetry(readFileSync(file, 'utf8'), file);
  if (plan.nodeIds.length === 0) {
    io.err(`bronze retry: nothing to do — the last ${plan.command} had no errors, failures or skips.`);
    return 0;
  }
  io.err(`bronze retry: re-running ${plan.nodeIds.length} node(s) of the last ${plan.command}.`);
  const flags = new Map(args.flags);
  if (plan.warnError) flags.set('--warn-error', true);
  if (plan.empty) flags.set('--empty', true);
  // The earlier run's state flags, unless this retry gives its own.
  if (plan.state && !flags.has('--state')) flags.set('--state', plan.state);
  if (plan.deferState && !flags.has('--defer-state')) flags.set('--defer-state', plan.deferState);
  if (plan.defer && !flags.has('--no-defer')) flags.set('--defer', true);
  if (plan.favorState && !flags.has('--no-favor-state')) flags.set('--favor-state', true);
  // The earlier run's microbatch window (as UTC datetimes), for models planned afresh.
  if (plan.eventTimeStart && !flags.has('--event-time-start')) flags.set('--event-time-start', plan.eventTimeStart.slice(0, 19));
  if (plan.eventTimeEnd && !flags.has('--event-time-end')) flags.set('--event-time-end', plan.eventTimeEnd.slice(0, 19));
  return runCommand(
    { ...args, command: plan.command, projectDir: root, target: args.target ?? plan.target, fullRefresh: args.fullRefresh || plan.fullRefresh, flags },
    io,
    signal,
    plan.nodeIds,
    plan.batches,
  );
}
