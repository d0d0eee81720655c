// Wires `bronze check` to the headless diagnostics in ./check, in-process or through the check daemon of the project
// (daemon-start.ts: --daemon, or by default for a large project). Either way the same output and exit status.
import { UsageError, type CommonArgs } from './args';
import { profilesDirOf, type Io } from './context';
import { formatCheck, runCheck, type CheckResult } from './check';
import { DAEMON_STARTED_NOTICE, daemonMode, startDaemon, type DaemonMode } from './daemon-start';
import type { DaemonCheck } from './daemon-command';

export async function checkCommand(args: CommonArgs, io: Io): Promise<number> {
  const mode = checkDaemonMode(args, process.env);
  const { result, start, notice }: DaemonCheck =
    mode === 'off'
      ? { result: await runCheck({ projectDir: args.projectDir, profilesDir: profilesDirOf(args), target: args.target, vars: args.vars }) }
      : await (await import('./daemon-command')).checkViaDaemon(args, mode);
  if (notice) io.err(notice);
  printCheck(result, args, io);
  // After the result is out: starting the daemon cannot delay or change it (its failures are not this check's).
  if (start) {
    try {
      if ((await startDaemon(start.project, start.idleMs)).kind === 'spawned') io.err(DAEMON_STARTED_NOTICE);
    } catch {
      // no daemon: the next check runs in-process and tries again
    }
  }
  return result.exitCode;
}

/** The check's daemon mode from --daemon / --no-daemon and the environment (CI, BRONZE_DAEMON). */
export function checkDaemonMode(args: CommonArgs, env: Record<string, string | undefined>): DaemonMode {
  const daemon = args.flags.get('--daemon') === true;
  const noDaemon = args.flags.get('--no-daemon') === true;
  if (daemon && noDaemon) throw new UsageError('--daemon and --no-daemon contradict each other; pass one');
  return daemonMode({ daemon, noDaemon }, env);
}

function printCheck(result: CheckResult, args: CommonArgs, io: Io): void {
  if (result.error) io.err(`bronze: ${result.error}`);
  const text = formatCheck(result, args.output === 'json' ? 'json' : 'text');
  if (args.output === 'json') io.out(text);
  else io.out(text.trimEnd());
}
