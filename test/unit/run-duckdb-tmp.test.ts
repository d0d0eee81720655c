// The runner with --threads 4 on a DuckDB file: every incremental model builds its temp `__dbt_tmp` table,
// describes it and merges from it on its own worker session; a model that fails (on_schema_change: fail)
// leaves no tmp table in the file, and the next run succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runProject } from '../../client/src/run/runner';

const MODEL = (schemaChange: string): string => `{{ config(materialized='incremental', unique_key='id', on_schema_change='${schemaChange}') }}
select range as id, {{ var('batch') }} as batch{% if var('extra') %}, 'x' as extra{% endif %}
from range({{ var('lo') }}, {{ var('hi') }})
`;

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), "name: tmp_rel\nversion: '1.0.0'\nconfig-version: 2\nprofile: tmp_rel\nvars:\n  enable_audit_logging: false\n");
  writeFileSync(join(dir, 'profiles.yml'), 'tmp_rel:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n      threads: 4\n');
  for (const m of ['m1', 'm2', 'm3', 'm4']) writeFileSync(join(dir, 'models', `${m}.sql`), MODEL('append_new_columns'));
  writeFileSync(join(dir, 'models', 'strict.sql'), MODEL('fail'));
  writeFileSync(join(dir, 'models', 'after_strict.sql'), "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('strict') }}\n");
}

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, 'local.duckdb'));
  try {
    const c = await instance.connect();
    try {
      return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      c.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function run(dir: string, vars: Record<string, unknown>): Promise<Record<string, string>> {
  const outcome = await runProject({ projectDir: dir, command: 'run', threads: 4, vars });
  return Object.fromEntries(outcome.results.map((r) => [r.name, r.status]));
}

test('runner --threads 4: incremental models on temp tmp tables; a failed model leaves none behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-run-tmp-'));
  try {
    writeProject(dir);
    const all = { m1: 'success', m2: 'success', m3: 'success', m4: 'success', strict: 'success', after_strict: 'success' };
    assert.deepEqual(await run(dir, { batch: 1, lo: 0, hi: 1000, extra: false }), all);
    assert.deepEqual(await run(dir, { batch: 2, lo: 500, hi: 1500, extra: true }), {
      ...all,
      strict: 'error',
      after_strict: 'skipped',
    });
    const tmp = "select count(*)::int as n from information_schema.tables where ends_with(table_name, '__dbt_tmp')";
    assert.deepEqual(await query(dir, tmp), [{ n: 0 }]);
    for (const m of ['m1', 'm2', 'm3', 'm4']) {
      assert.deepEqual(await query(dir, `select count(*)::int n, sum(batch)::int b, count(extra)::int x from ${m}`), [{ n: 1500, b: 500 + 1000 * 2, x: 1000 }]);
    }
    assert.deepEqual(await query(dir, 'select count(*)::int n, max(batch)::int b from strict'), [{ n: 1000, b: 1 }]);
    assert.deepEqual(await run(dir, { batch: 3, lo: 1000, hi: 2000, extra: false }), all);
    assert.deepEqual(await query(dir, 'select count(*)::int n, max(batch)::int b from strict'), [{ n: 2000, b: 3 }]);
    assert.deepEqual(await query(dir, tmp), [{ n: 0 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
