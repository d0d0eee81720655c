// Protocol-test harness: starts the language server over stdio in a child process and talks to it with a
// plain JSON-RPC connection, exactly as an editor would. Fixtures are copied into a temp dir per server.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  PublishDiagnosticsNotification,
  InitializeRequest,
  InitializedNotification,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/lsp');

export interface TestServer {
  conn: ProtocolConnection;
  root: string;
  uri(rel: string): string;
  file(rel: string): string;
  /** Latest diagnostics per URI. */
  diagnostics: Map<string, PublishDiagnosticsParams['diagnostics']>;
  /** Every publication, in order (to see that a file's diagnostics never changed in between). */
  published: PublishDiagnosticsParams[];
  /** Resolves when `pred` holds for a diagnostics publication of `uri` (checks the latest one first). */
  waitForDiagnostics(uri: string, pred: (d: PublishDiagnosticsParams['diagnostics']) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams['diagnostics']>;
  stop(): Promise<void>;
}

/**
 * Copies fixture folders (names under test/fixtures/lsp; `name:alias` copies `name` to the folder `alias`) into
 * one temp dir and starts a server on it. With `multiRoot`, each copied folder is its own workspace folder.
 */
export async function startServer(fixtures: string[], env: Record<string, string> = {}, multiRoot = false): Promise<TestServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-lsp-'));
  const dirs = fixtures.map((f) => {
    const [name, alias] = f.split(':');
    const dest = path.join(root, fixtures.length === 1 ? '' : (alias ?? name));
    cpSync(path.join(FIXTURES, name), dest, { recursive: true });
    return dest;
  });
  // BRONZE_LSP_SERVER=dist runs the bundle `npm run build` makes (dist/server.js) instead of the sources.
  const entry = process.env.BRONZE_LSP_SERVER === 'dist' ? [path.join(REPO, 'dist/server.js')] : ['--import', 'tsx', path.join(REPO, 'server/src/server.ts')];
  const proc: ChildProcess = spawn(process.execPath, [...entry, '--stdio'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams['diagnostics']>();
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; pred: (d: PublishDiagnosticsParams['diagnostics']) => boolean; resolve: (d: PublishDiagnosticsParams['diagnostics']) => void }[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  conn.listen();
  const rootUri = pathToFileURL(root).href;
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    capabilities: {},
    workspaceFolders: multiRoot ? dirs.map((d) => ({ uri: pathToFileURL(d).href, name: path.basename(d) })) : [{ uri: rootUri, name: 'ws' }],
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn,
    root,
    uri: (rel) => pathToFileURL(path.join(root, rel)).href,
    file: (rel) => path.join(root, rel),
    diagnostics,
    published,
    waitForDiagnostics(uri, pred, timeoutMs = 15000) {
      const cur = diagnostics.get(uri);
      if (cur && pred(cur)) return Promise.resolve(cur);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(diagnostics.get(uri))}\n${stderr}`)), timeoutMs);
        waiters.push({ uri, pred, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      conn.dispose();
      if (proc.exitCode === null) proc.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
