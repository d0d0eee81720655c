// The demo's seed: plan types read as dbt reads the CSV, with the plan_type values RAW users carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSeed } from '../../server/src/compile/seed-csv';
import { demoProjectFiles } from '../../client/src/demo/project-files';
import { PLAN_TYPES } from '../../client/src/demo/raw-tables';

test('the demo ships seeds/plan_types.csv with one row per plan type and dbt-inferred types', () => {
  const files = demoProjectFiles();
  const table = readSeed(files['seeds/plan_types.csv'], { file: 'seeds/plan_types.csv' });
  assert.deepEqual(
    table.columns.map((c) => `${c.name}:${c.kind}`),
    ['plan_type:text', 'monthly_price_usd:float', 'annual_price_usd:float', 'max_participants:integer', 'max_meeting_minutes:integer', 'cloud_recording:boolean', 'launched_on:date'],
  );
  assert.deepEqual(table.rows.map((r) => (r[0] as { value: string }).value), [...PLAN_TYPES]);
  assert.match(files['seeds/plan_types.yml'], /- name: plan_types\n/);
});
