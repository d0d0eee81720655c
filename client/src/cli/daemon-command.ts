// `bronze daemon start|stop|status` and `bronze check --daemon` (opt-in, as dmypy and eslint_d: a plain `bronze
// check` never leaves a process behind). `bronze daemon serve` is the daemon process itself (what `start` spawns).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type CommonArgs } from './args';
import { checkKey, checkResultOf, checkRoot, runCheck, type CheckOptions, type CheckResult } from './check';
import type { DaemonProject } from './check-daemon';
import { profilesDirOf, type Io } from './context';
import { daemonLogPath, startDaemonServer } from './daemon-server';
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

/**
 * `bronze check --daemon`: the running daemon's answer for this project and options; with none (or a stale socket,
 * or one of other Bronze code), one is started in the background and this check runs in-process as without --daemon.
 */
export async function checkViaDaemon(args: CommonArgs): Promise<CheckResult> {
  const project = daemonProject(args);
  if (!('root' in project)) return project;
  const socket = daemonSocketPath(project);
  const reply = await requestDaemon(socket, { stamp: protocolStamp(), op: 'check', env: process.env });
  if (reply.kind === 'answer' && 'diagnostics' in reply.response) return checkResultOf(project.root, reply.response.diagnostics, undefined);
  // A daemon that failed for another reason (it could not load the project) is left alone: the check says why.
  if (reply.kind === 'none' || (reply.kind === 'failed' && reply.mismatch)) spawnDaemon(project, idleTimeoutMs(args));
  return runCheck(checkOptions(args));
}

/** Starts `bronze daemon serve` for `project`, detached, its output appended to the daemon log. */
function spawnDaemon(project: DaemonProject, idleMs: number): number | undefined {
  const log = daemonLogPath(project.root);
  let out: number | 'ignore' = 'ignore';
  try {
    mkdirSync(path.dirname(log), { recursive: true });
    out = openSync(log, 'a');
  } catch {
    // a read-only project: the daemon runs without a log
  }
  const argv = ['daemon', 'serve', '--project-dir', project.root, '--idle-timeout', `${idleMs / 1000}s`];
  if (project.profilesDir !== undefined) argv.push('--profiles-dir', project.profilesDir);
  if (project.target !== undefined) argv.push('--target', project.target);
  if (Object.keys(project.vars).length > 0) argv.push('--vars', JSON.stringify(project.vars));
  // The same entry as this process (bin/bronze's bundle, or the sources under tsx in development), from the same
  // folder (node resolves `--import tsx` from there).
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], { detached: true, stdio: ['ignore', out, out], cwd: process.cwd(), env: process.env });
  child.unref();
  return child.pid;
}

function describe(s: DaemonStatus): string {
  const c = s.counters;
  return `daemon ${s.pid} serves ${s.root} since ${s.startedAt} on ${s.socket}; idle timeout ${Math.round(s.idleTimeoutMs / 1000)} s; answers: ${c.loads} loads, ${c.updates} updates, ${c.unchanged} unchanged`;
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
    const server = await startDaemonServer({ project, socket, idleTimeoutMs: idleTimeoutMs(args), env: process.env, logFile: daemonLogPath(project.root) });
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
  if (action === 'status') {
    io.out(reply.kind === 'failed' && reply.mismatch ? `the daemon of ${project.root} ran other Bronze code; it has stopped` : `no daemon is running for ${project.root}`);
    return 1;
  }
  const pid = spawnDaemon(project, idleTimeoutMs(args));
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
