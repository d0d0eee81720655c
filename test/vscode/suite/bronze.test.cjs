// Bronze inside the real VS Code workbench (code-server), on the demo project the harness opens.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { EXTENSION_ID, activateBronze, root, until } = require('./workbench.cjs');




async function openModel(name) {
  const doc = await vscode.workspace.openTextDocument(path.join(root(), 'models', 'bronze', `${name}.sql`));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  return doc;
}

describe('Bronze extension', function () {
  this.timeout(120000);
  let api;

  before(async function () {
    api = await activateBronze();
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates on the dbt project, finds it and reports its timings', async function () {
    assert.deepEqual(
      api.projects().map((p) => [p.name, p.root, p.modelPaths]),
      [['zoom_bronze', root(), ['models']]],
    );
    assert.equal(typeof api.activationMs, 'number');
    // Activation = loading the bundle + activate(). Re-evaluating the bundle here measures the load with the
    // real `vscode` module (the file is read again; its dependencies are bundled, so nothing else is cached).
    const bundle = path.join(vscode.extensions.getExtension(EXTENSION_ID).extensionPath, 'dist', 'extension.js');
    delete require.cache[require.resolve(bundle)];
    const t0 = performance.now();
    require(bundle);
    const loadMs = performance.now() - t0;
    console.log(`    activation: bundle load ${loadMs.toFixed(1)} ms + activate() ${api.activationMs.toFixed(1)} ms = ${(loadMs + api.activationMs).toFixed(1)} ms`);
    assert.ok(loadMs + api.activationMs < 1000, 'activation stays well under a second');
    await openModel('bz_users');
    await Promise.race([api.whenFirstDiagnostics(), new Promise((_, rej) => setTimeout(() => rej(new Error('no diagnostics from the server within 20 s')), 20000))]);
    console.log(`    first diagnostics ${api.serverTimings.firstDiagnosticsMs} ms after the language client started`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['bronze.runModel', 'bronze.previewCompiledSql', 'bronze.showAuditPanel', 'bronze.selectTarget', 'bronze.setSnowflakePassword', 'bronze.testConnection', 'bronze.createDemoProject', 'bronze.showLineage']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('gives model SQL the jinja-sql language and keeps YAML as yaml', async function () {
    const doc = await openModel('bz_meetings');
    await until('the jinja-sql language', () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === doc.uri.fsPath && d.languageId === 'jinja-sql'));
    const yml = await vscode.workspace.openTextDocument(path.join(root(), 'models', 'bronze', 'schema.yml'));
    assert.equal(yml.languageId, 'yaml');
  });

  describe('a broken model', function () {
    const file = () => path.join(root(), 'models', 'bronze', 'bz_broken_suite.sql');
    after(() => fs.rmSync(file(), { force: true }));

    it('shows the server diagnostics for it', async function () {
      fs.writeFileSync(file(), "select * from {{ ref('bz_userz') }}\n");
      const doc = await vscode.workspace.openTextDocument(file());
      await vscode.window.showTextDocument(doc);
      const diags = await until('a diagnostic on the broken ref', () => {
        const list = vscode.languages.getDiagnostics(doc.uri);
        return list.some((d) => /bz_userz/.test(d.message)) ? list : undefined;
      });
      const d = diags.find((x) => /bz_userz/.test(x.message));
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.start.line, 0);
      assert.match(String(typeof d.code === 'object' ? d.code.value : d.code), /^bronze\//);
    });
  });

  it('"Run bronze model" builds bz_users and the audit panel shows its SUCCESS row', async function () {
    await openModel('bz_users');
    let finished;
    const sub = api.onDidFinishRun((e) => (finished = e));
    const outcome = await vscode.commands.executeCommand('bronze.runModel');
    sub.dispose();
    assert.ok(outcome, 'the run returned an outcome');
    assert.equal(outcome.exitCode, 0);
    assert.deepEqual(outcome.results.map((r) => [r.name, r.status]), [['bz_users', 'success']]);
    assert.ok(outcome.results[0].rowsAffected > 0, 'rows were written');
    assert.equal(finished && finished.outcome.invocationId, outcome.invocationId);

    const state = await vscode.commands.executeCommand('bronze.showAuditPanel');
    assert.ok(state, 'the panel loaded its state');
    assert.equal(state.selected, outcome.invocationId);
    assert.deepEqual(state.rows.map((r) => [r.name, r.status]), [['bz_users', 'SUCCESS']]);
    assert.equal(state.rows[0].rowsAffected, outcome.results[0].rowsAffected);
    assert.equal(state.invocations[0].counts.SUCCESS, 1);
    assert.ok(state.history['model.zoom_bronze.bz_users'].seconds.length >= 1);
    await until('the audit tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /bronze\.audit/.test(t.input.viewType)),
    );
  });

  it('previews the compiled SQL of an incremental model: MERGE when incremental, CREATE on a first run', async function () {
    const doc = await openModel('bz_users');
    const editor = await vscode.commands.executeCommand('bronze.previewCompiledSql', doc.uri);
    assert.equal(editor.document.uri.scheme, 'bronze-preview');
    const mode = await vscode.commands.executeCommand('bronze.togglePreviewMode');
    if (mode !== 'incremental') await vscode.commands.executeCommand('bronze.togglePreviewMode');
    await until('the MERGE in the preview', () => /merge into/i.test(editor.document.getText()));
    assert.match(editor.document.getText(), /^-- Compiled SQL of bz_users\.sql for an incremental run/);
    await vscode.commands.executeCommand('bronze.togglePreviewMode');
    await until('the first-run preview', () => !/merge into/i.test(editor.document.getText()) && /create/i.test(editor.document.getText()));
    await vscode.commands.executeCommand('bronze.togglePreviewMode');
    await until('the MERGE again', () => /merge into/i.test(editor.document.getText()));
  });

  it('updates the preview while the model is edited', async function () {
    const doc = await openModel('bz_users');
    const preview = await vscode.commands.executeCommand('bronze.previewCompiledSql', doc.uri);
    await until('the first preview', () => /merge into/i.test(preview.document.getText()));
    const edit = new vscode.WorkspaceEdit();
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    edit.insert(doc.uri, end, '\n-- bronze-suite-marker\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await until('the edit in the preview', () => preview.document.getText().includes('bronze-suite-marker'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('the lineage view follows the editor: upstream source, downstream tests and models, clicks open files', async function () {
    await openModel('bz_meetings');
    await until('the lineage view to follow bz_meetings', () => api.lineage.current === 'bz_meetings');
    const top = await api.lineage.getChildren();
    assert.deepEqual(top.map((i) => (i.kind === 'group' ? i.label : i.node && i.node.name)), ['Upstream', 'bz_meetings', 'Downstream']);
    const up = (await api.lineage.getChildren(top[0])).map((i) => i.node.name);
    assert.deepEqual(up, ['raw.meetings']);
    const down = (await api.lineage.getChildren(top[2])).map((i) => i.node.name);
    assert.ok(down.includes('unique_bz_meetings_meeting_id'), down.join(', '));
    assert.ok(down.includes('bz_participants') || down.some((n) => n.startsWith('relationships_bz_participants')), down.join(', '));
    const item = api.lineage.getTreeItem((await api.lineage.getChildren(top[0]))[0]);
    assert.equal(item.command.command, 'vscode.open');
    assert.match(item.command.arguments[0].fsPath, /sources\.yml$/);
    await openModel('bz_users');
    await until('the lineage view to follow bz_users', () => api.lineage.current === 'bz_users');
  });

  it('lists the demo tests under their models in the Test Explorer and runs one', async function () {
    await api.refreshTests();
    const projects = [];
    api.testController.items.forEach((i) => projects.push(i));
    assert.equal(projects.length, 1);
    const groups = [];
    projects[0].children.forEach((g) => groups.push(g));
    const users = groups.find((g) => g.label === 'bz_users');
    assert.ok(users, `a bz_users group among ${groups.map((g) => g.label).join(', ')}`);
    const tests = [];
    users.children.forEach((t) => tests.push(t));
    const notNull = tests.find((t) => t.label === 'not_null_bz_users_user_id');
    assert.ok(notNull, `not_null_bz_users_user_id among ${tests.map((t) => t.label).join(', ')}`);
    assert.equal(notNull.uri.fsPath, path.join(root(), 'models', 'bronze', 'schema.yml'));
    await api.runTests([notNull]);
    assert.equal(api.testResults().get(notNull.id), 'passed');
  });

  it('lists the demo unit tests under their model; a wrong expectation fails with the row diff', async function () {
    const file = path.join(root(), 'models', 'bronze', 'unit_tests.yml');
    const original = fs.readFileSync(file, 'utf8');
    const unitOf = async () => {
      await api.refreshTests();
      const groups = [];
      api.testController.items.forEach((p) => p.children.forEach((g) => groups.push(g)));
      const tests = [];
      groups.find((g) => g.label === 'bz_users').children.forEach((t) => tests.push(t));
      return tests.find((t) => t.label === 'bz_users_keeps_latest_update_per_user');
    };
    const unit = await unitOf();
    assert.ok(unit, 'bz_users_keeps_latest_update_per_user under bz_users');
    assert.equal(unit.uri.fsPath, file);
    await api.runTests([unit]);
    assert.equal(api.testResults().get(unit.id), 'passed');
    try {
      fs.writeFileSync(file, original.replace('- {user_id: USR-1, plan_type: Pro}', '- {user_id: USR-1, plan_type: Free}'));
      const wrong = await unitOf();
      await api.runTests([wrong]);
      assert.equal(api.testResults().get(wrong.id), 'failed');
      const message = api.testMessages().get(wrong.id);
      assert.match(message, /actual differs from expected/);
      assert.match(message, /\+\+\+ \| USR-1 +\| Pro/);
      assert.match(message, /--- \| USR-1 +\| Free/);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
