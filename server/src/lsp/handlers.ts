// LSP handlers: each maps a request onto a connection-free service of server/src/analysis and translates
// the answer. No analysis happens here.
import {
  CodeActionKind,
  CodeActionTriggerKind,
  type CodeAction,
  CompletionItemKind,
  DidChangeWatchedFilesNotification,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../analysis/code-actions';
import { authoringActions, type AuthoringAction } from '../analysis/authoring-actions';
import { codeLenses } from '../analysis/code-lens';
import { compiledSql } from '../analysis/compiled-sql';
import { complete, type CompletionKind } from '../analysis/completion';
import { definition, references } from '../analysis/definition';
import { hover } from '../analysis/hover';
import { documentSymbols, type DocumentSymbol, type SymbolKind as BronzeSymbolKind } from '../analysis/symbols';
import { Workspace, type WorkspaceOptions } from '../analysis/workspace';
import { IdleCollector } from '../core/idle-collector';
import type { Diagnostic } from '../core/types';
import { pathToUri, toLspDiagnostic, toWorkspaceEdit, uriToPath } from './convert';
import { registerAuthoringCommands } from './authoring-commands';
import { AUTHORING_COMMANDS } from './authoring-protocol';
import { planToWorkspaceEdit } from './plan-edit';
import { registerRenameHandlers } from './rename-handlers';
import { ownTextDiagnostics, type ProjectWalk } from './early-diagnostics';
import { CompiledSqlRequest, type BronzeInitializationOptions, type ModelCommandArgs } from './protocol';

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  model: CompletionItemKind.Module,
  source: CompletionItemKind.Folder,
  table: CompletionItemKind.Struct,
  var: CompletionItemKind.Variable,
  macro: CompletionItemKind.Function,
  'config-key': CompletionItemKind.Property,
  'config-value': CompletionItemKind.Value,
  column: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
};

const AUTHORING_KIND: Record<AuthoringAction['kind'], CodeActionKind> = {
  quickfix: CodeActionKind.QuickFix,
  source: CodeActionKind.Source,
  refactor: CodeActionKind.Refactor,
};

const SYMBOL_KIND: Record<BronzeSymbolKind, SymbolKind> = {
  cte: SymbolKind.Namespace,
  query: SymbolKind.Object,
  source: SymbolKind.Package,
  table: SymbolKind.Struct,
  model: SymbolKind.Module,
  column: SymbolKind.Field,
  key: SymbolKind.Key,
  macro: SymbolKind.Function,
};

function lspSymbol(s: DocumentSymbol): import('vscode-languageserver/node').DocumentSymbol {
  return { name: s.name, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange, children: s.children.map(lspSymbol) };
}

export interface ServerOptions {
  /** Overrides for tests: loader, env. */
  workspace?: Partial<WorkspaceOptions>;
}

/**
 * The full collections once the server is idle after loading a project (idle-collector.ts): `idleGcMs` of quiet
 * before each, at most `idleGcRounds` optimized for size. Exported for tests.
 */
export const serverTuning = { idleGcMs: 1000, idleGcRounds: 8 };

export function registerHandlers(connection: Connection, serverOptions: ServerOptions = {}): { workspace: () => Workspace; collector: IdleCollector } {
  const documents = new TextDocuments(TextDocument);
  /**
   * A project's load and its first whole check leave their garbage in a heap V8 grew for them, which it gives back only
   * minutes later (at 10,000 models the server held ~400 MB): collected once idle after a load, a folder change or
   * files changed on disk — not after edits, whose next keystroke would wait for a collection under way.
   */
  const collector = new IdleCollector({
    get idleMs() {
      return serverTuning.idleGcMs;
    },
    get rounds() {
      return serverTuning.idleGcRounds;
    },
  });
  let ws = new Workspace({ background: true, ...serverOptions.workspace });
  let folders: string[] = [];
  let watchRegistration = false;
  /** What was last published per file, to send only changes and to clear fixed files. */
  const published = new Map<string, string>();

  /**
   * Sends changed diagnostics; the `force` file is sent even when unchanged (an opened or edited document wants an
   * answer), and first: the editor waits for it, not for the files after it.
   */
  const publish = async (force?: string): Promise<void> => {
    const all = ws.allDiagnostics();
    const sends: Promise<void>[] = [];
    if (force !== undefined && !all.has(force)) {
      published.delete(force);
      sends.push(connection.sendDiagnostics({ uri: pathToUri(force), diagnostics: [] }));
    }
    const send = (file: string, list: Diagnostic[]): void => {
      const key = JSON.stringify(list);
      if (published.get(file) === key && file !== force) return;
      published.set(file, key);
      sends.push(connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: list.map((d: Diagnostic) => toLspDiagnostic(d)) }));
    };
    const forced = force === undefined ? undefined : all.get(force);
    if (force !== undefined && forced) send(force, forced);
    for (const [file, list] of all) if (file !== force) send(file, list);
    for (const file of [...published.keys()]) {
      if (all.has(file)) continue;
      published.delete(file);
      sends.push(connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] }));
    }
    await Promise.all(sends);
  };

  collector.onCollected = (rounds, ms) => {
    const m = process.memoryUsage();
    const mb = (n: number): number => Math.round(n / (1 << 20));
    connection.console.log(`bronze: idle: ${rounds} full collection${rounds === 1 ? '' : 's'} (${Math.round(ms)} ms), heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, RSS ${mb(m.rss)} MB`);
  };

  const report = (err: unknown): void => {
    connection.console.error(`bronze: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  };

  // Diagnostics of models checked in the background are published once the whole project is checked.
  let awaitingSettle = false;
  /** A load (or a reload) is being checked: once settled and published, its garbage is owed to the collector. */
  let loadGarbage = false;
  const publishWhenSettled = (loaded = false): void => {
    loadGarbage ||= loaded;
    if (awaitingSettle) return;
    awaitingSettle = true;
    void ws
      .settled()
      .then(async () => {
        awaitingSettle = false;
        await publish();
        if (loadGarbage && !drainRun) {
          loadGarbage = false;
          collector.leftGarbage();
        }
      })
      .catch((err: unknown) => {
        awaitingSettle = false;
        report(err);
      });
  };

  // Coalesce bursts of edits: only the newest text of a file is analysed.
  const pending = new Map<string, string | undefined>();
  let drainRun: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    try {
      while (pending.size > 0) {
        const [file, text] = pending.entries().next().value as [string, string | undefined];
        pending.delete(file);
        await ws.setText(file, text);
        await publish(file);
        publishWhenSettled();
      }
    } catch (err) {
      report(err);
    }
  };
  /** Edits are answered before the background check of the rest of the project takes its next slice. */
  const startDrain = (): void => {
    if (drainRun) return;
    const run = drain();
    drainRun = run;
    ws.prioritize(run);
    // Registered before any caller's await on drainRun, so a waiter sees the follow-up run (or none).
    void run.finally(() => {
      if (drainRun === run) drainRun = undefined;
      if (pending.size > 0) startDrain();
      else collector.resume();
    });
  };
  /**
   * Requests answer on the newest text: an edit that arrived while an earlier one was being analysed is still
   * queued here, not yet in the workspace, so waiting for the workspace alone would answer on stale text.
   */
  const caughtUp = async (): Promise<void> => {
    collector.interrupt();
    while (drainRun) await drainRun;
    await ws.idle();
    // The answer is computed right after this, well within the collector's quiet wait.
    collector.resume();
  };
  const schedule = (uri: string, text: string | undefined): void => {
    collector.interrupt();
    if (!uri.startsWith('file:')) return;
    pending.set(uriToPath(uri), text);
    startDrain();
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as BronzeInitializationOptions;
    // Background checks: open files and requests are served while the rest of a big project is checked.
    ws = new Workspace({ target: init.target, profilesDir: init.profilesDir, cliVars: init.vars, background: true, ...serverOptions.workspace });
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [uriToPath(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        completionProvider: { triggerCharacters: ["'", '"', '(', ' ', '.', '='] },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Source, CodeActionKind.Refactor] },
        executeCommandProvider: { commands: Object.values(AUTHORING_COMMANDS) },
        renameProvider: { prepareProvider: true },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.sql' } }] } },
        },
      },
      serverInfo: { name: 'bronze', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // Files changed outside the editor (git checkout, codegen) come back as watched-file events.
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{sql,yml,yaml}' }] });
    }
    void (async () => {
      try {
        for (const f of folders) await ws.addFolder(f);
        // Loaded: later opens get the full check at once, and the files may change from now on.
        earlyWalks.clear();
        await publish();
        publishWhenSettled(true);
      } catch (err) {
        report(err);
      }
    })();
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      void (async () => {
        try {
          for (const r of e.removed) ws.removeFolder(uriToPath(r.uri));
          earlyWalks.clear();
          for (const a of e.added) await ws.addFolder(uriToPath(a.uri));
          earlyWalks.clear();
          await publish();
          publishWhenSettled(true);
        } catch (err) {
          report(err);
        }
      })();
    });
  });

  /**
   * A file opened while its project is still loading: its own syntax errors now, when the full check will report
   * them too (early-diagnostics.ts); the full check's publication follows once the project is loaded.
   */
  const earlyWalks = new Map<string, ProjectWalk>();
  const publishEarly = (file: string, text: string): void => {
    if (ws.projectFor(file)) return;
    try {
      const list = ownTextDiagnostics(file, text, earlyWalks);
      if (!list) return;
      published.set(file, JSON.stringify(list));
      void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: list.map((d) => toLspDiagnostic(d)) });
    } catch (err) {
      report(err);
    }
  };

  documents.onDidOpen((e) => {
    if (e.document.uri.startsWith('file:')) {
      const file = uriToPath(e.document.uri);
      // Told now, so that a project still loading checks this file's model before the rest.
      ws.openFiles.add(file);
      publishEarly(file, e.document.getText());
    }
    schedule(e.document.uri, e.document.getText());
  });
  documents.onDidChangeContent((e) => schedule(e.document.uri, e.document.getText()));
  documents.onDidClose((e) => {
    if (e.document.uri.startsWith('file:')) ws.openFiles.delete(uriToPath(e.document.uri));
    schedule(e.document.uri, undefined);
  });

  connection.onDidChangeWatchedFiles((e) => {
    const files = e.changes.map((c) => c.uri).filter((u) => u.startsWith('file:')).map(uriToPath).filter((f) => !ws.overlay.has(f));
    if (files.length === 0) return;
    collector.interrupt();
    void ws.filesChanged(files).then(() => {
      publishWhenSettled(true);
      return publish();
    }, report);
  });

  connection.onHover(async (p) => {
    await caughtUp();
    const h = hover(ws, uriToPath(p.textDocument.uri), p.position);
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
  });

  connection.onDefinition(async (p) => {
    await caughtUp();
    return definition(ws, uriToPath(p.textDocument.uri), p.position).map((l) => ({ uri: pathToUri(l.file), range: l.range }));
  });

  connection.onReferences(async (p) => {
    await caughtUp();
    return references(ws, uriToPath(p.textDocument.uri), p.position, p.context.includeDeclaration).map((l) => ({ uri: pathToUri(l.file), range: l.range }));
  });

  connection.onCompletion(async (p) => {
    await caughtUp();
    return complete(ws, uriToPath(p.textDocument.uri), p.position).map((c) => ({
      label: c.label,
      kind: COMPLETION_KIND[c.kind],
      detail: c.detail,
      insertText: c.insertText,
      ...(c.documentation ? { documentation: { kind: 'markdown' as const, value: c.documentation } } : {}),
    }));
  });

  connection.onDocumentSymbol(async (p) => {
    await caughtUp();
    return documentSymbols(ws, uriToPath(p.textDocument.uri)).map(lspSymbol);
  });

  connection.onCodeLens(async (p) => {
    await caughtUp();
    return codeLenses(ws, uriToPath(p.textDocument.uri)).map((l) => {
      const args: ModelCommandArgs = { uri: p.textDocument.uri, uniqueId: l.uniqueId, ...(l.cte ? { cte: l.cte } : {}) };
      return { range: l.range, command: { title: l.title, command: l.command, arguments: [args] } };
    });
  });

  connection.onCodeAction(async (p) => {
    await caughtUp();
    const file = uriToPath(p.textDocument.uri);
    const fixes: CodeAction[] = codeActions(ws, file, p.range).map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toLspDiagnostic(a.diagnostic)],
      edit: toWorkspaceEdit(a.fix.edits),
      isPreferred: true,
    }));
    // The lightbulb asks on every cursor move (triggerKind Automatic): model-wide source actions wait for the menu.
    const only = p.context.only;
    const withSource = only ? only.some((k) => k === CodeActionKind.Source || k.startsWith(CodeActionKind.Source + '.')) : p.context.triggerKind !== CodeActionTriggerKind.Automatic;
    const authoring: CodeAction[] = authoringActions(ws, file, p.range, withSource).map((a) => ({
      title: a.title,
      kind: AUTHORING_KIND[a.kind],
      edit: planToWorkspaceEdit(a),
    }));
    const all = [...fixes, ...authoring];
    return only ? all.filter((a) => only.some((k) => a.kind === k || a.kind?.startsWith(k + '.'))) : all;
  });

  registerAuthoringCommands(connection, () => ws, caughtUp);
  registerRenameHandlers(connection, () => ws, caughtUp);

  connection.onRequest(CompiledSqlRequest, async (p) => {
    await caughtUp();
    return compiledSql(ws, uriToPath(p.uri), p.mode === 'first' ? 'first' : 'incremental');
  });

  documents.listen(connection);
  return { workspace: () => ws, collector };
}
