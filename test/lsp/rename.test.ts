// Model rename over the real protocol: prepareRename, rename (file + every ref() in SQL and YAML + the
// schema.yml entry, as one workspace edit), refusals with the reason, and willRenameFiles.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { applyEdits, type LspTextEdit } from './apply-edit';
import { startServer, type TestServer } from './harness';

const USERS = 'models/bronze/bz_users.sql';
const MEETINGS = 'models/bronze/bz_meetings.sql';
const PLANS = 'models/bronze/bz_plans.sql';
const SCHEMA = 'models/bronze/schema.yml';

type Change = { kind: 'rename'; oldUri: string; newUri: string } | { textDocument: { uri: string }; edits: LspTextEdit[] };

describe('rename a model', () => {
  let s: TestServer;
  let version = 1;
  const text = (rel: string) => readFileSync(s.file(rel), 'utf8');
  const posOf = (rel: string, needle: string, delta: number, body = text(rel)) => {
    const i = body.indexOf(needle);
    assert.ok(i >= 0, needle);
    const lines = body.slice(0, i + delta).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  const rename = (rel: string, position: { line: number; character: number }, newName: string) =>
    s.conn.sendRequest('textDocument/rename', { textDocument: { uri: s.uri(rel) }, position, newName }) as Promise<{ documentChanges: Change[] }>;
  const prepare = (rel: string, position: { line: number; character: number }) =>
    s.conn.sendRequest('textDocument/prepareRename', { textDocument: { uri: s.uri(rel) }, position }) as Promise<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; placeholder: string }>;

  before(async () => {
    s = await startServer(['authoring'], { BRONZE_TEST: '1' });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(MEETINGS), languageId: 'jinja-sql', version: version++, text: text(MEETINGS) } });
    await s.waitForDiagnostics(s.uri(MEETINGS), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it("prepares a rename on a ref() name and on the model's schema.yml entry, and says what it renames elsewhere", async () => {
    const p = await prepare(MEETINGS, posOf(MEETINGS, "ref('bz_users')", 8));
    assert.equal(p.placeholder, 'bz_users');
    const at = posOf(MEETINGS, "ref('bz_users')", 5);
    assert.deepEqual(p.range, { start: at, end: { line: at.line, character: at.character + 8 } });
    const y = await prepare(SCHEMA, posOf(SCHEMA, '  - name: bz_users', 12));
    assert.equal(y.placeholder, 'bz_users');
    await assert.rejects(prepare(MEETINGS, posOf(MEETINGS, 'dateadd', 2)), /Bronze renames models and their columns: put the cursor on a ref\(\) name/);
  });

  it("renames the file, every ref() in SQL and YAML and the schema.yml entry in one edit; the file is renamed after the edits", async () => {
    const edit = await rename(MEETINGS, posOf(MEETINGS, "ref('bz_users')", 8), 'bz_accounts');
    const changes = edit.documentChanges;
    const last = changes[changes.length - 1];
    assert.deepEqual(last, { kind: 'rename', oldUri: s.uri(USERS), newUri: s.uri('models/bronze/bz_accounts.sql'), options: { overwrite: false } });
    const byUri = new Map(changes.filter((c): c is Extract<Change, { textDocument: unknown }> => 'textDocument' in c).map((c) => [c.textDocument.uri, c.edits]));
    assert.deepEqual([...byUri.keys()].sort(), [s.uri(MEETINGS), s.uri(PLANS), s.uri(SCHEMA)].sort());
    assert.equal(applyEdits(text(MEETINGS), byUri.get(s.uri(MEETINGS))!), text(MEETINGS).replace("ref('bz_users')", "ref('bz_accounts')"));
    assert.equal(applyEdits(text(PLANS), byUri.get(s.uri(PLANS))!), text(PLANS).replace("ref('bz_users')", "ref('bz_accounts')"));
    assert.equal(
      applyEdits(text(SCHEMA), byUri.get(s.uri(SCHEMA))!),
      text(SCHEMA).replace("to: ref('bz_users')", "to: ref('bz_accounts')").replace('  - name: bz_users\n', '  - name: bz_accounts\n'),
    );
  });

  it("answers the editor's willRenameFiles for the file rename its own rename edit carries with nothing (the edit already updates the refs)", async () => {
    const edit = await rename(MEETINGS, posOf(MEETINGS, "ref('bz_users')", 8), 'bz_clients');
    assert.ok(edit.documentChanges.some((c) => 'kind' in c && c.kind === 'rename'));
    const files = [{ oldUri: s.uri(USERS), newUri: s.uri('models/bronze/bz_clients.sql') }];
    assert.equal(await s.conn.sendRequest('workspace/willRenameFiles', { files }), null);
    // Only once: a later rename of the same file by the user in the Explorer updates the refs again.
    const again = (await s.conn.sendRequest('workspace/willRenameFiles', { files })) as { changes: Record<string, LspTextEdit[]> };
    assert.deepEqual(Object.keys(again.changes).sort(), [s.uri(MEETINGS), s.uri(PLANS), s.uri(SCHEMA)].sort());
  });

  it('refuses a name that collides with a model, an invalid name, and a project with a ref() computed in Jinja (naming where)', async () => {
    const at = posOf(SCHEMA, '  - name: bz_users', 12);
    await assert.rejects(rename(SCHEMA, at, 'bz_meetings'), { message: "A model named 'bz_meetings' already exists (models/bronze/bz_meetings.sql)." });
    await assert.rejects(rename(SCHEMA, at, '2users'), { message: "'2users' is not a valid model name (letters, digits and underscores, not starting with a digit)." });
    const dynamic = text(PLANS).replace("ref('bz_users')", "ref(var('users_model', 'bz_users'))");
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(PLANS), languageId: 'jinja-sql', version: version++, text: dynamic } });
    await assert.rejects(rename(SCHEMA, at, 'bz_accounts'), {
      message: "Cannot rename 'bz_users' safely: the ref() at models/bronze/bz_plans.sql:4 computes its model name in Jinja, so it may refer to 'bz_users'. Make it a literal ref() or rename by hand.",
    });
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: s.uri(PLANS) } });
  });

  it('updates refs and the schema.yml entry when the editor renames the .sql file', async () => {
    const edit = (await s.conn.sendRequest('workspace/willRenameFiles', { files: [{ oldUri: s.uri(USERS), newUri: s.uri('models/bronze/bz_people.sql') }] })) as { changes: Record<string, LspTextEdit[]> };
    assert.deepEqual(Object.keys(edit.changes).sort(), [s.uri(MEETINGS), s.uri(PLANS), s.uri(SCHEMA)].sort());
    assert.equal(applyEdits(text(PLANS), edit.changes[s.uri(PLANS)]), text(PLANS).replace("ref('bz_users')", "ref('bz_people')"));
    // Renaming a file that is no model changes nothing.
    const none = await s.conn.sendRequest('workspace/willRenameFiles', { files: [{ oldUri: s.uri('macros/money.sql'), newUri: s.uri('macros/cash.sql') }] });
    assert.equal(none, null);
  });

  const applyAll = (edit: { changes: Record<string, LspTextEdit[]> }) => {
    const out = new Map<string, string>();
    for (const [uri, edits] of Object.entries(edit.changes)) {
      const rel = uri.slice(s.uri('').length).replace(/^\//, '');
      out.set(rel, applyEdits(text(rel), edits));
    }
    return out;
  };

  it("renames a model's column from schema.yml: the SELECT (a bare column gets an alias), unique_key, the entry, relationships tests and qualified references downstream", async () => {
    const at = posOf(SCHEMA, '      - name: user_id\n        description', 14);
    const p = await prepare(SCHEMA, at);
    assert.equal(p.placeholder, 'user_id');
    const edit = (await rename(SCHEMA, at, 'account_id')) as unknown as { changes: Record<string, LspTextEdit[]> };
    const files = applyAll(edit);
    assert.deepEqual([...files.keys()].sort(), [MEETINGS, USERS, SCHEMA].sort());
    assert.equal(files.get(USERS), text(USERS).replace("unique_key='user_id'", "unique_key='account_id'").replace('    user_id,\n', '    user_id as account_id,\n'));
    assert.equal(files.get(MEETINGS), text(MEETINGS).replace('u.user_id = m.host_id', 'u.account_id = m.host_id'));
    const yml = text(SCHEMA);
    const expected = yml
      .replace("      - name: user_id\n        description: The user's id.", "      - name: account_id\n        description: The user's id.")
      .replace('              field: user_id', '              field: account_id');
    assert.equal(files.get(SCHEMA), expected);
    // The source's own user_id column is another column: untouched.
    assert.match(files.get(SCHEMA)!, /columns:\n          - name: user_id\n/);
  });

  it('renames an aliased output column from the SQL, keeping the schema.yml comment on its entry', async () => {
    const edit = (await rename(MEETINGS, posOf(MEETINGS, 'as fee_dollars', 5), 'fee_usd')) as unknown as { changes: Record<string, LspTextEdit[]> };
    const files = applyAll(edit);
    assert.equal(files.get(MEETINGS), text(MEETINGS).replace('as fee_dollars', 'as fee_usd'));
    assert.equal(files.get(SCHEMA), text(SCHEMA).replace('- name: fee_dollars   # derived in SQL', '- name: fee_usd   # derived in SQL'));
  });

  it('refuses a column rename that a * over the model would carry further, or that collides', async () => {
    const at = posOf(USERS, '    email,', 6);
    await assert.rejects(rename(USERS, at, 'user_name'), { message: "Model 'bz_users' already has a column 'user_name'." });
    const star = 'select *\nfrom {{ ref(\'bz_users\') }}\n';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(PLANS), languageId: 'jinja-sql', version: version++, text: star } });
    await assert.rejects(rename(USERS, at, 'contact_email'), {
      message: "models/bronze/bz_plans.sql:1 selects * from 'bz_users': its column 'email' would be renamed there too. List the columns there, or rename by hand.",
    });
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: s.uri(PLANS) } });
    const ok = (await rename(USERS, at, 'contact_email')) as unknown as { changes: Record<string, LspTextEdit[]> };
    assert.equal(applyAll(ok).get(MEETINGS), text(MEETINGS).replace('u.email as host_email', 'u.contact_email as host_email'));
  });
});

describe('rename a model: refs outside models and the schema.yml entry', () => {
  let s: TestServer;
  const text = (rel: string) => readFileSync(s.file(rel), 'utf8');
  const SCHEMA_YML = 'models/schema.yml';

  before(async () => {
    s = await startServer(['rename-everywhere']);
  });
  after(async () => {
    await s.stop();
  });

  /** Each file's text after its edits (every changed file, relative path → text). */
  const applied = (byUri: Map<string, LspTextEdit[]>) => new Map([...byUri].map(([uri, edits]) => [uri.slice(s.uri('').length).replace(/^\//, ''), applyEdits(text(uri.slice(s.uri('').length).replace(/^\//, '')), edits)]));
  const expected = () =>
    new Map([
      ['dbt_project.yml', text('dbt_project.yml').replace("ref('bz_users')", "ref('bz_people')")],
      ['macros/users_total.sql', text('macros/users_total.sql').replace("ref('bz_users')", "ref('bz_people')")],
      ['models/bz_plans.sql', text('models/bz_plans.sql').replaceAll("ref('bz_users')", "ref('bz_people')")],
      [
        SCHEMA_YML,
        text(SCHEMA_YML)
          .replace('  - name: bz_users   # one row per user', '  - name: bz_people   # one row per user')
          .replace('    model: bz_users\n', '    model: bz_people\n')
          .replace('    model: "bz_users"\n', '    model: "bz_people"\n')
          .replaceAll("ref('bz_users')", "ref('bz_people')"),
      ],
    ]);

  it("updates the ref() in config() hooks (a string and a list), dbt_project.yml's on-run-end, a macro, an exposure, a unit test's given and the unit tests' model: when the editor renames the .sql file", async () => {
    const edit = (await s.conn.sendRequest('workspace/willRenameFiles', { files: [{ oldUri: s.uri('models/bz_users.sql'), newUri: s.uri('models/bz_people.sql') }] })) as { changes: Record<string, LspTextEdit[]> };
    const files = applied(new Map(Object.entries(edit.changes)));
    assert.deepEqual([...files.keys()].sort(), [...expected().keys()].sort());
    for (const [rel, want] of expected()) assert.equal(files.get(rel), want, rel);
  });

  it('gives the same edits, and renames the file last, when the rename starts from the schema.yml entry', async () => {
    const body = text(SCHEMA_YML);
    const lines = body.slice(0, body.indexOf('  - name: bz_users') + 12).split('\n');
    const edit = (await s.conn.sendRequest('textDocument/rename', { textDocument: { uri: s.uri(SCHEMA_YML) }, position: { line: lines.length - 1, character: lines[lines.length - 1].length }, newName: 'bz_people' })) as { documentChanges: Change[] };
    const byUri = new Map(edit.documentChanges.filter((c): c is Extract<Change, { textDocument: unknown }> => 'textDocument' in c).map((c) => [c.textDocument.uri, c.edits]));
    const files = applied(byUri);
    assert.deepEqual([...files.keys()].sort(), [...expected().keys()].sort());
    for (const [rel, want] of expected()) assert.equal(files.get(rel), want, rel);
    // The unit tests keep their own names; only what they test follows.
    assert.match(files.get(SCHEMA_YML)!, /- name: bz_users_keeps_pro\n    model: bz_people\n/);
    assert.deepEqual(edit.documentChanges[edit.documentChanges.length - 1], { kind: 'rename', oldUri: s.uri('models/bz_users.sql'), newUri: s.uri('models/bz_people.sql'), options: { overwrite: false } });
  });

  it('refuses when a hook computes its ref() in Jinja, naming where', async () => {
    const plans = text('models/bz_plans.sql').replace("pre_hook=[\"select 1\", ", "pre_hook=[\"select * from {{ ref(var('m')) }}\", ");
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri('models/bz_plans.sql'), languageId: 'jinja-sql', version: 1, text: plans } });
    const body = text(SCHEMA_YML);
    const lines = body.slice(0, body.indexOf('  - name: bz_users') + 12).split('\n');
    await assert.rejects(s.conn.sendRequest('textDocument/rename', { textDocument: { uri: s.uri(SCHEMA_YML) }, position: { line: lines.length - 1, character: lines[lines.length - 1].length }, newName: 'bz_people' }), {
      message: "Cannot rename 'bz_users' safely: the ref() at models/bz_plans.sql:1 computes its model name in Jinja. Make it a literal ref() or rename by hand.",
    });
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: s.uri('models/bz_plans.sql') } });
  });
});
