// The "Bronze Lineage" view: upstream and downstream of the model in the active editor, following the editor;
// clicking a node opens where it is defined. Lineage comes from the engine's DAG (server/src/docs/lineage.ts),
// loaded once per project and reloaded after a save in that project.
import * as vscode from 'vscode';
import { lineageOf, type LineageNode } from '../../../server/src/docs/lineage';
import type { Engine } from '../../../server/src/engine';
import { modelNameOf, type ProjectInfo } from './project-paths';
import type { Projects } from './projects';
import { loadRunner, type RunController } from './run-controller';

/** How many levels up and down the view shows. */
const DEPTH = 3;

type Group = { kind: 'group'; label: 'Upstream' | 'Downstream'; nodes: LineageNode[] };
type Leaf = { kind: 'node'; node: LineageNode };
type Message = { kind: 'message'; text: string };
export type LineageItem = Group | Leaf | Message;

const ICONS: Record<string, string> = { source: 'database', model: 'symbol-class', test: 'beaker', seed: 'file', snapshot: 'history' };

export class LineageView implements vscode.TreeDataProvider<LineageItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LineageItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly engines = new Map<string, Promise<Engine>>();
  private focus?: { project: ProjectInfo; model: string };
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly view: vscode.TreeView<LineageItem>;

  constructor(
    private readonly projects: Projects,
    private readonly runs: RunController,
  ) {
    this.view = vscode.window.createTreeView('bronze.lineage', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const project = this.projects.forFile(doc.uri.fsPath);
        if (!project) return;
        this.engines.delete(project.root);
        if (this.focus?.project.root === project.root) this.changed.fire(undefined);
      }),
      projects.onDidChange(() => {
        this.engines.clear();
        this.follow(vscode.window.activeTextEditor);
      }),
    );
    this.follow(vscode.window.activeTextEditor);
  }

  /** The model the view is showing, if any (for tests and the title). */
  get current(): string | undefined {
    return this.focus?.model;
  }

  follow(editor: vscode.TextEditor | undefined): void {
    if (!editor || editor.document.uri.scheme !== 'file') return; // keep showing the last model
    const project = this.projects.forFile(editor.document.uri.fsPath);
    const model = project ? modelNameOf(project, editor.document.uri.fsPath) : undefined;
    if (!project || !model) return;
    if (this.focus?.project.root === project.root && this.focus.model === model) return;
    this.focus = { project, model };
    this.view.description = model;
    this.changed.fire(undefined);
  }

  private engine(project: ProjectInfo): Promise<Engine> {
    let e = this.engines.get(project.root);
    if (!e) {
      e = (async () => (await loadRunner()).openEngine(await this.runs.targetRequest(project)))();
      e.catch(() => this.engines.delete(project.root));
      this.engines.set(project.root, e);
    }
    return e;
  }

  async getChildren(item?: LineageItem): Promise<LineageItem[]> {
    if (item?.kind === 'group') return item.nodes.map((node) => ({ kind: 'node', node }));
    if (item) return [];
    if (!this.focus) return [{ kind: 'message', text: 'Open a model to see its lineage.' }];
    const { project, model } = this.focus;
    try {
      const engine = await this.engine(project);
      const node = engine.findModel(model);
      if (!node) return [{ kind: 'message', text: `${model} is not a model of ${project.name} (disabled, or not saved yet).` }];
      const lineage = lineageOf(engine.project, engine.graph, node.uniqueId, DEPTH);
      const byRole = (role: LineageNode['role']) =>
        lineage.nodes.filter((n) => n.role === role).sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.name.localeCompare(b.name));
      const focus = lineage.nodes.find((n) => n.role === 'focus');
      return [
        { kind: 'group', label: 'Upstream', nodes: byRole('upstream') },
        ...(focus ? [{ kind: 'node' as const, node: focus }] : []),
        { kind: 'group', label: 'Downstream', nodes: byRole('downstream') },
      ];
    } catch (err) {
      return [{ kind: 'message', text: err instanceof Error ? err.message : String(err) }];
    }
  }

  getTreeItem(item: LineageItem): vscode.TreeItem {
    if (item.kind === 'message') return new vscode.TreeItem(item.text);
    if (item.kind === 'group') {
      const t = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.Expanded);
      t.description = `${item.nodes.length}`;
      t.iconPath = new vscode.ThemeIcon(item.label === 'Upstream' ? 'arrow-up' : 'arrow-down');
      return t;
    }
    const n = item.node;
    const t = new vscode.TreeItem(n.name);
    t.description = n.role === 'focus' ? `${n.materialized ?? n.resourceType} · this model` : n.materialized ?? n.resourceType;
    t.tooltip = n.id;
    t.iconPath = new vscode.ThemeIcon(ICONS[n.resourceType] ?? 'circle-outline');
    t.contextValue = `bronze.lineage.${n.resourceType}`;
    const start = new vscode.Position(n.range.start.line, n.range.start.character);
    t.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [vscode.Uri.file(n.file), { selection: new vscode.Range(start, start) } satisfies vscode.TextDocumentShowOptions],
    };
    return t;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
