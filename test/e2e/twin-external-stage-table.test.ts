// dbt_external_tables' way on the local twin, with the project's own macro issuing the same statements: before each
// load, SHOW FILE FORMATS, SHOW TERSE SCHEMAS, `select … from dual`, then CREATE OR REPLACE EXTERNAL TABLE over an S3
// stage (or, without full refresh, ALTER EXTERNAL TABLE … REFRESH). The twin holds no S3 files: the rows
// `bronze sample --synthetic` wrote for the table stand in for them, named as the table's PATTERN reads, and the
// re-created table computes its virtual columns from them (https://docs.snowflake.com/en/sql-reference/sql/create-external-table).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'twin-external-stage-table');

async function rows(dir: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(join(dir, '.bronze', 'local.duckdb'), { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    await c.run(`ATTACH '${join(dir, '.bronze', 'local', 'LANDING.duckdb')}' AS landing (READ_ONLY)`);
    const r = (await c.runAndReadAll(sql)).getRows();
    c.closeSync();
    return r;
  } finally {
    instance.closeSync();
  }
}

describe('an external table the project creates over an S3 stage, on the twin', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-ext-stage-'));
    dir = join(root, 'twin-external-stage-table');
    cpSync(FIXTURE, dir, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is created again from the sampled rows before the load, its virtual columns computed from VALUE and the file name', async () => {
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '40', '--seed', '3']);
    assert.equal(sampled.code, 0, sampled.stderr);
    const build = await cli(['build', '--project-dir', dir]);
    assert.equal(build.code, 0, build.stderr + build.stdout);
    assert.match(build.stderr, /PASS=5 WARN=0 ERROR=0 SKIP=0 TOTAL=5/);
    // Every file name is one the table's PATTERN reads; the virtual columns are the expressions' values.
    const [[total, matching, keyed, named]] = await rows(
      dir,
      `select count(*), count(*) filter (where regexp_full_match("METADATA$FILENAME", 'v1/orders/orders_.*[.]csv')),
        count(*) filter (where order_id = json_extract_string("VALUE", '$.c1')), count(*) filter (where filenamedate = "METADATA$FILENAME")
       from landing.ext.orders`,
    );
    assert.deepEqual([total, matching, keyed, named].map(Number), [40, 40, 40, 40]);
    assert.equal(Number((await rows(dir, 'select count(*) from main.load_orders where order_id = first_field'))[0][0]), 40);
  });

  it('without full refresh, refreshes it: the files did not change, nor do the rows', async () => {
    const run = await cli(['run', '--project-dir', dir, '--vars', '{ext_full_refresh: false}']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(Number((await rows(dir, 'select count(*) from main.load_orders'))[0][0]), 40);
  });
});
