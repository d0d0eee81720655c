// The demo's users_snapshot: `bronze build` runs it after bz_users; after `--next-batch` the users whose update
// changed (re-sent with a later update_timestamp) get a closed version and a current one, new users one row.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemo, demoNextBatch } from '../../client/src/demo/load';
import { runProject } from '../../client/src/run/runner';
import { query } from '../helpers/snapshot-scenario';

let root = '';
let dir = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'bronze-demo-snap-'));
  dir = join(root, 'demo');
});
after(() => rmSync(root, { recursive: true, force: true }));

test('the demo snapshot keeps a version per change of a user', async () => {
  await createDemo(dir, { rows: 300, seed: 7 });
  const first = await runProject({ projectDir: dir, command: 'build', threads: 2 });
  const snap = first.results.find((r) => r.uniqueId === 'snapshot.zoom_bronze.users_snapshot');
  assert.equal(snap?.status, 'success', snap?.message);
  const users = first.results.find((r) => r.name === 'bz_users');
  assert.ok(first.results.indexOf(users!) < first.results.indexOf(snap!));
  const t = { projectDir: dir, target: 'local' };
  const [before] = await query(t, 'select count(*) as n, count(distinct user_id) as u, count(dbt_valid_to) as closed from bronze.users_snapshot');
  assert.equal(Number(before.n), Number(before.u));
  assert.equal(Number(before.closed), 0);

  const batch = await demoNextBatch(dir);
  const usersBatch = batch.tables.find((x) => x.table === 'users')!;
  const second = await runProject({ projectDir: dir, command: 'build', threads: 2 });
  assert.equal(second.results.find((r) => r.uniqueId === 'snapshot.zoom_bronze.users_snapshot')?.status, 'success');
  const closed = await query(t, 'select user_id from bronze.users_snapshot where dbt_valid_to is not null order by user_id');
  assert.deepEqual(closed.map((r) => String(r.user_id)), [...usersBatch.changedKeys].sort());
  const [after] = await query(t, 'select count(*) as n, count(distinct user_id) as u from bronze.users_snapshot where dbt_valid_to is null');
  assert.equal(Number(after.n), Number(after.u), 'one current row per user');
  assert.equal(Number(after.u), Number(before.u) + usersBatch.newKeys.length);
});
