// `bronze run --dry-run` on a snowflake target (real snowflake-sdk → emulator): after the next batch, the dry
// run's inserted + updated equal the real run's rows_affected, and the tables then hold targetRows + inserted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../snowflake-emulator/server';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { generateRawData, nextBatch } from '../../client/src/demo/raw-data';
import { loadDemoBatch, useDemoSnowflakeEnv } from './demo-on-emulator';
import { openEngine, runProject } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';
import type { RunImpact } from '../../client/src/preview/impact';
import { cli } from '../e2e/helpers';

const PASSWORD = 'Demo-Pa55word-x9';
const ROWS = 300;
const SEED = 20260101;
let emu: Emulator;
let root = '';
let dir = '';
let restoreEnv = (): void => undefined;

before(async () => {
  emu = await startEmulator({ port: 0, users: { tester: PASSWORD } });
  restoreEnv = useDemoSnowflakeEnv(emu.port, 'tester', PASSWORD);
  root = mkdtempSync(join(tmpdir(), 'bronze-sf-dry-'));
  dir = join(root, 'sf');
  await writeDemoProject(dir);
  await loadDemoBatch(dir, generateRawData(ROWS, SEED), true);
  const built = await runProject({ projectDir: dir, target: 'snowflake', command: 'run', threads: 2 });
  assert.equal(built.exitCode, 0);
});
after(async () => {
  await emu.close();
  rmSync(root, { recursive: true, force: true });
  restoreEnv();
});

test('dry run on Snowflake equals the following run', async () => {
  const batch = nextBatch(1, ROWS, SEED);
  await loadDemoBatch(dir, batch, false);
  const res = await cli(['run', '--dry-run', '--project-dir', dir, '--target', 'snowflake', '--output', 'json']);
  assert.equal(res.code, 0, res.stdout + res.stderr);
  const models = (JSON.parse(res.stdout) as { models: { model: string; impact?: RunImpact; error?: string }[] }).models;
  const impacts = new Map(models.map((m) => [m.model, m]));
  const run = await runProject({ projectDir: dir, target: 'snowflake', command: 'run', threads: 2 });
  assert.equal(run.exitCode, 0);
  const engine = await openEngine({ projectDir: dir, target: 'snowflake' });
  const wh = await openWarehouse(engine.target, dir);
  const s = await wh.openSession();
  try {
    for (const t of batch.tables) {
      const name = `bz_${t.table.name}`;
      const entry = impacts.get(name);
      assert.ok(entry?.impact, `${name}: ${entry?.error}`);
      const impact = entry.impact;
      assert.equal(impact.mode, 'incremental');
      assert.equal(impact.inserted, t.newKeys.length, `${name}: inserted`);
      assert.equal(impact.inserted + impact.updated, run.results.find((r) => r.name === name)?.rowsAffected, `${name}: rows_affected`);
      const held = Number(Object.values((await s.execute(`select count(*) as n from DB_POC_ZOOM.BRONZE.${name}`)).rows[0])[0]);
      assert.equal(held, impact.targetRows! + impact.inserted, `${name}: rows held`);
    }
  } finally {
    await s.close();
    await wh.close();
  }
});
