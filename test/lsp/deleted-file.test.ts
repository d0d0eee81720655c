// A model deleted from disk loses its diagnostics: VS Code closes the editor (didClose) and then reports the
// deletion (didChangeWatchedFiles); the Problems panel must not keep an error for a file that is gone.
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './harness';

const BROKEN = 'models/bronze/bz_broken.sql';
const TEXT = "select * from {{ ref('bz_userz') }}\n";

describe('a deleted model', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(['authoring'], { BRONZE_TEST: '1' });
  });
  after(async () => {
    await s.stop();
  });

  it('has its diagnostics cleared once closed and deleted', async () => {
    const uri = s.uri(BROKEN);
    writeFileSync(s.file(BROKEN), TEXT);
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jinja-sql', version: 1, text: TEXT } });
    await s.waitForDiagnostics(uri, (d) => d.some((x) => /bz_userz/.test(String(x.message))));
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    rmSync(s.file(BROKEN));
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    assert.deepEqual(await s.waitForDiagnostics(uri, (d) => d.length === 0), []);
  });

  it('has its diagnostics cleared when deleted while still open in an editor, once the editor closes', async () => {
    const uri = s.uri(BROKEN);
    writeFileSync(s.file(BROKEN), TEXT);
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jinja-sql', version: 1, text: TEXT } });
    await s.waitForDiagnostics(uri, (d) => d.some((x) => /bz_userz/.test(String(x.message))));
    rmSync(s.file(BROKEN));
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await s.waitForDiagnostics(uri, (d) => d.length === 0), []);
  });
});
