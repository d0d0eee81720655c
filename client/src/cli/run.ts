// `bronze run | test | build | seed`: the runner with live progress on stderr; `--output json` prints the results.
import { relative } from 'node:path';
import { runProject, describeNode, openEngine, type RunCommand } from '../run/runner';
import { textProgress } from '../run/progress';
import type { CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { dryRunCommand } from './dry-run';
import { stateRequest } from './state';
import { loadErrorLines } from './load-errors';
import { UsageError, dbtCliArgs, flagState, invocationCommand } from './args';
import { eventTimeFlagsProblem, parseEventTimeFlag, type Batch } from '../../../server/src/compile';

/** `--event-time-start` / `--event-time-end` (or DBT_EVENT_TIME_START / _END), checked as dbt checks them. */
export function eventTimeWindow(args: CommonArgs): { start?: Date; end?: Date } {
  const read = (flag: string, env: string): Date | undefined => {
    const given = args.flags.get(flag);
    const text = typeof given === 'string' ? given : process.env[env];
    if (text === undefined || text === '') return undefined;
    const t = parseEventTimeFlag(text);
    if (!t) throw new UsageError(`${flag} takes a datetime as YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or 'YYYY-MM-DD HH:MM:SS' (UTC), got '${text}'`);
    return t;
  };
  const start = read('--event-time-start', 'DBT_EVENT_TIME_START');
  const end = read('--event-time-end', 'DBT_EVENT_TIME_END');
  const problem = eventTimeFlagsProblem(start, end);
  if (problem) throw new UsageError(problem);
  return { start, end };
}

/** `bronze retry`'s microbatch models: the batches that failed, and those that completed before. */
export type RetryBatches = ReadonlyMap<string, { failed: Batch[]; successful: Array<[string, string]> }>;

/** `nodeIds`: exactly these nodes instead of `--select` (used by `bronze retry`). */
export async function runCommand(args: CommonArgs, io: Io, signal: AbortSignal, nodeIds?: readonly string[], retryBatches?: RetryBatches): Promise<number> {
  if (args.flags.get('--dry-run') === true) return dryRunCommand(args, io, signal);
  const window = args.command === 'run' || args.command === 'build' ? eventTimeWindow(args) : {};
  const request = projectRequest(args);
  // One load serves both the progress descriptions and the run.
  const engine = await openEngine(request);
  for (const line of loadErrorLines(engine.allDiagnostics(), request.projectDir)) io.err(line);
  const outcome = await runProject({
    ...request,
    engine,
    command: args.command as RunCommand,
    select: args.select,
    exclude: args.exclude,
    nodeIds,
    threads: args.threads,
    fullRefresh: args.fullRefresh,
    warnError: flagState(args, '--warn-error'),
    storeFailures: args.flags.get('--store-failures') === true,
    failFast: flagState(args, '--fail-fast'),
    empty: args.flags.get('--empty') === true,
    invocationCommand: invocationCommand(args),
    cliArgs: { ...dbtCliArgs(args), event_time_start: window.start, event_time_end: window.end },
    state: stateRequest(args),
    eventTimeStart: window.start,
    eventTimeEnd: window.end,
    retryBatches,
    signal,
    listener: textProgress((line) => io.err(line), (id) => describeNode(engine, id)),
  });
  if (args.output === 'json') {
    io.out(
      JSON.stringify(
        {
          invocation_id: outcome.invocationId,
          elapsed_time: outcome.elapsedSeconds,
          summary: outcome.summary,
          results: outcome.results.map((r) => ({
            unique_id: r.uniqueId,
            name: r.name,
            resource_type: r.resourceType,
            status: r.status,
            execution_time: r.executionTime,
            rows_affected: r.rowsAffected,
            failures: r.failures,
            message: r.message,
            failing_rows: r.failingRows,
          })),
        },
        (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v),
        2,
      ),
    );
  } else {
    for (const r of outcome.results) {
      if ((r.status === 'error' || r.status === 'fail') && r.errorLocation) {
        io.err(`${relative(request.projectDir, r.errorLocation.file)}:${r.errorLocation.line}:${r.errorLocation.column}: error ${r.name}: ${r.message.split('\n')[0]}`);
      }
    }
  }
  return outcome.exitCode;
}
