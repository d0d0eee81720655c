// The results webview (host side): preview data in a virtualised grid, a model's run impact, and a comparison
// of two previews. Each request can be cancelled from the page; a new request cancels the one under way.
// Strict CSP with a per-load nonce; the page (media/results.js) gets only the media folder.
import * as vscode from 'vscode';
import type { ExportFormat, PreviewRequest, PreviewResult, PreviewSource } from '../preview/data';
import { resultsHtml } from '../preview/results-html';
import { gridPayload, parseResultsPageMessage, toJson, type ResultsHostMessage } from '../preview/results-messages';
import type { ProjectInfo } from './project-paths';
import { describeError, type RunController } from './run-controller';
import { mediaPageOptions } from './webview-media';

/** The `bronze.previewLimit` setting: rows fetched before the fetch stops (the query is not rewritten). */
export function previewLimit(project?: ProjectInfo): number {
  const n = vscode.workspace.getConfiguration('bronze', project ? vscode.Uri.file(project.root) : undefined).get<number>('previewLimit', 500);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000_000) : 500;
}

type Job =
  | { kind: 'data'; project: ProjectInfo; request: Omit<PreviewRequest, 'signal'> }
  | { kind: 'impact'; project: ProjectInfo; model: string }
  | { kind: 'compare'; project: ProjectInfo; title: string; left: { label: string; request: Omit<PreviewRequest, 'signal'> }; right: { label: string; request: Omit<PreviewRequest, 'signal'> }; key: string[] | null };

export class ResultsPanel implements vscode.Disposable {
  static readonly viewType = 'bronze.results';
  private panel: vscode.WebviewPanel | undefined;
  private job: Job | undefined;
  private abort: AbortController | undefined;
  private last: ResultsHostMessage | undefined;
  /** The last message posted (the integration tests read it through the command's return value). */
  lastPosted: ResultsHostMessage | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: RunController,
  ) {}

  async previewData(project: ProjectInfo, source: PreviewSource, title: string): Promise<ResultsHostMessage | undefined> {
    const req = await this.runs.targetRequest(project);
    return this.start({ kind: 'data', project, request: { ...req, source, maxRows: previewLimit(project) } }, title);
  }

  async previewImpact(project: ProjectInfo, model: string): Promise<ResultsHostMessage | undefined> {
    return this.start({ kind: 'impact', project, model }, `Run impact: ${model}`);
  }

  /** The same source on two requests (two targets, or saved vs unsaved text), compared by `key` or whole rows. */
  async compare(project: ProjectInfo, title: string, left: { label: string; request: Omit<PreviewRequest, 'signal'> }, right: { label: string; request: Omit<PreviewRequest, 'signal'> }, key: string[] | null): Promise<ResultsHostMessage | undefined> {
    return this.start({ kind: 'compare', project, title, left, right, key }, title);
  }

  private open(title: string): vscode.Webview {
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
      return this.panel.webview;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(ResultsPanel.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [media],
    });
    const webview = this.panel.webview;
    webview.html = resultsHtml(mediaPageOptions(webview, media, 'results', title));
    this.panel.onDidDispose(() => {
      this.abort?.abort();
      this.panel = undefined;
    });
    webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw));
    return webview;
  }

  private post(message: ResultsHostMessage): void {
    this.lastPosted = message;
    if (message.type !== 'loading') this.last = message;
    void this.panel?.webview.postMessage(message);
  }

  private async start(job: Job, title: string): Promise<ResultsHostMessage | undefined> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.job = job;
    this.open(title);
    this.post({ type: 'loading', title, what: job.kind === 'impact' ? 'Computing what the run would change (nothing is written)…' : 'Running the query…' });
    try {
      const data = await import('../preview/data');
      const { signal } = abort;
      let message: ResultsHostMessage;
      if (job.kind === 'data') {
        message = { type: 'grid', grid: gridPayload(await data.runPreview({ ...job.request, signal }), job.request.maxRows) };
      } else if (job.kind === 'impact') {
        const req = await this.runs.targetRequest(job.project);
        message = { type: 'impact', json: toJson(await data.previewImpact({ ...req, model: job.model, signal })) };
      } else {
        const { compareResults } = await import('../preview/compare');
        // One side after the other: both sides on the same DuckDB file would each create the target's schema on a
        // project not built yet, and DuckDB refuses the second ("Catalog write-write conflict on create").
        const a: PreviewResult = await data.runPreview({ ...job.left.request, signal });
        const b: PreviewResult = await data.runPreview({ ...job.right.request, signal });
        const comparison = compareResults({ label: job.left.label, ...a }, { label: job.right.label, ...b }, job.key);
        message = { type: 'compare', json: toJson(comparison) };
      }
      if (abort.signal.aborted) return undefined;
      this.post(message);
      return message;
    } catch (err) {
      if (abort !== this.abort) return undefined; // superseded by a newer request
      const message: ResultsHostMessage = { type: 'error', message: abort.signal.aborted ? 'Cancelled.' : describeError(err).text };
      this.post(message);
      return message;
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  /** Cancels the request under way (the page's Cancel button; also a command). */
  cancel(): void {
    this.abort?.abort();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseResultsPageMessage(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready':
        if (this.abort && this.lastPosted) void this.panel?.webview.postMessage(this.lastPosted);
        else if (this.last) void this.panel?.webview.postMessage(this.last);
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'rerun':
        if (this.job) await this.start(this.job, this.panel?.title ?? 'Bronze results');
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        return;
      case 'export':
        await this.export(msg.format);
        return;
    }
  }

  /** Writes the WHOLE result (the query runs again without the cap) to a file the user picks. */
  async export(format: ExportFormat, file?: vscode.Uri): Promise<number | undefined> {
    const job = this.job;
    if (!job || job.kind !== 'data') return undefined;
    const target =
      file ??
      (await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(`${job.project.root}/${job.request.source.kind === 'model' ? job.request.source.model : 'selection'}.${format}`),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      }));
    if (!target) return undefined;
    const { exportPreview } = await import('../preview/data');
    try {
      const rows = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Bronze: exporting to ${vscode.workspace.asRelativePath(target)}`, cancellable: true },
        (_p, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return exportPreview({ ...job.request, signal: abort.signal }, target.fsPath, format);
        },
      );
      this.post({ type: 'exported', file: target.fsPath, rows });
      return rows;
    } catch (err) {
      void vscode.window.showErrorMessage(`Bronze: export failed: ${describeError(err).text}`);
      return undefined;
    }
  }

  dispose(): void {
    this.abort?.abort();
    this.panel?.dispose();
  }
}
