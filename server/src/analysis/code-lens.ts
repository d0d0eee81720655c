// Code lenses above each model: Run · Build · Preview SQL · Preview data · Tests (n); and Preview above each CTE
// (its rows: the WITH clause up to it, run on the active target).
import type { Range } from '../core/types';
import { MODEL_COMMANDS, type ModelCommand } from './commands';
import { documentView } from './document';
import { documentSymbols } from './symbols';
import type { Workspace } from './workspace';


export interface CodeLens {
  range: Range;
  title: string;
  command: ModelCommand;
  /** The model the command acts on; the LSP layer adds the document URI. */
  uniqueId: string;
  file: string;
  /** A CTE lens: the CTE's name, passed to the client command. */
  cte?: string;
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
    { ...base, title: 'Preview data', command: MODEL_COMMANDS.previewData },
    { ...base, title: `Tests (${tests})`, command: MODEL_COMMANDS.test },
    ...documentSymbols(ws, file)
      .filter((sym) => sym.kind === 'cte')
      .map((sym): CodeLens => ({ ...base, range: { start: sym.selectionRange.start, end: sym.selectionRange.start }, title: 'Preview', command: MODEL_COMMANDS.previewCte, cte: sym.name })),
  ];
}
