// The dbt projects of the window (any number, across workspace folders), kept current by a file watcher, and
// the language of their templated .sql files: jinja-sql inside model/test/macro paths.
import { existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { ProjectList } from './project-list';
import { modelNameOf, parseProjectInfo, projectForFile, sqlRole, type ProjectInfo } from './project-paths';

export const JINJA_SQL = 'jinja-sql';
const EXCLUDE = '**/{node_modules,dbt_packages,dbt_modules,target,.bronze,logs}/**';
/** How often the list checks that its projects still exist: a folder removed outside VS Code is not always reported. */
const PRESENCE_CHECK_MS = 2000;

/** The folder of the nearest dbt_project.yml at or above a file's folder, if any. */
function nearestProjectRoot(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'dbt_project.yml'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export class Projects implements vscode.Disposable {
  private readonly list = new ProjectList();
  private readonly changed = new vscode.EventEmitter<readonly ProjectInfo[]>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires after the set of projects (or one's paths) changed. */
  readonly onDidChange = this.changed.event;

  get all(): readonly ProjectInfo[] {
    return this.list.all;
  }

  async start(): Promise<void> {
    await this.rescan();
    const watcher = vscode.workspace.createFileSystemWatcher('**/dbt_project.yml');
    // A deleted folder is reported as the folder only (not the dbt_project.yml inside it), if at all.
    const folders = vscode.workspace.createFileSystemWatcher('**', true, true, false);
    const rescan = (): void => void this.rescan();
    const timer = setInterval(() => void this.prune(), PRESENCE_CHECK_MS);
    this.disposables.push(
      watcher,
      folders,
      { dispose: () => clearInterval(timer) },
      watcher.onDidCreate(rescan),
      watcher.onDidDelete(rescan),
      watcher.onDidChange(rescan),
      folders.onDidDelete(() => void this.prune()),
      vscode.workspace.onDidChangeWorkspaceFolders(rescan),
      vscode.workspace.onDidOpenTextDocument((doc) => void this.assignLanguage(doc)),
    );
    for (const doc of vscode.workspace.textDocuments) void this.assignLanguage(doc);
  }

  async rescan(): Promise<void> {
    const changed = await this.list.scan(async () => {
      const uris = await vscode.workspace.findFiles('**/dbt_project.yml', EXCLUDE);
      return Promise.all(
        uris
          .filter((u) => u.scheme === 'file')
          .map(async (u) => parseProjectInfo(path.dirname(u.fsPath), await readFile(u.fsPath, 'utf8').catch(() => ''))),
      );
    });
    if (changed) this.fireChanged();
  }

  /** Drops projects whose dbt_project.yml is gone, whether or not a watcher said so. */
  async prune(): Promise<void> {
    const exists = (root: string): Promise<boolean> => access(path.join(root, 'dbt_project.yml')).then(() => true, () => false);
    if (await this.list.prune(exists)) this.fireChanged();
  }

  private fireChanged(): void {
    this.changed.fire(this.list.all);
    for (const doc of vscode.workspace.textDocuments) void this.assignLanguage(doc);
  }

  forFile(file: string): ProjectInfo | undefined {
    return projectForFile(this.list.all, file);
  }

  /** The project of the active editor, the only project, or the one the user picks. */
  async pick(hint?: vscode.Uri): Promise<ProjectInfo | undefined> {
    const file = hint?.fsPath ?? vscode.window.activeTextEditor?.document.uri.fsPath;
    let own = file ? this.forFile(file) : undefined;
    // A file of a project no watcher has reported yet (just created or copied in, maybe inside another project):
    // its nearest dbt_project.yml is not the project the list gives it, so look again before answering.
    if (file && nearestProjectRoot(file) !== own?.root && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))) {
      await this.rescan();
      own = this.forFile(file);
    }
    if (own) return own;
    const list = this.list.all;
    if (list.length === 1) return list[0];
    if (list.length === 0) {
      void vscode.window.showWarningMessage('Bronze: no dbt_project.yml in this window. Open a dbt project folder or run "Bronze: Create demo project".');
      return undefined;
    }
    const item = await vscode.window.showQuickPick(
      list.map((p) => ({ label: p.name, description: vscode.workspace.asRelativePath(p.root), project: p })),
      { placeHolder: 'Which dbt project?' },
    );
    return item?.project;
  }

  /** Model names of a project, from the .sql files under its model paths, sorted. */
  async modelNames(project: ProjectInfo): Promise<Array<{ name: string; uri: vscode.Uri }>> {
    const out: Array<{ name: string; uri: vscode.Uri }> = [];
    for (const dir of project.modelPaths) {
      const base = vscode.Uri.file(path.resolve(project.root, dir));
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(base, '**/*.sql'), EXCLUDE)) {
        const name = modelNameOf(project, uri.fsPath);
        if (name) out.push({ name, uri });
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async modelFile(project: ProjectInfo, name: string): Promise<vscode.Uri | undefined> {
    return (await this.modelNames(project)).find((m) => m.name === name)?.uri;
  }

  private async assignLanguage(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== 'file' || doc.languageId === JINJA_SQL) return;
    const project = this.forFile(doc.uri.fsPath);
    if (project && sqlRole(project, doc.uri.fsPath)) {
      await vscode.languages.setTextDocumentLanguage(doc, JINJA_SQL).then(undefined, () => undefined);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
