// The language server knows snapshots: ref('a_snapshot') is no unknown-ref, hover says what the snapshot is,
// go-to-definition lands on the `{% snapshot %}` block's name; a bad snapshot config is a diagnostic there.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Workspace } from '../../server/src/analysis/workspace';
import { definition } from '../../server/src/analysis/definition';
import { hover } from '../../server/src/analysis/hover';
import type { Position } from '../../server/src/core/types';
import { writeSnapshotProject } from '../helpers/snapshot-scenario';

let root = '';
let ws: Workspace;
const MODEL = 'models/current_users.sql';

function at(rel: string, needle: string, delta = 0): Position {
  const t = readFileSync(join(root, rel), 'utf8');
  const i = t.indexOf(needle);
  assert.ok(i >= 0);
  const before = t.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'bronze-snap-editor-'));
  writeSnapshotProject(root);
  // A second model refs a misspelled snapshot: that one must still be reported.
  writeFileSync(join(root, 'models', 'typo.sql'), "select * from {{ ref('users_tss') }}\n");
  ws = new Workspace({ env: {} });
  await ws.addFolder(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('ref() to a snapshot resolves; a misspelled one is an unknown-ref that suggests the snapshot', () => {
  const all = [...ws.allDiagnostics()].flatMap(([file, list]) => list.map((d) => ({ ...d, file })));
  const unknown = all.filter((d) => d.code === 'bronze/unknown-ref');
  assert.deepEqual(unknown.map((d) => [d.file.endsWith('typo.sql'), /Did you mean 'users_ts'/.test(d.message)]), [[true, true]]);
  assert.deepEqual(all.filter((d) => d.severity === 'error' && d.code !== 'bronze/unknown-ref'), []);
});

test('hover on ref() to a snapshot shows its relation and strategy; definition goes to the block name', () => {
  const h = hover(ws, join(root, MODEL), at(MODEL, "'users_ts'", 2));
  assert.ok(h);
  assert.match(h.markdown, /^\*\*snapshot\*\* `users_ts` — snapshot/);
  assert.match(h.markdown, /snaps\.users_ts/);
  assert.match(h.markdown, /strategy: `timestamp` on updated_at · unique_key: `id` · hard_deletes: `invalidate`/);
  const d = definition(ws, join(root, MODEL), at(MODEL, "'users_ts'", 2));
  assert.equal(d.length, 1);
  assert.equal(d[0].file, join(root, 'snapshots', 'users_ts.sql'));
  assert.deepEqual(d[0].range.start, { line: 0, character: 12 });
});

test('an unclosed {% snapshot %} block is an error at its name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-snap-unclosed-'));
  try {
    writeSnapshotProject(dir);
    writeFileSync(join(dir, 'snapshots', 'users_check.sql'), "{% snapshot users_check %}\nselect 1 as id\n");
    const w = new Workspace({ env: {} });
    await w.addFolder(dir);
    const all = [...w.allDiagnostics()].flatMap(([file, list]) => list.map((d) => ({ ...d, file })));
    const d = all.find((x) => x.file.endsWith('users_check.sql') && x.code === 'bronze/jinja-unclosed');
    assert.ok(d, JSON.stringify(all.map((x) => [x.file, x.code, x.message])));
    assert.deepEqual(d.range.start, { line: 0, character: 12 });
    assert.match(d.message, /endsnapshot/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Preview compiled SQL on a snapshot file shows the snapshot statements, first run and later run', async () => {
  const { compiledSql } = await import('../../server/src/analysis/compiled-sql');
  const file = join(root, 'snapshots', 'users_ts.sql');
  const first = await compiledSql(ws, file, 'first');
  assert.equal(first.error, undefined);
  assert.equal(first.uniqueId, 'snapshot.snapdemo.users_ts');
  assert.match(first.sql, /create or replace table \S+\.snaps\.users_ts as \(\n    select \*,\n    md5\(/);
  const later = await compiledSql(ws, file, 'incremental');
  assert.equal(later.error, undefined);
  assert.match(later.sql, /merge into \S+\.snaps\.users_ts as DBT_INTERNAL_DEST/);
});
