// The language server gives back what a project load left behind once idle (idle-collector.ts): full collections
// follow the load and files changed on disk, and say so in the server's log; edits, whose next keystroke would wait
// for a collection under way, start none.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './harness';

const MODEL = 'models/bronze/bz_users.sql';
const IDLE = /^bronze: idle: (\d+) full collections? \(\d+ ms\), heap \d+ of \d+ MB, RSS \d+ MB$/;

describe('the language server once idle', () => {
  let s: TestServer;
  const logs: string[] = [];
  const idle = () => logs.filter((l) => IDLE.test(l)).length;
  /** Waits (bounded: a hang fails, no duration is asserted) until `n` collection series were logged. */
  const series = async (n: number): Promise<void> => {
    for (let i = 0; i < 600 && idle() < n; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(idle(), n, `collection series logged: ${JSON.stringify(logs)}`);
  };
  before(async () => {
    s = await startServer(['base']);
    s.conn.onNotification('window/logMessage', (p: { message: string }) => {
      logs.push(p.message);
    });
  });
  after(async () => {
    await s.stop();
  });

  it('collects after the project loads, then not after edits, then again after files change on disk', async () => {
    await series(1);
    const [, rounds] = IDLE.exec(logs.find((l) => IDLE.test(l)) ?? '') ?? [];
    // At least one collection optimized for size and the plain one that ends every series.
    assert.ok(Number(rounds) >= 2, rounds);

    const uri = s.uri(MODEL);
    const text = readFileSync(s.file(MODEL), 'utf8');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jinja-sql', version: 1, text } });
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n-- typed\n` }] });
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    // Three idle waits later, still the load's one series.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(idle(), 1);

    const other = s.file('models/bronze/bz_added.sql');
    writeFileSync(other, "select 1 as id\n");
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('models/bronze/bz_added.sql'), type: 1 }] });
    await series(2);
  });
});
