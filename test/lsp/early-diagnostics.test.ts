// A model opened while the project loads: its own syntax errors may be published before the project is loaded
// (server/src/lsp/early-diagnostics.ts), and no later publication takes any of them back.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './harness';

describe('diagnostics of a file opened while its project loads', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['early']);
    // Opened right after `initialized`, as an editor restoring its tabs does: the project is still loading.
    for (const [i, rel] of ['models/a.sql', 'models/c.sql'].entries()) {
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(rel), languageId: 'jinja-sql', version: i + 1, text: readFileSync(s.file(rel), 'utf8') } });
    }
    await s.waitForDiagnostics(s.uri('models/c.sql'), (l) => l.length > 0);
    // Requests wait for queued work; the second one's answer comes after every publication of the first's time.
    await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: s.uri('models/a.sql') } });
    await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: s.uri('models/a.sql') } });
  });
  after(async () => {
    await s.stop();
  });

  it("publishes the file's syntax errors first, and every later publication keeps them", () => {
    const pubs = s.published.filter((p) => p.uri === s.uri('models/a.sql')).map((p) => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`).sort());
    assert.ok(pubs.length > 0);
    assert.deepEqual(pubs[0], ['0:15 bronze/sql-syntax', '0:24 bronze/jinja-syntax']);
    for (const p of pubs) assert.deepEqual(p, pubs[0]);
  });

  it('adds the cross-file findings once the project is loaded, taking back nothing published before', () => {
    const pubs = s.published.filter((p) => p.uri === s.uri('models/c.sql')).map((p) => p.diagnostics.map((d) => JSON.stringify(d)));
    const last = pubs[pubs.length - 1];
    assert.deepEqual(last.map((d) => JSON.parse(d).code), ['bronze/unknown-ref']);
    for (const p of pubs) for (const d of p) assert.ok(last.includes(d), `taken back: ${d}`);
  });
});
