// Builds a throwaway project for analysis tests: test/fixtures/lsp/base, with the files of
// test/fixtures/lsp/rules/<name> laid over it, loaded into a fresh Workspace.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace, type WorkspaceOptions } from '../../server/src/analysis/workspace';
import type { Diagnostic } from '../../server/src/core/types';

export const LSP_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/lsp');

export interface FixtureProject {
  root: string;
  ws: Workspace;
  /** Every diagnostic, with `file` relative to the project root (forward slashes). */
  diagnostics(): Diagnostic[];
  file(rel: string): string;
  cleanup(): void;
}

export async function fixtureProject(overlay?: string, options: Partial<WorkspaceOptions> = {}): Promise<FixtureProject> {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-analysis-'));
  cpSync(path.join(LSP_FIXTURES, 'base'), root, { recursive: true });
  if (overlay) {
    const dir = path.join(LSP_FIXTURES, 'rules', overlay);
    if (!existsSync(dir)) throw new Error(`no fixture ${dir}`);
    cpSync(dir, root, { recursive: true });
  }
  const ws = new Workspace({ env: {}, ...options });
  await ws.addFolder(root);
  return {
    root,
    ws,
    diagnostics() {
      const out: Diagnostic[] = [];
      for (const [file, list] of ws.allDiagnostics()) for (const d of list) out.push({ ...d, file: path.relative(root, file).split(path.sep).join('/') });
      return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
    },
    file: (rel) => path.join(root, rel),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
