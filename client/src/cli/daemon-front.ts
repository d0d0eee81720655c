// The check daemon's front: a worker thread that owns the daemon's socket (daemon-socket.ts's protocol) while the
// main thread holds the project (daemon-server.ts). A reload of a big project keeps the main thread busy for seconds
// at a time (the loader is synchronous between its reads), and a busy daemon must not look like a hung one: this
// thread, with a heap of its own and nothing else to do, says at once that a request is in hand and then beats every
// heartbeatMs until the main thread's answer comes. Status, stop and a client of other Bronze code are answered here
// without waiting for the main thread.
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { DaemonCounters } from './check-daemon';
import { requestDaemon, type DaemonHeartbeat, type DaemonRequest, type DaemonResponse, type DaemonStatus } from './daemon-socket';

export interface FrontData {
  bronzeDaemonFront: true;
  socket: string;
  stamp: string;
  heartbeatMs: number;
  status: Omit<DaemonStatus, 'counters' | 'rssMb'>;
}

/** Main thread → front. */
export type ToFront =
  | { t: 'reply'; id: number; response: DaemonResponse }
  | { t: 'counters'; counters: DaemonCounters }
  /** Stop listening; the socket file is removed if it is still this daemon's. */
  | { t: 'close' };

/** Front → main thread. */
export type FromFront =
  /** Bound; `ino`: the socket file's inode (null on Windows), to tell it from another daemon's later. */
  | { t: 'listening'; ino: number | null }
  | { t: 'listen-failed'; message: string }
  /** Any request (the idle timer restarts). */
  | { t: 'activity' }
  | { t: 'check'; id: number; env: Record<string, string | undefined> }
  | { t: 'stop'; reason: string }
  /** Stopped listening and every connection has ended. */
  | { t: 'closed' };

function serve(port: MessagePort, data: FrontData): void {
  const send = (m: FromFront) => port.postMessage(m);
  const { socket, stamp } = data;
  let counters: DaemonCounters = { loads: 0, updates: 0, unchanged: 0 };
  let ino: number | null = null;
  let nextId = 1;
  const pending = new Map<number, { conn: net.Socket; beat: NodeJS.Timeout }>();

  const answer = (conn: net.Socket, response: DaemonResponse) => {
    if (!conn.destroyed) conn.end(JSON.stringify(response) + '\n');
  };

  const handle = (conn: net.Socket, line: string) => {
    send({ t: 'activity' });
    let req: DaemonRequest;
    try {
      req = JSON.parse(line) as DaemonRequest;
    } catch {
      answer(conn, { stamp, ok: false, error: 'the request is not JSON' });
      return;
    }
    if (req.op === 'stop') {
      answer(conn, { stamp, ok: true, stopped: true });
      send({ t: 'stop', reason: 'stop requested' });
      return;
    }
    if (req.stamp !== stamp) {
      answer(conn, { stamp, ok: false, mismatch: true, error: 'the daemon runs other Bronze code; it has stopped' });
      send({ t: 'stop', reason: 'a client of other Bronze code asked (Bronze was rebuilt or upgraded)' });
      return;
    }
    if (req.op === 'status') {
      answer(conn, { stamp, ok: true, status: { ...data.status, counters, rssMb: rssMb() } });
      return;
    }
    if (req.op === 'check') {
      const id = nextId++;
      const heartbeat: DaemonHeartbeat = { working: true };
      const frame = JSON.stringify(heartbeat) + '\n';
      conn.write(frame);
      const beat = setInterval(() => {
        if (!conn.destroyed) conn.write(frame);
      }, data.heartbeatMs);
      pending.set(id, { conn, beat });
      // A client that gave up (its bound passed) is not beaten for any longer; the answer, when it comes, goes nowhere.
      conn.on('close', () => clearInterval(beat));
      send({ t: 'check', id, env: req.env ?? {} });
      return;
    }
    answer(conn, { stamp, ok: false, error: 'unknown request' });
  };

  const server = net.createServer((conn) => {
    let buf = '';
    let got = false;
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.on('data', (chunk: string) => {
      if (got) return;
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      got = true;
      handle(conn, buf.slice(0, nl));
    });
  });

  port.on('message', (m: ToFront) => {
    if (m.t === 'counters') counters = m.counters;
    else if (m.t === 'reply') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearInterval(p.beat);
      answer(p.conn, m.response);
    } else if (m.t === 'close') {
      // The socket file goes first: a client that sees this daemon's last answer finds no socket and starts another.
      // Only this daemon's own file, though: one that another daemon bound since (daemon-server.ts' watch) is its.
      if (ino !== null && inodeOf(socket) === ino) unlinkQuietly(socket);
      server.close(() => {
        send({ t: 'closed' });
        port.close();
      });
    }
  });

  listen(server, socket, stamp).then(
    () => {
      if (process.platform !== 'win32') {
        chmodSync(socket, 0o600);
        ino = inodeOf(socket);
      }
      send({ t: 'listening', ino });
    },
    (err: unknown) => {
      send({ t: 'listen-failed', message: err instanceof Error ? err.message : String(err) });
      port.close();
    },
  );
}

function rssMb(): number {
  return Math.round(process.memoryUsage.rss() / (1 << 20));
}

function inodeOf(file: string): number | null {
  try {
    return lstatSync(file).ino;
  } catch {
    return null;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Binds `socket`; a stale socket file is removed first (requestDaemon removes one nobody listens on; a daemon of other
 * Bronze code stops and removes its own), a live daemon's — answering, or accepting and silent — is left alone
 * (rejects). The main thread set the umask to owner-only before starting this thread (a worker cannot change it).
 */
async function listen(server: net.Server, socket: string, stamp: string): Promise<void> {
  const attempt = () =>
    new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        server.off('listening', onListening);
        reject(err);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(socket);
    });
  try {
    await attempt();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const reply = await requestDaemon(socket, { stamp, op: 'status' });
    if (reply.kind === 'answer') throw new Error(`a daemon already serves ${socket}`);
    if (reply.kind === 'failed' && reply.hung) throw new Error(`a daemon holds ${socket} but does not answer (${reply.error})`);
    await attempt();
  }
}

const data = workerData as Partial<FrontData> | null;
if (parentPort && data?.bronzeDaemonFront === true) serve(parentPort, data as FrontData);
