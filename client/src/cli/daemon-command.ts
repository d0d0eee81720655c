// `bronze daemon start|stop|status` and `bronze check` through the daemon (--daemon, or by default for a large
// project: daemon-start.ts says when). `bronze daemon serve` is the daemon process itself (what a start spawns).
import { UsageError, type CommonArgs } from './args';
import { checkKey, checkResultOf, checkRoot, runCheckSized, type CheckOptions, type CheckResult } from './check';
import type { DaemonProject } from './check-daemon';
import { profilesDirOf, type Io } from './context';
import { daemonLogPath, startDaemonServer } from './daemon-server';
import { releaseStartingMarker, startDaemon } from './daemon-start';
import { daemonSocketPath, protocolStamp, requestDaemon, type DaemonStatus } from './daemon-socket';

const DEFAULT_IDLE_MS = 30 * 60_000;

/** `--idle-timeout`: seconds, or a number with s, m or h. */
export function idleTimeoutMs(args: CommonArgs): number {
  const raw = args.flags.get('--idle-timeout');
  if (raw === undefined) return DEFAULT_IDLE_MS;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(String(raw));
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--idle-timeout takes a duration such as 90s, 30m or 2h (a bare number is seconds), got '${raw}'`);
  return Number(m[1]) * (m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : 1000);
}

function checkOptions(args: CommonArgs): CheckOptions {
  return { projectDir: args.projectDir, profilesDir: profilesDirOf(args), target: args.target, vars: args.vars };
}

/** The project and options a daemon for `args` serves, or the check result that says there is no project. */
function daemonProject(args: CommonArgs): DaemonProject | CheckResult {
  const options = checkOptions(args);
  const found = checkRoot(options);
  if ('error' in found) return found.error;
  return checkKey(found.root, options);
}

/** What a check through the daemon came to, and the project whose daemon to start once the result is printed. */
export interface DaemonCheck {
  result: CheckResult;
  start?: { project: DaemonProject; idleMs: number };
  /** One line for stderr: the daemon was asked and did not answer in time, so the check ran without it. */
  notice?: string;
}

/** What a check says when the project's daemon accepted its request and then did not answer in time. */
export function hungDaemonNotice(error: string): string {
  return `bronze: the check daemon of this project did not answer (${error}); checked without it ('bronze daemon status' tells more, --no-daemon skips it)`;
}

/**
 * `bronze check` with the daemon (daemon-start.ts's modes): the running daemon's answer for this project and options.
 * With none (or a stale socket, or one of other Bronze code) the check runs in-process as with --no-daemon, and the
 * caller starts a daemon after printing the result — for `force` always, for `auto` when the project is large.
 */
export async function checkViaDaemon(args: CommonArgs, mode: 'force' | 'auto'): Promise<DaemonCheck> {
  const project = daemonProject(args);
  if (!('root' in project)) return { result: project };
  const idleMs = idleTimeoutMs(args);
  const socket = daemonSocketPath(project);
  const reply = await requestDaemon(socket, { stamp: protocolStamp(), op: 'check', env: process.env });
  if (reply.kind === 'answer' && 'diagnostics' in reply.response) return { result: checkResultOf(project.root, reply.response.diagnostics, undefined) };
  const { result, large } = await runCheckSized(checkOptions(args));
  // A daemon that failed for another reason (it could not load the project) is left alone: the check says why. A
  // hung one holds the socket, so no other could listen there; the user hears of it once per check.
  const replace = reply.kind === 'none' || (reply.kind === 'failed' && reply.mismatch);
  const notice = reply.kind === 'failed' && reply.hung ? hungDaemonNotice(reply.error) : undefined;
  return { result, ...(replace && (mode === 'force' || large) ? { start: { project, idleMs } } : {}), ...(notice ? { notice } : {}) };
}

function describe(s: DaemonStatus): string {
  const c = s.counters;
  return `daemon ${s.pid} serves ${s.root} since ${s.startedAt} on ${s.socket}; idle timeout ${Math.round(s.idleTimeoutMs / 1000)} s; answers: ${c.loads} loads, ${c.updates} updates, ${c.unchanged} unchanged; RSS ${s.rssMb} MB`;
}

export async function daemonCommand(args: CommonArgs, io: Io): Promise<number> {
  const action = args.positionals[0];
  if (!action || !['start', 'stop', 'status', 'serve'].includes(action)) throw new UsageError(`bronze daemon takes start, stop or status, got '${action ?? ''}'`);
  const project = daemonProject(args);
  if (!('root' in project)) {
    io.err(`bronze: ${project.error}`);
    return 2;
  }
  const socket = daemonSocketPath(project);
  const stamp = protocolStamp();
  if (action === 'serve') {
    let server;
    try {
      server = await startDaemonServer({ project, socket, idleTimeoutMs: idleTimeoutMs(args), env: process.env, logFile: daemonLogPath(project.root) });
    } finally {
      // Listening (or not able to: another daemon serves): the client that spawned this one may let others start.
      releaseStartingMarker(project, process.pid);
    }
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => server.close(`signal ${sig}`));
    await server.closed;
    return 0;
  }
  if (action === 'stop') {
    const reply = await requestDaemon(socket, { stamp, op: 'stop' });
    if (reply.kind === 'answer') io.out(`stopped the daemon of ${project.root}`);
    else if (reply.kind === 'none') io.out(reply.stale ? `no daemon was running for ${project.root} (removed its stale socket)` : `no daemon is running for ${project.root}`);
    else {
      io.err(`bronze: the daemon did not stop: ${reply.error}`);
      return 1;
    }
    return 0;
  }
  const reply = await requestDaemon(socket, { stamp, op: 'status' });
  if (reply.kind === 'answer' && 'status' in reply.response) {
    io.out(action === 'start' ? `already running: ${describe(reply.response.status)}` : describe(reply.response.status));
    return 0;
  }
  if (action === 'status' || (reply.kind === 'failed' && reply.hung)) {
    if (reply.kind === 'failed' && reply.hung) io.out(`a daemon holds the socket of ${project.root} but does not answer (${reply.error}); stopped or hung? (${socket})`);
    else io.out(reply.kind === 'failed' && reply.mismatch ? `the daemon of ${project.root} ran other Bronze code; it has stopped` : `no daemon is running for ${project.root}`);
    return 1;
  }
  const started = await startDaemon(project, idleTimeoutMs(args));
  if (started.kind === 'no-entry') {
    io.err('bronze: only the bronze command itself can start a daemon');
    return 1;
  }
  const pid = started.kind === 'spawned' ? started.pid : undefined;
  // Answering status only needs the socket; the first load runs behind it.
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const up = await requestDaemon(socket, { stamp, op: 'status' });
    if (up.kind === 'answer' && 'status' in up.response) {
      io.out(`started: ${describe(up.response.status)}`);
      return 0;
    }
  }
  io.err(`bronze: the daemon (pid ${pid ?? '?'}) did not start listening within 10 s; see ${daemonLogPath(project.root)}`);
  return 1;
}
