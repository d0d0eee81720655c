// "Sample sources into the local target" in the real workbench: a project with no RAW data of its own gets
// synthetic rows for its sources, and its model then runs on them. Runs last (files run in name order) in a folder of
// its own inside the workspace, which it removes again.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, root, until } = require('./workbench.cjs');

describe('"Sample sources into the local target"', function () {
  this.timeout(120000);
  let api;
  const dir = () => path.join(root(), `suite-sample-${process.pid}`);
  before(async () => {
    api = await activateBronze();
    fs.mkdirSync(path.join(dir(), 'models'), { recursive: true });
    fs.writeFileSync(path.join(dir(), 'dbt_project.yml'), 'name: suite_sample\nversion: "1"\nprofile: suite_sample\n');
    fs.writeFileSync(
      path.join(dir(), 'models', 'sources.yml'),
      'version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: accounts\n        columns:\n          - name: account_id\n            data_type: VARCHAR\n            tests: [unique, not_null]\n          - name: plan\n            tests:\n              - accepted_values:\n                  values: [Free, Pro]\n          - name: updated_at\n            data_type: TIMESTAMP_NTZ\n',
    );
    fs.writeFileSync(path.join(dir(), 'models', 'bz_accounts.sql'), "{{ config(materialized='table') }}\nselect account_id, plan, updated_at from {{ source('raw', 'accounts') }}\n");
    // Not waited for: the command finds a project no watcher has reported yet from the open file.
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir(), { recursive: true, force: true });
    await until('the sample project to leave the project list', () => !api.projects().some((p) => p.root === dir()));
  });

  it('writes synthetic RAW rows the model then runs on', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir(), 'models', 'bz_accounts.sql')));
    const code = await vscode.commands.executeCommand('bronze.sampleSources', { rows: 250 });
    assert.ok(api.projects().some((p) => p.root === dir()), 'the project joined the list');
    assert.equal(code, 0);
    const outcome = await vscode.commands.executeCommand('bronze.runModel', { model: 'bz_accounts' });
    assert.deepEqual(outcome.results.map((r) => [r.name, r.status]), [['bz_accounts', 'success']]);
    assert.equal(outcome.results[0].rowsAffected, 250);
  });
});
