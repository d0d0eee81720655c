// The audit panel (host side): one webview that reads the selected target's audit table through the runner,
// shapes it (audit-data.ts) and posts typed state to media/audit.js. Strict CSP with a per-load nonce; the
// page gets only our media folder.
import * as vscode from 'vscode';
import { loadRunner, describeError, type RunController } from '../vscode/run-controller';
import type { ProjectInfo } from '../vscode/project-paths';
import type { Projects } from '../vscode/projects';
import { readSettings } from '../vscode/settings';
import { mediaPageOptions } from '../vscode/webview-media';
import { buildPanelState } from './audit-data';
import { parsePageMessage, type HostMessage, type PanelState } from './messages';
import { escapeHtml, webviewPage, type WebviewPageOptions } from './webview-page';

/** Rows read per refresh: enough for the last 20 runs of every model of a typical bronze layer. */
export const AUDIT_READ_LIMIT = 5000;

export function auditHtml(opts: WebviewPageOptions): string {
  return webviewPage(
    opts,
    `<header class="bar">
  <h1 id="title">${escapeHtml(opts.title)}</h1>
  <span id="meta" class="muted" aria-live="polite"></span>
  <button id="refresh" type="button" title="Read the audit table again">Refresh</button>
</header>
<main class="layout">
  <section class="invocations" aria-labelledby="inv-heading">
    <h2 id="inv-heading">Invocations</h2>
    <ul id="invocations" role="listbox" aria-label="Invocations, newest first" tabindex="0"></ul>
  </section>
  <section class="nodes" aria-labelledby="nodes-heading">
    <div class="toolbar">
      <h2 id="nodes-heading">Nodes</h2>
      <label>Status
        <select id="status-filter">
          <option value="">All</option>
          <option value="SUCCESS">SUCCESS</option>
          <option value="FAILED">FAILED</option>
          <option value="WARNING">WARNING</option>
          <option value="SKIPPED">SKIPPED</option>
          <option value="INTERRUPTED">INTERRUPTED</option>
        </select>
      </label>
      <label>Filter <input id="text-filter" type="search" placeholder="model, test or error text"></label>
    </div>
    <table id="nodes">
      <thead><tr>
        <th scope="col">Status</th><th scope="col">Node</th><th scope="col">Time</th><th scope="col">Rows</th>
        <th scope="col">Started</th><th scope="col">Completed</th><th scope="col">Last 20 runs</th>
      </tr></thead>
      <tbody id="rows"></tbody>
    </table>
    <p id="empty" class="muted" hidden></p>
  </section>
</main>`,
    { images: true },
  );
}

export class AuditPanel implements vscode.Disposable {
  static readonly viewType = 'bronze.audit';
  private panel: vscode.WebviewPanel | undefined;
  private project: ProjectInfo | undefined;
  private selected: string | null = null;
  private lastState: PanelState | undefined;
  private loading: Promise<void> | undefined;
  /** A refresh was asked for while a read was under way: read again when it ends. */
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly projects: Projects,
    private readonly runs: RunController,
  ) {
    this.disposables.push(
      runs.onDidFinishRun(({ project }) => {
        if (this.panel && this.project?.root === project.root) {
          this.selected = null; // a new run: show it
          void this.refresh();
        }
      }),
    );
  }

  /** The state last posted to the page (for tests and the command's return value). */
  get state(): PanelState | undefined {
    return this.lastState;
  }

  async show(project: ProjectInfo): Promise<void> {
    // Another project's selection means nothing here: show its newest run.
    if (this.project?.root !== project.root) this.selected = null;
    this.project = project;
    const title = `Bronze audit: ${project.name}`;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(undefined, false);
    } else {
      const media = vscode.Uri.joinPath(this.extensionUri, 'media');
      this.panel = vscode.window.createWebviewPanel(AuditPanel.viewType, title, vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      const webview = this.panel.webview;
      webview.html = auditHtml(mediaPageOptions(webview, media, 'audit', title));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.lastState = undefined;
        // Runs made while the panel is closed are not followed: reopened, it shows the newest run.
        this.selected = null;
      });
      webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw));
    }
    await this.refresh();
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parsePageMessage(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready':
        if (this.lastState) this.post({ type: 'state', state: this.lastState });
        return;
      case 'refresh':
        await this.refresh();
        return;
      case 'selectInvocation':
        this.selected = msg.invocationId;
        await this.refresh();
        return;
      case 'openNode':
        await this.openNode(msg.nodeId);
        return;
    }
  }

  /**
   * Reads the audit table again and posts the new state. Calls during a read share it, and make it read once
   * more when it ends: a run that finished meanwhile may not be in the rows being read.
   */
  refresh(): Promise<void> {
    if (this.loading) {
      this.stale = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.stale = false;
        await this.load();
      } while (this.stale);
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const project = this.project;
    if (!project || !this.panel) return;
    this.post({ type: 'loading' });
    try {
      const runner = await loadRunner();
      const req = await this.runs.targetRequest(project);
      const target = await this.runs.targetName(project);
      const auditTable = readSettings(project).auditTable;
      const records = await runner.readAudit({ ...req, auditTable, limit: AUDIT_READ_LIMIT });
      this.lastState = buildPanelState({ records, selected: this.selected, target, auditTable, now: new Date() });
      this.selected = this.lastState.selected;
      this.post({ type: 'state', state: this.lastState });
    } catch (err) {
      this.post({ type: 'error', message: describeError(err).text });
    }
  }

  private async openNode(nodeId: string): Promise<void> {
    const project = this.project;
    if (!project) return;
    const parts = nodeId.split('.');
    if (parts[0] === 'model') {
      const uri = await this.projects.modelFile(project, parts.slice(2).join('.'));
      if (uri) {
        await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
        return;
      }
    } else if (parts[0] === 'test') {
      const runner = await loadRunner();
      const tests = await runner.listTests(await this.runs.targetRequest(project)).catch(() => []);
      const t = tests.find((x) => x.uniqueId === nodeId);
      if (t) {
        const pos = new vscode.Position(t.line, 0); // listTests lines are 0-based
        await vscode.window.showTextDocument(vscode.Uri.file(t.file), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
        return;
      }
    }
    void vscode.window.showWarningMessage(`Bronze: no file found for ${nodeId} in ${project.name}; it may have been renamed or removed.`);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
