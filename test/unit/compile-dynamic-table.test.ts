// dbt-snowflake's dynamic_table materialization: Snowflake's DDL with target_lag and the warehouse; on DuckDB a
// table built from the query (no dynamic tables there); the two required configs enforced as dbt-snowflake does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BronzeError, type NodeConfig } from '../../server/src/core/types';
import { duckdbDialect as duck, planModel, snowflakeDialect as sf, type PlanInput } from '../../server/src/compile/index';
import { cli } from '../e2e/helpers';

const rel = { database: 'analytics', schema: 'loans', identifier: 'stg_loans' };
function input(extra: Partial<NodeConfig>, over: Partial<PlanInput> = {}): PlanInput {
  const config: NodeConfig = { enabled: true, materialized: 'dynamic_table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
  return { relation: rel, compiledSql: 'select 1 as id', config, existing: null, fullRefresh: false, ...over };
}
const sqlOf = (steps: ReturnType<typeof planModel>): string[] => steps.flatMap((s) => (s.kind === 'sql' ? [s.sql] : []));

test('Snowflake: create or replace dynamic table with target_lag, warehouse and the optional settings', () => {
  const cfg = { target_lag: 'downstream', snowflake_warehouse: 'wh_dynamic' } as Partial<NodeConfig>;
  assert.deepEqual(sqlOf(planModel(sf, input(cfg))), [
    'use warehouse wh_dynamic',
    "create or replace dynamic table analytics.loans.stg_loans\n    target_lag = 'downstream'\n    warehouse = wh_dynamic\n    as (\nselect 1 as id\n    )",
  ]);
  const withOptions = sqlOf(planModel(sf, input({ ...cfg, refresh_mode: 'INCREMENTAL', initialize: 'ON_SCHEDULE' } as Partial<NodeConfig>, { existing: 'view' })));
  assert.equal(withOptions[1], 'drop view if exists analytics.loans.stg_loans cascade');
  assert.match(withOptions[2], /target_lag = 'downstream'\n {4}warehouse = wh_dynamic\n {4}refresh_mode = INCREMENTAL\n {4}initialize = ON_SCHEDULE\n {4}as \(/);
});

test('a dynamic_table without target_lag or snowflake_warehouse is an error naming the missing config', () => {
  assert.throws(() => planModel(sf, input({ snowflake_warehouse: 'wh' } as Partial<NodeConfig>)), (e: unknown) => e instanceof BronzeError && /needs target_lag/.test(e.message));
  assert.throws(() => planModel(duck, input({ target_lag: '1 hour' } as Partial<NodeConfig>)), (e: unknown) => e instanceof BronzeError && /needs snowflake_warehouse/.test(e.message));
});

test('DuckDB: built as a table, with the step saying so', () => {
  const steps = planModel(duck, input({ target_lag: '1 hour', snowflake_warehouse: 'wh' } as Partial<NodeConfig>));
  const main = steps.find((s) => s.kind === 'sql' && s.label.startsWith('main'));
  assert.ok(main && main.kind === 'sql');
  assert.match(main.label, /dynamic_table built as a table/);
  assert.match(main.sql, /create (or replace )?table/i);
});

test('build on DuckDB: a dynamic_table model and its child build', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-dyn-'));
  try {
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: dyn\nprofile: dyn\n');
    writeFileSync(join(dir, 'models', 'loans.sql'), "{{ config(materialized='dynamic_table', target_lag='downstream', snowflake_warehouse='wh_dt') }}\nselect 1 as id, 'CA' as state\n");
    writeFileSync(join(dir, 'models', 'by_state.sql'), "select state, count(*) as n from {{ ref('loans') }} group by state\n");
    const out = await cli(['build', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const { readFileSync } = await import('node:fs');
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    assert.deepEqual(results.results.map((r) => [r.unique_id, r.status]).sort(), [['model.dyn.by_state', 'success'], ['model.dyn.loans', 'success']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// dbt-snowflake's dynamic_table materialization has no contract pre-flight and no column list
// (https://docs.getdbt.com/reference/resource-configs/snowflake-configs, dynamic tables' limitations): a contract
// whose columns differ from the SELECT's does not stop the build there, nor on Bronze.
test('build on DuckDB: a dynamic_table whose enforced contract differs from its SELECT builds, as on dbt-snowflake', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-dyn-contract-'));
  try {
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: dync\nprofile: dync\n');
    writeFileSync(
      join(dir, 'models', 'loans.sql'),
      "{{ config(materialized='dynamic_table', target_lag='1 hour', snowflake_warehouse='wh_dt', contract={'enforced': true}) }}\nselect 1 as id, 'CA' as state, 2 as extra\n",
    );
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: loans\n    columns:\n      - name: id\n        data_type: varchar\n      - name: state\n        data_type: varchar\n');
    const out = await cli(['build', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const { readFileSync } = await import('node:fs');
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    assert.deepEqual(results.results.map((r) => [r.unique_id, r.status]), [['model.dync.loans', 'success']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
