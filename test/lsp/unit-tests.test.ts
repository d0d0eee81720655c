// The language server reports unit-test problems at their YAML lines as the user types: an unknown model, then
// (once fixed) an input the model does not read; a correct file has none.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './harness';

const FILE = 'models/bronze/unit_tests.yml';

const yaml = (model: string, input: string) =>
  ['version: 2', 'unit_tests:', '  - name: latest_user_wins', `    model: ${model}`, '    given:', `      - input: ${input}`, '        rows: [{user_id: u1}]', '    expect:', '      rows: [{user_id: u1}]', ''].join('\n');

describe('unit tests in the language server', () => {
  let s: TestServer;
  let version = 1;
  before(async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
  });
  after(async () => {
    await s.stop();
  });

  it('locates an unknown model and an unread input at their lines, and clears them when fixed', async () => {
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(FILE), languageId: 'yaml', version: version++, text: yaml('bz_user', "source('raw', 'users')") } });
    const unknown = await s.waitForDiagnostics(s.uri(FILE), (l) => l.some((d) => d.code === 'bronze/unit-test-unknown-model'));
    const u = unknown.find((d) => d.code === 'bronze/unit-test-unknown-model')!;
    assert.equal(u.range.start.line, 3);
    assert.match(String(u.message), /Did you mean 'bz_users'\?/);
    const change = async (text: string) =>
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: s.uri(FILE), version: version++ }, contentChanges: [{ text }] });
    await change(yaml('bz_users', "ref('bz_meetings')"));
    const unread = await s.waitForDiagnostics(s.uri(FILE), (l) => l.some((d) => d.code === 'bronze/unit-test-input' && String(d.message).includes("does not ref('bz_meetings')")));
    assert.equal(unread.find((d) => String(d.message).includes("does not ref('bz_meetings')"))!.range.start.line, 5);
    await change(yaml('bz_users', "source('raw', 'users')"));
    await s.waitForDiagnostics(s.uri(FILE), (l) => !l.some((d) => String(d.code).startsWith('bronze/unit-test')));
  });
});
