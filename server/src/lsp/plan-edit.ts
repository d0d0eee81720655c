// EditPlan (analysis) → LSP WorkspaceEdit. Plans that create or rename files need `documentChanges`
// (ordered file operations, then text edits); plain text edits keep the simpler `changes` map.
import type { TextDocumentEdit, WorkspaceEdit, CreateFile, RenameFile } from 'vscode-languageserver/node';
import type { EditPlan } from '../analysis/edit-plan';
import { pathToUri, toWorkspaceEdit } from './convert';

export function planToWorkspaceEdit(plan: EditPlan): WorkspaceEdit {
  if (plan.fileOps.length === 0) return toWorkspaceEdit(plan.edits);
  // Files are created before the edits that fill them, and renamed after the edits addressed to their old path.
  const changes: (TextDocumentEdit | CreateFile | RenameFile)[] = [];
  for (const op of plan.fileOps) if (op.kind === 'create') changes.push({ kind: 'create', uri: pathToUri(op.file), options: { overwrite: false, ignoreIfExists: false } });
  const byFile = new Map<string, EditPlan['edits']>();
  for (const e of plan.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    changes.push({ textDocument: { uri: pathToUri(file), version: null }, edits: edits.map((e) => ({ range: e.range, newText: e.newText })) });
  }
  for (const op of plan.fileOps) if (op.kind === 'rename') changes.push({ kind: 'rename', oldUri: pathToUri(op.file), newUri: pathToUri(op.newFile), options: { overwrite: false } });
  return { documentChanges: changes };
}
