// Code lenses above each model: Run · Build · Preview SQL · Tests (n).
import type { Range } from '../core/types';
import { MODEL_COMMANDS, type ModelCommand } from './commands';
import { documentView } from './document';
import type { Workspace } from './workspace';


export interface CodeLens {
  range: Range;
  title: string;
  command: ModelCommand;
  /** The model the command acts on; the LSP layer adds the document URI. */
  uniqueId: string;
  file: string;
}

export function codeLenses(ws: Workspace, file: string): CodeLens[] {
  const view = documentView(ws, file);
  const model = view?.model;
  if (!view || !model || model.resourceType !== 'model') return [];
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  // The tests `bronze test -s <model>` runs: every test that depends on the model (dbt's eager selection).
  const tests = view.project.graph.children(model.uniqueId).filter((id) => id.startsWith('test.')).length;
  const base = { range, uniqueId: model.uniqueId, file };
  return [
    { ...base, title: '▶ Run', command: MODEL_COMMANDS.run },
    { ...base, title: 'Build', command: MODEL_COMMANDS.build },
    { ...base, title: 'Preview SQL', command: MODEL_COMMANDS.preview },
    { ...base, title: `Tests (${tests})`, command: MODEL_COMMANDS.test },
  ];
}
