// The main job end to end on the embedded DuckDB: the demo builds, an incremental run merges exactly the next
// batch, --full-refresh rebuilds, a failing model leaves its table alone and skips its dependents, warn vs
// error tests, cancellation — and every execution lands in the audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, makeDemo, query, scalar } from './helpers';
import { demoNextBatch } from '../../client/src/demo/load';
import { runProject } from '../../client/src/run/runner';

const TABLES: Array<[string, string]> = [
  ['users', 'user_id'],
  ['meetings', 'meeting_id'],
  ['participants', 'participant_id'],
  ['feature_usage', 'usage_id'],
  ['support_tickets', 'ticket_id'],
  ['billing_events', 'event_id'],
  ['licenses', 'license_id'],
];

/** Bronze must equal RAW de-duplicated: one row per non-null key, the latest update winning. */
function expectedSql(table: string, key: string): string {
  return `select * exclude (rn) from (
    select *, row_number() over (partition by ${key} order by update_timestamp desc, load_timestamp desc) rn
    from local.raw.${table} where ${key} is not null) where rn = 1`;
}

describe('the demo on DuckDB', () => {
  let dir = '';
  let cleanup = () => {};
  before(async () => {
    ({ dir, cleanup } = await makeDemo(1000));
  });
  after(() => cleanup());

  test('a first build creates every bronze table equal to de-duplicated RAW, and passes its tests', async () => {
    const res = await cli(['build', '--project-dir', dir]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Done\. PASS=\d+ WARN=1 ERROR=0 SKIP=0 TOTAL=\d+/);
    for (const [table, key] of TABLES) {
      const diff = await scalar(dir, `select count(*) from ((select * from local.bronze.bz_${table}) except (${expectedSql(table, key)}))`);
      const missing = await scalar(dir, `select count(*) from ((${expectedSql(table, key)}) except (select * from local.bronze.bz_${table}))`);
      assert.equal(diff + missing, 0, `bz_${table} differs from de-duplicated RAW`);
    }
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    assert.ok(results.results.length > 15);
    const users = results.results.find((r: { unique_id: string }) => r.unique_id === 'model.zoom_bronze.bz_users');
    assert.equal(users.status, 'success');
    assert.equal(users.adapter_response.rows_affected, await scalar(dir, 'select count(*) from local.bronze.bz_users'));
    assert.ok(existsSync(join(dir, 'target', 'compiled', 'zoom_bronze', 'models', 'bronze', 'bz_users.sql')));
    assert.match(readFileSync(join(dir, 'target', 'run', 'zoom_bronze', 'models', 'bronze', 'bz_users.sql'), 'utf8'), /create or replace table local\.bronze\.bz_users/i);
  });

  test('every node of the build has one audit row', async () => {
    const inv = await query(dir, `select invocation_id, count(*) n from local.bronze.bz_data_audit group by 1 order by max(completed_at) desc limit 1`);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    assert.equal(Number(inv[0].n), results.results.length);
    const statuses = await query(dir, `select status, count(*) n from local.bronze.bz_data_audit where invocation_id = '${inv[0].INVOCATION_ID}' group by 1 order by 1`);
    assert.deepEqual(statuses.map((r) => r.STATUS), ['SUCCESS', 'WARNING']);
    const audit = await cli(['audit', '--project-dir', dir, '--limit', '3', '--output', 'json']);
    assert.equal(audit.code, 0);
    const rows = JSON.parse(audit.stdout);
    assert.equal(rows.length, 3);
    assert.equal(rows[0].invocationId, inv[0].INVOCATION_ID);
  });

  test('after --next-batch an incremental run merges exactly the new and changed keys', async () => {
    const before = new Map<string, number>();
    for (const [table] of TABLES) before.set(table, await scalar(dir, `select count(*) from local.bronze.bz_${table}`));
    const batch = await demoNextBatch(dir);
    const res = await cli(['run', '--project-dir', dir]);
    assert.equal(res.code, 0, res.stderr);
    for (const [table, key] of TABLES) {
      const t = batch.tables.find((x) => x.table === table)!;
      const after = await scalar(dir, `select count(*) from local.bronze.bz_${table}`);
      assert.equal(after, before.get(table)! + t.newKeys.length, `bz_${table}: new keys added`);
      const diff = await scalar(dir, `select count(*) from ((select * from local.bronze.bz_${table}) except (${expectedSql(table, key)}))`);
      assert.equal(diff, 0, `bz_${table}: changed keys carry the latest values`);
      const changed = t.changedKeys.map((k) => `'${k}'`).join(',');
      if (changed) {
        const stale = await scalar(
          dir,
          `select count(*) from local.bronze.bz_${table} b join (${expectedSql(table, key)}) r using (${key}) where b.${key} in (${changed}) and b.update_timestamp <> r.update_timestamp`,
        );
        assert.equal(stale, 0);
      }
    }
    const run = await readFileSync(join(dir, 'target', 'run', 'zoom_bronze', 'models', 'bronze', 'bz_users.sql'), 'utf8');
    assert.match(run, /merge into local\.bronze\.bz_users as DBT_INTERNAL_DEST/);
  });

  test('--full-refresh rebuilds with a CTAS and keeps the same contents', async () => {
    const count = await scalar(dir, 'select count(*) from local.bronze.bz_users');
    const res = await cli(['run', '--project-dir', dir, '-s', 'bz_users', '--full-refresh']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(readFileSync(join(dir, 'target', 'run', 'zoom_bronze', 'models', 'bronze', 'bz_users.sql'), 'utf8'), /create or replace table/i);
    assert.equal(await scalar(dir, 'select count(*) from local.bronze.bz_users'), count);
  });

  test('a failing model leaves its table as it was, dependents are SKIPPED, the audit records both', async () => {
    const file = join(dir, 'models', 'bronze', 'bz_users.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(join(dir, 'models', 'bronze', 'bz_user_plans.sql'), "select plan_type, count(*) as users from {{ ref('bz_users') }} group by 1\n");
    const snapshot = await query(dir, 'select user_id, email, update_timestamp from local.bronze.bz_users order by user_id');
    // A runtime error on every row: the full-refresh CTAS fails part-way, the incremental run fails too.
    writeFileSync(file, original.replace('where user_id is not null', "where user_id is not null and cast(user_id || 'x' as integer) is not null"));
    assert.notEqual(readFileSync(file, 'utf8'), original);
    try {
      const refresh = await cli(['run', '--project-dir', dir, '-s', 'bz_users', '--full-refresh']);
      assert.equal(refresh.code, 1);
      assert.deepEqual(await query(dir, 'select user_id, email, update_timestamp from local.bronze.bz_users order by user_id'), snapshot);
      const res = await cli(['run', '--project-dir', dir, '-s', 'bz_users+']);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /ERROR sql incremental model bronze\.bz_users/);
      assert.match(res.stderr, /SKIP .*bz_user_plans/);
      assert.match(res.stderr, /models\/bronze\/bz_users\.sql:\d+:\d+: error bz_users:/);
      const after = await query(dir, 'select user_id, email, update_timestamp from local.bronze.bz_users order by user_id');
      assert.deepEqual(after, snapshot);
      const audit = await query(
        dir,
        `select source_table, status, error_message from local.bronze.bz_data_audit
         where invocation_id = (select invocation_id from local.bronze.bz_data_audit order by completed_at desc limit 1) order by source_table`,
      );
      assert.deepEqual(audit.map((r) => [r.SOURCE_TABLE, r.STATUS]), [
        ['bz_user_plans', 'SKIPPED'],
        ['bz_users', 'FAILED'],
      ]);
      // Snowflake's message for the failed cast of 'USR-…x' to a number, located (numeric-conversion-error.test.ts).
      assert.match(String(audit[1].ERROR_MESSAGE), /Numeric value 'USR-\d+x' is not recognized \(line \d+, column \d+\)/);
    } finally {
      writeFileSync(file, original);
    }
    const ok = await cli(['run', '--project-dir', dir, '-s', 'bz_users+']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('warn-severity tests warn, error-severity tests fail, and build skips what depends on a failing test', async () => {
    const schema = join(dir, 'models', 'bronze', 'extra_tests.yml');
    writeFileSync(
      schema,
      `version: 2
models:
  - name: bz_user_plans
    columns:
      - name: plan_type
        data_tests:
          - accepted_values:
              arguments:
                values: ['Free']
              config:
                severity: warn
  - name: bz_users
    columns:
      - name: plan_type
        data_tests:
          - accepted_values:
              arguments:
                values: ['Free', 'Basic']
`,
    );
    try {
      const res = await cli(['build', '--project-dir', dir, '-s', 'bz_users+', '--output', 'json']);
      assert.equal(res.code, 1);
      const out = JSON.parse(res.stdout);
      const byName = (prefix: string) => out.results.find((r: { name: string }) => r.name.startsWith(prefix));
      const failing = byName('accepted_values_bz_users_plan_type');
      assert.equal(failing.status, 'fail');
      assert.ok(failing.failures > 0);
      assert.ok(Array.isArray(failing.failing_rows) && failing.failing_rows.length > 0);
      assert.match(failing.message, /configured to fail if != 0/);
      assert.equal(byName('bz_user_plans').status, 'skipped');
      // Without the failing test, the dependent model builds and its warn test only warns.
      appendFileSync(schema, '');
      writeFileSync(schema, readFileSync(schema, 'utf8').replace("values: ['Free', 'Basic']", "values: ['Free', 'Basic', 'Pro', 'Business', 'Enterprise']"));
      const res2 = await cli(['build', '--project-dir', dir, '-s', 'bz_users+', '--output', 'json']);
      const out2 = JSON.parse(res2.stdout);
      assert.equal(res2.code, 0, res2.stderr);
      const warn = out2.results.find((r: { name: string }) => r.name.startsWith('accepted_values_bz_user_plans_plan_type'));
      assert.equal(warn.status, 'warn');
    } finally {
      writeFileSync(schema, 'version: 2\n');
    }
  });

  test('cancelling a run stops the running statement and records it', async () => {
    const slow = join(dir, 'models', 'bronze', 'bz_slow.sql');
    writeFileSync(slow, "{{ config(materialized='table') }}\nselect count(*) as n from range(100000000000) a\n");
    try {
      const controller = new AbortController();
      let cancelledAt = 0;
      // Cancel once the model has started (not on a timer from the call: setup time varies with the machine's load).
      const listener = { nodeStarted: () => void setTimeout(() => ((cancelledAt = Date.now()), controller.abort()), 300) };
      const outcome = await runProject({ projectDir: dir, command: 'run', select: ['bz_slow'], signal: controller.signal, listener });
      assert.ok(cancelledAt > 0, 'the model started before the cancel');
      assert.ok(Date.now() - cancelledAt < 10_000, 'cancel returns promptly');
      assert.equal(outcome.results[0].status, 'skipped');
      assert.match(outcome.results[0].message, /Cancelled/);
      assert.equal(await scalar(dir, "select count(*) from information_schema.tables where table_name = 'bz_slow'"), 0);
      const audit = await query(dir, `select status from local.bronze.bz_data_audit where invocation_id = '${outcome.invocationId}'`);
      // The node was running when the run was cancelled: the audit trail says INTERRUPTED, as for Ctrl-C.
      assert.deepEqual(audit.map((r) => r.STATUS), ['INTERRUPTED']);
    } finally {
      writeFileSync(slow, '-- removed by the cancellation test\nselect 1 as n\n');
    }
  });

  test('usage and configuration errors exit with status 2 and say what to fix', async () => {
    const bad = await cli(['run', '--project-dir', dir, '--threads', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--threads takes a whole number/);
    const noProject = await cli(['run', '--project-dir', join(dir, 'models')]);
    assert.equal(noProject.code, 2);
    assert.match(noProject.stderr, /no dbt_project\.yml/);
    const sel = await cli(['run', '--project-dir', dir, '-s', 'tag:']);
    assert.equal(sel.code, 2, sel.stderr);
  });

  test('show and compile --print', async () => {
    const show = await cli(['show', '--project-dir', dir, '--inline', "select count(*) as n from {{ ref('bz_users') }}", '--output', 'json']);
    assert.equal(show.code, 0, show.stderr);
    assert.equal(JSON.parse(show.stdout)[0].N, await scalar(dir, 'select count(*) from local.bronze.bz_users'));
    const first = await cli(['compile', '--project-dir', dir, '-s', 'bz_meetings', '--print', '--mode', 'first']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^create or replace table local\.bronze\.bz_meetings/m);
    assert.doesNotMatch(first.stdout, /merge into/);
    const inc = await cli(['compile', '--project-dir', dir, '-s', 'bz_meetings', '--print', '--mode', 'auto']);
    assert.match(inc.stdout, /merge into local\.bronze\.bz_meetings as DBT_INTERNAL_DEST/);
    assert.ok(existsSync(join(dir, 'target', 'manifest.json')));
  });

  test('source freshness, debug, show --select and check on the demo', async () => {
    const fresh = await cli(['source', 'freshness', '--project-dir', dir, '--output', 'json']);
    assert.equal(fresh.code, 0, fresh.stderr);
    const results = JSON.parse(fresh.stdout).results as Array<{ unique_id: string; status: string; age_seconds: number }>;
    assert.equal(results.length, 7);
    // The demo's data is anchored at 2026-01-01, so it is older than the 24-hour warn rule: warn, never error.
    assert.ok(results.every((r) => r.status === 'warn' && r.age_seconds > 24 * 3600));
    // dbt's sources.json in the target path, for tools that read source freshness from dbt's artifacts.
    const artifact = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8')) as {
      metadata: { dbt_schema_version: string };
      results: Array<{ unique_id: string; status: string; max_loaded_at_time_ago_in_s: number; criteria: { warn_after: { count: number; period: string } } }>;
    };
    assert.equal(artifact.metadata.dbt_schema_version, 'https://schemas.getdbt.com/dbt/sources/v3.json');
    assert.deepEqual(artifact.results.map((r) => r.unique_id), results.map((r) => r.unique_id));
    assert.ok(artifact.results.every((r) => r.status === 'warn' && r.max_loaded_at_time_ago_in_s > 24 * 3600 && r.criteria.warn_after.period === 'hour'));
    const debug = await cli(['debug', '--project-dir', dir]);
    assert.equal(debug.code, 0);
    assert.match(debug.stdout, /connection: OK/);
    const show = await cli(['show', '--project-dir', dir, '-s', 'bz_meetings', '--limit', '2', '--output', 'json']);
    assert.equal(show.code, 0, show.stderr);
    const rows = JSON.parse(show.stdout);
    assert.equal(rows.length, 2);
    assert.deepEqual(Object.keys(rows[0]), ['meeting_id', 'host_id', 'meeting_topic', 'start_time', 'end_time', 'duration_minutes', 'load_timestamp', 'update_timestamp', 'source_system']);
    const check = await cli(['check', '--project-dir', dir, '--output', 'json']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.deepEqual(JSON.parse(check.stdout).filter((d: { severity: string }) => d.severity === 'error'), []);
  });
});
