// The schema.yml code actions in the real workbench, through VS Code's own code-action provider API: a column the
// model's SQL gains is offered "Add column … to schema.yml" on its alias, and the edit VS Code applies puts the
// entry after the column before it, keeping the file's comments; a column the SQL drops is offered "Remove column …
// from schema.yml" on its schema.yml entry; on an entry without columns, "Document all output columns" writes every
// output column with its upstream type, description and PII tag. Puts bz_users.sql and schema.yml back as it found them.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, documentAsOnDisk, root, until } = require('./workbench.cjs');

const sqlFile = () => path.join(root(), 'models', 'bronze', 'bz_users.sql');
const yamlFile = () => path.join(root(), 'models', 'bronze', 'schema.yml');

/** Replaces the whole text of `doc` (unsaved, as a user's typing). */
async function setText(doc, text) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/**
 * The code action VS Code collects at `offset` of `doc` whose title is `title` and whose edit's new text passes
 * `edited` (polled: the server catches up with the documents' latest text).
 */
function actionTitled(doc, offset, title, edited = () => true) {
  const at = doc.positionAt(offset);
  const newText = (a) => (a.edit ? a.edit.entries().flatMap(([, edits]) => edits.map((e) => e.newText)).join('') : '');
  return until(`the code action "${title}"`, async () => {
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at));
    return (actions ?? []).find((a) => a.title === title && edited(newText(a)));
  }, 30000, 250);
}

describe('schema.yml code actions', function () {
  this.timeout(120000);
  let sqlText;
  let yamlText;

  before(async function () {
    await activateBronze();
    sqlText = fs.readFileSync(sqlFile(), 'utf8');
    yamlText = fs.readFileSync(yamlFile(), 'utf8');
  });

  after(async function () {
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    fs.writeFileSync(sqlFile(), sqlText);
    fs.writeFileSync(yamlFile(), yamlText);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers "Add column \'email_domain\' to schema.yml" on a new output column and VS Code applies it after email, comments kept', async function () {
    assert.equal(fs.readFileSync(sqlFile(), 'utf8'), sqlText);
    const doc = await documentAsOnDisk(sqlFile());
    await vscode.window.showTextDocument(doc);
    // A comment in the YAML that the edit must keep.
    const yamlDoc = await documentAsOnDisk(yamlFile());
    const commented = yamlText.replace('  - name: bz_users\n', '  - name: bz_users # the users\n');
    await setText(yamlDoc, commented);
    const anchor = '    email,\n    company,\n    plan_type,\n    load_timestamp,\n    update_timestamp,\n    source_system\nfrom source_rows';
    assert.ok(sqlText.includes(anchor), 'the final select of the demo model');
    const edited = sqlText.replace(anchor, anchor.replace('    email,\n', "    email,\n    split_part(email, '@', 2) as email_domain,\n"));
    await setText(doc, edited);
    const action = await actionTitled(doc, edited.indexOf('email_domain') + 2, "Add column 'email_domain' to schema.yml");
    assert.equal(action.kind.value, 'quickfix');
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'VS Code applies the edit');
    const yaml = yamlDoc.getText();
    assert.ok(yaml.includes('  - name: bz_users # the users\n'), 'the comment is kept');
    const names = [...yaml.slice(yaml.indexOf('- name: bz_users'), yaml.indexOf('- name: bz_meetings')).matchAll(/^      - name: (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(names, ['user_id', 'user_name', 'email', 'email_domain', 'company', 'plan_type', 'load_timestamp', 'update_timestamp', 'source_system']);
    // The new entry invents no description, and every other line of the file is as it was.
    const lines = yaml.split('\n');
    const start = lines.indexOf('      - name: email_domain');
    const end = lines.indexOf('      - name: company', start);
    assert.doesNotMatch(lines.slice(start, end).join('\n'), /description: *["']?[A-Za-z]/);
    assert.deepEqual([...lines.slice(0, start), ...lines.slice(end)], commented.split('\n'));
  });

  it('offers "Remove column \'source_system\' from schema.yml" on its entry once the SQL stops selecting it', async function () {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(sqlFile()));
    const tail = '    update_timestamp,\n    source_system\nfrom source_rows';
    assert.ok(doc.getText().includes(tail));
    await setText(doc, doc.getText().replace(tail, '    update_timestamp\nfrom source_rows'));
    const yamlDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(yamlFile()));
    await vscode.window.showTextDocument(yamlDoc);
    const text = yamlDoc.getText();
    const entry = text.indexOf('      - name: source_system');
    assert.ok(entry > 0 && entry < text.indexOf('- name: bz_meetings'), 'the bz_users entry documents source_system');
    const action = await actionTitled(yamlDoc, entry + '      - name: '.length, "Remove column 'source_system' from schema.yml");
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'VS Code applies the edit');
    const after = yamlDoc.getText();
    const users = after.slice(after.indexOf('- name: bz_users'), after.indexOf('- name: bz_meetings'));
    assert.doesNotMatch(users, /- name: source_system/);
    assert.ok(after.includes('  - name: bz_users # the users\n'), 'the comment is kept');
    // Only the bz_users entry lost its lines: the other models still document their source_system.
    assert.equal(after.split('- name: source_system').length, text.split('- name: source_system').length - 1);
  });

  it("offers \"Document all output columns of 'bz_users'\" on an entry without columns; saved, the file has every column in output order with data_type, comments and key order kept", async function () {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(sqlFile()));
    await setText(doc, sqlText);
    const yamlDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(yamlFile()));
    await vscode.window.showTextDocument(yamlDoc);
    const start = yamlText.indexOf('  - name: bz_users\n');
    const end = yamlText.indexOf('  - name: bz_meetings\n');
    assert.ok(start > 0 && end > start, 'the demo documents bz_users before bz_meetings');
    const entry = ['  - name: bz_users # the users', '    description: "Bronze users." # one row per user', '    meta:', '      owner: data-team', '    # columns to come', ''].join('\n');
    const bare = yamlText.slice(0, start) + entry + yamlText.slice(end);
    await setText(yamlDoc, bare);
    // Until the server has both documents' new text: the edit documents all eight columns, source_system too.
    const outputs = ['user_id', 'user_name', 'email', 'company', 'plan_type', 'load_timestamp', 'update_timestamp', 'source_system'];
    const action = await actionTitled(yamlDoc, start + '  - name: '.length + 2, "Document all output columns of 'bz_users'", (text) => outputs.every((c) => text.includes(`- name: ${c}\n`)));
    assert.equal(action.kind.value, 'quickfix');
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'VS Code applies the edit');
    assert.ok(await yamlDoc.save(), 'VS Code saves schema.yml');
    const saved = fs.readFileSync(yamlFile(), 'utf8');
    // The output columns in the SELECT's order, each with the type, description and PII tag of the RAW column it
    // passes through (sources.yml), appended after the entry's own keys.
    const col = (name, type, description, pii) => [`      - name: ${name}`, `        data_type: ${type}`, `        description: ${description}`, ...(pii ? ["        tags: ['pii']"] : [])];
    const documented = [
      '  - name: bz_users # the users',
      '    description: "Bronze users." # one row per user',
      '    meta:',
      '      owner: data-team',
      '    columns:',
      ...col('user_id', 'STRING', 'Unique identifier of the user.'),
      ...col('user_name', 'STRING', 'Display name of the user (personal data).', true),
      ...col('email', 'STRING', 'E-mail address of the user (personal data).', true),
      ...col('company', 'STRING', 'Company the user belongs to; NULL when unknown.'),
      ...col('plan_type', 'STRING', '"Subscription plan: Free, Basic, Pro, Business, Enterprise."'),
      ...col('load_timestamp', 'TIMESTAMP_NTZ', 'When the row was loaded into RAW.'),
      ...col('update_timestamp', 'TIMESTAMP_NTZ', 'When the source system last changed the record; the latest one wins in bronze.'),
      ...col('source_system', 'STRING', 'The system the record came from.'),
      '    # columns to come',
      '',
    ].join('\n');
    // Every other byte of the file is as it was.
    assert.equal(saved, yamlText.slice(0, start) + documented + yamlText.slice(end));
  });
});
