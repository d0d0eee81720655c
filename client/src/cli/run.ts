// `bronze run | test | build | seed`: the runner with live progress on stderr; `--output json` prints the results.
import { relative } from 'node:path';
import { runProject, describeNode, openEngine, type RunCommand } from '../run/runner';
import { textProgress } from '../run/progress';
import type { CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { dryRunCommand } from './dry-run';
import { stateRequest } from './state';
import { loadErrorLines } from './load-errors';

/** `nodeIds`: exactly these nodes instead of `--select` (used by `bronze retry`). */
export async function runCommand(args: CommonArgs, io: Io, signal: AbortSignal, nodeIds?: readonly string[]): Promise<number> {
  if (args.flags.get('--dry-run') === true) return dryRunCommand(args, io, signal);
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
    warnError: args.flags.get('--warn-error') === true,
    storeFailures: args.flags.get('--store-failures') === true,
    failFast: args.flags.get('--fail-fast') === true,
    empty: args.flags.get('--empty') === true,
    state: stateRequest(args),
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
