// How a `bronze check --daemon` client finds and talks to the check daemon of its project (daemon-server.ts).
// Transport: a Unix socket (Windows: a named pipe) named by a hash of the project root and the check's options, so
// each project+options pair has at most one daemon. Protocol: one request per connection, one JSON line each way.
// Every message carries Bronze's code stamp (codeStamp('all'), as check-cache.ts): a daemon asked by other code
// answers `mismatch` and stops, so a rebuilt Bronze never takes an old daemon's answer.
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
}

export type DaemonResponse =
  | { stamp: string; ok: true; diagnostics: CheckDiagnostic[] }
  | { stamp: string; ok: true; status: DaemonStatus }
  | { stamp: string; ok: true; stopped: true }
  | { stamp: string; ok: false; mismatch?: true; error: string };

/** What a request came to. */
export type DaemonReply =
  | { kind: 'answer'; response: Extract<DaemonResponse, { ok: true }> }
  /** No daemon: nothing at the path, or a stale socket (no listener; removed). */
  | { kind: 'none'; stale: boolean }
  /** A daemon of other Bronze code (it stops itself), or one that failed to answer. */
  | { kind: 'failed'; mismatch: boolean; error: string };

export function protocolStamp(): string {
  return `bronze-check-daemon 1 ${codeStamp('all')}`;
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

/** Sends one request; `timeoutMs` bounds a daemon that accepts but never answers. */
export function requestDaemon(socket: string, request: DaemonRequest, timeoutMs = 10 * 60_000): Promise<DaemonReply> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    let buf = '';
    let done = false;
    const finish = (reply: DaemonReply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', mismatch: false, error: `the daemon did not answer within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify(request) + '\n'));
    conn.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let res: DaemonResponse;
      try {
        res = JSON.parse(buf.slice(0, nl)) as DaemonResponse;
      } catch {
        finish({ kind: 'failed', mismatch: false, error: 'the daemon answered something that is not JSON' });
        return;
      }
      if (!res.ok) finish({ kind: 'failed', mismatch: res.mismatch === true, error: res.error });
      else if (res.stamp !== request.stamp) finish({ kind: 'failed', mismatch: true, error: 'the daemon runs other Bronze code' });
      else finish({ kind: 'answer', response: res });
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
      } else finish({ kind: 'failed', mismatch: false, error: err.message });
    });
    conn.on('close', () => finish({ kind: 'failed', mismatch: false, error: 'the daemon closed the connection without answering' }));
  });
}
