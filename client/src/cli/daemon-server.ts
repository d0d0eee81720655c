// The check daemon's server: a CheckDaemon on the main thread behind the socket of daemon-socket.ts, which a worker
// thread owns (daemon-front.ts: it answers at once and beats while the main thread works, so a busy daemon is never
// taken for a hung one). It loads the project as soon as it listens (with the environment of the client that started
// it), answers one request per connection, and stops after `idleTimeoutMs` without a request, on a `stop` request, on
// a request from other Bronze code or when Bronze's code on disk changes (rebuilt, upgraded), when its project folder
// is gone, or when its socket file is removed or replaced by another daemon's. Its log
// (`<root>/.bronze/daemon.log`) says what each request did, how long it took and the process's memory — never an
// environment value.
import { appendFileSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CheckDaemon, type DaemonProject } from './check-daemon';
import { currentCodeStamp } from '../../../server/src/project/parse-cache';
import { startWorkerEntry } from '../../../server/src/project/worker-entry';
import type { FromFront, FrontData, ToFront } from './daemon-front';
import { daemonWireTuning, protocolStamp, type DaemonResponse } from './daemon-socket';

export interface DaemonServerOptions {
  project: DaemonProject;
  socket: string;
  idleTimeoutMs: number;
  /** The environment of the first load (the starting client's). */
  env: Record<string, string | undefined>;
  /** Where log lines go; default `<root>/.bronze/daemon.log`; null: nowhere. */
  logFile?: string | null;
  /** How often the project folder and the socket file are looked for (ms). */
  watchMs?: number;
  /** How often Bronze's code on disk is compared with the code this daemon runs (ms). */
  codeWatchMs?: number;
  /** The code stamp on disk now (tests); default parse-cache.ts's currentCodeStamp('all'). */
  codeOnDisk?: () => string;
}

export interface DaemonServer {
  readonly daemon: CheckDaemon;
  /** Resolves when the server has stopped (for any reason). */
  readonly closed: Promise<void>;
  close(reason: string): void;
}

export function daemonLogPath(root: string): string {
  return path.join(root, '.bronze', 'daemon.log');
}

/**
 * Listens on `options.socket` and serves. Rejects when the socket is taken by a live daemon (then this one is not
 * needed) or cannot be bound.
 */
export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const { project, socket } = options;
  const stamp = protocolStamp();
  const logFile = options.logFile === undefined ? daemonLogPath(project.root) : options.logFile;
  const log = (line: string) => {
    if (!logFile) return;
    try {
      mkdirSync(path.dirname(logFile), { recursive: true });
      appendFileSync(logFile, `${new Date().toISOString()} [${process.pid}] ${line}\n`);
    } catch {
      // a read-only project: no log
    }
  };
  const daemon = new CheckDaemon(project);
  daemon.collector.onCollected = (rounds, ms) => {
    const heap = process.memoryUsage();
    log(`idle: ${rounds} full collection${rounds === 1 ? '' : 's'} (${Math.round(ms)} ms), heap ${Math.round(heap.heapUsed / (1 << 20))} of ${Math.round(heap.heapTotal / (1 << 20))} MB, ${memory()}`);
  };
  const startedAt = new Date().toISOString();
  const data: FrontData = {
    bronzeDaemonFront: true,
    socket,
    stamp,
    heartbeatMs: daemonWireTuning.heartbeatMs,
    status: { pid: process.pid, root: project.root, socket, startedAt, idleTimeoutMs: options.idleTimeoutMs },
  };
  // Owner-only from the moment the socket exists (chmod after bind would leave a window); a worker cannot set the
  // umask, so it is set here around the front's bind.
  const mask = process.platform === 'win32' ? undefined : process.umask(0o177);
  let front: Worker | undefined;
  let ino: number | null;
  try {
    front = startWorkerEntry(import.meta.url, 'daemon-front', { workerData: data });
    if (!front) throw new Error('the daemon\'s socket thread (daemon-front) cannot be started');
    ino = await listening(front);
  } finally {
    if (mask !== undefined) process.umask(mask);
  }
  const worker = front;
  const post = (m: ToFront) => worker.postMessage(m);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  worker.once('exit', () => resolveClosed());
  let idle: NodeJS.Timeout | undefined;
  let watch: NodeJS.Timeout | undefined;
  let codeWatch: NodeJS.Timeout | undefined;
  let stopping = false;

  const close = (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(idle);
    clearInterval(watch);
    clearInterval(codeWatch);
    post({ t: 'close' });
    log(`stopped: ${reason}`);
  };

  const resetIdle = () => {
    if (stopping) return;
    clearTimeout(idle);
    idle = setTimeout(() => close(`idle for ${Math.round(options.idleTimeoutMs / 1000)} s`), options.idleTimeoutMs);
    idle.unref?.();
  };

  const check = async (env: Record<string, string | undefined>): Promise<DaemonResponse> => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const before = { ...daemon.counters };
    try {
      const diagnostics = await daemon.check(env);
      const how = daemon.counters.loads > before.loads ? 'loaded' : daemon.counters.updates > before.updates ? 'updated' : 'unchanged';
      const cpu = process.cpuUsage(cpu0);
      log(`check: ${how}, ${diagnostics.length} diagnostics, ${(performance.now() - t0).toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ${memory()}`);
      return { stamp, ok: true, diagnostics };
    } catch (err) {
      log(`check failed: ${err instanceof Error ? err.message : String(err)}`);
      return { stamp, ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      post({ t: 'counters', counters: { ...daemon.counters } });
    }
  };

  worker.on('message', (m: FromFront) => {
    if (m.t === 'activity') resetIdle();
    else if (m.t === 'stop') close(m.reason);
    else if (m.t === 'check') void check(m.env).then((response) => post({ t: 'reply', id: m.id, response }));
  });
  // The front is the daemon's only way in: without it, nothing would ever reach this process again.
  worker.on('error', (err) => {
    log(`socket thread failed: ${err.message}`);
    stopping = true;
    clearTimeout(idle);
    clearInterval(watch);
    clearInterval(codeWatch);
  });

  log(`listening on ${socket} for ${project.root} (idle timeout ${Math.round(options.idleTimeoutMs / 1000)} s)`);
  resetIdle();
  watch = setInterval(() => {
    if (!existsSync(project.root)) close('the project folder is gone');
    else if (ino !== null) {
      const now = inodeOf(socket);
      if (now === null) close('the socket file was removed');
      // Another daemon removed this one's file (taken for stale in a race) and bound its own: that one serves.
      else if (now !== ino) close('another daemon serves the socket');
    }
  }, options.watchMs ?? 2000);
  watch.unref?.();
  // A rebuilt or upgraded Bronze: its clients would make this daemon stop at their first request (the stamp differs);
  // one nobody asks again stops now rather than holding the project until its idle timeout.
  const codeOnDisk = options.codeOnDisk ?? (() => currentCodeStamp('all'));
  const ownCode = codeOnDisk();
  codeWatch = setInterval(() => {
    if (codeOnDisk() !== ownCode) close('Bronze was rebuilt or upgraded');
  }, options.codeWatchMs ?? 10_000);
  codeWatch.unref?.();
  // The first load starts now, so the check after the one that started the daemon is already an update.
  daemon.check(options.env).then(
    (d) => {
      post({ t: 'counters', counters: { ...daemon.counters } });
      log(`loaded: ${d.length} diagnostics, ${memory()}`);
    },
    (err: unknown) => log(`first load failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return { daemon, closed, close };
}

/** The front's first word: the socket's inode once bound; rejects (and the front ends) when it could not bind. */
function listening(front: Worker): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromFront) => {
      if (m.t !== 'listening' && m.t !== 'listen-failed') return;
      front.off('message', onMessage);
      front.off('error', onError);
      front.off('exit', onExit);
      if (m.t === 'listening') resolve(m.ino);
      else reject(new Error(m.message));
    };
    const onError = (err: Error) => reject(err);
    const onExit = (code: number) => reject(new Error(`the daemon's socket thread exited (${code}) before listening`));
    front.on('message', onMessage);
    front.once('error', onError);
    front.once('exit', onExit);
  });
}

function inodeOf(file: string): number | null {
  try {
    return lstatSync(file).ino;
  } catch {
    return null;
  }
}

/** The process's resident set now and its peak (issue 15 bounds a check's at 300 MB). */
function memory(): string {
  return `RSS ${Math.round(process.memoryUsage.rss() / (1 << 20))} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;
}
