// `bronze seed` and `bronze build` with seeds on a snowflake target, through the real snowflake-sdk and the
// emulator: dbt-snowflake's DDL types, the values, truncate-and-reload, and the same results as on DuckDB.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWarehouse } from '../../client/src/warehouse/connect';
import { openEngine } from '../../client/src/run/runner';
import { cli } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

const PLANS = 'plan_type,monthly_price,max_participants,is_active,launched_on,changed_at\nbasic,0,100,true,2024-01-01,2024-01-01T08:00:00Z\npro,14.99,"1,000",true,2024-02-01,\nbusiness,19.99,300,false,,2024-03-01T09:15:30.5+01:00\n';

function writeProject(dir: string, port: number): void {
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), "name: seedy\nversion: '1.0'\nprofile: seedy\nvars: {enable_audit_logging: true}\n");
  writeFileSync(join(dir, 'profiles.yml'), emulatorProfile('seedy', port, 'seeds', 2));
  writeFileSync(join(dir, 'seeds', 'plan_types.csv'), PLANS);
  writeFileSync(join(dir, 'seeds', 'schema.yml'), 'version: 2\nseeds:\n  - name: plan_types\n    columns:\n      - name: plan_type\n        data_tests: [not_null, unique]\n');
  writeFileSync(join(dir, 'models', 'plan_prices.sql'), "select plan_type, monthly_price * 12 as yearly_price from {{ ref('plan_types') }} where is_active\n");
}

describe('seeds on a snowflake target (real driver → emulator)', () => {
  const project = emulatorProject('bronze-sf-seed-', writeProject);
  const rows = (sql: string) => projectRows(project(), sql);

  test("seed creates the table with dbt-snowflake's types and loads the CSV's values", async () => {
    const r = await cli(['seed', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[INSERT 3 in/);
    const engine = await openEngine({ projectDir: project(), profilesDir: project() });
    const wh = await openWarehouse(engine.target, project());
    try {
      const s = await wh.openSession();
      const cols = await s.describe({ database: 'analytics', schema: 'seeds', identifier: 'plan_types' });
      await s.close();
      assert.deepEqual(
        cols.map((c) => `${c.name} ${c.dataType}`),
        ['PLAN_TYPE VARCHAR(16777216)', 'MONTHLY_PRICE FLOAT', 'MAX_PARTICIPANTS NUMBER(38,0)', 'IS_ACTIVE BOOLEAN', 'LAUNCHED_ON DATE', 'CHANGED_AT TIMESTAMP_NTZ(9)'],
      );
    } finally {
      await wh.close();
    }
    const got = await rows("select plan_type, monthly_price, max_participants, is_active, to_varchar(launched_on) as d, to_varchar(changed_at, 'YYYY-MM-DD HH24:MI:SS.FF3') as t from analytics.seeds.plan_types order by plan_type");
    assert.deepEqual(
      got.map((x) => [x.PLAN_TYPE, Number(x.MONTHLY_PRICE), Number(x.MAX_PARTICIPANTS), x.IS_ACTIVE, x.D, x.T]),
      [
        ['basic', 0, 100, true, '2024-01-01', '2024-01-01 08:00:00.000'],
        ['business', 19.99, 300, false, null, '2024-03-01 09:15:30.500'],
        ['pro', 14.99, 1000, true, '2024-02-01', null],
      ],
    );
  });

  test('build reloads the seed (truncate + insert), runs its tests, then the model that refs it', async () => {
    writeFileSync(join(project(), 'seeds', 'plan_types.csv'), PLANS + 'enterprise,49.5,1000,true,2024-04-01,\n');
    const r = await cli(['build', '--project-dir', project(), '--profiles-dir', project(), '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const res = (JSON.parse(r.stdout) as { results: Array<{ unique_id: string; status: string; message: string }> }).results;
    assert.equal(res[0].unique_id, 'seed.seedy.plan_types');
    assert.equal(res[0].message, 'INSERT 4');
    assert.deepEqual(Object.fromEntries(res.map((x) => [x.unique_id.split('.')[0], x.status])), { seed: 'success', test: 'pass', model: 'success' });
    assert.equal(res.length, 4);
    const got = await rows('select plan_type, yearly_price from analytics.seeds.plan_prices order by plan_type');
    assert.deepEqual(got.map((x) => [x.PLAN_TYPE, Number(x.YEARLY_PRICE)]), [['basic', 0], ['enterprise', 594], ['pro', 179.88]]);
    const audit = await rows("select node_id, status, rows_affected from analytics.seeds.bz_data_audit where node_type = 'seed' order by completed_at");
    assert.deepEqual(audit.map((x) => [x.NODE_ID, x.STATUS, Number(x.ROWS_AFFECTED)]), [['seed.seedy.plan_types', 'SUCCESS', 3], ['seed.seedy.plan_types', 'SUCCESS', 4]]);
  });

  test('--empty builds the model with its columns and no rows, through the real driver', async () => {
    const r = await cli(['run', '--project-dir', project(), '--profiles-dir', project(), '--empty', '-s', 'plan_prices']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(Number((await rows('select count(*) as n from analytics.seeds.plan_prices'))[0].N), 0);
    const engine = await openEngine({ projectDir: project(), profilesDir: project() });
    const wh = await openWarehouse(engine.target, project());
    try {
      const s = await wh.openSession();
      const cols = await s.describe({ database: 'analytics', schema: 'seeds', identifier: 'plan_prices' });
      await s.close();
      assert.deepEqual(cols.map((c) => c.name), ['PLAN_TYPE', 'YEARLY_PRICE']);
    } finally {
      await wh.close();
    }
  });

  test('quote_columns: true keeps the header case (quoted identifiers), and --full-refresh recreates the table', async () => {
    writeFileSync(join(project(), 'seeds', 'schema.yml'), 'version: 2\nseeds:\n  - name: plan_types\n    config: {quote_columns: true}\n');
    const r = await cli(['seed', '--project-dir', project(), '--profiles-dir', project(), '--full-refresh']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[CREATE 4 in/);
    const got = await rows('select "plan_type" as p from analytics.seeds.plan_types order by 1');
    assert.deepEqual(got.map((x) => x.P), ['basic', 'business', 'enterprise', 'pro']);
  });
});
