// Typing in a schema.yml goes through states that do not parse. The language server keeps the file's last good
// declarations for the rest of the project until it parses again, so only the file being typed in shows errors:
// no other file's diagnostics change (flicker) on any publication in between.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './harness';

const SCHEMA = 'models/bronze/schema.yml';
const USERS = 'models/bronze/bz_users.sql';
const MEETINGS = 'models/bronze/bz_meetings.sql';

describe('typing a broken schema.yml', () => {
  let s: TestServer;
  let version = 1;
  const text = (rel: string) => readFileSync(s.file(rel), 'utf8');
  const open = (rel: string) =>
    s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(rel), languageId: rel.endsWith('.yml') ? 'yaml' : 'jinja-sql', version: version++, text: text(rel) } });
  const change = (rel: string, body: string) =>
    s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: s.uri(rel), version: version++ }, contentChanges: [{ text: body }] });

  before(async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
    await open(USERS);
    await open(MEETINGS);
    await open(SCHEMA);
    await s.waitForDiagnostics(s.uri(MEETINGS), () => true);
    await s.waitForDiagnostics(s.uri(SCHEMA), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it('only the schema file shows errors while it is typed line by line; the other files never flicker', async () => {
    const baseline = new Map(s.diagnostics);
    const from = s.published.length;
    const good = text(SCHEMA);
    const lines = good.split('\n');
    const at = lines.indexOf('      - name: meetings');
    assert.ok(at > 0);
    const withLines = (replace: string[], insertAfter: string[] = []) => [...lines.slice(0, at), ...replace, ...insertAfter, ...lines.slice(at + 1)].join('\n');
    // Each state is the whole buffer after the user typed one more line (or closed a quote).
    const states: [body: string, parses: boolean][] = [
      [withLines(['      - name: "meetings']), false], // an unclosed quote on the line that declares raw.meetings
      [withLines(['      - name: "meetings"']), true],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting"]), false],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting", '   - name: lost_indent']), false],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting events'", '   - name: lost_indent']), false],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting events'"]), true],
      [good, true],
    ];
    for (const [body, parses] of states) {
      await change(SCHEMA, body);
      const d = await s.waitForDiagnostics(s.uri(SCHEMA), (l) => l.some((x) => x.code === 'bronze/yaml-syntax') === !parses);
      if (!parses) {
        const errors = d.filter((x) => x.code === 'bronze/yaml-syntax');
        assert.equal(errors.length, 1, JSON.stringify(d));
        assert.match(String(errors[0].message), /dbt cannot read this file until it is fixed; until then the rest of the project keeps what the last version of this file that parsed declared\.$/);
      }
    }
    // Let anything still queued be published before judging.
    await new Promise((r) => setTimeout(r, 800));
    const others = s.published.slice(from).filter((p: PublishDiagnosticsParams) => p.uri !== s.uri(SCHEMA));
    for (const p of others) assert.deepEqual(p.diagnostics, baseline.get(p.uri) ?? [], `diagnostics of ${p.uri} changed while ${SCHEMA} was typed`);
    assert.deepEqual(s.diagnostics.get(s.uri(MEETINGS)), baseline.get(s.uri(MEETINGS)));
    assert.deepEqual(s.diagnostics.get(s.uri(USERS)), baseline.get(s.uri(USERS)));
    assert.deepEqual(s.diagnostics.get(s.uri(SCHEMA)), baseline.get(s.uri(SCHEMA)));
  });
});
