// The extension's settings (declared in package.json) and the per-project target choice, read in one place.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ProjectInfo } from './project-paths';
import { deferStateFolder } from './defer-state';

export type PreviewMode = 'first' | 'incremental';

export interface BronzeSettings {
  target: string | undefined;
  profilesDir: string | undefined;
  threads: number | undefined;
  previewMode: PreviewMode;
  auditTable: string;
  /** `bronze.deferManifest` as the folder to pass to `--state` (model commands run with `--defer`). */
  deferState: string | undefined;
}

export function readSettings(project?: ProjectInfo): BronzeSettings {
  const c = vscode.workspace.getConfiguration('bronze', project ? vscode.Uri.file(project.root) : undefined);
  const target = c.get<string>('target', '').trim();
  const profilesDir = c.get<string>('profilesDir', '').trim();
  const threads = c.get<number>('threads', 0);
  const auditTable = c.get<string>('auditTable', 'bz_data_audit').trim();
  return {
    target: target || undefined,
    // A relative profiles dir means "relative to the project", like --profiles-dir run from the project.
    profilesDir: profilesDir ? path.resolve(project?.root ?? '', profilesDir) : undefined,
    threads: Number.isInteger(threads) && threads > 0 ? threads : undefined,
    previewMode: c.get<string>('previewMode') === 'first' ? 'first' : 'incremental',
    auditTable: auditTable || 'bz_data_audit',
    deferState: deferStateFolder(c.get<string>('deferManifest', ''), project?.root ?? ''),
  };
}

/** Per-project target picked with "Bronze: Select target"; the bronze.target setting is the default. */
export class TargetChoice {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get(project: ProjectInfo): string | undefined {
    return this.state.get<string>(`bronze.target:${project.root}`) ?? readSettings(project).target;
  }

  async set(project: ProjectInfo, target: string | undefined): Promise<void> {
    await this.state.update(`bronze.target:${project.root}`, target);
    this.changed.fire();
  }
}
