// dbt creates the schemas of the models, seeds and snapshots a run builds before its on-run-start hooks
// (RunTask.before_run), so a hook may create a UDF or a table in a model's schema on a fresh database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, tempProject, query } from './helpers';

const PROJECT = `name: startschemas
version: '1.0'
profile: startschemas
on-run-start:
  - "create or replace table silver.hook_marker as select 1 as id"
`;

describe('on-run-start runs after the run creates its schemas', () => {
  const dir = tempProject('bronze-startschemas-', {
    'dbt_project.yml': PROJECT,
    'macros/generate_schema_name.sql': '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}\n',
    'models/in_silver.sql': "{{ config(schema='silver') }}\nselect id from silver.hook_marker\n",
    'models/in_gold.sql': "{{ config(schema='gold', materialized='ephemeral') }}\nselect 1 as id\n",
  });

  it('a hook writes into a model schema that did not exist before the run', async () => {
    const r = await cli(['run', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const rows = await query(dir(), 'select schema_name from information_schema.schemata order by 1');
    const names = rows.map((x) => String(x.schema_name ?? x.SCHEMA_NAME).toLowerCase());
    assert.ok(names.includes('silver'), names.join(','));
    // An ephemeral model has no relation: its schema is not created.
    assert.ok(!names.includes('gold'), names.join(','));
  });
});
