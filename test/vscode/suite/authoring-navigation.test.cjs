// Authoring in the real workbench, read-only: F12 on a column of a model's SELECT goes to its schema.yml entry, and
// a rename onto a model name that already exists is refused with the reason (through VS Code's own provider API
// commands, as F12 and F2 call them). Changes no file.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, root, until } = require('./workbench.cjs');

describe('authoring: go to a column\'s schema.yml entry, refused renames', function () {
  this.timeout(60000);
  before(async () => {
    await activateBronze();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('goes from email in the SELECT of bz_users to its entry under bz_users in schema.yml', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), 'models', 'bronze', 'bz_users.sql')));
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    // The final SELECT's email (the last one before `from source_rows`).
    const at = text.lastIndexOf('    email,', text.lastIndexOf('from source_rows')) + 6;
    // This suite runs first: the language server may still be starting, and answers nothing until it is.
    let found = [];
    for (let i = 0; i < 300 && found.length === 0; i++) {
      found = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, doc.positionAt(at));
      if (found.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(found.length, 1, JSON.stringify(found));
    const loc = found[0];
    const uri = loc.targetUri ?? loc.uri;
    const range = loc.targetSelectionRange ?? loc.targetRange ?? loc.range;
    assert.equal(uri.fsPath, path.join(root(), 'models', 'bronze', 'schema.yml'));
    const yaml = await vscode.workspace.openTextDocument(uri);
    assert.equal(yaml.lineAt(range.start.line).text.trim(), '- name: email');
    // Under bz_users, not under another model with an email column.
    const before = yaml.getText(new vscode.Range(new vscode.Position(0, 0), range.start));
    assert.equal(before.match(/^ {2}- name: (\w+)/gm).pop(), '  - name: bz_users');
  });

  it('refuses renaming bz_users to bz_meetings from a ref(): the model exists, and no edit is made', async () => {
    const uri = vscode.Uri.file(path.join(root(), 'tests', 'assert_users_company_null_share.sql'));
    const doc = await vscode.workspace.openTextDocument(uri);
    // Bronze's providers answer once the extension has given the file the jinja-sql language (just after it opens).
    await until('the singular test to become jinja-sql', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId === 'jinja-sql');
    const original = doc.getText();
    const at = doc.positionAt(original.indexOf("ref('bz_users')") + "ref('".length + 2);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, at, 'bz_meetings')),
      { message: "A model named 'bz_meetings' already exists (models/bronze/bz_meetings.sql)." },
    );
    assert.equal(doc.getText(), original);
    assert.equal(doc.isDirty, false);
  });
});
