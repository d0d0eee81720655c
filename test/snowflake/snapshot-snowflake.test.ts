// `bronze snapshot` on a snowflake target (real snowflake-sdk → emulator): the same three batches as on DuckDB,
// checked row by row (snapshot-expectations.ts), with Snowflake's types, and a downstream ref in build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBatch, query, runSnapshots, writeSnapshotProject, type ScenarioTarget } from '../helpers/snapshot-scenario';
import { checkBatch, checkTypes } from '../helpers/snapshot-expectations';
import { emulator, PASSWORD } from './helpers';
import type { Emulator } from '../snowflake-emulator/server';

let emu: Emulator;
let root = '';
let t: ScenarioTarget;
// target_schema='snaps' is written as is; schema='snaps' through generate_schema_name (`<target schema>_snaps`).
const SCHEMAS = { legacy: 'snaps', custom: 'dev_snaps' };

before(async () => {
  emu = await emulator();
  root = mkdtempSync(join(tmpdir(), 'bronze-sf-snap-'));
  writeSnapshotProject(root);
  t = { projectDir: root, target: 'sf', targetOverrides: { password: PASSWORD, host: '127.0.0.1', port: emu.port, protocol: 'http', connect_retries: 0 } };
});
after(async () => {
  await emu.close();
  rmSync(root, { recursive: true, force: true });
});

test('three batches on Snowflake: row by row, both strategies, Snowflake types', async () => {
  const windows: { from: number; to: number }[] = [];
  for (let batch = 0; batch < 3; batch++) {
    await loadBatch(t, batch);
    const run = await runSnapshots(t);
    windows.push({ from: run.from, to: run.to });
    assert.equal(run.outcome.exitCode, 0, JSON.stringify(run.outcome.results.map((r) => r.message)));
    await checkBatch(t, windows, batch, SCHEMAS);
  }
  await checkTypes(t, SCHEMAS, /^TIMESTAMP_NTZ/, /^VARCHAR/);
});

test('build on Snowflake: the snapshot runs before the model that refs it', async () => {
  const run = await runSnapshots(t, 'build');
  assert.equal(run.outcome.exitCode, 0, JSON.stringify(run.outcome.results.map((r) => r.message)));
  const current = await query(t, 'select id, name from dev.current_users order by id');
  assert.deepEqual(current.map((r) => `${String(r.id)} ${String(r.name)}`), ['2 bob', '3 cy', '4 dee2']);
});

test('on Snowflake a MERGE that fails (a repeated key) leaves the snapshot as it was', async () => {
  // Rows as JSON: the driver's timestamps carry function properties that deepEqual compares by reference.
  const rows = async () => JSON.stringify(await query(t, 'select * from snaps.users_ts order by id, dbt_valid_from'));
  const before = await rows();
  await query(t, "insert into raw.users (id, region, name, plan, updated_at) values (3, 'eu', 'cy', 'gold', '2024-01-04 00:00:00'::timestamp_ntz), (3, 'eu', 'cy', 'team', '2024-01-04 00:00:00'::timestamp_ntz)");
  await query(t, "update raw.users set name = 'dee3', updated_at = '2024-01-04 00:00:00'::timestamp_ntz where id = 4");
  const run = await runSnapshots(t);
  const r = run.outcome.results.find((x) => x.name === 'users_ts');
  assert.equal(r?.status, 'error');
  assert.match(r?.message ?? '', /100090|[Dd]uplicate/);
  assert.equal(await rows(), before);
});
