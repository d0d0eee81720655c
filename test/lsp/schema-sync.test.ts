// schema.yml in step with the SQL, over the real protocol: code actions that add a model's missing output
// columns (typed and described from the column they pass through), remove columns it no longer outputs,
// and add a missing model entry — keeping the file's comments and order.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { applyEdits, type LspTextEdit } from './apply-edit';
import { startServer, type TestServer } from './harness';

const MEETINGS = 'models/bronze/bz_meetings.sql';
const PLANS = 'models/bronze/bz_plans.sql';
const SCHEMA = 'models/bronze/schema.yml';

interface Action {
  title: string;
  kind: string;
  edit: { changes?: Record<string, LspTextEdit[]>; documentChanges?: unknown[] };
}

describe('schema.yml code actions', () => {
  let s: TestServer;
  let version = 1;
  const text = (rel: string) => readFileSync(s.file(rel), 'utf8');
  const actions = async (rel: string, line: number, character = 0, only?: string[]) =>
    (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: s.uri(rel) },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    })) as Action[];
  const lineOf = (rel: string, needle: string) => text(rel).split('\n').findIndex((l) => l.includes(needle));
  const applied = (a: Action | undefined, rel: string) => {
    assert.ok(a, 'no such action');
    assert.deepEqual(Object.keys(a.edit.changes ?? {}), [s.uri(rel)]);
    return applyEdits(text(rel), a.edit.changes![s.uri(rel)]);
  };

  before(async () => {
    s = await startServer(['authoring'], { BRONZE_TEST: '1' });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(MEETINGS), languageId: 'jinja-sql', version: version++, text: text(MEETINGS) } });
    await s.waitForDiagnostics(s.uri(MEETINGS), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it("adds one undocumented output column after the column it follows, with the source column's type and description", async () => {
    const list = await actions(MEETINGS, lineOf(MEETINGS, 'm.start_time'), 6);
    assert.deepEqual(list.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Add column 'start_time' to schema.yml", "Document all output columns of 'bz_meetings' in schema.yml"]);
    const yml = applied(list[0], SCHEMA);
    const before = text(SCHEMA);
    assert.equal(
      yml,
      before.replace(
        "      - name: host_id\n        tests:\n          - relationships:\n              to: ref('bz_users')\n              field: user_id\n",
        "      - name: host_id\n        tests:\n          - relationships:\n              to: ref('bz_users')\n              field: user_id\n      - name: start_time\n        data_type: timestamp_ntz\n        description: When the meeting started.\n",
      ),
    );
  });

  it('documents every output column at once; a personal column gets the pii tag and an empty description, not an invented one', async () => {
    const list = await actions(MEETINGS, lineOf(MEETINGS, 'host_email'), 8);
    const all = list.find((a) => a.title.startsWith('Document all output columns'));
    const yml = applied(all, SCHEMA);
    assert.match(yml, /      - name: start_time\n        data_type: timestamp_ntz\n/);
    assert.match(yml, /      - name: fee_dollars   # derived in SQL\n      - name: host_email\n        description: ""\n        tags: \['pii'\]\n      - name: load_date\n/);
    assert.match(yml, /  # Meetings, one row per meeting\.\n  - name: bz_meetings\n/);
  });

  it('removes a declared column the model no longer outputs: a quick fix on its schema.yml entry, a source action from the SQL', async () => {
    // The lightbulb's automatic request (every cursor move) gets no model-wide source actions; the menu does.
    const automatic = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: s.uri(MEETINGS) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], triggerKind: 2 },
    })) as Action[];
    assert.deepEqual(automatic, []);
    const fromSql = await actions(MEETINGS, 0, 0, ['source']);
    const remove = fromSql.find((a) => a.title === "Remove column 'load_date' from schema.yml");
    assert.equal(remove?.kind, 'source');
    const expected = text(SCHEMA).replace('      - name: load_date\n', '');
    assert.equal(applied(remove, SCHEMA), expected);
    const onEntry = await actions(SCHEMA, lineOf(SCHEMA, '- name: load_date'), 10);
    assert.deepEqual(onEntry.map((a) => `${a.kind}:${a.title}`), ["quickfix:Remove column 'load_date' from schema.yml"]);
    assert.equal(applied(onEntry[0], SCHEMA), expected);
    // A column the model does output offers no removal.
    assert.deepEqual(await actions(SCHEMA, lineOf(SCHEMA, '- name: fee_dollars'), 10), []);
  });

  it('adds the entry of an undocumented model to the schema.yml of its folder, with its output columns', async () => {
    const list = await actions(PLANS, 0, 0);
    assert.deepEqual(list.map((a) => `${a.kind}:${a.title}`), ["quickfix:Add model 'bz_plans' to models/bronze/schema.yml"]);
    const yml = applied(list[0], SCHEMA);
    assert.ok(yml.startsWith(text(SCHEMA).trimEnd() + '\n'));
    assert.ok(
      yml.endsWith(
        '  - name: bz_plans\n    description: ""\n    columns:\n      - name: plan_type\n        description: ""\n      - name: user_count\n        description: ""\n',
      ),
    );
  });
});
