// "Preview compiled SQL": a read-only virtual document beside the editor with the exact statements a run
// executes, re-requested from the language server while the model is edited. The mode (first run or
// incremental) is one switch for all previews; the incremental view of an incremental model shows its MERGE.
import path from 'node:path';
import * as vscode from 'vscode';
import type { BronzeLanguageClient } from './language-client';
import { CompiledSqlRequest, type CompiledSqlParams } from '../../../server/src/lsp/protocol';
import type { PreviewMode } from './settings';

export const PREVIEW_SCHEME = 'bronze-preview';
const DEBOUNCE_MS = 200;

/** The preview URI of a source file: same path plus `.compiled.sql`, the source URI in the query. */
export function previewUri(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${source.path}.compiled.sql`, query: source.toString() });
}

export function sourceOf(preview: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(preview.query);
}

export function previewHeader(file: string, mode: PreviewMode): string {
  const what = mode === 'incremental' ? 'an incremental run (the relation exists)' : 'a first run (the relation does not exist yet)';
  return `-- Compiled SQL of ${path.basename(file)} for ${what}.\n-- Switch with "Bronze: Toggle compiled SQL preview: first run / incremental".\n\n`;
}

function commented(text: string): string {
  return text
    .split('\n')
    .map((l) => `-- ${l}`)
    .join('\n') + '\n';
}

export class CompiledSqlPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  mode: PreviewMode;

  constructor(
    private readonly client: BronzeLanguageClient,
    initialMode: PreviewMode,
  ) {
    this.mode = initialMode;
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.refreshAll(d.uri)),
    );
  }

  private openPreviews(): vscode.Uri[] {
    return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME && !d.isClosed).map((d) => d.uri);
  }

  private sourceChanged(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    // Any edit may change a preview (a macro, a schema.yml config), so every open preview refreshes, debounced.
    for (const p of this.openPreviews()) {
      const key = p.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(p);
        }, DEBOUNCE_MS),
      );
    }
  }

  private refreshAll(_saved?: vscode.Uri): void {
    for (const p of this.openPreviews()) this.changed.fire(p);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const source = sourceOf(uri);
    const client = this.client.current;
    if (!client) return '-- The Bronze language server is not running: open a folder with a dbt_project.yml.\n';
    const params: CompiledSqlParams = { uri: source.toString(), mode: this.mode };
    try {
      const result = await client.sendRequest(CompiledSqlRequest, params, token);
      if (result.error) return `${previewHeader(source.fsPath, this.mode)}${commented(`Could not compile ${path.basename(source.fsPath)}: ${result.error}`)}`;
      const statements = result.statements;
      if (statements.length === 0) return `${previewHeader(source.fsPath, this.mode)}-- Nothing to run for this file.\n`;
      return previewHeader(source.fsPath, this.mode) + statements.map((s) => s.trimEnd()).join(';\n\n') + ';\n';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return `${previewHeader(source.fsPath, this.mode)}${commented(`Could not compile ${path.basename(source.fsPath)}: ${message}`)}`;
    }
  }

  /** Opens (or reveals) the preview of `source` beside its editor. */
  async open(source: vscode.Uri): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(previewUri(source));
    const shown = doc.languageId === 'sql' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'sql').then((d) => d, () => doc);
    return vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  setMode(mode: PreviewMode): void {
    this.mode = mode;
    this.refreshAll();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
