// LSP rename of a model or a model's column (analysis/column-rename.ts): prepareRename (what is under the cursor, or why it cannot be renamed), rename (the
// file, refs and schema.yml as one workspace edit) and willRenameFiles (the user renamed the .sql file).
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { columnRenameTarget, planColumnRename } from '../analysis/column-rename';
import { modelRenameTarget, planModelFileRename, planModelRename } from '../analysis/rename';
import type { Workspace } from '../analysis/workspace';
import { uriToPath } from './convert';
import { planToWorkspaceEdit } from './plan-edit';

/** How long a file rename that our own rename edit carries is expected back as willRenameFiles. */
const OWN_RENAME_MS = 60_000;

export function registerRenameHandlers(connection: Connection, ws: () => Workspace, settle: () => Promise<void>): void {
  // A model rename's workspace edit already updates every ref(); when the editor applies its file rename it asks
  // willRenameFiles for the same pair, and answering with the same edits again makes the editor refuse the whole
  // edit (overlapping edits; found in the real workbench). Pairs planned here are answered with nothing once.
  const ownRenames = new Map<string, number>();
  const pairKey = (oldFile: string, newFile: string) => `${oldFile}\0${newFile}`;
  connection.onPrepareRename(async (p) => {
    await settle();
    const file = uriToPath(p.textDocument.uri);
    const t = modelRenameTarget(ws(), file, p.position);
    if (t) return { range: t.range, placeholder: t.placeholder };
    const c = columnRenameTarget(ws(), file, p.position);
    if (c) return { range: c.range, placeholder: c.name };
    throw new ResponseError(ErrorCodes.InvalidRequest, "Bronze renames models and their columns: put the cursor on a ref() name, a model's name or column in schema.yml, or a column in the model's SELECT; or rename the .sql file.");
  });

  connection.onRenameRequest(async (p) => {
    await settle();
    const file = uriToPath(p.textDocument.uri);
    const t = modelRenameTarget(ws(), file, p.position);
    const c = t ? undefined : columnRenameTarget(ws(), file, p.position);
    if (!t && !c) throw new ResponseError(ErrorCodes.InvalidRequest, 'Nothing Bronze can rename here.');
    const r = t ? planModelRename(ws(), t, p.newName.trim()) : planColumnRename(ws(), c!, p.newName.trim());
    if (!r.ok) throw new ResponseError(ErrorCodes.InvalidRequest, r.message);
    const now = Date.now();
    for (const [k, at] of ownRenames) if (now - at > OWN_RENAME_MS) ownRenames.delete(k);
    for (const op of r.value.fileOps) if (op.kind === 'rename') ownRenames.set(pairKey(op.file, op.newFile), now);
    return planToWorkspaceEdit(r.value);
  });

  connection.workspace.onWillRenameFiles(async (p) => {
    await settle();
    const edits = [];
    for (const f of p.files) {
      const key = pairKey(uriToPath(f.oldUri), uriToPath(f.newUri));
      const own = ownRenames.get(key);
      if (own !== undefined) {
        ownRenames.delete(key);
        if (Date.now() - own <= OWN_RENAME_MS) continue;
      }
      const r = planModelFileRename(ws(), uriToPath(f.oldUri), uriToPath(f.newUri));
      if (!r) continue;
      // A file rename cannot be vetoed from here: the refs are left as they are and the user is told why.
      if (!r.ok) {
        void connection.window.showWarningMessage(`Bronze: references to the renamed model were not updated. ${r.message}`);
        continue;
      }
      edits.push(...r.value.edits);
    }
    return edits.length > 0 ? planToWorkspaceEdit({ title: 'Rename model', edits, fileOps: [] }) : null;
  });
}
