// dbt renders each hook when run_hooks reaches it, inside the materialization: a pre-hook after the hooks before it
// ran, a post-hook after the model's statements (dbt-adapters' run_hooks: `render(hook.get('sql'))` then
// `statement(...)`, one hook at a time). What a hook asks the warehouse (run_query, a relation's columns) is asked
// then, again, even when the model's own render asked the same. Only the relation cache is older: dbt adds the
// model's relation to it after the materialization returned (dbt-core's ModelRunner._execute_model: cache_added),
// so in a post-hook `adapter.get_relation(this)` / is_incremental() still answer what stood before the model ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runProject } from '../../client/src/run/runner';

const COUNT_MACRO = [
  '{% macro row_count(relation) %}',
  "  {% if execute %}{{ return(run_query('select count(*) as n from ' ~ relation).columns[0].values()[0]) }}{% endif %}",
  '  {{ return(0) }}',
  '{% endmacro %}',
  '',
].join('\n');

function writeProject(dir: string, files: Record<string, string>): void {
  const all: Record<string, string> = {
    'dbt_project.yml': "name: hk\nversion: '1.0.0'\nconfig-version: 2\nprofile: hk\n",
    'profiles.yml': 'hk:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n',
    'macros/row_count.sql': COUNT_MACRO,
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
    // Unquoted names are stored upper case, as on Snowflake: read them by their lower-case name.
    return (await c.runAndReadAll(sql)).getRowObjectsJson().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

async function withProject(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-hook-time-'));
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

test("a post-hook asks again what the model's render asked: it sees the rows the model just wrote", async () => {
  await withProject(
    {
      'dbt_project.yml': "name: hk\nversion: '1.0.0'\nconfig-version: 2\nprofile: hk\non-run-start:\n  - create table if not exists main.audit (n integer, incr varchar)\n",
      // Appends one row per run; its render counts the rows already there, as its post-hook counts them after.
      'models/events.sql': [
        "{{ config(materialized='incremental', post_hook=\"insert into main.audit select {{ row_count(this) }}, '{{ is_incremental() }}'\") }}",
        'select {{ row_count(this) + 1 if is_incremental() else 1 }} as id',
        '',
      ].join('\n'),
    },
    async (dir) => {
      for (let run = 0; run < 2; run++) {
        const outcome = await runProject({ projectDir: dir, command: 'run' });
        assert.deepEqual(statuses(outcome), ['events success'], `run ${run + 1}`);
      }
      const audit = await rows(dir, 'select n, incr from main.audit order by n');
      // Run 1: the new table holds 1 row; run 2: 2 rows (the model's render counted 1). is_incremental() answers
      // from dbt's relation cache, which learns of the new table only after the materialization (post-hooks included).
      assert.deepEqual(
        audit.map((r) => `${Number(r.n)} ${String(r.incr)}`),
        ['1 False', '2 True'],
      );
    },
  );
});

test('a pre-hook renders after the pre-hooks before it ran, and after on-run-start and upstream models', async () => {
  await withProject(
    {
      'dbt_project.yml': [
        "name: hk\nversion: '1.0.0'\nconfig-version: 2\nprofile: hk",
        'on-run-start:',
        '  - create or replace table main.log (n integer)',
        '  - insert into main.log values (1)',
        '',
      ].join('\n'),
      'models/upstream.sql': "{{ config(materialized='table') }}\nselect 1 as id union all select 2\n",
      'models/downstream.sql': [
        '{{ config(materialized="table", pre_hook=[',
        // Reads what on-run-start and the upstream model wrote.
        '  "insert into main.log select {{ row_count(ref(\'upstream\')) }} * 10 + {{ row_count(\'main.log\') }}",',
        // Reads the row the pre-hook before it inserted.
        '  "insert into main.log select {{ row_count(\'main.log\') }} * 100",',
        ']) }}',
        "select {{ row_count('main.log') }} as seen_by_model",
        '',
      ].join('\n'),
    },
    async (dir) => {
      const outcome = await runProject({ projectDir: dir, command: 'build' });
      assert.deepEqual(statuses(outcome), ['downstream success', 'upstream success']);
      const log = await rows(dir, 'select n from main.log order by n');
      assert.deepEqual(log.map((r) => Number(r.n)), [1, 21, 200]);
      // The model's SQL is rendered before its pre-hooks run, as in dbt (compile, then the materialization).
      assert.deepEqual((await rows(dir, 'select seen_by_model as n from main.downstream')).map((r) => Number(r.n)), [1]);
    },
  );
});

test("a snapshot's post-hook that runs a query renders after the snapshot's statements", async () => {
  await withProject(
    {
      'macros/fill.sql': [
        '{% macro fill(relation) %}',
        "  insert into main.snap_log select {{ row_count(relation) }}",
        '{% endmacro %}',
        '',
      ].join('\n'),
      'dbt_project.yml': "name: hk\nversion: '1.0.0'\nconfig-version: 2\nprofile: hk\non-run-start:\n  - create table if not exists main.snap_log (n integer)\n",
      'models/people.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'a' as name union all select 2, 'b'\n",
      'snapshots/people_snap.sql': [
        '{% snapshot people_snap %}',
        "{{ config(target_schema='main', unique_key='id', strategy='check', check_cols='all', post_hook='{{ fill(this) }}') }}",
        "select * from {{ ref('people') }}",
        '{% endsnapshot %}',
        '',
      ].join('\n'),
    },
    async (dir) => {
      for (let run = 0; run < 2; run++) {
        const outcome = await runProject({ projectDir: dir, command: 'build' });
        assert.deepEqual(statuses(outcome), ['people success', 'people_snap success'], `build ${run + 1}`);
      }
      // First build: the hook counts the new snapshot's 2 rows; the second finds the same 2 (nothing changed).
      assert.deepEqual((await rows(dir, 'select n from main.snap_log order by n')).map((r) => Number(r.n)), [2, 2]);
    },
  );
});

test('on-run-end renders after every node: it sees `results` and the relations the run built', async () => {
  await withProject(
    {
      'dbt_project.yml': [
        "name: hk\nversion: '1.0.0'\nconfig-version: 2\nprofile: hk",
        'on-run-end:',
        "  - \"create or replace table main.run_end as select '{{ results | map(attribute='node') | map(attribute='name') | sort | join(',') }}' as names, {{ row_count(ref('built')) }} as n\"",
        '',
      ].join('\n'),
      'models/built.sql': "{{ config(materialized='table') }}\nselect 1 as id union all select 2 union all select 3\n",
    },
    async (dir) => {
      const outcome = await runProject({ projectDir: dir, command: 'run' });
      assert.deepEqual(statuses(outcome), ['built success']);
      assert.deepEqual(
        (await rows(dir, 'select names, n from main.run_end')).map((r) => `${String(r.names)} ${Number(r.n)}`),
        ['built 3'],
      );
    },
  );
});

test("a post-hook's get_relation(this) answers from dbt's relation cache: a relation the run dropped is gone, the new one not yet there", async () => {
  const record = (what: string) => `insert into main.seen select '{{ load_relation(this) is none }}', '${what}'`;
  await withProject(
    {
      'dbt_project.yml': [
        "name: hk\nversion: '1.0.0'\nconfig-version: 2\nprofile: hk",
        'on-run-start:',
        '  - create table if not exists main.seen (gone varchar, what varchar)',
        'seeds:',
        '  hk:',
        `    +post-hook: "${record('seed')}"`,
        '',
      ].join('\n'),
      // Rendered with the model (it asks nothing new), and when it runs (it runs a query).
      'models/flip.sql': [
        `{{ config(materialized=var('mat'), post_hook=["${record("{{ var('mat') }}")}", "${record("{{ var('mat') }} {{ row_count(this) }}")}"]) }}`,
        'select 1 as id',
        '',
      ].join('\n'),
      'seeds/codes.csv': 'id\n1\n',
    },
    async (dir) => {
      const runs: { command: 'run' | 'seed'; vars?: Record<string, unknown>; fullRefresh?: boolean }[] = [
        { command: 'run', vars: { mat: 'view' } },
        { command: 'run', vars: { mat: 'table' } },
        { command: 'run', vars: { mat: 'table' } },
        { command: 'seed' },
        { command: 'seed' },
        { command: 'seed', fullRefresh: true },
      ];
      for (const r of runs) {
        const outcome = await runProject({ projectDir: dir, ...r });
        assert.equal(outcome.results.every((x) => x.status === 'success'), true, JSON.stringify(outcome.results.map((x) => x.message)));
      }
      const seen = await rows(dir, 'select gone, what from main.seen');
      assert.deepEqual(
        seen.map((r) => `${String(r.gone)} ${String(r.what)}`),
        [
          // First run: nothing in the cache. The table run drops the view (cache_dropped); the next finds its table.
          'True view',
          'True view 1',
          'True table',
          'True table 1',
          'False table',
          'False table 1',
          // A seed's first load, a second (truncate and insert), a full refresh (the table dropped, then created).
          'True seed',
          'False seed',
          'True seed',
        ],
      );
    },
  );
});
