// A project that loads its raw tables itself from an internal stage (on-run-start: CREATE TABLE … USING TEMPLATE over
// INFER_SCHEMA, then COPY INTO … MATCH_BY_COLUMN_NAME), the stage and file format created outside the project: after
// `sample --synthetic` (which writes the sources' rows into the stage, creating the stage and the format) it builds on
// the twin with no edits, the tables holding exactly the rows the files carry; a second build loads them afresh. The
// run log its post-hook inserts into (made by hand on Snowflake) is created empty by the sampler.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'twin-stage-load');

async function rows(dir: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(join(dir, '.bronze', 'local.duckdb'), { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    const r = (await c.runAndReadAll(sql)).getRows();
    c.closeSync();
    return r;
  } finally {
    instance.closeSync();
  }
}

describe('a project loading its sources from an internal stage on the twin', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-stage-'));
    dir = join(root, 'twin-stage-load');
    cpSync(FIXTURE, dir, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('sample writes the stage files (creating the stage and file format), and the build loads and passes', async () => {
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '30', '--seed', '5']);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /file format LOCAL\.MAIN\.LANDING_CSV is not on the twin: created as CSV with a header line/);
    assert.match(sampled.stderr, /table LOCAL\.AUDIT\.RUN_LOG is written by the project's hooks and created by nothing in the project: created empty on the twin with the INSERT's columns \(model_name VARCHAR, ran_at TIMESTAMP_LTZ\)/);
    assert.match(sampled.stderr, /staged 30 rows of "LOCAL"\."MAIN"\."RAW_ORDERS" as @landing\/orders\/raw_orders\.csv/);
    const stage = join(dir, '.bronze', 'local', 'stages', 'LOCAL', 'MAIN', 'LANDING');
    const file = join(stage, 'orders', 'raw_orders.csv');
    assert.ok(existsSync(file));
    assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 31);
    const build = await cli(['build', '--project-dir', dir]);
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /PASS=8 WARN=0 ERROR=0 SKIP=0 TOTAL=8/);
    // The hook's table holds the file's rows, with the types INFER_SCHEMA gives them.
    assert.deepEqual(await rows(dir, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'RAW_ORDERS' ORDER BY ordinal_position"), [
      ['ORDER_ID', 'VARCHAR'],
      ['CUSTOMER_ID', 'VARCHAR'],
      ['AMOUNT', 'DECIMAL(6,2)'],
      ['ORDERED_AT', 'TIMESTAMP'],
    ]);
    assert.equal(Number((await rows(dir, 'SELECT count(*) FROM main.raw_orders'))[0][0]), 30);
    const [[counted, joined]] = await rows(dir, 'SELECT (SELECT sum(orders) FROM main.customer_totals), (SELECT count(*) FROM main.raw_orders JOIN main.raw_customers USING (customer_id))');
    assert.equal(Number(counted), Number(joined));
    // The post-hook wrote its row into the table the sampler created.
    assert.deepEqual(await rows(dir, 'SELECT model_name FROM audit.run_log'), [['customer_totals']]);
  });

  it('bronze debug --target local lists the stages and file formats', async () => {
    const debug = await cli(['debug', '--project-dir', dir, '--target', 'local']);
    assert.equal(debug.code, 0, debug.stderr);
    assert.match(debug.stdout, /\n  @LOCAL\.MAIN\.LANDING: .*LANDING \(2 files\)\n/);
    assert.match(debug.stdout, /\n  LOCAL\.MAIN\.LANDING_CSV: .*LANDING_CSV\.json/);
  });

  it('a second build replaces the tables and loads the files again (the new table has no load metadata)', async () => {
    const build = await cli(['build', '--project-dir', dir]);
    assert.equal(build.code, 0, build.stderr);
    assert.equal(Number((await rows(dir, 'SELECT count(*) FROM main.raw_orders'))[0][0]), 30);
  });
});
