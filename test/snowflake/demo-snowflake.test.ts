// The demo project on a `snowflake` target through the real snowflake-sdk and our wire-protocol emulator:
// the same figures as on DuckDB for a full build and an incremental run, audit rows read back, and the
// failure paths a production user meets (wrong password, SQL errors, dropped connections).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../snowflake-emulator/server';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { createDemo, demoNextBatch } from '../../client/src/demo/load';
import { generateRawData, nextBatch } from '../../client/src/demo/raw-data';
import { loadDemoBatch, useDemoSnowflakeEnv } from './demo-on-emulator';
import { openEngine, readAudit, runProject, type RunOutcome } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';
import { cli } from '../e2e/helpers';

const PASSWORD = 'Demo-Pa55word-x9';
const ROWS = 300;
const SEED = 20260101;

function figures(outcome: RunOutcome): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of outcome.results) out[r.name] = `${r.status}:${r.resourceType === 'model' ? r.rowsAffected : r.failures}`;
  return out;
}

describe('the demo on a snowflake target (real driver → emulator)', () => {
  let emu: Emulator;
  let root = '';
  let sfDir = '';
  let duckDir = '';
  let restoreEnv = (): void => undefined;

  before(async () => {
    emu = await startEmulator({ port: 0, users: { tester: PASSWORD } });
    restoreEnv = useDemoSnowflakeEnv(emu.port, 'tester', PASSWORD);
    root = mkdtempSync(join(tmpdir(), 'bronze-sf-demo-'));
    sfDir = join(root, 'sf');
    duckDir = join(root, 'duck');
    await writeDemoProject(sfDir);
    await loadDemoBatch(sfDir, generateRawData(ROWS, SEED), true);
    await createDemo(duckDir, { rows: ROWS, seed: SEED });
  });
  after(async () => {
    await emu.close();
    rmSync(root, { recursive: true, force: true });
    restoreEnv();
  });

  test('a full build and an incremental run give the same figures as on DuckDB, with --threads 4', async () => {
    const sf = await runProject({ projectDir: sfDir, target: 'snowflake', command: 'build', threads: 4 });
    const duck = await runProject({ projectDir: duckDir, command: 'build', threads: 4 });
    assert.deepEqual(figures(sf), figures(duck));
    assert.equal(sf.exitCode, 0);
    assert.ok(sf.results.filter((r) => r.resourceType === 'model').every((r) => r.status === 'success'));

    const batch = nextBatch(1, ROWS, SEED);
    await loadDemoBatch(sfDir, batch, false);
    await demoNextBatch(duckDir);
    const sf2 = await runProject({ projectDir: sfDir, target: 'snowflake', command: 'run', threads: 4 });
    const duck2 = await runProject({ projectDir: duckDir, command: 'run', threads: 4 });
    assert.deepEqual(figures(sf2), figures(duck2));
    assert.match(readFileSync(join(sfDir, 'target', 'run', 'zoom_bronze', 'models', 'bronze', 'bz_users.sql'), 'utf8'), /merge into DB_POC_ZOOM\.BRONZE\.bz_users as DBT_INTERNAL_DEST/);

    const engine = await openEngine({ projectDir: sfDir, target: 'snowflake' });
    const wh = await openWarehouse(engine.target, sfDir);
    const s = await wh.openSession();
    for (const t of batch.tables) {
      const key = t.table.columns[0].name;
      const n = (await s.execute(`select count(*) as n from DB_POC_ZOOM.BRONZE.bz_${t.table.name}`)).rows[0];
      const distinct = (await s.execute(`select count(distinct ${key}) as n from DB_POC_ZOOM.raw.${t.table.name}`)).rows[0];
      assert.equal(Number(Object.values(n)[0]), Number(Object.values(distinct)[0]), `bz_${t.table.name} holds every key once`);
    }
    await s.close();
    await wh.close();

    const audit = await readAudit({ projectDir: sfDir, target: 'snowflake', limit: 100, invocationId: sf2.invocationId });
    assert.equal(audit.length, sf2.results.length);
    assert.ok(audit.every((r) => r.status === 'SUCCESS' && r.targetName === 'snowflake'));
  });

  test('a SQL error reaches the user with its code and line; the audit records the failure', async () => {
    const file = join(sfDir, 'models', 'bronze', 'bz_broken.sql');
    writeFileSync(file, "{{ config(materialized='table') }}\nselect\n  no_such_column\nfrom {{ ref('bz_users') }}\n");
    try {
      const res = await cli(['run', '--project-dir', sfDir, '--target', 'snowflake', '-s', 'bz_broken']);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /code 000904/);
      assert.match(res.stderr, /line \d+ at position \d+/);
      const audit = await cli(['audit', '--project-dir', sfDir, '--target', 'snowflake', '--limit', '1', '--output', 'json']);
      const rows = JSON.parse(audit.stdout);
      assert.equal(rows[0].status, 'FAILED');
      assert.match(rows[0].errorMessage, /000904/);
    } finally {
      rmSync(file);
    }
  });

  test('a connection dropped mid-run fails the model cleanly and leaves no half-written table', async () => {
    const before = await runProject({ projectDir: sfDir, target: 'snowflake', command: 'run', select: ['bz_users'], threads: 1 });
    assert.equal(before.exitCode, 0);
    const engine = await openEngine({ projectDir: sfDir, target: 'snowflake' });
    const wh = await openWarehouse(engine.target, sfDir);
    const s = await wh.openSession();
    const count = async () => Number(Object.values((await s.execute('select count(*) as n from DB_POC_ZOOM.BRONZE.bz_users')).rows[0])[0]);
    const rowsBefore = await count();
    // Drop the connection on a query in the middle of the model's statements (after the tmp view exists).
    emu.setFaults({ dropConnectionOnQuery: 6 });
    try {
      const outcome = await runProject({ projectDir: sfDir, target: 'snowflake', command: 'run', select: ['bz_users'], threads: 1, fullRefresh: true });
      const users = outcome.results.find((r) => r.name === 'bz_users')!;
      assert.equal(users.status, 'error');
      assert.match(users.message, /connection|session/i);
    } finally {
      emu.setFaults({});
    }
    assert.equal(await count(), rowsBefore);
    await s.close();
    await wh.close();
  });

  test('bronze debug reports a good connection, and explains a wrong password without printing it', async () => {
    const ok = await cli(['debug', '--project-dir', sfDir, '--target', 'snowflake']);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /connection: OK/);
    assert.match(ok.stdout, /password: \*\*\*\*/);
    assert.doesNotMatch(ok.stdout + ok.stderr, new RegExp(PASSWORD));
    const wrong = 'Wrong-Pa55word-77';
    process.env.SNOWFLAKE_PASSWORD = wrong;
    try {
      const bad = await cli(['debug', '--project-dir', sfDir, '--target', 'snowflake']);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /Incorrect username or password/);
      assert.doesNotMatch(bad.stdout + bad.stderr, new RegExp(wrong));
    } finally {
      process.env.SNOWFLAKE_PASSWORD = PASSWORD;
    }
  });
});
