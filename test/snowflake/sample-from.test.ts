// bronze sample --from: RAW rows copied from a Snowflake target (the real snowflake-sdk against our emulator) into
// the embedded twin, newest first; --append brings only what is newer, and the incremental run merges it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../snowflake-emulator/server';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { generateRawData, nextBatch } from '../../client/src/demo/raw-data';
import { loadDemoBatch, useDemoSnowflakeEnv } from './demo-on-emulator';
import { openEngine } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';
import { recencyColumn } from '../../client/src/sample/copy';
import { twinType } from '../../client/src/sample/column-kinds';
import { cli, scalar } from '../e2e/helpers';

const PASSWORD = 'Sample-Pa55word-q7';
const ROWS = 400;
const SEED = 20260101;

async function snowflakeScalar(dir: string, sql: string): Promise<unknown> {
  const engine = await openEngine({ projectDir: dir, target: 'snowflake' });
  const wh = await openWarehouse(engine.target, dir);
  try {
    const s = await wh.openSession();
    const row = (await s.execute(sql)).rows[0] ?? {};
    await s.close();
    const v = Object.values(row)[0];
    return v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v;
  } finally {
    await wh.close();
  }
}

describe('bronze sample --from a Snowflake target', () => {
  let emu: Emulator;
  let root = '';
  let dir = '';
  let restoreEnv = (): void => undefined;

  before(async () => {
    emu = await startEmulator({ port: 0, users: { sampler: PASSWORD } });
    restoreEnv = useDemoSnowflakeEnv(emu.port, 'sampler', PASSWORD);
    root = mkdtempSync(join(tmpdir(), 'bronze-sample-from-'));
    dir = join(root, 'demo');
    await writeDemoProject(dir);
    await loadDemoBatch(dir, generateRawData(ROWS, SEED), true);
  });
  after(async () => {
    await emu.close();
    rmSync(root, { recursive: true, force: true });
    restoreEnv();
  });

  test('copies the newest rows of every source, then the next batch only, which the incremental run merges', async () => {
    const copied = await cli(['sample', '--from', 'snowflake', '--project-dir', dir, '--rows', '150']);
    assert.equal(copied.code, 0, copied.stderr);
    assert.equal((copied.stderr.match(/^\d+ of 7 copied raw\.\w+: \d+ rows from DB_POC_ZOOM\.raw\.\w+ → "LOCAL"\."RAW"\."[A-Z_]+"/gm) ?? []).length, 7, copied.stderr);
    assert.doesNotMatch(copied.stderr + copied.stdout, new RegExp(PASSWORD));
    assert.equal(await scalar(dir, 'select count(*) from local.raw.users'), 150);
    // Newest first: the twin holds the 150 latest updates.
    const newestSf = String(await snowflakeScalar(dir, 'select max(update_timestamp) from DB_POC_ZOOM.raw.users'));
    const newestTwin = await scalar(dir, `select count(*) from local.raw.users where update_timestamp = (select max(update_timestamp) from local.raw.users)`);
    assert.ok(newestTwin >= 1 && newestSf.length > 0);
    const cut = String(await snowflakeScalar(dir, 'select update_timestamp from DB_POC_ZOOM.raw.users order by update_timestamp desc limit 1 offset 149'));
    assert.equal(await scalar(dir, `select count(*) from local.raw.users where update_timestamp < (select min(update_timestamp) from local.raw.users)`), 0);
    assert.ok(cut.length > 0);

    const build = await cli(['build', '--project-dir', dir]);
    assert.ok(build.code === 0 || /WARN=/.test(build.stderr), build.stderr);
    const before = await scalar(dir, 'select count(*) from local.raw.users');

    await loadDemoBatch(dir, nextBatch(1, ROWS, SEED), false);
    const appended = await cli(['sample', '--from', 'snowflake', '--append', '--project-dir', dir, '--rows', '100000', '-s', 'source:raw.users']);
    assert.equal(appended.code, 0, appended.stderr);
    assert.match(appended.stderr, /1 of 1 copied raw\.users: \d+ rows .*\(newer rows only\)/);
    const added = (await scalar(dir, 'select count(*) from local.raw.users')) - before;
    const newerOnSf = Number(await snowflakeScalar(dir, `select count(*) from DB_POC_ZOOM.raw.users where update_timestamp > (select max(update_timestamp) from DB_POC_ZOOM.raw.users where update_timestamp <= '${newestSf}')`));
    assert.equal(added, newerOnSf);
    assert.ok(added > 0);
    const run = await cli(['run', '--project-dir', dir, '-s', 'bz_users']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await scalar(dir, 'select count(*) - count(distinct user_id) from local.bronze.bz_users'), 0);
    assert.equal(await scalar(dir, `select count(*) from (select user_id, max(update_timestamp) ts from local.raw.users where user_id is not null group by 1) r join local.bronze.bz_users b using (user_id) where b.update_timestamp <> r.ts`), 0);
  });

  test('reads recency and types as Snowflake reports them', () => {
    assert.equal(recencyColumn({ loadedAtField: 'load_timestamp' }, [{ name: 'user_id', dataType: 'VARCHAR' }, { name: 'load_timestamp', dataType: 'TIMESTAMP_NTZ(9)' }]), 'load_timestamp');
    assert.equal(recencyColumn({}, [{ name: 'id', dataType: 'NUMBER(38,0)' }, { name: 'UPDATED_AT', dataType: 'TIMESTAMP_NTZ(9)' }]), 'UPDATED_AT');
    assert.equal(recencyColumn({}, [{ name: 'id', dataType: 'NUMBER(38,0)' }]), undefined);
    assert.equal(twinType('VARCHAR(16777216)'), 'VARCHAR');
    assert.equal(twinType('TIMESTAMP_NTZ(9)'), 'TIMESTAMP_NTZ');
    assert.equal(twinType('NUMBER(38,0)'), 'NUMBER(38,0)');
  });
});

describe('large results come back in chunks, as Snowflake sends them', () => {
  test('sampling 12,000 rows goes through the driver\'s chunk downloads and copies every row', async () => {
    const emu = await startEmulator({ port: 0, users: { sampler: PASSWORD }, inlineRows: 1000, chunkRows: 3000 });
    const restoreEnv = useDemoSnowflakeEnv(emu.port, 'sampler', PASSWORD);
    const root = mkdtempSync(join(tmpdir(), 'bronze-sample-chunks-'));
    try {
      const dir = join(root, 'demo');
      await writeDemoProject(dir);
      await loadDemoBatch(dir, generateRawData(12_500, SEED), true);
      const copied = await cli(['sample', '--from', 'snowflake', '--project-dir', dir, '--rows', '12000', '-s', 'source:raw.users']);
      assert.equal(copied.code, 0, copied.stderr);
      assert.equal(await scalar(dir, 'select count(*) from local.raw.users'), 12_000);
      assert.ok(emu.stats.chunksServed >= 4, `chunks downloaded: ${emu.stats.chunksServed}`);
      const distinctSf = Number(await snowflakeScalar(dir, 'select count(*) from (select * from DB_POC_ZOOM.raw.users order by update_timestamp desc limit 12000)'));
      assert.equal(distinctSf, 12_000);
    } finally {
      await emu.close();
      rmSync(root, { recursive: true, force: true });
      restoreEnv();
    }
  });
});
