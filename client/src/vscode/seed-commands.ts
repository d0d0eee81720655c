// Seeds in VS Code: "Load seed" and "Full-refresh seed" on a CSV under seed-paths, as commands (palette,
// explorer and editor context) and as code lenses at the top of the CSV; they run `bronze seed -s <name>`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Projects } from './projects';
import type { ProjectInfo } from './project-paths';
import type { RunController } from './run-controller';
import { seedNameOf, seedPathsOf } from './seed-paths';

function seedPaths(project: ProjectInfo): string[] {
  try {
    return seedPathsOf(readFileSync(path.join(project.root, 'dbt_project.yml'), 'utf8'));
  } catch {
    return ['seeds'];
  }
}

function seedOf(projects: Projects, uri: vscode.Uri | undefined): { project: ProjectInfo; name: string } | undefined {
  if (!uri || uri.scheme !== 'file') return undefined;
  const project = projects.forFile(uri.fsPath);
  const name = project && seedNameOf(project.root, seedPaths(project), uri.fsPath);
  return project && name ? { project, name } : undefined;
}

class SeedLenses implements vscode.CodeLensProvider {
  constructor(private readonly projects: Projects) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const seed = seedOf(this.projects, doc.uri);
    if (!seed) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '▶ Load seed', command: 'bronze.loadSeed', arguments: [doc.uri] }),
      new vscode.CodeLens(top, { title: 'Full-refresh seed', command: 'bronze.fullRefreshSeed', arguments: [doc.uri] }),
    ];
  }
}

export function registerSeedCommands(context: vscode.ExtensionContext, projects: Projects, runs: RunController): void {
  const command = (fullRefresh: boolean) => async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const seed = seedOf(projects, uri);
    if (!seed) {
      void vscode.window.showWarningMessage('Bronze: open a CSV file under the project\'s seed-paths (dbt\'s default: seeds/) to load it.');
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri?.fsPath);
    if (doc?.isDirty) await doc.save();
    return runs.run(seed.project, { command: 'seed', select: [seed.name], fullRefresh, title: `${fullRefresh ? 'full-refresh' : 'load'} seed ${seed.name}` });
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('bronze.loadSeed', command(false)),
    vscode.commands.registerCommand('bronze.fullRefreshSeed', command(true)),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.csv' }, new SeedLenses(projects)),
  );
}
