// When a `bronze check` uses the check daemon, and how a client starts one. A plain `bronze check` of a project of
// parseCacheTuning.minFiles files or more (the size from which the caches are kept) uses the running daemon of its
// project and options, and otherwise checks in-process and then starts one for the next check, as Gradle's daemon and
// Bazel's server are started by the first build that needs them. Not by default: in CI (a one-off check gains nothing
// from a process left behind), with --no-daemon, with BRONZE_DAEMON=0|off|false, below the size. `--daemon` forces it.
//
// Starting: two checks that end at once must not start two daemons. The client that starts one holds a marker file
// (created exclusively, holding the spawned daemon's pid) until the daemon listens (the daemon removes it); a client
// that finds a live marker starts nothing, and one that takes the marker asks the socket again before spawning, so a
// daemon that began listening after this client's first request is found rather than doubled.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { DaemonProject } from './check-daemon';
import { daemonLogPath } from './daemon-server';
import { daemonSocketPath, daemonStartingPath, protocolStamp, requestDaemon } from './daemon-socket';
import { cliEntry } from './entry';

/** `force`: --daemon (any size); `auto`: the default (large projects); `off`: in-process only. */
export type DaemonMode = 'force' | 'auto' | 'off';

/** The values of BRONZE_DAEMON that turn the default off (CI's: "false" and "0" mean it is not CI). */
const OFF = new Set(['0', 'off', 'false']);

/** The mode for a check's flags and environment; --daemon and --no-daemon win over the environment. */
export function daemonMode(flags: { daemon: boolean; noDaemon: boolean }, env: Record<string, string | undefined>): DaemonMode {
  if (flags.daemon) return 'force';
  if (flags.noDaemon) return 'off';
  const own = env.BRONZE_DAEMON?.trim().toLowerCase();
  if (own !== undefined && OFF.has(own)) return 'off';
  const ci = env.CI?.trim().toLowerCase();
  if (ci && ci !== 'false' && ci !== '0') return 'off';
  return 'auto';
}

/** The line a check prints on stderr when it has started a daemon (once: the next check is answered by it). */
export const DAEMON_STARTED_NOTICE =
  "bronze: starting a check daemon for this project (later checks will be faster; 'bronze daemon stop' ends it, --no-daemon or BRONZE_DAEMON=0 checks without one)";

/**
 * How long a marker whose pid cannot be told alive vouches for a start under way. A daemon listens within a second
 * or two of its spawn; this is for a marker a crashed client left empty (or a pid reused).
 */
export const startTuning = { staleMs: 60_000 };

export type StartOutcome =
  | { kind: 'spawned'; pid: number | undefined }
  /** A daemon already answers on the socket. */
  | { kind: 'running' }
  /** Another client's daemon is starting (its marker is live). */
  | { kind: 'starting' }
  /** This process is not the CLI (main() called by a program): it cannot spawn `bronze daemon serve`. */
  | { kind: 'no-entry' }
  /** The spawn failed at once (EAGAIN…). */
  | { kind: 'failed' };

/** Starts `bronze daemon serve` for `project`, detached, unless one is running or starting. Never throws. */
export async function startDaemon(project: DaemonProject, idleMs: number): Promise<StartOutcome> {
  const entry = cliEntry();
  if (entry === undefined) return { kind: 'no-entry' };
  const marker = daemonStartingPath(project);
  const fd = claimMarker(marker);
  if (fd === 'held') return { kind: 'starting' };
  const release = () => {
    if (fd !== 'none') unlinkQuietly(marker);
  };
  try {
    const up = await requestDaemon(daemonSocketPath(project), { stamp: protocolStamp(), op: 'status' }, { answerMs: 5000 });
    if (up.kind === 'answer') {
      release();
      return { kind: 'running' };
    }
    const pid = spawnDaemon(entry, project, idleMs, release);
    if (pid !== undefined && fd !== 'none') writeSync(fd, String(pid));
    return { kind: 'spawned', pid };
  } catch {
    // no daemon, and no marker to wait for
    release();
    return { kind: 'failed' };
  } finally {
    if (fd !== 'none') closeSync(fd);
  }
}

/** The daemon `pid`, now listening (or not able to), gives up the marker its client made for it. */
export function releaseStartingMarker(project: DaemonProject, pid: number): void {
  const marker = daemonStartingPath(project);
  try {
    if (readFileSync(marker, 'utf8').trim() === String(pid)) unlinkSync(marker);
  } catch {
    // no marker (`bronze daemon serve` run by hand), or another client's
  }
}

/**
 * The marker's descriptor when this client now holds it; 'held' when a live one is another client's; 'none' when no
 * marker can be made (an unwritable temp folder): then the daemon's own bind is all that keeps a second one out.
 */
function claimMarker(marker: string): number | 'held' | 'none' {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return openSync(marker, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return 'none';
    }
    if (!markerStale(marker)) return 'held';
    unlinkQuietly(marker);
  }
  return 'held';
}

function markerStale(marker: string): boolean {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(marker, 'utf8').trim();
    mtimeMs = statSync(marker).mtimeMs;
  } catch {
    return true;
  }
  const age = Date.now() - mtimeMs;
  const pid = /^\d+$/.test(text) ? Number(text) : undefined;
  if (pid !== undefined && !alive(pid)) return true;
  // The pid is written just after the spawn: a process of that pid that started later is another one (the pid was
  // reused after the spawned daemon died), which vouches for nothing.
  const started = pid === undefined ? undefined : processStartMs(pid);
  if (started !== undefined && started > mtimeMs + 1000) return true;
  // A live pid is trusted for a while longer than an unknown one (pids are reused, but not within minutes).
  return age > (pid === undefined ? startTuning.staleMs : 10 * startTuning.staleMs);
}

/**
 * When process `pid` started (ms since the epoch), where the system says (Linux: /proc/<pid>/stat's starttime, in
 * USER_HZ ticks of 1/100 s since boot, proc(5); boot time from /proc/stat's btime); undefined elsewhere.
 */
export function processStartMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!btime || !Number.isFinite(ticks)) return undefined;
    return Number(btime[1]) * 1000 + ticks * 10;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already
  }
}

/** `<node> <its flags> <entry> daemon serve …`, detached, its output appended to the daemon log. */
function spawnDaemon(entry: string, project: DaemonProject, idleMs: number, onError: () => void): number | undefined {
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
  try {
    // The same entry as this process (bin/bronze's bundle, or the sources under tsx in development), from the same
    // folder (node resolves `--import tsx` from there).
    const child = spawn(process.execPath, [...process.execArgv, entry, ...argv], { detached: true, stdio: ['ignore', out, out], cwd: process.cwd(), env: process.env });
    // An asynchronous spawn failure must not become this check's uncaught error.
    child.on('error', onError);
    child.unref();
    return child.pid;
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
}
