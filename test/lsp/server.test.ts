import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CompiledSqlRequest } from '../../server/src/lsp/protocol';
import { startServer, type TestServer } from './harness';

const USERS = 'models/bronze/bz_users.sql';
const MEETINGS = 'models/bronze/bz_meetings.sql';

describe('language server over stdio', () => {
  let s: TestServer;
  let text: (rel: string) => string;
  let version = 1;
  const open = async (rel: string, body?: string) => {
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(rel), languageId: 'jinja-sql', version: version++, text: body ?? text(rel) } });
  };
  const change = async (rel: string, body: string) => {
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: s.uri(rel), version: version++ }, contentChanges: [{ text: body }] });
  };
  before(async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
    text = (rel) => readFileSync(s.file(rel), 'utf8');
    await open(USERS);
    await open(MEETINGS);
    await s.waitForDiagnostics(s.uri(MEETINGS), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it('publishes an empty list for a clean model, then a located unknown-ref error with a quick fix after an edit', async () => {
    assert.deepEqual(s.diagnostics.get(s.uri(USERS)), []);
    const broken = text(MEETINGS).replace("ref('bz_users')", "ref('bz_user')");
    await change(MEETINGS, broken);
    const d = await s.waitForDiagnostics(s.uri(MEETINGS), (l) => l.some((x) => x.code === 'bronze/unknown-ref'));
    const ref = d.find((x) => x.code === 'bronze/unknown-ref')!;
    assert.equal(ref.message, "ref() points to model 'bz_user', which does not exist. Did you mean 'bz_users'?");
    assert.equal(ref.severity, 1);
    const line = broken.split('\n').findIndex((l) => l.includes("ref('bz_user')"));
    const col = broken.split('\n')[line].indexOf("'bz_user'");
    assert.deepEqual(ref.range, { start: { line, character: col }, end: { line, character: col + 9 } });
    const actions = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: s.uri(MEETINGS) },
      range: ref.range,
      context: { diagnostics: [ref] },
    })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, "Change to ref('bz_users')");
    assert.deepEqual(actions[0].edit.changes[s.uri(MEETINGS)].map((e) => e.newText), ["'bz_users'"]);
    await change(MEETINGS, text(MEETINGS));
    await s.waitForDiagnostics(s.uri(MEETINGS), (l) => l.length === 0);
  });

  it('hovers a ref with the model, a var with its value and origin', async () => {
    const lines = text(MEETINGS).split('\n');
    const l = lines.findIndex((x) => x.includes("ref('bz_users')"));
    const h = (await s.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: s.uri(MEETINGS) },
      position: { line: l, character: lines[l].indexOf('bz_users') + 2 },
    })) as { contents: { value: string } };
    assert.match(h.contents.value, /^\*\*model\*\* `bz_users` — incremental\n\n`[^`]+\.bz_users`\n\nBronze copy of RAW\.USERS, one row per user\./);
    assert.match(h.contents.value, /\| email \|  \|  \|/);
    const v = lines.findIndex((x) => x.includes("var('lookback_days')"));
    const hv = (await s.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: s.uri(MEETINGS) },
      position: { line: v, character: lines[v].indexOf('lookback_days') },
    })) as { contents: { value: string } };
    assert.equal(hv.contents.value, '**var** `lookback_days`\n\nValue: `3` — from dbt_project.yml vars');
  });

  it('goes to the model file from ref(), to schema.yml from source(), and to the macro', async () => {
    const lines = text(MEETINGS).split('\n');
    const at = (needle: string) => {
      const l = lines.findIndex((x) => x.includes(needle));
      return { line: l, character: lines[l].indexOf(needle) + 1 };
    };
    const toModel = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: s.uri(MEETINGS) }, position: at("'bz_users'") })) as { uri: string }[];
    assert.deepEqual(toModel.map((x) => x.uri), [s.uri(USERS)]);
    const toSource = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: s.uri(MEETINGS) }, position: at("'meetings'") })) as { uri: string; range: { start: { line: number } } }[];
    assert.equal(toSource.length, 1);
    assert.equal(toSource[0].uri, s.uri('models/bronze/schema.yml'));
    const schemaLines = text('models/bronze/schema.yml').split('\n');
    assert.match(schemaLines[toSource[0].range.start.line], /name: meetings/);
    const toMacro = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: s.uri(MEETINGS) }, position: at('cents_to_dollars') })) as { uri: string }[];
    assert.deepEqual(toMacro.map((x) => x.uri), [s.uri('macros/money.sql')]);
  });

  it('completes model names inside ref() and tables inside source()', async () => {
    const body = text(MEETINGS).replace("ref('bz_users')", "ref('')");
    await change(MEETINGS, body);
    const lines = body.split('\n');
    const l = lines.findIndex((x) => x.includes("ref('')"));
    const items = (await s.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: s.uri(MEETINGS) },
      position: { line: l, character: lines[l].indexOf("ref('") + 5 },
    })) as { label: string }[];
    assert.deepEqual(items.map((i) => i.label), ['bz_users']);
    const sl = lines.findIndex((x) => x.includes("source('raw', 'meetings')"));
    const tables = (await s.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: s.uri(MEETINGS) },
      position: { line: sl, character: lines[sl].indexOf("'meetings'") + 1 },
    })) as { label: string }[];
    assert.deepEqual(tables.map((i) => i.label).sort(), ['meetings', 'users']);
    await change(MEETINGS, text(MEETINGS));
  });

  it('shows Run · Build · Preview SQL · Preview data · Tests (n) lenses with the model as argument, and Preview on each CTE', async () => {
    const lenses = (await s.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: s.uri(USERS) } })) as {
      range: { start: { line: number } };
      command: { title: string; command: string; arguments: { uri: string; uniqueId: string; cte?: string }[] };
    }[];
    assert.deepEqual(
      lenses.map((l) => [l.command.title, l.command.command]),
      [
        ['▶ Run', 'bronze.runModel'],
        ['Build', 'bronze.buildModel'],
        ['Preview SQL', 'bronze.previewCompiledSql'],
        ['Preview data', 'bronze.previewData'],
        ['Tests (3)', 'bronze.testModel'],
        ['Preview', 'bronze.previewCte'],
      ],
    );
    assert.deepEqual(lenses[0].command.arguments, [{ uri: s.uri(USERS), uniqueId: 'model.lsp_demo.bz_users' }]);
    // The CTE lens sits on the CTE's line (`with src as (` is line 3) and names it.
    assert.equal(lenses[5].range.start.line, 2);
    assert.deepEqual(lenses[5].command.arguments, [{ uri: s.uri(USERS), uniqueId: 'model.lsp_demo.bz_users', cte: 'src' }]);
  });

  it('answers bronze/compiledSql with the MERGE for an incremental model, following the unsaved buffer', async () => {
    const first = await s.conn.sendRequest(CompiledSqlRequest, { uri: s.uri(USERS), mode: 'first' });
    assert.equal(first.error, undefined);
    assert.ok(first.statements.some((x) => /create or replace/i.test(x)), first.sql);
    assert.ok(!first.statements.some((x) => /\bmerge into\b/i.test(x)), first.sql);
    const inc = await s.conn.sendRequest(CompiledSqlRequest, { uri: s.uri(USERS), mode: 'incremental' });
    assert.equal(inc.error, undefined);
    const merge = inc.statements.find((x) => /\bmerge into\b/i.test(x));
    assert.ok(merge, inc.sql);
    assert.match(merge!, /USER_ID/);
    assert.match(merge!, /PLAN_TYPE/);
    assert.equal(inc.sql, inc.statements.join(';\n'));
    // Typing a new column shows up in the preview without saving.
    await change(USERS, text(USERS).replace('    plan_type,', '    plan_type,\n    company_size,'));
    const after = await s.conn.sendRequest(CompiledSqlRequest, { uri: s.uri(USERS), mode: 'incremental' });
    assert.match(after.statements.find((x) => /\bmerge into\b/i.test(x))!, /COMPANY_SIZE/);
    await change(USERS, text(USERS));
  });

  it('lists CTEs as document symbols and schema.yml entries as a tree', async () => {
    const sym = (await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: s.uri(USERS) } })) as { name: string }[];
    assert.deepEqual(sym.map((x) => x.name), ['src']);
    const y = (await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: s.uri('models/bronze/schema.yml') } })) as {
      name: string;
      children: { name: string; children: { name: string }[] }[];
    }[];
    assert.deepEqual(y.map((x) => x.name), ['version', 'sources', 'models']);
    assert.deepEqual(y[1].children.map((x) => x.name), ['raw']);
    assert.deepEqual(y[2].children.map((x) => x.name), ['bz_users', 'bz_meetings']);
    assert.deepEqual(y[2].children[0].children.map((x) => x.name), ['user_id', 'email', 'user_name', 'plan_type', 'updated_at']);
  });
});
