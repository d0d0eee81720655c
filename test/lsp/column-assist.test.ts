// Columns while typing, over the real protocol: completion after `alias.` and in select lists, hover with
// type/description/tests/PII, go to the column's schema.yml entry.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './harness';

const USERS = 'models/bronze/bz_users.sql';
const MEETINGS = 'models/bronze/bz_meetings.sql';

interface Item {
  label: string;
  kind: number;
  detail?: string;
  documentation?: { value: string };
}

describe('column completion, hover and definition', () => {
  let s: TestServer;
  let version = 1;
  const text = (rel: string) => readFileSync(s.file(rel), 'utf8');
  const open = async (rel: string, body: string) => {
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(rel), languageId: 'jinja-sql', version: version++, text: body } });
  };
  const change = async (rel: string, body: string) => {
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: s.uri(rel), version: version++ }, contentChanges: [{ text: body }] });
  };
  const at = (body: string, needle: string, delta = 0) => {
    const i = body.indexOf(needle);
    assert.ok(i >= 0, `no ${needle}`);
    const before = body.slice(0, i + delta).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  const complete = async (rel: string, position: { line: number; character: number }) =>
    (await s.conn.sendRequest('textDocument/completion', { textDocument: { uri: s.uri(rel) }, position })) as Item[];
  const hover = async (rel: string, position: { line: number; character: number }) =>
    (await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: s.uri(rel) }, position })) as { contents: { value: string } } | null;

  before(async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
    await open(USERS, text(USERS));
    await open(MEETINGS, text(MEETINGS));
    await s.waitForDiagnostics(s.uri(MEETINGS), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it("completes a ref()'s columns after its alias, a source's after its alias, and every relation's in the select list", async () => {
    const body = text(MEETINGS).replace('    current_date() as load_date', '    u.\n    current_date() as load_date');
    await change(MEETINGS, body);
    const afterU = await complete(MEETINGS, at(body, 'u.\n', 2));
    assert.deepEqual(afterU.map((i) => i.label), ['user_id', 'email', 'user_name', 'plan_type', 'updated_at']);
    assert.ok(afterU.every((i) => i.kind === 5 && i.detail === 'u'));
    assert.equal(afterU[0].documentation?.value, "The user's id.");

    const withM = body.replace('    u.\n', '    m.dur\n');
    await change(MEETINGS, withM);
    const afterM = await complete(MEETINGS, at(withM, 'm.dur', 5));
    assert.deepEqual(afterM.map((i) => i.label), ['meeting_id', 'host_id', 'duration_minutes', 'updated_at']);

    const bare = body.replace('    u.\n', '    \n');
    await change(MEETINGS, bare);
    const list = await complete(MEETINGS, at(bare, '    \n    current_date()', 4));
    assert.deepEqual(list.map((i) => `${i.detail}:${i.label}`), [
      'm:meeting_id', 'm:host_id', 'm:duration_minutes', 'm:updated_at',
      'u:user_id', 'u:email', 'u:user_name', 'u:plan_type', 'u:updated_at',
    ]);
    // A comment on the line before does not hide the columns; a closed block comment just before neither.
    for (const lead of ['    -- note\n    ', '    /* note */ ']) {
      const afterComment = body.replace('    u.\n', `${lead}\n`);
      await change(MEETINGS, afterComment);
      const got = await complete(MEETINGS, at(afterComment, `${lead}\n`, lead.length));
      assert.deepEqual(got.map((i) => `${i.detail}:${i.label}`), list.map((i) => `${i.detail}:${i.label}`), lead);
    }
    // After FROM a relation is expected, not a column; inside a comment nothing.
    const fromPos = at(bare, 'from {{', 5);
    assert.deepEqual(await complete(MEETINGS, fromPos), []);
    const commented = body.replace('    u.\n', '    -- u.\n');
    await change(MEETINGS, commented);
    assert.deepEqual(await complete(MEETINGS, at(commented, '-- u.', 5)), []);
    const openBlock = body.replace('    u.\n', '    /* u.\n');
    await change(MEETINGS, openBlock);
    assert.deepEqual(await complete(MEETINGS, at(openBlock, '/* u.', 5)), []);
    const jinjaComment = body.replace('    u.\n', '    {# u. #}\n');
    await change(MEETINGS, jinjaComment);
    assert.deepEqual(await complete(MEETINGS, at(jinjaComment, '{# u.', 5)), []);
    await change(MEETINGS, text(MEETINGS));
  });

  it('completes the columns of a CTE (a star over a source) in the final select, typed and documented from the source', async () => {
    const body = text(USERS).replace('    user_name,\n', '    user_name,\n    src.\n');
    await change(USERS, body);
    const items = await complete(USERS, at(body, 'src.\n', 4));
    assert.deepEqual(items.map((i) => i.label), ['user_id', 'email', 'user_name', 'plan_type', 'updated_at']);
    await change(USERS, text(USERS));
  });

  it('hovers a joined column with its description and tests, and an output column with its PII tag', async () => {
    const body = text(MEETINGS);
    const h = await hover(MEETINGS, at(body, 'u.user_id', 3));
    assert.equal(h?.contents.value, "**column** `user_id` of `bz_users`\n\nThe user's id.\n\ntests: `unique`, `not_null`");
    const m = await hover(MEETINGS, at(body, '= m.host_id', 5));
    assert.equal(m?.contents.value, '**column** `host_id` of `raw.meetings`');
    const users = text(USERS);
    const e = await hover(USERS, at(users, '    email,', 5));
    assert.equal(e?.contents.value, '**column** `email` of `bz_users`\n\nPII: tag `pii`');
    const n = await hover(USERS, at(users, '    user_name,', 5));
    assert.equal(n?.contents.value, '**column** `user_name` of `bz_users`\n\nPII: `classification: pii`');
  });

  it("goes from a joined column to its schema.yml entry", async () => {
    const body = text(MEETINGS);
    const locs = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: s.uri(MEETINGS) }, position: at(body, 'u.user_id', 3) })) as { uri: string; range: { start: { line: number } } }[];
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, s.uri('models/bronze/schema.yml'));
    const yml = text('models/bronze/schema.yml').split('\n');
    const modelsAt = yml.findIndex((l) => l.startsWith('models:'));
    const line = yml.findIndex((l, i) => i > modelsAt && l.includes('- name: user_id'));
    assert.equal(locs[0].range.start.line, line);
  });
});

// CI once answered completion, hover and definition on the text before the latest edit: an edit that arrived while
// the previous one was still being analysed waited in the server's queue, and requests waited only for the workspace.
describe('requests answer on the newest text, however the edits and the project load interleave', () => {
  let s: TestServer;
  after(async () => {
    await s.stop();
  });

  it('completes after `u.` sent right after the open, while the project is still loading', async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
    const original = readFileSync(s.file(MEETINGS), 'utf8');
    const typed = original.replace('    current_date() as load_date', '    u.\n    current_date() as load_date');
    const i = typed.indexOf('u.\n') + 2;
    const lines = typed.slice(0, i).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const uri = s.uri(MEETINGS);
    // No await between: the open is still being analysed (the project is loading) when the edit and the request come.
    const sent = [
      s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jinja-sql', version: 1, text: original } }),
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] }),
    ];
    const items = s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position }) as Promise<Item[]>;
    await Promise.all(sent);
    assert.deepEqual((await items).map((x) => x.label), ['user_id', 'email', 'user_name', 'plan_type', 'updated_at']);
    // And an edit landing while the previous one is analysed: the hover sees the last text, where `u.user_id` moved.
    const moved = '\n\n' + original;
    const pending = [
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: typed + ' ' }] }),
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: moved }] }),
    ];
    const j = moved.indexOf('u.user_id') + 3;
    const hl = moved.slice(0, j).split('\n');
    const h = s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: hl.length - 1, character: hl[hl.length - 1].length } }) as Promise<{ contents: { value: string } } | null>;
    await Promise.all(pending);
    assert.equal((await h)?.contents.value, "**column** `user_id` of `bz_users`\n\nThe user's id.\n\ntests: `unique`, `not_null`");
  });
});
