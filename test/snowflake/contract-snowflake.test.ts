// A contracted model on a snowflake target through the real snowflake-sdk and the emulator: the pre-flight
// check with dbt's mismatch table, and the table built with the contract's columns and NOT NULL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

function writeProject(dir: string, port: number): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), "name: contracty\nversion: '1.0'\nprofile: contracty\nmodels:\n  contracty:\n    +materialized: table\n");
  writeFileSync(join(dir, 'profiles.yml'), emulatorProfile('contracty', port, 'marts'));
  writeFileSync(
    join(dir, 'models', 'schema.yml'),
    'version: 2\nmodels:\n  - name: plans\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: plan_id\n        data_type: number(38,0)\n        constraints: [{type: not_null}, {type: primary_key}]\n      - name: plan_name\n        data_type: varchar\n        constraints: [{type: unique, name: uq_plan_name}, {type: check, expression: "len(plan_name) > 0"}]\n',
  );
}

describe('contracts on a snowflake target (real driver → emulator)', () => {
  const project = emulatorProject('bronze-sf-contract-', writeProject);
  const rows = (sql: string) => projectRows(project(), sql);

  test('a matching model builds with NOT NULL; a mismatch fails with the table; a NULL keeps the old rows', async () => {
    writeFileSync(join(project(), 'models', 'plans.sql'), "select 'basic' as plan_name, 1 as plan_id union all select 'pro', 2\n");
    const ok = await cli(['run', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const executed = readFileSync(join(project(), 'target', 'run', 'contracty', 'models', 'plans.sql'), 'utf8');
    assert.match(executed, /create or replace transient table analytics\.marts\.plans__dbt_tmp \(\s*plan_id number\(38,0\) not null primary key,\s*plan_name varchar constraint uq_plan_name unique\s*\)/);
    const cols = await rows("describe table analytics.marts.plans");
    assert.deepEqual(cols.map((c) => [c.name, c.type, c['null?']]), [['PLAN_ID', 'NUMBER(38,0)', 'N'], ['PLAN_NAME', 'VARCHAR(16777216)', 'Y']]);
    assert.equal(Number((await rows('select count(*) as n from analytics.marts.plans'))[0].N), 2);

    writeFileSync(join(project(), 'models', 'plans.sql'), "select 'basic' as plan_name, 1.5::float as plan_id\n");
    const bad = await cli(['run', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout + bad.stderr, /This model has an enforced contract that failed\./);
    assert.match(bad.stdout + bad.stderr, /\| PLAN_ID\s+\| REAL\s+\| FIXED\s+\| data type mismatch \|/);

    writeFileSync(join(project(), 'models', 'plans.sql'), "select 'basic' as plan_name, cast(null as int) as plan_id\n");
    const nulls = await cli(['run', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(nulls.code, 1);
    assert.equal(Number((await rows('select count(*) as n from analytics.marts.plans'))[0].N), 2);
  });
});
