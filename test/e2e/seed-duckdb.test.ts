// `bronze seed` and seeds in `bronze build` on the embedded DuckDB target: types as dbt infers them, refs to
// seeds, schema.yml tests on seeds, truncate-and-reload, --full-refresh, column_types/delimiter, --empty, and the
// artifacts and audit rows dbt-style tools read.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, query, scalar } from './helpers';

const PLANS = 'plan_type,monthly_price,max_participants,is_active,launched_on\nbasic,0,100,true,2024-01-01\npro,14.99,"1,000",true,2024-02-01\nbusiness,19.99,300,false,\n';

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'seeds', 'ref_data'), { recursive: true });
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'dbt_project.yml'),
    [
      'name: seedy',
      "version: '1.0'",
      'profile: seedy',
      'seeds:',
      '  seedy:',
      '    ref_data:',
      '      +column_types: {zip: varchar}',
      '      +delimiter: ";"',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'seeds', 'plan_types.csv'), PLANS);
  writeFileSync(join(dir, 'seeds', 'ref_data', 'regions.csv'), 'region;zip\nnorth;00123\nsouth;04567\n');
  writeFileSync(
    join(dir, 'seeds', 'schema.yml'),
    [
      'version: 2',
      'seeds:',
      '  - name: plan_types',
      '    columns:',
      '      - name: plan_type',
      '        data_tests: [not_null, unique]',
      '      - name: is_active',
      '        data_tests:',
      '          - accepted_values: {values: [true, false], quote: false}',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'models', 'plan_prices.sql'), "select plan_type, monthly_price * 12 as yearly_price from {{ ref('plan_types') }} where is_active\n");
}

describe('bronze seed on DuckDB', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-seed-'));
    dir = join(root, 'p');
    writeProject(dir);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('loads every seed with the types dbt infers and the values the CSV holds', async () => {
    const r = await cli(['seed', '--project-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /OK seed file main\.plan_types \.+ \[INSERT 3 in/);
    const cols = await query(dir, "select column_name, data_type from information_schema.columns where lower(table_name) = 'plan_types' order by ordinal_position");
    assert.deepEqual(
      cols.map((c) => `${String(c.column_name)} ${String(c.data_type)}`),
      ['PLAN_TYPE VARCHAR', 'MONTHLY_PRICE DOUBLE', 'MAX_PARTICIPANTS DECIMAL(38,0)', 'IS_ACTIVE BOOLEAN', 'LAUNCHED_ON DATE'],
    );
    const rows = await query(dir, 'select plan_type, monthly_price, max_participants::int as mp, is_active, launched_on::varchar as d from plan_types order by plan_type');
    assert.deepEqual(rows, [
      { PLAN_TYPE: 'basic', MONTHLY_PRICE: 0, mp: 100, IS_ACTIVE: true, d: '2024-01-01' },
      { PLAN_TYPE: 'business', MONTHLY_PRICE: 19.99, mp: 300, IS_ACTIVE: false, d: null },
      { PLAN_TYPE: 'pro', MONTHLY_PRICE: 14.99, mp: 1000, IS_ACTIVE: true, d: '2024-02-01' },
    ]);
    // column_types keeps the zip codes as written; the folder's delimiter applies.
    assert.deepEqual(await query(dir, 'select zip from regions order by zip'), [{ ZIP: '00123' }, { ZIP: '04567' }]);
    const rr = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { args: { which: string }; results: Array<Record<string, unknown>> };
    assert.equal(rr.args.which, 'seed');
    const plan = rr.results.find((x) => x.unique_id === 'seed.seedy.plan_types')!;
    assert.equal(plan.status, 'success');
    assert.equal(plan.message, 'INSERT 3');
    assert.deepEqual({ ...(plan.adapter_response as Record<string, unknown>), query_id: undefined }, { _message: 'INSERT 3', code: 'INSERT', rows_affected: 3, query_id: undefined });
    assert.match(readFileSync(join(dir, 'target', 'run', 'seedy', 'seeds', 'plan_types.csv'), 'utf8'), /^create table .*plan_types \(plan_type varchar, monthly_price float8/m);
    const audit = await query(dir, "select node_id, node_type, status, rows_affected::int as n from bz_data_audit where node_type = 'seed' order by node_id");
    assert.deepEqual(audit, [
      { NODE_ID: 'seed.seedy.plan_types', NODE_TYPE: 'seed', STATUS: 'SUCCESS', n: 3 },
      { NODE_ID: 'seed.seedy.regions', NODE_TYPE: 'seed', STATUS: 'SUCCESS', n: 2 },
    ]);
  });

  it('build loads the seed before the model that refs it and runs the seed tests', async () => {
    writeFileSync(join(dir, 'seeds', 'plan_types.csv'), PLANS + 'enterprise,49.5,1000,true,2024-04-01\n');
    const r = await cli(['build', '--project-dir', dir, '--threads', '2', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { results: Array<{ unique_id: string; status: string; message: string }> };
    const order = out.results.map((x) => x.unique_id);
    assert.ok(order.indexOf('seed.seedy.plan_types') < order.indexOf('model.seedy.plan_prices'), order.join(' '));
    assert.equal(out.results.filter((x) => x.unique_id.startsWith('test.') && x.status === 'pass').length, 3);
    // The table existed with the same columns: truncated and reloaded, not recreated.
    assert.equal(out.results.find((x) => x.unique_id === 'seed.seedy.plan_types')!.message, 'INSERT 4');
    assert.deepEqual(await query(dir, 'select plan_type, yearly_price from plan_prices order by plan_type'), [
      { PLAN_TYPE: 'basic', YEARLY_PRICE: 0 },
      { PLAN_TYPE: 'enterprise', YEARLY_PRICE: 594 },
      { PLAN_TYPE: 'pro', YEARLY_PRICE: 179.88 },
    ]);
  });

  it('a changed header needs --full-refresh, which recreates the table; a failing seed test skips its children', async () => {
    writeFileSync(join(dir, 'seeds', 'plan_types.csv'), 'plan_type,monthly_price,max_participants,is_active,launched_on,tier\nbasic,0,100,true,2024-01-01,1\n');
    const stale = await cli(['seed', '--project-dir', dir, '-s', 'plan_types']);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /the CSV has tier which the table lacks.*bronze seed --full-refresh --select plan_types/);
    assert.equal(await scalar(dir, 'select count(*) from plan_types'), 4, 'the failed load left the table as it was');
    const full = await cli(['seed', '--project-dir', dir, '-s', 'plan_types', '--full-refresh']);
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stderr, /\[CREATE 1 in/);
    assert.equal(await scalar(dir, 'select sum(tier) from plan_types'), 1);
    writeFileSync(join(dir, 'seeds', 'plan_types.csv'), PLANS + 'basic,1,1,true,2024-05-01\n');
    const dup = await cli(['build', '--project-dir', dir, '--full-refresh', '--output', 'json']);
    assert.equal(dup.code, 1);
    const res = (JSON.parse(dup.stdout) as { results: Array<{ unique_id: string; status: string }> }).results;
    assert.equal(res.find((x) => x.unique_id.includes('unique_plan_types_plan_type'))?.status, 'fail');
    assert.equal(res.find((x) => x.unique_id === 'model.seedy.plan_prices')?.status, 'skipped');
  });

  it('loads a seed of 20,000 rows of 8 columns exactly', async () => {
    // Long VALUES lists overflowed the stack in the Snowflake translation: the rows go to DuckDB untranslated.
    const lines = ['id,a,b,c,d,e,amount,label'];
    for (let i = 0; i < 20000; i++) lines.push(`${i},1,2,3,4,5,${(i % 1000) / 4},"row ${i}, ""q"""`);
    // A quoted newline and a backslash stay as written; a blank cell is NULL.
    lines[2] = '1,1,2,3,4,5,0.25,"two\nlines \\ ok"';
    lines[3] = '2,1,2,3,4,5,0.5, ';
    writeFileSync(join(dir, 'seeds', 'big.csv'), lines.join('\n') + '\n');
    const r = await cli(['seed', '--project-dir', dir, '-s', 'big']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await query(dir, 'select count(*)::int as n, sum(id)::bigint::varchar as s, sum(e)::int as e, sum(amount) as a, max(label) filter (where id > 2) as l from big'), [
      { n: 20000, s: String((19999 * 20000) / 2), e: 100000, a: (20 * (999 * 1000)) / 8, l: 'row 9999, "q"' },
    ]);
    assert.deepEqual(await query(dir, 'select id::int as id, label from big where id in (1, 2) order by id'), [
      { id: 1, LABEL: 'two\nlines \\ ok' },
      { id: 2, LABEL: null },
    ]);
    rmSync(join(dir, 'seeds', 'big.csv'));
  });

  it('--empty creates the seed tables without rows', async () => {
    writeFileSync(join(dir, 'seeds', 'plan_types.csv'), PLANS);
    const r = await cli(['seed', '--project-dir', dir, '--empty', '--full-refresh']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await scalar(dir, 'select count(*) from plan_types'), 0);
    const cols = await query(dir, "select data_type from information_schema.columns where lower(table_name) = 'plan_types' and lower(column_name) = 'monthly_price'");
    assert.deepEqual(cols, [{ data_type: 'DOUBLE' }]);
  });
});
