// A model whose `materialized` names a {% materialization %} block of its project runs that block, as dbt runs it
// (dbt-core's ModelRunner: the block called with the model's context; its `statement` calls sent as they render;
// `return({'relations': [...]})` required). On DuckDB the block runs in one transaction: a failure leaves the target
// as it was, and the audit trail records it. Written for these tests; no third-party materialization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runProject } from '../../client/src/run/runner';
import { main } from '../../client/src/cli';
import { runCheck } from '../../client/src/cli/check';

// A table materialization of our own: drops a relation of another type in the way, creates the table, counts it
// through load_result, logs what it saw, and runs the transactional hooks around it.
const AUDITED_TABLE = `
{% materialization audited_table, adapter='snowflake' %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set existing = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
  {{ run_hooks(pre_hooks) }}
  {%- if existing is not none and not existing.is_table %}
    {{ adapter.drop_relation(existing) }}
  {%- endif %}
  {% call statement('main') -%}
    create or replace table {{ target_relation }} as ({{ sql }})
  {%- endcall %}
  {% call statement('counted', fetch_result=True) -%}
    select count(*) as n from {{ target_relation }}
  {%- endcall %}
  {%- set n = load_result('counted').table.columns[0].values()[0] %}
  {% call statement('log') -%}
    insert into main.mat_log values ('{{ model.name }}', {{ n }}, '{{ config.get('label', 'none') }}', '{{ existing.type if existing is not none else 'none' }}')
  {%- endcall %}
  {{ run_hooks(post_hooks) }}
  {{ adapter.commit() }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% materialization forgetful, default %}
  {% call statement('main') -%}
    create or replace table {{ this }} as ({{ sql }})
  {%- endcall %}
{% endmaterialization %}
`;

// A view with a column list and inline comments (https://docs.snowflake.com/en/sql-reference/sql/create-view).
const COMMENTED_VIEW = `
{% materialization commented_view, adapter='snowflake' %}
  {%- set target_relation = this.incorporate(type='view') -%}
  {% call statement('main') -%}
    create or replace view {{ target_relation }} (
    {%- for c in model.columns.values() %}
      {{ c.name }}{% if c.description %} COMMENT $\${{ c.description }}$\${% endif %}{{ "," if not loop.last }}
    {%- endfor %}
    ) comment = $\${{ model.description }}$\$ as ({{ sql }});
  {%- endcall %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`;

function writeProject(dir: string, files: Record<string, string>): void {
  const all: Record<string, string> = {
    'dbt_project.yml': "name: cm\nversion: '1.0.0'\nconfig-version: 2\nprofile: cm\non-run-start:\n  - create table if not exists main.mat_log (name varchar, n integer, label varchar, found varchar)\n",
    'profiles.yml': 'cm:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n',
    'macros/materializations.sql': AUDITED_TABLE + COMMENTED_VIEW,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

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

async function withProject(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-custom-mat-'));
  try {
    writeProject(dir, files);
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statuses(outcome: Awaited<ReturnType<typeof runProject>>): string[] {
  return outcome.results.map((r) => `${r.name} ${r.status}${r.status === 'success' ? '' : ` ${r.message}`}`).sort();
}

const ITEMS = [
  "{{ config(materialized=var('mat', 'audited_table'), label='L1',",
  "   pre_hook=\"insert into main.mat_log values ('pre', 0, 'hook', 'none')\",",
  "   post_hook=\"insert into main.mat_log select 'post', count(*), 'hook', 'none' from {{ this }}\") }}",
  "select 1 as id union all select 2{% if var('bad', false) %} union all select from{% endif %}",
  '',
].join('\n');

test('a custom materialization builds on DuckDB, re-runs, and drops a relation of another type in its way', async () => {
  await withProject({ 'models/items.sql': ITEMS }, async (dir) => {
    // Run 1 builds a view (a built-in materialization), run 2 the block, which drops the view; run 3 re-runs it.
    assert.deepEqual(statuses(await runProject({ projectDir: dir, command: 'run', vars: { mat: 'view' } })), ['items success']);
    for (let run = 2; run <= 3; run++) {
      assert.deepEqual(statuses(await runProject({ projectDir: dir, command: 'run' })), ['items success'], `run ${run}`);
    }
    const tables = await rows(dir, "select table_type from information_schema.tables where table_name ilike 'items'");
    assert.deepEqual(tables.map((t) => t.table_type), ['BASE TABLE']);
    // The view run ran its hooks only; each block run: its pre-hook, its own log row (the count through load_result,
    // config.get, what adapter.get_relation found), then its post-hook, which reads the new table.
    const log = await rows(dir, 'select name, n, label, found from main.mat_log');
    assert.deepEqual(log.map((r) => `${r.name} ${r.n} ${r.label} ${r.found}`), [
      'pre 0 hook none', 'post 2 hook none',
      'pre 0 hook none', 'items 2 L1 view', 'post 2 hook none',
      'pre 0 hook none', 'items 2 L1 table', 'post 2 hook none',
    ]);
    // target/run lists what the block sent, in order.
    const sent = readFileSync(join(dir, 'target', 'run', 'cm', 'models', 'items.sql'), 'utf8');
    const order = ['create schema if not exists', 'begin', "insert into main.mat_log values ('pre'", 'create or replace table', 'select count(*) as n', "select 'post'", 'commit'].map((s) => sent.indexOf(s));
    assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])), sent);
  });
});

test('a failing custom materialization leaves the target as it was, and the audit trail records the failure', async () => {
  await withProject({ 'models/items.sql': ITEMS }, async (dir) => {
    assert.deepEqual(statuses(await runProject({ projectDir: dir, command: 'run' })), ['items success']);
    const failed = await runProject({ projectDir: dir, command: 'run', vars: { bad: true } });
    assert.equal(failed.results[0].status, 'error');
    assert.match(failed.results[0].message ?? '', /syntax error/i);
    // The pre-hook ran inside the block's transaction: rolled back with the rest.
    assert.deepEqual((await rows(dir, 'select count(*) as n from main.mat_log')).map((r) => Number(r.n)), [3]);
    assert.deepEqual((await rows(dir, 'select id from main.items order by id')).map((r) => Number(r.id)), [1, 2]);
    const audit = await rows(dir, "select status, error_message from main.bz_data_audit where node_id = 'model.cm.items' order by completed_at");
    assert.deepEqual(audit.map((a) => a.status), ['SUCCESS', 'FAILED']);
    assert.match(String(audit[1].error_message), /syntax error/i);
  });
});

test('a block that returns no relations fails as dbt fails it, and a name no block defines is dbt’s lookup error', async () => {
  await withProject(
    {
      'models/forgot.sql': "{{ config(materialized='forgetful') }}\nselect 1 as id\n",
      'models/typo.sql': "{{ config(materialized='audited_tabel') }}\nselect 1 as id\n",
    },
    async (dir) => {
      const outcome = await runProject({ projectDir: dir, command: 'run' });
      assert.deepEqual(statuses(outcome), [
        'forgot error The materialization ("forgetful") did not explicitly return a list of relations to add to the cache. End the {% materialization %} block with {{ return({\'relations\': [target_relation]}) }}.',
        "typo error No materialization 'audited_tabel' was found for adapter snowflake! (model 'typo'; searched for the macros 'materialization_audited_tabel_snowflake' and 'materialization_audited_tabel_default': define {% materialization audited_tabel, adapter='snowflake' %} or {% materialization audited_tabel, default %} in a macro file)",
      ]);
      // Rolled back: the table the forgetful block created is gone with its transaction.
      assert.deepEqual(await rows(dir, "select table_name from information_schema.tables where table_name ilike 'forgot'"), []);
    },
  );
});

test('CREATE VIEW with a column list and inline comments: the twin names the columns by the list; a list naming too few columns is refused by name', async () => {
  const schema = (cols: string) => `version: 2\nmodels:\n  - name: labels\n    description: the labels\n    columns:\n${cols}`;
  await withProject(
    {
      'models/labels.sql': "{{ config(materialized='commented_view') }}\nselect 1 as a, 'x' as b\n",
      'models/schema.yml': schema('      - name: id\n        description: the id\n      - name: label\n'),
    },
    async (dir) => {
      assert.deepEqual(statuses(await runProject({ projectDir: dir, command: 'run' })), ['labels success']);
      assert.deepEqual(await rows(dir, 'select * from main.labels'), [{ id: 1, label: 'x' }]);
      writeFileSync(join(dir, 'models', 'schema.yml'), schema('      - name: only_id\n        description: the id\n'));
      const outcome = await runProject({ projectDir: dir, command: 'run' });
      assert.equal(outcome.results[0].status, 'error');
      assert.match(outcome.results[0].message ?? '', /CREATE VIEW \S+ \(column list\): the list names 1 column and the query returns another number/);
      // The view is as the first run left it.
      assert.deepEqual(await rows(dir, 'select * from main.labels'), [{ id: 1, label: 'x' }]);
    },
  );
});

test('check finds nothing to say; compile writes the model SQL and the block\'s statements, sending none', async () => {
  await withProject({ 'models/items.sql': ITEMS }, async (dir) => {
    const check = await runCheck({ projectDir: dir, env: {} });
    assert.deepEqual(check.diagnostics.filter((d) => d.code === 'bronze/unsupported-materialization'), []);
    const err: string[] = [];
    const out: string[] = [];
    assert.equal(await main(['compile', '--project-dir', dir, '--print'], { out: (t) => out.push(t), err: (t) => err.push(t) }), 0, err.join('\n'));
    assert.equal(readFileSync(join(dir, 'target', 'compiled', 'cm', 'models', 'items.sql'), 'utf8'), '\nselect 1 as id union all select 2\n');
    const run = readFileSync(join(dir, 'target', 'run', 'cm', 'models', 'items.sql'), 'utf8');
    // The block reads the count it asked for (load_result): without a warehouse the preview stops there, saying so.
    const expected = ["insert into main.mat_log values ('pre'", 'create or replace table local.main.items as (\nselect 1 as id union all select 2)', 'select count(*) as n', "-- the materialization 'audited_table' stops here without a warehouse"];
    const at = expected.map((s) => run.indexOf(s));
    assert.ok(at.every((x, i) => x >= 0 && (i === 0 || x > at[i - 1])), run);
    assert.ok(out.join('\n').includes('create or replace table local.main.items'), out.join('\n'));
    // Nothing was sent: no table, and the log table on-run-start would create is not there either.
    if (existsSync(join(dir, 'local.duckdb'))) assert.deepEqual(await rows(dir, "select table_name from information_schema.tables where table_name ilike 'items'"), []);
  });
});

test('adapter.commit, drop_relation and rename_relation in an operation on DuckDB: sent as dbt-snowflake words them', async () => {
  const op = [
    '{% macro reshape() %}',
    "  {% do run_query('create table main.op_a as select 1 as x') %}",
    '  {% do adapter.commit() %}',
    "  {% set a = api.Relation.create(database=target.database, schema='main', identifier='op_a', type='table') %}",
    "  {% set b = api.Relation.create(database=target.database, schema='main', identifier='op_b', type='table') %}",
    '  {% do adapter.rename_relation(a, b) %}',
    "  {% do run_query('create view main.op_v as select 1 as x') %}",
    "  {% do adapter.drop_relation(api.Relation.create(database=target.database, schema='main', identifier='op_v', type='view')) %}",
    '{% endmacro %}',
    '',
  ].join('\n');
  await withProject({ 'macros/reshape.sql': op }, async (dir) => {
    const err: string[] = [];
    assert.equal(await main(['run-operation', 'reshape', '--project-dir', dir], { out: () => undefined, err: (t) => err.push(t) }), 0, err.join('\n'));
    const names = await rows(dir, "select table_name from information_schema.tables where table_name ilike 'op_%' order by 1");
    assert.deepEqual(names.map((r) => String(r.table_name).toLowerCase()), ['op_b']);
  });
});

test('run --dry-run refuses a custom-materialized model by name instead of guessing its impact', async () => {
  await withProject({ 'models/items.sql': ITEMS }, async (dir) => {
    const text: string[] = [];
    const code = await main(['run', '--dry-run', '--output', 'json', '--project-dir', dir], { out: (t) => text.push(t), err: (t) => text.push(t) });
    assert.notEqual(code, 0);
    assert.match(text.join('\n'), /run --dry-run does not compute the impact of model 'items': its custom materialization 'audited_table' runs a \{% materialization %\} block/);
    // Nothing ran: no table.
    if (existsSync(join(dir, 'local.duckdb'))) assert.deepEqual(await rows(dir, "select table_name from information_schema.tables where table_name ilike 'items'"), []);
  });
});
