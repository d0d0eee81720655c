// How a `bronze check --daemon` client finds and talks to the check daemon of its project (daemon-server.ts).
// Transport: a Unix socket (Windows: a named pipe) named by a hash of the project root and the check's options, so
// each project+options pair has at most one daemon. Protocol: one request per connection, one JSON line from the
// client; the daemon answers with `{"working":true}` lines — one at once, then one every heartbeatMs while it works —
// and then the response line. The heartbeats come from a thread of their own (daemon-front.ts), so a daemon busy for
// seconds with a big reload still beats, and one that sends nothing for daemonWireTuning.silenceMs is not answering
// at all (stopped by a signal, swapped out, wedged): the client checks without it. Every message carries Bronze's
// code stamp (codeStamp('all'), as check-cache.ts): a daemon asked by other code answers `mismatch` and stops, so a
// rebuilt Bronze never takes an old daemon's answer.
import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeStamp } from '../../../server/src/project/parse-cache';
import type { CheckDiagnostic } from './check';
import type { DaemonCounters, DaemonProject } from './check-daemon';

export type DaemonRequest =
  | { stamp: string; op: 'check'; env: Record<string, string | undefined> }
  | { stamp: string; op: 'status' }
  | { stamp: string; op: 'stop' };

export interface DaemonStatus {
  pid: number;
  root: string;
  socket: string;
  startedAt: string;
  idleTimeoutMs: number;
  counters: DaemonCounters;
  /** The daemon process's resident set now (MiB). */
  rssMb: number;
}

export type DaemonResponse =
  | { stamp: string; ok: true; diagnostics: CheckDiagnostic[] }
  | { stamp: string; ok: true; status: DaemonStatus }
  | { stamp: string; ok: true; stopped: true }
  | { stamp: string; ok: false; mismatch?: true; error: string };

/** The frame a daemon sends while a request is in hand (never the last line of a connection). */
export interface DaemonHeartbeat {
  working: true;
}

/** What a request came to. */
export type DaemonReply =
  | { kind: 'answer'; response: Extract<DaemonResponse, { ok: true }> }
  /** No daemon: nothing at the path, or a stale socket (no listener; removed). */
  | { kind: 'none'; stale: boolean }
  /**
   * A daemon of other Bronze code (it stops itself), or one that failed to answer. `hung`: it accepted the connection
   * and then sent nothing for daemonWireTuning.silenceMs (not even a heartbeat), or no answer within answerMs.
   */
  | { kind: 'failed'; mismatch: boolean; hung: boolean; error: string };

/**
 * The client's bounds (exported for tests). `heartbeatMs`: how often a daemon with a request in hand says so.
 * `silenceMs`: how long a client waits for any frame (the first is sent on receipt) before it takes the daemon for
 * hung — twelve missed heartbeats, so a thread starved by a loaded machine is not mistaken for a stopped one, yet a
 * user loses at most 3 s to a daemon that will never answer. `answerMs`: the most a client waits for an answer from a
 * daemon that keeps beating (its first load of a 10,000-model project takes ~4 s on a quiet machine, ~30 s at load
 * 25 on two cores); beyond it the in-process check is no slower than waiting.
 */
export const daemonWireTuning = { heartbeatMs: 250, silenceMs: 3000, answerMs: 120_000 };

export function protocolStamp(): string {
  return `bronze-check-daemon 2 ${codeStamp('all')}`;
}

/** Names one project+options pair's daemon (its socket, its starting marker). */
function daemonHash(project: DaemonProject): string {
  return createHash('sha256')
    .update(JSON.stringify([project.root, project.profilesDir ?? null, project.target ?? null, project.vars, process.version]))
    .digest('hex')
    .slice(0, 20);
}

/** The socket (or pipe) of the daemon for `project`: short enough for sun_path's 104–108 bytes. */
export function daemonSocketPath(project: DaemonProject): string {
  const hash = daemonHash(project);
  if (process.platform === 'win32') return `\\\\.\\pipe\\bronze-check-${hash}`;
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'u';
  const name = `bronze-check-${user}-${hash}.sock`;
  const inTmp = path.join(os.tmpdir(), name);
  // macOS' per-user tmpdir is ~50 bytes; a long TMPDIR falls back to /tmp.
  return Buffer.byteLength(inTmp) <= 100 ? inTmp : path.join('/tmp', name);
}

/**
 * The marker a client holds while the daemon it spawned is not yet listening (daemon-start.ts): beside the socket,
 * or in the temp folder for a named pipe.
 */
export function daemonStartingPath(project: DaemonProject): string {
  if (process.platform === 'win32') return path.join(os.tmpdir(), `bronze-check-${daemonHash(project)}.starting`);
  return `${daemonSocketPath(project)}.starting`;
}

/**
 * Sends one request and waits for its answer, heartbeat by heartbeat (daemonWireTuning): a daemon that accepts but
 * sends nothing for `silenceMs`, or beats without answering for `answerMs`, comes to `failed` with `hung`. The
 * connection is destroyed then, so a daemon that wakes up later writes into nothing: one request, at most one answer.
 */
export function requestDaemon(socket: string, request: DaemonRequest, bounds: { silenceMs?: number; answerMs?: number } = {}): Promise<DaemonReply> {
  const silenceMs = bounds.silenceMs ?? daemonWireTuning.silenceMs;
  const answerMs = bounds.answerMs ?? daemonWireTuning.answerMs;
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    let buf = '';
    let done = false;
    let silence: NodeJS.Timeout | undefined;
    const finish = (reply: DaemonReply) => {
      if (done) return;
      done = true;
      clearTimeout(silence);
      clearTimeout(overall);
      conn.destroy();
      resolve(reply);
    };
    const hung = (error: string) => finish({ kind: 'failed', mismatch: false, hung: true, error });
    const quiet = () => {
      clearTimeout(silence);
      silence = setTimeout(() => hung(`the daemon accepted the request but sent nothing for ${seconds(silenceMs)} s`), silenceMs);
    };
    const overall = setTimeout(() => hung(`the daemon did not answer within ${seconds(answerMs)} s`), answerMs);
    // The connect itself is bounded too (a listen backlog that is full).
    quiet();
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify(request) + '\n'));
    conn.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0 && !done; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let res: DaemonResponse | DaemonHeartbeat;
        try {
          res = JSON.parse(line) as DaemonResponse | DaemonHeartbeat;
        } catch {
          finish({ kind: 'failed', mismatch: false, hung: false, error: 'the daemon answered something that is not JSON' });
          return;
        }
        if ('working' in res) {
          quiet();
          continue;
        }
        if (!res.ok) finish({ kind: 'failed', mismatch: res.mismatch === true, hung: false, error: res.error });
        else if (res.stamp !== request.stamp) finish({ kind: 'failed', mismatch: true, hung: false, error: 'the daemon runs other Bronze code' });
        else finish({ kind: 'answer', response: res });
      }
    });
    conn.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') finish({ kind: 'none', stale: false });
      else if (err.code === 'ECONNREFUSED' && process.platform !== 'win32') {
        // A socket file nobody listens on: a daemon that died without cleaning up.
        try {
          unlinkSync(socket);
        } catch {
          // another client removed it first
        }
        finish({ kind: 'none', stale: true });
      } else finish({ kind: 'failed', mismatch: false, hung: false, error: err.message });
    });
    conn.on('close', () => finish({ kind: 'failed', mismatch: false, hung: false, error: 'the daemon closed the connection without answering' }));
  });
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
