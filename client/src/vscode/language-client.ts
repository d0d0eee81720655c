// One language server process for the whole window (every project), spoken to over IPC. YAML files stay in
// the yaml language; the selector sends those of our projects to the server so they get our diagnostics.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { BronzeInitializationOptions } from '../../../server/src/lsp/protocol';
import type { ProjectInfo } from './project-paths';
import { JINJA_SQL } from './projects';

/** Glob-safe form of a folder path (VS Code globs treat these characters as syntax). */
function globEscape(p: string): string {
  return p.replace(/\\/g, '/').replace(/[[\]{}()*?!]/g, (c) => `[${c}]`);
}

export function documentSelector(projects: readonly ProjectInfo[]): DocumentSelector {
  const selector: DocumentSelector = [{ scheme: 'file', language: JINJA_SQL }];
  for (const p of projects) selector.push({ scheme: 'file', language: 'yaml', pattern: `${globEscape(p.root)}/**/*.{yml,yaml}` });
  return selector;
}

export interface ServerTimings {
  /** ms from the client start to the first publishDiagnostics notification (undefined until it arrives). */
  firstDiagnosticsMs?: number;
}

export class BronzeLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private selectorKey = '';
  readonly timings: ServerTimings = {};
  private firstDiagnostics: Promise<void>;
  private resolveFirst: () => void = () => undefined;
  /**
   * The server's log, owned here for the window's life, not by each LanguageClient: a client that made its own
   * disposed it on stop, and a server process that exited after that (a restart when the project list changes, the
   * old server slow to leave) logged its exit to the closed channel — "Channel has been closed", thrown uncaught in
   * the extension host.
   */
  private readonly output: vscode.LogOutputChannel;

  constructor(private readonly serverModule: string) {
    this.firstDiagnostics = new Promise((r) => (this.resolveFirst = r));
    this.output = vscode.window.createOutputChannel('Bronze Language Server', { log: true });
  }

  get current(): LanguageClient | undefined {
    return this.client;
  }

  /** Settings the server compiles with (window-wide; per-project target choices apply to runs). */
  private initOptions(): BronzeInitializationOptions {
    const c = vscode.workspace.getConfiguration('bronze');
    const target = c.get<string>('target', '').trim();
    const profilesDir = c.get<string>('profilesDir', '').trim();
    return { ...(target ? { target } : {}), ...(profilesDir ? { profilesDir } : {}) };
  }

  /** Resolves when the server published its first diagnostics. */
  whenFirstDiagnostics(): Promise<void> {
    return this.firstDiagnostics;
  }

  /**
   * Starts and stops, one at a time. The project list can change twice in a moment (a folder added, then deleted), and
   * a restart that stopped a client still starting left that client's server commands registered once it finished:
   * the next client's start failed with "command 'bronze.server.…' already exists" and no server ran.
   */
  private queue: Promise<void> = Promise.resolve();
  private serialized(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the server, or restarts it when the projects need another document selector. */
  start(projects: readonly ProjectInfo[]): Promise<void> {
    return this.serialized(() => this.startNow(projects));
  }

  private async startNow(projects: readonly ProjectInfo[]): Promise<void> {
    const selector = documentSelector(projects);
    const key = JSON.stringify(selector);
    if (this.client && key === this.selectorKey) return;
    this.selectorKey = key;
    if (this.client) await this.stopNow();
    if (projects.length === 0) return;
    const started = Date.now();
    const serverOptions: ServerOptions = { module: this.serverModule, transport: TransportKind.ipc };
    const clientOptions: LanguageClientOptions = {
      documentSelector: selector,
      outputChannel: this.output,
      initializationOptions: this.initOptions(),
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{sql,yml,yaml}') },
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          if (this.timings.firstDiagnosticsMs === undefined) {
            this.timings.firstDiagnosticsMs = Date.now() - started;
            this.resolveFirst();
          }
          next(uri, diagnostics);
        },
      },
    };
    this.client = new LanguageClient('bronze', 'Bronze Language Server', serverOptions, clientOptions);
    await this.client.start();
  }

  stop(): Promise<void> {
    return this.serialized(() => this.stopNow());
  }

  private async stopNow(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch(() => undefined);
  }

  dispose(): void {
    void this.stop().finally(() => this.output.dispose());
  }
}
