// The check daemon's server: a CheckDaemon behind the socket of daemon-socket.ts. It loads the project as soon as it
// listens (with the environment of the client that started it), answers one request per connection, and stops after
// `idleTimeoutMs` without a request, on a `stop` request, on a request from other Bronze code or when Bronze's code on
// disk changes (rebuilt, upgraded), when its project folder is gone, or when its socket file is removed. Its log
// (`<root>/.bronze/daemon.log`) says what each request did and how long it took — never an environment value.
import { appendFileSync, chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CheckDaemon, type DaemonProject } from './check-daemon';
import { currentCodeStamp } from '../../../server/src/project/parse-cache';
import { protocolStamp, requestDaemon, type DaemonRequest, type DaemonResponse, type DaemonStatus } from './daemon-socket';

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
  const startedAt = new Date().toISOString();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let idle: NodeJS.Timeout | undefined;
  let watch: NodeJS.Timeout | undefined;
  let codeWatch: NodeJS.Timeout | undefined;
  let stopping = false;

  const server = net.createServer((conn) => {
    resetIdle();
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = '';
      void handle(line).then(
        ({ response, after }) => {
          conn.end(JSON.stringify(response) + '\n');
          after?.();
        },
        () => conn.destroy(),
      );
    });
  });

  const close = (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(idle);
    clearInterval(watch);
    clearInterval(codeWatch);
    // The socket file goes first: a client that sees this daemon's last answer finds no socket and starts another.
    if (process.platform !== 'win32') {
      try {
        unlinkSync(socket);
      } catch {
        // already gone
      }
    }
    server.close(() => resolveClosed());
    log(`stopped: ${reason}`);
  };

  const resetIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => close(`idle for ${Math.round(options.idleTimeoutMs / 1000)} s`), options.idleTimeoutMs);
    idle.unref?.();
  };

  const handle = async (line: string): Promise<{ response: DaemonResponse; after?: () => void }> => {
    let req: DaemonRequest;
    try {
      req = JSON.parse(line) as DaemonRequest;
    } catch {
      return { response: { stamp, ok: false, error: 'the request is not JSON' } };
    }
    if (req.op === 'stop') {
      close('stop requested');
      return { response: { stamp, ok: true, stopped: true } };
    }
    if (req.stamp !== stamp) {
      close('a client of other Bronze code asked (Bronze was rebuilt or upgraded)');
      return { response: { stamp, ok: false, mismatch: true, error: 'the daemon runs other Bronze code; it has stopped' } };
    }
    if (req.op === 'status') {
      const status: DaemonStatus = { pid: process.pid, root: project.root, socket, startedAt, idleTimeoutMs: options.idleTimeoutMs, counters: { ...daemon.counters } };
      return { response: { stamp, ok: true, status } };
    }
    if (req.op === 'check') {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const before = { ...daemon.counters };
      try {
        const diagnostics = await daemon.check(req.env ?? {});
        const how = daemon.counters.loads > before.loads ? 'loaded' : daemon.counters.updates > before.updates ? 'updated' : 'unchanged';
        const cpu = process.cpuUsage(cpu0);
        log(`check: ${how}, ${diagnostics.length} diagnostics, ${(performance.now() - t0).toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
        return { response: { stamp, ok: true, diagnostics } };
      } catch (err) {
        log(`check failed: ${err instanceof Error ? err.message : String(err)}`);
        return { response: { stamp, ok: false, error: err instanceof Error ? err.message : String(err) } };
      }
    }
    return { response: { stamp, ok: false, error: 'unknown request' } };
  };

  await listen(server, socket);
  log(`listening on ${socket} for ${project.root} (idle timeout ${Math.round(options.idleTimeoutMs / 1000)} s)`);
  resetIdle();
  watch = setInterval(() => {
    if (!existsSync(project.root)) close('the project folder is gone');
    else if (process.platform !== 'win32' && !existsSync(socket)) close('the socket file was removed');
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
    (d) => log(`loaded: ${d.length} diagnostics`),
    (err: unknown) => log(`first load failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return { daemon, closed, close };
}

/** Binds `socket` (mode 0600); a stale socket file is removed first, a live daemon's is left alone (rejects). */
async function listen(server: net.Server, socket: string): Promise<void> {
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
      // Owner-only from the moment it exists (chmod after bind would leave a window).
      const mask = process.platform === 'win32' ? undefined : process.umask(0o177);
      try {
        server.listen(socket);
      } finally {
        if (mask !== undefined) process.umask(mask);
      }
    });
  try {
    await attempt();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const reply = await requestDaemon(socket, { stamp: protocolStamp(), op: 'status' }, 5000);
    if (reply.kind === 'answer') throw new Error(`a daemon already serves ${socket}`);
    // requestDaemon removed a stale socket file; a mismatched daemon stopped and removed its own.
    await attempt();
  }
  if (process.platform !== 'win32') chmodSync(socket, 0o600);
}
