// Authoring in the real workbench on the demo project: column completion and hover through VS Code's own
// providers, and renaming a model from a ref() in a singular test — VS Code applies the server's workspace
// edit (file rename + refs in SQL and YAML), and the server then reports no unknown ref. Runs after the other
// suites (name order) and puts every file back as it found it.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, root, until } = require('./workbench.cjs');

/** Every .sql/.yml file of the project (not target/ or dbt_packages/), relative path → text. */
function projectTexts() {
  const out = new Map();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'target' || e.name === 'dbt_packages' || e.name === 'logs') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(sql|ya?ml)$/.test(e.name)) out.set(path.relative(root(), p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(root());
  return out;
}

const count = (text, needle) => text.split(needle).length - 1;

describe('authoring: columns and rename', () => {
  let saved;
  before(async () => {
    await activateBronze();
    saved = projectTexts();
  });
  after(async () => {
    // Put the project back: the renamed file away, every original text on disk.
    const renamed = path.join(root(), 'models', 'bronze', 'bz_accounts.sql');
    if (fs.existsSync(renamed)) fs.rmSync(renamed);
    for (const [rel, text] of saved) if (!fs.existsSync(path.join(root(), rel)) || fs.readFileSync(path.join(root(), rel), 'utf8') !== text) fs.writeFileSync(path.join(root(), rel), text);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("completes the columns of the CTE a model selects from, and hovers an output column with its schema.yml description", async () => {
    const uri = vscode.Uri.file(path.join(root(), 'models', 'bronze', 'bz_users.sql'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lines = doc.getText().split('\n');
    const finalSelect = lines.lastIndexOf('select');
    const line = lines.findIndex((l, i) => i > finalSelect && l === '    company,');
    assert.ok(line > 0);
    const list = await until('column completions from the server', async () => {
      const r = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, 4));
      const cols = r.items.filter((i) => i.kind === vscode.CompletionItemKind.Field && i.detail && i.detail.includes('source_rows'));
      return cols.length > 0 ? cols : undefined;
    });
    const labels = list.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const c of ['user_id', 'email', 'company', 'update_timestamp']) assert.ok(labels.includes(c), `${c} in ${labels.join(', ')}`);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, 6));
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(md, /\*\*column\*\* `company` of `bz_users`/);
  });

  it('renames bz_users from a ref() in a singular test: the file, every ref() in SQL and YAML, the schema.yml entry; no unknown ref remains', async () => {
    const refsBefore = [...saved.values()].reduce((n, t) => n + count(t, "ref('bz_users')"), 0);
    assert.ok(refsBefore >= 6, `the demo refs bz_users ${refsBefore} times`);
    const testUri = vscode.Uri.file(path.join(root(), 'tests', 'assert_users_company_null_share.sql'));
    const doc = await vscode.workspace.openTextDocument(testUri);
    // The extension gives a project's .sql files the jinja-sql language just after they open; until then no Bronze
    // provider answers for the document (VS Code returns an empty edit).
    await until('the singular test to become jinja-sql', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === testUri.toString())?.languageId === 'jinja-sql');
    const at = doc.positionAt(doc.getText().indexOf("ref('bz_users')") + 7);
    const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', testUri, at, 'bz_accounts');
    assert.ok(edit, 'the server answers the rename');
    assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code applies the edit');
    // Each edited document saved by itself: workspace.saveAll(false) left them dirty on code-server 4.139.
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) assert.ok(await d.save(), `saved ${d.uri.path}`);
    const after = projectTexts();
    assert.ok(!after.has(path.join('models', 'bronze', 'bz_users.sql')));
    assert.equal(after.get(path.join('models', 'bronze', 'bz_accounts.sql')), saved.get(path.join('models', 'bronze', 'bz_users.sql')));
    const refsAfter = [...after.values()].reduce((n, t) => n + count(t, "ref('bz_accounts')"), 0);
    assert.equal(refsAfter, refsBefore);
    assert.equal([...after.values()].reduce((n, t) => n + count(t, "ref('bz_users')"), 0), 0);
    assert.match(after.get(path.join('models', 'bronze', 'schema.yml')), /^  - name: bz_accounts$/m);
    // The server sees the renamed project: the test's ref() resolves to bz_accounts, and no ref() points nowhere.
    const renamedDoc = await vscode.workspace.openTextDocument(testUri);
    const refAt = renamedDoc.positionAt(renamedDoc.getText().indexOf("ref('bz_accounts')") + 7);
    await until('hover on the renamed ref() to show bz_accounts', async () => {
      const hs = await vscode.commands.executeCommand('vscode.executeHoverProvider', testUri, refAt);
      return hs.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('**model** `bz_accounts`')));
    }, 20000);
    await until('no bronze/unknown-ref after the rename', () => {
      const all = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds);
      return !all.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'bronze/unknown-ref');
    }, 20000);
  });
});
