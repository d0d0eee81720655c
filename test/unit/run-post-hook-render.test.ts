// dbt renders a post-hook when run_hooks reaches it, after the model's statements: a hook whose macro runs
// run_query(insert into {{ this }} …) (dbt_project_evaluator's insert_resources_from_graph) finds the table built.
// Bronze rendered every hook with the model, before it ran: the insert failed, "Table … does not exist".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runProject } from '../../client/src/run/runner';

test('a post-hook whose template runs a query is rendered after the model ran', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-post-hook-'));
  try {
    mkdirSync(join(dir, 'models'), { recursive: true });
    mkdirSync(join(dir, 'macros'), { recursive: true });
    writeFileSync(join(dir, 'dbt_project.yml'), "name: ph\nversion: '1.0.0'\nconfig-version: 2\nprofile: ph\n");
    writeFileSync(join(dir, 'profiles.yml'), 'ph:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n');
    writeFileSync(
      join(dir, 'macros', 'fill.sql'),
      [
        '{% macro fill(relation) %}',
        '  {% if execute %}',
        "    {% set n = run_query('select count(*) as n from ' ~ relation).columns[0].values()[0] %}",
        "    {% do run_query('insert into ' ~ relation ~ ' values (' ~ (n + 10) ~ ')') %}",
        '  {% endif %}',
        "  select 'filled' as done",
        '{% endmacro %}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'models', 'inventory.sql'),
      "{{ config(materialized='table', post_hook='{{ fill(this) }}') }}\nselect 1 as id\n",
    );
    // A seed's post-hook likewise runs after the load.
    mkdirSync(join(dir, 'seeds'), { recursive: true });
    writeFileSync(join(dir, 'seeds', 'codes.csv'), 'id\n1\n');
    writeFileSync(join(dir, 'dbt_project.yml'), "name: ph\nversion: '1.0.0'\nconfig-version: 2\nprofile: ph\nseeds:\n  ph:\n    +post-hook: '{{ fill(this) }}'\n");
    const outcome = await runProject({ projectDir: dir, command: 'build' });
    assert.deepEqual(
      outcome.results.map((r) => [r.name, r.status]).sort(),
      [['codes', 'success'], ['inventory', 'success']],
    );
    const instance = await DuckDBInstance.create(join(dir, 'local.duckdb'));
    const c = await instance.connect();
    try {
      for (const table of ['inventory', 'codes']) {
        const rows = (await c.runAndReadAll(`select id from main.${table} order by id`)).getRowObjectsJson();
        // The hook read the built table (1 row) and inserted 1 + 10.
        assert.deepEqual(rows.map((r) => Number(r.id ?? r.ID)), [1, 11], table);
      }
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
