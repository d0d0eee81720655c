// End to end on DuckDB with test/fixtures/ephemeral-hooks: a threads-4 build where every mart's pre-hook
// inserts into the audit model (so each waits for it), ephemeral models compiled into their children as CTEs
// (nested), tests on an ephemeral, relation names from the project's generate_schema_name/alias macros, and
// `compile` writing dbt's extra_ctes into manifest.json; --store-failures relations named by the same macros.
import { BRONZE_RECORD_TABLES } from '../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/ephemeral-hooks');

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, 'local.duckdb'));
  try {
    const conn = await instance.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

test('build --threads 4: pre-hook refs order the run; ephemerals run as CTEs and leave no relation or result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-eph-hooks-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const out = await cli(['build', '--project-dir', dir, '--threads', '4', '--store-failures']);
    assert.equal(out.code, 0, out.stdout + out.stderr);

    type Timing = { name: string; started_at: string; completed_at: string };
    const runResults = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; timing: Timing[] }[] };
    const statuses = Object.fromEntries(runResults.results.map((r) => [r.unique_id, r.status]));
    // With 4 threads and no dependency every model would start at once: the marts start after the audit model ends.
    const execute = (id: string): Timing => runResults.results.find((r) => r.unique_id === id)!.timing.find((t) => t.name === 'execute')!;
    const auditDone = Date.parse(execute('model.eph_hooks.zz_audit_log').completed_at);
    for (const mart of ['model.eph_hooks.fct_even', 'model.eph_hooks.fct_all']) {
      assert.ok(Date.parse(execute(mart).started_at) >= auditDone, `${mart} started before the audit model was built`);
    }
    // dbt lists no result for an ephemeral model.
    assert.deepEqual(Object.keys(statuses).filter((id) => id.startsWith('model.')).sort(), [
      'model.eph_hooks.fct_all',
      'model.eph_hooks.fct_even',
      'model.eph_hooks.zz_audit_log',
    ]);
    assert.ok(Object.keys(statuses).some((id) => id.startsWith('test.eph_hooks.not_null_stg_even_id')));
    assert.equal(statuses['model.eph_hooks.fct_even'], 'success');
    assert.equal(statuses['model.eph_hooks.fct_all'], 'success');
    assert.equal(statuses['test.eph_hooks.assert_even_count'], 'pass');

    // generate_schema_name returns the custom schema as is; generate_alias_name prefixes the audit folder.
    const audit = await query(dir, 'select model_name from main.audit_zz_audit_log order by model_name');
    assert.deepEqual(audit.map((r) => r.MODEL_NAME), ['after fct_all', 'created', 'fct_all', 'fct_even']);
    assert.deepEqual(await query(dir, 'select sum(d)::int as s, count(*)::int as n from marts.fct_even'), [{ s: 40, n: 5 }]);
    assert.deepEqual(await query(dir, 'select n::int as n, even_n::int as e from marts.fct_all'), [{ n: 10, e: 5 }]);
    const relations = await query(dir, "select table_schema || '.' || table_name as t from information_schema.tables order by t");
    // Test failures are stored where the same naming macro puts the tests' dbt_test__audit schema.
    // Created unquoted, so stored upper-case as on Snowflake (`main` is DuckDB's own schema).
    // Bronze's own tables (main.bronze_*, and the twin's hidden record tables) are not the project's relations.
    const own = (t: string) => /^main\.bronze_/i.test(t) || BRONZE_RECORD_TABLES.some((r) => t === `main.${r}`);
    assert.deepEqual(relations.map((r) => String(r.t)).filter((t) => !own(t)), [
      'DBT_TEST__AUDIT.ASSERT_EVEN_COUNT',
      'DBT_TEST__AUDIT.NOT_NULL_FCT_EVEN_D',
      'DBT_TEST__AUDIT.NOT_NULL_STG_EVEN_ID',
      'MARTS.FCT_ALL',
      'MARTS.FCT_EVEN',
      'main.AUDIT_ZZ_AUDIT_LOG',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compile: compiled files and manifest.json carry the injected CTEs and hook dependencies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-eph-compile-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const out = await cli(['compile', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const compiled = readFileSync(join(dir, 'target', 'compiled', 'eph_hooks', 'models', 'marts', 'fct_even.sql'), 'utf8');
    assert.ok(compiled.startsWith('with  __dbt__cte__stg_base as (\n'), compiled);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, Record<string, unknown>> };
    const fct = manifest.nodes['model.eph_hooks.fct_even'];
    assert.equal(fct.extra_ctes_injected, true);
    assert.deepEqual((fct.extra_ctes as { id: string }[]).map((c) => c.id), ['model.eph_hooks.stg_base', 'model.eph_hooks.stg_even']);
    assert.deepEqual((fct.depends_on as { nodes: string[] }).nodes.sort(), ['model.eph_hooks.stg_even', 'model.eph_hooks.zz_audit_log']);
    assert.equal(fct.relation_name, 'local.marts.fct_even');
    assert.equal(manifest.nodes['model.eph_hooks.zz_audit_log'].alias, 'audit_zz_audit_log');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
