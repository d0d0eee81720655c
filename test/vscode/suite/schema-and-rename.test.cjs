// Authoring in the real workbench on the demo project: column completion and hover through VS Code's own
// providers; renaming a model from a ref() in a singular test, from its schema.yml entry and by renaming its file —
// VS Code applies the server's workspace edit (file rename + every ref() in models, tests, macros, hooks and
// exposures, the schema.yml entry and the unit tests' model:, left unsaved as for a user), the files are read back
// and the server then reports no unknown ref; renaming a column from its schema.yml entry aliases it in the model's
// SELECT. Runs after the other suites (name order) and puts every file and editor back as it found them after each test.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, reloadIfStale, root, until } = require('./workbench.cjs');

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

/** Every project file as the user sees it: the editor's unsaved text where a document is dirty, else the disk's. */
function textsNow() {
  const out = projectTexts();
  for (const d of vscode.workspace.textDocuments) {
    if (d.uri.scheme === 'file' && d.isDirty && out.has(path.relative(root(), d.uri.fsPath))) out.set(path.relative(root(), d.uri.fsPath), d.getText());
  }
  return out;
}

/** Puts the project back as `saved` has it: edited documents reverted, files it lacks removed, its texts on disk. */
async function putBack(saved) {
  for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(d);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  for (const rel of projectTexts().keys()) if (!saved.has(rel)) fs.rmSync(path.join(root(), rel));
  for (const [rel, text] of saved) if (!fs.existsSync(path.join(root(), rel)) || fs.readFileSync(path.join(root(), rel), 'utf8') !== text) fs.writeFileSync(path.join(root(), rel), text);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await docsMatchDisk();
}

/**
 * Waits until VS Code's copy of every project file it holds is the disk's text: an edit to a copy the workbench
 * has not reloaded yet is refused ("has changed in the meantime") or lands on the old text.
 */
function docsMatchDisk() {
  const stale = () =>
    vscode.workspace.textDocuments
      .filter((d) => d.uri.scheme === 'file' && /\.(sql|ya?ml)$/.test(d.uri.fsPath) && d.uri.fsPath.startsWith(root() + path.sep) && fs.existsSync(d.uri.fsPath))
      .filter((d) => d.isDirty || d.getText() !== fs.readFileSync(d.uri.fsPath, 'utf8'));
  // A stale copy is reloaded rather than waited for (reloadIfStale).
  return until("VS Code's documents to match the disk", async () => {
    const docs = stale();
    for (const d of docs) await reloadIfStale(d);
    return docs.length === 0;
  }).catch((err) => {
    throw new Error(`${err.message}: ${stale().map((d) => path.relative(root(), d.uri.fsPath)).join(', ')}`);
  });
}

const testFile = () => vscode.Uri.file(path.join(root(), 'tests', 'assert_users_company_null_share.sql'));

/** Waits until the server resolves the singular test's ref() to `model` (it has caught up with the files). */
async function serverResolves(model) {
  const doc = await vscode.workspace.openTextDocument(testFile());
  await until('the singular test to become jinja-sql', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === testFile().toString())?.languageId === 'jinja-sql');
  await until(`hover on the test's ref() to show ${model}`, async () => {
    const text = doc.getText();
    const at = text.indexOf(`ref('${model}')`);
    if (at < 0) return false;
    const hs = await vscode.commands.executeCommand('vscode.executeHoverProvider', testFile(), doc.positionAt(at + 7));
    return hs.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes(`**model** \`${model}\``)));
  }, 20000);
}

/** Every `bronze/unknown-ref` diagnostic of a file on disk, as `path:line message`. */
function unknownRefs() {
  return vscode.languages
    .getDiagnostics()
    // Files on disk only: an earlier suite deletes a broken model while VS Code still holds its document.
    .filter(([uri]) => fs.existsSync(uri.fsPath))
    .flatMap(([uri, ds]) => ds.filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'bronze/unknown-ref').map((d) => `${path.relative(root(), uri.fsPath)}:${d.range.start.line + 1} ${d.message}`));
}

async function noUnknownRefs() {
  await until('no bronze/unknown-ref after the rename', () => unknownRefs().length === 0, 20000).catch((err) => {
    throw new Error(`${err.message}: ${unknownRefs().join('; ')}`);
  });
}

describe('authoring: columns and rename', () => {
  let saved;
  before(async () => {
    await activateBronze();
    saved = projectTexts();
  });
  afterEach(async () => {
    await putBack(saved);
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
    // The extension gives a project's .sql files the jinja-sql language just after they open; until then no Bronze
    // provider answers for the document (VS Code returns an empty edit).
    await serverResolves('bz_users');
    const doc = await vscode.workspace.openTextDocument(testFile());
    const at = doc.positionAt(doc.getText().indexOf("ref('bz_users')") + 7);
    const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', testFile(), at, 'bz_accounts');
    assert.ok(edit, 'the server answers the rename');
    assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code applies the edit');
    // The file rename is on disk; the text edits are in the editor's (unsaved) documents, as for a user.
    const after = textsNow();
    assert.ok(!after.has(path.join('models', 'bronze', 'bz_users.sql')));
    assert.equal(after.get(path.join('models', 'bronze', 'bz_accounts.sql')), saved.get(path.join('models', 'bronze', 'bz_users.sql')));
    const refsAfter = [...after.values()].reduce((n, t) => n + count(t, "ref('bz_accounts')"), 0);
    assert.equal(refsAfter, refsBefore);
    assert.equal([...after.values()].reduce((n, t) => n + count(t, "ref('bz_users')"), 0), 0);
    assert.match(after.get(path.join('models', 'bronze', 'schema.yml')), /^  - name: bz_accounts$/m);
    // The server sees the renamed project: the test's ref() resolves to bz_accounts, and no ref() points nowhere.
    await serverResolves('bz_accounts');
    await noUnknownRefs();
  });

  describe('from the model itself', () => {
    // What the demo lacks, so that the rename has every kind of reference to follow: a macro, an exposure and a
    // post_hook in another model's config() that ref() bz_users. (The demo's unit test already names it as model:.)
    const fixtures = {
      [path.join('macros', 'users_total.sql')]: "{% macro users_total() %}\n    (select count(*) from {{ ref('bz_users') }})\n{% endmacro %}\n",
      [path.join('models', 'exposures.yml')]: "version: 2\n\nexposures:\n  - name: users_dashboard\n    type: dashboard\n    owner:\n      email: data@example.com\n    depends_on:\n      - ref('bz_users')\n      - ref('bz_meetings')\n",
    };
    const meetings = path.join('models', 'bronze', 'bz_meetings.sql');
    const hook = "        tags=['meetings'],\n        post_hook=\"select count(*) from {{ ref('bz_users') }}\"\n";
    let withFixtures;

    before(() => fs.mkdirSync(path.join(root(), 'macros')));
    after(() => fs.rmdirSync(path.join(root(), 'macros')));

    beforeEach(async () => {
      for (const [rel, text] of Object.entries(fixtures)) fs.writeFileSync(path.join(root(), rel), text);
      const withHook = saved.get(meetings).replace("        tags=['meetings']\n", hook);
      assert.notEqual(withHook, saved.get(meetings), "bz_meetings.sql's config() as the demo writes it");
      fs.writeFileSync(path.join(root(), meetings), withHook);
      withFixtures = projectTexts();
      // Opened, as a user who just wrote them would have them: a file written into a folder made a moment before
      // can miss the workbench's file watcher (seen here: the new macros/ folder's file never reached the server).
      for (const rel of [...Object.keys(fixtures), meetings]) await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), rel)));
      await docsMatchDisk();
      await serverResolves('bz_users');
    });

    /** The rename of bz_users to `name` as the server plans it, once its edit reaches the fixtures (the server has read them). */
    async function plannedRename(uri, position, name) {
      const reaches = [path.join('macros', 'users_total.sql'), path.join('models', 'exposures.yml'), meetings, path.join('models', 'bronze', 'unit_tests.yml')];
      let last;
      return until('the rename edit to reach the macro, the exposure, the hook and the unit test', async () => {
        last = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, position, name);
        const files = new Set((last ? last.entries() : []).map(([u]) => path.relative(root(), u.fsPath)));
        return reaches.every((rel) => files.has(rel)) ? last : undefined;
      }, 30000, 250).catch((err) => {
        throw new Error(`${err.message}; the last edit touched: ${last ? last.entries().map(([u]) => path.relative(root(), u.fsPath)).join(', ') : 'nothing'}`);
      });
    }

    /** Every file as `withFixtures` had it, with bz_users renamed to `name` wherever it is a reference. */
    function expectRenamed(name) {
      const out = new Map();
      for (const [rel, text] of withFixtures) {
        let next = text.replaceAll("ref('bz_users')", `ref('${name}')`);
        if (rel === path.join('models', 'bronze', 'schema.yml')) next = next.replace('\n  - name: bz_users\n', `\n  - name: ${name}\n`);
        if (rel === path.join('models', 'bronze', 'unit_tests.yml')) next = next.replace('\n    model: bz_users\n', `\n    model: ${name}\n`);
        out.set(rel === path.join('models', 'bronze', 'bz_users.sql') ? path.join('models', 'bronze', `${name}.sql`) : rel, next);
      }
      return out;
    }

    function assertProject(expected) {
      const now = textsNow();
      assert.deepEqual([...now.keys()].sort(), [...expected.keys()].sort());
      for (const [rel, text] of expected) assert.equal(now.get(rel), text, rel);
    }

    it('renames bz_users from its schema.yml entry: the file, the ref() in models, tests, snapshots, macros, hooks and exposures, the entry and the unit test, read back', async () => {
      const yamlUri = vscode.Uri.file(path.join(root(), 'models', 'bronze', 'schema.yml'));
      const yamlDoc = await vscode.workspace.openTextDocument(yamlUri);
      await vscode.window.showTextDocument(yamlDoc);
      const at = yamlDoc.positionAt(yamlDoc.getText().indexOf('\n  - name: bz_users\n') + '\n  - name: bz_'.length);
      const prepared = await vscode.commands.executeCommand('vscode.prepareRename', yamlUri, at);
      assert.equal(prepared.placeholder, 'bz_users');
      const edit = await plannedRename(yamlUri, at, 'bz_people');
      assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code applies the edit');
      assertProject(expectRenamed('bz_people'));
      await serverResolves('bz_people');
      await noUnknownRefs();
    });

    it("renames bz_users by renaming its file: VS Code asks the server (willRenameFiles) and applies the same references' edits, read back", async () => {
      // The server has read the fixtures when a rename from the entry reaches them (planned, not applied).
      const yamlUri = vscode.Uri.file(path.join(root(), 'models', 'bronze', 'schema.yml'));
      const yamlDoc = await vscode.workspace.openTextDocument(yamlUri);
      await plannedRename(yamlUri, yamlDoc.positionAt(yamlDoc.getText().indexOf('\n  - name: bz_users\n') + '\n  - name: bz_'.length), 'bz_probe');
      const move = new vscode.WorkspaceEdit();
      move.renameFile(vscode.Uri.file(path.join(root(), 'models', 'bronze', 'bz_users.sql')), vscode.Uri.file(path.join(root(), 'models', 'bronze', 'bz_members.sql')));
      assert.ok(await vscode.workspace.applyEdit(move), 'VS Code renames the file');
      assertProject(expectRenamed('bz_members'));
      await serverResolves('bz_members');
      await noUnknownRefs();
    });
  });

  it("renames a column from its schema.yml entry: the model's SELECT gets the alias, the entry and the SQL that reads it follow, read back", async () => {
    await serverResolves('bz_users');
    const yamlUri = vscode.Uri.file(path.join(root(), 'models', 'bronze', 'schema.yml'));
    const yamlDoc = await vscode.workspace.openTextDocument(yamlUri);
    await vscode.window.showTextDocument(yamlDoc);
    const text = yamlDoc.getText();
    const entry = text.indexOf('      - name: company\n');
    assert.ok(entry > 0 && entry < text.indexOf('\n  - name: bz_meetings\n'), 'the bz_users entry documents company');
    const at = yamlDoc.positionAt(entry + '      - name: comp'.length);
    const prepared = await until('the server to offer the column for rename', () => Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', yamlUri, at)).catch(() => undefined));
    assert.equal(prepared.placeholder, 'company');
    const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', yamlUri, at, 'organization');
    assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code applies the edit');
    const expected = new Map(saved);
    const users = path.join('models', 'bronze', 'bz_users.sql');
    // The final SELECT's bare column gets the new name as an alias (the CTE's column is RAW's and stays).
    expected.set(users, saved.get(users).replace('\n    company,\n', '\n    company as organization,\n'));
    expected.set(path.join('models', 'bronze', 'schema.yml'), saved.get(path.join('models', 'bronze', 'schema.yml')).replace('      - name: company\n', '      - name: organization\n'));
    // Readers use the new name; a reader's own output keeps its name.
    const test = path.join('tests', 'assert_users_company_null_share.sql');
    expected.set(test, saved.get(test).replace('iff(company is null', 'iff(organization is null'));
    const snapshot = path.join('snapshots', 'users_snapshot.sql');
    expected.set(snapshot, saved.get(snapshot).replace('\n    company,\n', '\n    organization as company,\n'));
    for (const rel of [users, test, snapshot]) assert.notEqual(expected.get(rel), saved.get(rel), `the demo's ${rel} as the test expects it`);
    const now = textsNow();
    assert.deepEqual([...now.keys()].sort(), [...expected.keys()].sort());
    for (const [rel, want] of expected) assert.equal(now.get(rel), want, rel);
  });
});
