// "New bronze model from source" in the real workbench on the demo project: with bz_licenses and its schema.yml
// entry gone, the command (source given as its argument) writes bz_licenses.sql in the demo's bronze style and the
// entry, VS Code applies the server's edit, and "Build" on the new model runs it and its key tests, all passing.
// Puts the model, schema.yml and the editors back as it found them.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, root, until } = require('./workbench.cjs');

const modelFile = () => path.join(root(), 'models', 'bronze', 'bz_licenses.sql');
const schemaFile = () => path.join(root(), 'models', 'bronze', 'schema.yml');

/** `text` without the `models:` entry of `name` (from its `  - name:` line to the next entry or the end). */
function withoutEntry(text, name) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `  - name: ${name}`);
  assert.ok(start > 0, `schema.yml has an entry for ${name}`);
  let end = start + 1;
  while (end < lines.length && !/^ {2}- name: /.test(lines[end]) && !/^\S/.test(lines[end])) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

describe('"New bronze model from source"', () => {
  let savedModel;
  let savedSchema;
  before(async () => {
    await activateBronze();
    await vscode.commands.executeCommand('bronze.selectTarget', 'local');
    savedModel = fs.readFileSync(modelFile(), 'utf8');
    savedSchema = fs.readFileSync(schemaFile(), 'utf8');
  });
  after(async () => {
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    fs.writeFileSync(modelFile(), savedModel);
    fs.writeFileSync(schemaFile(), savedSchema);
    fs.rmSync(path.join(root(), 'models', 'silver'), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes bz_licenses from raw.licenses and its schema.yml entry; "Build" runs it and its key tests, all passing', async () => {
    fs.rmSync(modelFile());
    fs.writeFileSync(schemaFile(), withoutEntry(savedSchema, 'bz_licenses'));
    // Until the server has seen the files change, it answers that bz_licenses exists.
    const answer = await until('the server to generate bz_licenses', async () => {
      const a = await vscode.commands.executeCommand('bronze.newModelFromSource', { source: 'raw.licenses' });
      return a && a.ok ? a : undefined;
    }, 30000);
    // Its assigned_to_user_id names bz_users' key: suggested (with an "Add relationships tests" button), not added.
    assert.equal(answer.model, 'bz_licenses');
    assert.deepEqual(answer.suggestions, ['assigned_to_user_id → bz_users.user_id']);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === modelFile());
    assert.ok(doc, 'the generated model is open in an editor');
    const sql = doc.getText();
    // The demo's bronze style: incremental on update_timestamp with the lookback var, one row per license_id.
    assert.match(sql, /materialized='incremental',\n {8}unique_key='license_id'/);
    assert.match(sql, /from \{\{ source\('raw', 'licenses'\) \}\}\n {4}where license_id is not null/);
    assert.match(sql, /var\('lookback_days'\)/);
    assert.match(sql, /partition by license_id/);
    const schema = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === schemaFile());
    assert.match(schema ? schema.getText() : fs.readFileSync(schemaFile(), 'utf8'), /^ {2}- name: bz_licenses$/m);

    // Build saves the project's edited files first, then runs the model and the tests its entry declares.
    const outcome = await vscode.commands.executeCommand('bronze.buildModel', { model: 'bz_licenses' });
    assert.ok(outcome, 'the build returned an outcome');
    assert.equal(outcome.exitCode, 0, JSON.stringify(outcome.results.map((r) => [r.name, r.status, r.message])));
    const byName = new Map(outcome.results.map((r) => [r.name, r.status]));
    assert.equal(byName.get('bz_licenses'), 'success');
    assert.equal(byName.get('unique_bz_licenses_license_id'), 'pass');
    assert.equal(byName.get('not_null_bz_licenses_license_id'), 'pass');
    assert.ok(outcome.results.every((r) => r.status === 'success' || r.status === 'pass'));
    assert.equal(fs.readFileSync(modelFile(), 'utf8'), sql, 'the generated model was saved as shown');
  });

  it('"Generate YAML for model" types every column through the active target: a model not built yet is typed from its SQL', async () => {
    // Runs after the build above: bz_licenses is built on local, the new model is not.
    const dir = path.join(root(), 'models', 'silver');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'license_stats.sql');
    fs.writeFileSync(file, "select license_type, count(*) as licenses, max(update_timestamp) as last_update, 'demo' as tag\nfrom {{ ref('bz_licenses') }}\ngroup by 1\n");
    // Opening the file tells the server about it over LSP (didOpen), so the test does not hang on the file watcher,
    // whose report can come late on a loaded machine.
    await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const answer = await until('the server to know license_stats', async () => {
      const a = await vscode.commands.executeCommand('bronze.generateYaml', vscode.Uri.file(file));
      return a && a.ok ? a : undefined;
    }, 30000);
    assert.equal(answer.dataTypes, 'sql');
    const yml = path.join(dir, 'schema.yml');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === yml);
    const text = doc ? doc.getText() : fs.readFileSync(yml, 'utf8');
    assert.match(text, /- name: license_type\n +data_type: VARCHAR\n/);
    assert.match(text, /- name: licenses\n +data_type: NUMBER\(38,0\)\n/);
    assert.match(text, /- name: last_update\n +data_type: TIMESTAMP_NTZ\n/);
    assert.match(text, /- name: tag\n +data_type: VARCHAR\n/);
  });
});
