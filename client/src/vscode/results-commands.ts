// The results-panel commands: Preview data (model, selection, CTE), Preview run impact, compare two targets,
// compare a model before/after its unsaved edit, cancel. commands.ts hands over its model resolution.
import * as vscode from 'vscode';
import type { PreviewRequest, PreviewSource } from '../preview/data';
import type { ProjectInfo } from './project-paths';
import type { Projects } from './projects';
import { previewLimit, type ResultsPanel } from './results-panel';
import type { RunController } from './run-controller';
import type { Secrets } from './secrets';

export interface ResolvedModel {
  project: ProjectInfo;
  name: string;
  uri?: vscode.Uri;
}

export interface ResultsCommandDeps {
  projects: Projects;
  runs: RunController;
  secrets: Secrets;
  results: ResultsPanel;
}

type Register = (id: string, fn: (...args: unknown[]) => unknown) => void;
type ResolveModel = (arg: unknown, verb: string) => Promise<ResolvedModel | undefined>;

function field(arg: unknown, name: string): string | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return undefined;
  const v = (arg as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** The open document's unsaved text for `uri` (undefined when saved or not open). */
function unsavedText(uri: vscode.Uri | undefined): string | undefined {
  const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return doc?.isDirty ? doc.getText() : undefined;
}

export function registerResultsCommands(register: Register, resolveModel: ResolveModel, d: ResultsCommandDeps): void {
  const previewModel = async (arg: unknown, cte?: string) => {
    const m = await resolveModel(arg, 'preview');
    if (!m) return undefined;
    const source: PreviewSource = { kind: 'model', model: m.name, text: unsavedText(m.uri), cte };
    return d.results.previewData(m.project, source, cte ? `${m.name} › ${cte}` : `Preview: ${m.name}`);
  };

  const previewSelection = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Bronze: select the SQL to preview first (a SELECT; refs and Jinja are allowed).');
      return undefined;
    }
    const project = d.projects.forFile(editor.document.uri.fsPath) ?? (await d.projects.pick(editor.document.uri));
    if (!project) return undefined;
    const sql = editor.document.getText(editor.selection);
    return d.results.previewData(project, { kind: 'sql', sql, file: editor.document.uri.fsPath }, 'Preview: selection');
  };

  // On a model: the selection when there is one (and no code-lens argument), else the model.
  register('bronze.previewData', async (arg?: unknown) => {
    const cte = field(arg, 'cte');
    if (cte) return previewModel(arg, cte);
    const editor = vscode.window.activeTextEditor;
    if (arg === undefined && editor && !editor.selection.isEmpty) return previewSelection();
    return previewModel(arg);
  });
  register('bronze.previewSelection', () => previewSelection());
  register('bronze.previewCte', async (arg?: unknown) => {
    const cte = field(arg, 'cte') ?? (await vscode.window.showInputBox({ prompt: 'Name of the CTE to preview' }));
    return cte ? previewModel(arg, cte) : undefined;
  });

  register('bronze.previewRunImpact', async (arg?: unknown) => {
    const m = await resolveModel(arg, 'preview the run impact of');
    if (!m) return undefined;
    if (unsavedText(m.uri) !== undefined) await vscode.workspace.textDocuments.find((x) => x.uri.toString() === m.uri?.toString())?.save();
    return d.results.previewImpact(m.project, m.name);
  });

  // The model's preview on the current target and on another one (argument `{ target }` or a pick).
  register('bronze.compareTargets', async (arg?: unknown) => {
    const m = await resolveModel(arg, 'compare across targets');
    if (!m) return undefined;
    const { profileTargets } = await import('./targets');
    const { readSettings } = await import('./settings');
    const found = await profileTargets(m.project, readSettings(m.project).profilesDir);
    const current = await d.runs.targetName(m.project);
    const others = found.targets.filter((t) => t.name !== current);
    let other = field(arg, 'target');
    if (other === undefined) {
      if (others.length === 0) {
        void vscode.window.showInformationMessage(`Bronze: profile '${m.project.profile}' has no target besides '${current}' to compare with.`);
        return undefined;
      }
      other = (await vscode.window.showQuickPick(others.map((t) => ({ label: t.name, description: t.type })), { placeHolder: `Compare ${m.name} on ${current} with…` }))?.label;
    }
    if (!other) return undefined;
    const base = await d.runs.targetRequest(m.project);
    const overrides = await d.secrets.overrides({ projectRoot: m.project.root, profile: m.project.profile, target: other });
    const source: PreviewSource = { kind: 'model', model: m.name };
    const maxRows = previewLimit(m.project);
    const left: Omit<PreviewRequest, 'signal'> = { ...base, target: current, source, maxRows };
    const right: Omit<PreviewRequest, 'signal'> = { ...base, target: other, targetOverrides: Object.keys(overrides).length ? overrides : undefined, source, maxRows };
    const key = await (await import('../preview/data')).modelUniqueKey(base, m.name).catch(() => null);
    return d.results.compare(m.project, `Compare ${m.name}: ${current} ⟷ ${other}`, { label: current, request: left }, { label: other, request: right }, key);
  });

  // The model as saved against the editor's unsaved text, on the current target.
  register('bronze.compareUnsavedEdit', async (arg?: unknown) => {
    const m = await resolveModel(arg, 'compare with its unsaved edit');
    if (!m) return undefined;
    const text = unsavedText(m.uri);
    if (text === undefined) {
      void vscode.window.showInformationMessage(`Bronze: ${m.name} has no unsaved edit to compare with.`);
      return undefined;
    }
    const base = await d.runs.targetRequest(m.project);
    const maxRows = previewLimit(m.project);
    const key = await (await import('../preview/data')).modelUniqueKey(base, m.name).catch(() => null);
    return d.results.compare(
      m.project,
      `Compare ${m.name}: saved ⟷ unsaved`,
      { label: 'saved', request: { ...base, source: { kind: 'model', model: m.name }, maxRows } },
      { label: 'unsaved', request: { ...base, source: { kind: 'model', model: m.name, text }, maxRows } },
      key,
    );
  });

  register('bronze.cancelPreview', () => d.results.cancel());
  register('bronze.exportPreview', (arg?: unknown) => {
    const format = field(arg, 'format') === 'json' ? 'json' : 'csv';
    const file = field(arg, 'file');
    return d.results.export(format, file ? vscode.Uri.file(file) : undefined);
  });
}
