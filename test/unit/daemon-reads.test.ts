// The check daemon's compact record of the files it read (client/src/cli/daemon-reads.ts): what is put in comes
// back unchanged, and comparing a file's stat with it answers as comparing input-log.ts's identity strings — a file
// rewritten on disk after it was read is never taken for the one read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DaemonReads } from '../../client/src/cli/daemon-reads';
import { md5 } from '../../server/src/project/hash';
import { fileIdentity, readIdentified } from '../../server/src/project/input-log';

test('reads come back as they were recorded, in first-read order, a later read replacing an earlier one', () => {
  const reads = new DaemonReads();
  // Identities as fileIdentity writes them: numbers (doubles) joined by colons.
  const a = { v: md5('a'), s: [123, 45, 1733520000123.4567, 1733520000999.25].join(':'), t: 1733520001000.5 };
  const b = { v: null, s: null, t: 7 };
  const c = { v: md5(''), s: `${2 ** 53 + 2}:0:0:0`, t: 0 };
  reads.set('/p/a.sql', a);
  reads.set('/p/b.sql', b);
  for (let i = 0; i < 200; i++) reads.set(`/p/m${i}.sql`, { v: md5(String(i)), s: `${i}:${i}:${i}.5:${i}.25`, t: i });
  reads.set('/p/c.yml', c);
  assert.equal(reads.size, 203);
  assert.deepEqual(reads.get('/p/a.sql'), a);
  assert.deepEqual(reads.get('/p/b.sql'), b);
  assert.deepEqual(reads.get('/p/c.yml'), c);
  assert.deepEqual(reads.get('/p/m150.sql'), { v: md5('150'), s: '150:150:150.5:150.25', t: 150 });
  assert.equal(reads.get('/p/none.sql'), undefined);
  const again = { v: md5('a2'), s: null, t: 9 };
  reads.set('/p/a.sql', again);
  assert.deepEqual(reads.get('/p/a.sql'), again);
  assert.equal(reads.size, 203);
  assert.deepEqual([...reads.paths()].slice(0, 3), ['/p/a.sql', '/p/b.sql', '/p/m0.sql']);
  assert.ok(reads.sameText('/p/b.sql', null));
  assert.ok(!reads.sameText('/p/b.sql', md5('')));
  assert.ok(reads.sameText('/p/c.yml', md5('')));
  assert.ok(!reads.sameText('/p/c.yml', null));
  assert.ok(!reads.sameText('/p/c.yml', md5(' ')));
  reads.clear();
  assert.equal(reads.size, 0);
  assert.equal(reads.get('/p/c.yml'), undefined);
});

test('a file is the one read exactly when its identity string would be; a rewrite or a delete is seen', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-daemon-reads-'));
  try {
    const f = path.join(dir, 'm.sql');
    writeFileSync(f, 'select 1');
    const reads = new DaemonReads();
    const first = readIdentified(f);
    reads.set(f, { v: md5(first.text!), s: first.s, t: first.t });
    const same = statSync(f);
    assert.equal(fileIdentity(same), first.s);
    assert.ok(reads.sameIdentity(f, same));
    // Rewritten with text of the same length, its times set back: the change time still tells.
    writeFileSync(f, 'select 2');
    utimesSync(f, same.atime, same.mtime);
    const after = statSync(f);
    assert.equal(reads.sameIdentity(f, after), fileIdentity(after) === first.s);
    const now = readIdentified(f);
    assert.ok(!reads.sameText(f, md5(now.text!)));
    // Gone: absent is not the file read; recorded absent, absent is the same.
    rmSync(f);
    assert.ok(!reads.sameIdentity(f, undefined));
    reads.set(f, { v: null, s: null, t: Date.now() });
    assert.ok(reads.sameIdentity(f, undefined));
    assert.ok(!reads.sameIdentity(f, after));
    assert.ok(!reads.sameIdentity(path.join(dir, 'never.sql'), undefined));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
