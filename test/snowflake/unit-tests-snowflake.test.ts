// dbt unit tests on a snowflake target, through the real snowflake-sdk and the emulator: the fixture project's
// unit tests pass (fixtures typed from declared data_types, then from the built relations' Snowflake types), a
// wrong expectation fails with the row diff, and build runs the unit tests before their models.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'unit-tests');

function writeProject(dir: string, port: number): void {
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'profiles.yml'), emulatorProfile('unit_shop', port, 'shop', 2));
}

interface Result {
  unique_id: string;
  status: string;
  message: string;
}

describe('unit tests on a snowflake target (real driver → emulator)', () => {
  const project = emulatorProject('bronze-sf-unit-', writeProject);

  const results = (): Result[] => (JSON.parse(readFileSync(join(project(), 'target', 'run_results.json'), 'utf8')) as { results: Result[] }).results;

  test('bronze test: every unit test of the fixture passes', async () => {
    const r = await cli(['test', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(results().length, 5);
    for (const x of results()) assert.equal(x.status, 'pass', `${x.unique_id}: ${x.message}`);
  });

  test('a wrong expectation fails with the row diff', async () => {
    const yml = join(project(), 'models', 'unit_tests.yml');
    const original = readFileSync(yml, 'utf8');
    writeFileSync(yml, original.replace('        - {id: 2, amount: 9, status: placed}', '        - {id: 2, amount: 9.5, status: placed}'));
    try {
      const r = await cli(['test', '--project-dir', project(), '--profiles-dir', project(), '--select', 'stg_orders']);
      assert.equal(r.code, 1);
      const x = results().find((y) => y.unique_id === 'unit_test.unit_shop.stg_orders.keeps_latest_row_per_order')!;
      assert.equal(x.status, 'fail');
      assert.match(x.message, /^actual differs from expected:\n\n@@  \| id \| amount \| status\n/);
      assert.match(x.message, /\n\+\+\+ \| 2 +\| 9 +\| placed/);
      assert.match(x.message, /\n--- \| 2 +\| 9\.5 +\| placed/);
    } finally {
      writeFileSync(yml, original);
    }
  });

  test('bronze build runs unit tests before their models; afterwards they read the built tables\' types', async () => {
    await projectRows(project(), 'create schema if not exists analytics.raw');
    await projectRows(project(), "create or replace table analytics.raw.orders as select 1::integer as id, 10::integer as customer_id, 5.00::number(10,2) as amount, 'paid' as status, '2024-01-01'::timestamp_ntz as updated_at");
    const b = await cli(['build', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(results().filter((x) => x.unique_id.startsWith('unit_test.')).length, 5);
    const t = await cli(['test', '--project-dir', project(), '--profiles-dir', project(), '--select', 'test_type:unit']);
    assert.equal(t.code, 0, t.stderr);
    for (const x of results()) assert.equal(x.status, 'pass', `${x.unique_id}: ${x.message}`);
  });
});
