// One server process, two workspace folders, each a dbt project: diagnostics, references and the preview stay
// per project.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CompiledSqlRequest } from '../../server/src/lsp/protocol';
import { startServer, type TestServer } from './harness';

const MEETINGS = 'models/bronze/bz_meetings.sql';
const USERS = 'models/bronze/bz_users.sql';

describe('multi-root workspace over stdio', () => {
  let s: TestServer;
  let version = 1;
  before(async () => {
    s = await startServer(['base:alpha', 'base:beta'], {}, true);
  });
  after(async () => {
    await s.stop();
  });

  it('keeps diagnostics of two projects apart and clears them when the buffer is closed', async () => {
    const a = s.uri(`alpha/${MEETINGS}`);
    const b = s.uri(`beta/${MEETINGS}`);
    const text = readFileSync(s.file(`beta/${MEETINGS}`), 'utf8');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: a, languageId: 'jinja-sql', version: version++, text } });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: b, languageId: 'jinja-sql', version: version++, text: text.replace("var('lookback_days')", "var('nope')") } });
    const d = await s.waitForDiagnostics(b, (l) => l.length > 0);
    assert.deepEqual(d.map((x) => x.code), ['bronze/undefined-var']);
    assert.deepEqual(await s.waitForDiagnostics(a, () => true), []);
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: b } });
    assert.deepEqual(await s.waitForDiagnostics(b, (l) => l.length === 0), []);
  });

  it('finds references of a model within its own project only', async () => {
    const uri = s.uri(`beta/${USERS}`);
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jinja-sql', version: version++, text: readFileSync(s.file(`beta/${USERS}`), 'utf8') } });
    await s.waitForDiagnostics(uri, () => true);
    const refs = (await s.conn.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: { line: 2, character: 0 },
      context: { includeDeclaration: false },
    })) as { uri: string; range: { start: { line: number; character: number } } }[];
    assert.deepEqual(refs.map((r) => [r.uri, r.range.start.line, r.range.start.character]), [[s.uri(`beta/${MEETINGS}`), 10, 12]]);
  });

  it('answers bronze/compiledSql for a model of either project with its own relation', async () => {
    const first = await s.conn.sendRequest(CompiledSqlRequest, { uri: s.uri(`alpha/${MEETINGS}`), mode: 'first' });
    assert.equal(first.error, undefined);
    assert.ok(first.statements.some((x) => /create or replace/i.test(x) && /bz_meetings/i.test(x)), first.sql);
    const bad = await s.conn.sendRequest(CompiledSqlRequest, { uri: s.uri('alpha/dbt_project.yml'), mode: 'first' });
    assert.equal(bad.statements.length, 0);
    assert.match(bad.error ?? '', /is not a model of a loaded dbt project: open a \.sql file under the model paths\.$/);
  });
});
