// LSP rename of a model: prepareRename (what is under the cursor, or why it cannot be renamed), rename (the
// file, refs and schema.yml as one workspace edit) and willRenameFiles (the user renamed the .sql file).
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { modelRenameTarget, planModelFileRename, planModelRename } from '../analysis/rename';
import type { Workspace } from '../analysis/workspace';
import { uriToPath } from './convert';
import { planToWorkspaceEdit } from './plan-edit';

export function registerRenameHandlers(connection: Connection, ws: () => Workspace, settle: () => Promise<void>): void {
  connection.onPrepareRename(async (p) => {
    await settle();
    const t = modelRenameTarget(ws(), uriToPath(p.textDocument.uri), p.position);
    if (!t) throw new ResponseError(ErrorCodes.InvalidRequest, 'Bronze renames models: put the cursor on a ref() name or on a model\'s name in schema.yml, or rename the .sql file.');
    return { range: t.range, placeholder: t.placeholder };
  });

  connection.onRenameRequest(async (p) => {
    await settle();
    const t = modelRenameTarget(ws(), uriToPath(p.textDocument.uri), p.position);
    if (!t) throw new ResponseError(ErrorCodes.InvalidRequest, 'Nothing Bronze can rename here.');
    const r = planModelRename(ws(), t, p.newName.trim());
    if (!r.ok) throw new ResponseError(ErrorCodes.InvalidRequest, r.message);
    return planToWorkspaceEdit(r.value);
  });

  connection.workspace.onWillRenameFiles(async (p) => {
    await settle();
    const edits = [];
    for (const f of p.files) {
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
