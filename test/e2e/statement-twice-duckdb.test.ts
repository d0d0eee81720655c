// `bronze run` on the DuckDB target: a template that sends the same statement twice sends it twice, and a count or
// get_relation read again after a write answers after the write, as dbt runs a template's statements one by one —
// in a model's pre-hook, in a model's body through run_query, in a custom materialization block, and around a
// CREATE in one hook. (Bronze replays a template after each warehouse question; before, a replay answered the
// second identical statement from the first one's answer.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, tempProject } from './helpers';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

/** Inserts twice into `table`, counts it, inserts once more and counts again: `a b` is the two counts. */
const twiceThenCount = (table: string) =>
  `{% do run_query("insert into ${table} values (1)") %}{% do run_query("insert into ${table} values (1)") %}` +
  `{% set a = run_query("select count(*) from ${table}").columns[0].values()[0] %}` +
  `{% do run_query("insert into ${table} values (1)") %}` +
  `{% set b = run_query("select count(*) from ${table}").columns[0].values()[0] %}`;

const MADE = "adapter.get_relation(database=target.database, schema='main', identifier='MADE_BY_HOOK')";

const files: Record<string, string> = {
  'dbt_project.yml': [
    "name: twice\nversion: '1.0.0'\nconfig-version: 2\nprofile: twice",
    'on-run-start:',
    '  - create or replace table main.log (tag varchar, v varchar)',
    '  - create or replace table main.t_pre (x integer)',
    '  - create or replace table main.t_body (x integer)',
    '  - create or replace table main.t_mat (x integer)',
    '  - drop table if exists main.made_by_hook',
    '',
  ].join('\n'),
  'profiles.yml': 'twice:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n',
  'macros/counted_table.sql': [
    "{% materialization counted_table, adapter='snowflake' %}",
    twiceThenCount('main.t_mat'),
    "  {% call statement('main') -%}",
    "    create or replace table {{ this }} as select '{{ a }} {{ b }}' as v",
    '  {%- endcall %}',
    "  {{ return({'relations': [this.incorporate(type='table')]}) }}",
    '{% endmaterialization %}',
    '',
  ].join('\n'),
  'models/pre_hooked.sql': `{{ config(materialized='table', pre_hook='${twiceThenCount('main.t_pre')}insert into main.log values (\\'pre\\', \\'{{ a }} {{ b }}\\')') }}\nselect 1 as id\n`,
  'models/body_queries.sql': `{{ config(materialized='table') }}\n{% if execute %}${twiceThenCount('main.t_body')}{% endif %}\nselect '{{ a if execute }} {{ b if execute }}' as v\n`,
  'models/custom_mat.sql': "{{ config(materialized='counted_table') }}\nselect 1 as id\n",
  'models/creates_in_hook.sql':
    `{{ config(materialized='table', pre_hook="{% set before = ${MADE} %}{% do run_query('create table main.made_by_hook (x integer)') %}{% set after = ${MADE} %}` +
    `insert into main.log values ('rel', '{{ before is none }} {{ after is none }}')") }}\nselect 1 as id\n`,
};

async function rows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, 'local.duckdb'));
  const c = await instance.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const count = async (dir: string, table: string) => Number((await rows(dir, `select count(*) as n from ${table}`))[0].n);

describe('the same statement sent twice by one template, on DuckDB', () => {
  const dir = tempProject('bronze-statement-twice-', files);

  it('is sent twice, and a count read after a write sees the write', async () => {
    const out = await cli(['run', '--project-dir', dir()]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    // Each template inserts 3 rows and reads 2 then 3; get_relation before the CREATE finds nothing, after it the
    // new table. (One comparison, so that a failure shows every case.)
    const seen = {
      preHookRows: await count(dir(), 'main.t_pre'),
      bodyRows: await count(dir(), 'main.t_body'),
      materializationRows: await count(dir(), 'main.t_mat'),
      log: await rows(dir(), 'select tag, v from main.log order by tag'),
      body: await rows(dir(), 'select v from main.body_queries'),
      materialization: await rows(dir(), 'select v from main.custom_mat'),
    };
    assert.deepEqual(seen, {
      preHookRows: 3,
      bodyRows: 3,
      materializationRows: 3,
      log: [
        { tag: 'pre', v: '2 3' },
        { tag: 'rel', v: 'True False' },
      ],
      body: [{ v: '2 3' }],
      materialization: [{ v: '2 3' }],
    });
  });
});
