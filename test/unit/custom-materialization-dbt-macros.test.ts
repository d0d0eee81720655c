// A custom materialization written against dbt's materialization macros (test/fixtures/custom-materialization-macros)
// builds on DuckDB as dbt runs it on Snowflake: create_table_as on the first run; on later runs a temporary relation,
// expand_target_column_types, process_schema_changes (append, sync, fail), get_quoted_csv; persist_docs and
// apply_grants after each. What the twin cannot answer (SHOW GRANTS, for should_revoke) fails by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runProject } from '../../client/src/run/runner';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'custom-materialization-macros');

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

// SCORE is added as the temporary relation describes it, NUMBER(38,0) (DuckDB's DECIMAL(38,0), read here as integers).
const items = async (dir: string) =>
  (await rows(dir, 'select * from main.items order by id')).map((r) => ('score' in r ? { ...r, score: r.score === null ? null : Number(r.score) } : r));
const sent = (dir: string, model: string) => readFileSync(join(dir, 'target', 'run', 'mat_macros', 'models', `${model}.sql`), 'utf8');

/** Asserts that `text` holds each of `parts`, in this order. */
function inOrder(text: string, parts: string[]): void {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(p, at);
    assert.ok(i >= 0, `missing after offset ${at}: ${p}\n---\n${text}`);
    at = i + p.length;
  }
}

async function run(dir: string, vars: Record<string, unknown>, select = 'items') {
  const outcome = await runProject({ projectDir: dir, command: 'run', vars, select: [select] });
  return outcome.results.map((r) => ({ name: r.name, status: r.status, message: r.message ?? '' }));
}

test("a custom materialization built on dbt's macros: first build, upsert with new columns, sync, and a schema change that fails", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-mat-macros-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });

    // Run 1: no table yet → create_table_as (Snowflake's transient table), then the docs and the grants.
    assert.deepEqual(await run(dir, {}), [{ name: 'items', status: 'success', message: 'SUCCESS' }]);
    assert.deepEqual(await items(dir), [{ id: 1, label: 'first' }, { id: 2, label: 'second' }]);
    inOrder(sent(dir, 'items'), [
      'create or replace transient table local.main.items',
      'as (',
      "select 1 as id, 'first' as label",
      'comment on table local.main.items IS $$Items kept by key$$;',
      'alter  table local.main.items alter',
      `"ID" COMMENT $$The item's key$$,`,
      '"LABEL" COMMENT $$What the item is called$$;',
      'grant select on local.main.items to reporter;',
      'grant select on local.main.items to auditor;',
    ]);
    const comments = async () =>
      (await rows(dir, "select column_name, comment from duckdb_columns() where table_name ilike 'items' order by column_index")).map((r) => `${String(r.column_name)}: ${String(r.comment)}`);
    assert.deepEqual(await comments(), ["ID: The item's key", 'LABEL: What the item is called']);
    assert.deepEqual(await rows(dir, "select comment from duckdb_tables() where table_name ilike 'items'"), [{ comment: 'Items kept by key' }]);

    // Run 2: a temporary relation of the new rows, SCORE appended (append_new_columns), rows 2 and 3 upserted.
    assert.deepEqual(await run(dir, { round: 2 }), [{ name: 'items', status: 'success', message: 'SUCCESS' }]);
    assert.deepEqual(await items(dir), [
      { id: 1, label: 'first', score: null },
      { id: 2, label: 'second, again', score: 20 },
      { id: 3, label: 'third', score: 30 },
    ]);
    inOrder(sent(dir, 'items'), [
      'create or replace temporary table local.main.items__dbt_tmp',
      'alter  table local.main.items add column',
      '"SCORE" ',
      'delete from local.main.items where id in (select id from local.main.items__dbt_tmp);',
      'insert into local.main.items ("ID", "LABEL", "SCORE") select "ID", "LABEL", "SCORE" from local.main.items__dbt_tmp',
      '"SCORE" COMMENT $$$$;',
    ]);
    // The temporary relation ended with the run's session, as on Snowflake (the twin keeps it as a regular table until then).
    assert.deepEqual(await rows(dir, "select table_name from information_schema.tables where table_name ilike 'items__dbt_tmp'"), []);
    assert.deepEqual(await rows(dir, "select data_type from information_schema.columns where table_name ilike 'items' and column_name = 'SCORE'"), [{ data_type: 'DECIMAL(38,0)' }]);

    // Run 3: LABEL gone from the query under on_schema_change fail → dbt's error naming the difference; nothing changes.
    const failed = await run(dir, { round: 3, on_schema_change: 'fail' });
    assert.equal(failed[0].status, 'error');
    assert.match(failed[0].message, /In local\.main\.items: the source and target schemas on this incremental model are out of sync!/);
    assert.match(failed[0].message, /Target columns not in source: \[<Column LABEL /);
    assert.equal((await items(dir)).length, 3);

    // Run 4: sync_all_columns drops LABEL and upserts row 4.
    assert.deepEqual(await run(dir, { round: 3, on_schema_change: 'sync_all_columns' }), [{ name: 'items', status: 'success', message: 'SUCCESS' }]);
    assert.deepEqual(await items(dir), [
      { id: 1, score: null },
      { id: 2, score: 20 },
      { id: 3, score: 30 },
      { id: 4, score: 40 },
    ]);
    inOrder(sent(dir, 'items'), ['alter  table local.main.items drop column', '"LABEL"', 'insert into local.main.items ("ID", "SCORE")']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apply_grants that must first read the grants a table has (should_revoke) fails by name on the twin, which keeps none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-mat-macros-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    // A new table has no grants to revoke: granted straight away.
    assert.deepEqual(await run(dir, {}, 'audited'), [{ name: 'audited', status: 'success', message: 'SUCCESS' }]);
    inOrder(sent(dir, 'audited'), ['create or replace transient table local.main.audited', 'grant select on local.main.audited to reporter;']);
    const again = await run(dir, {}, 'audited');
    assert.equal(again[0].status, 'error');
    assert.match(again[0].message, /SHOW GRANTS is not supported on the DuckDB target/);
    assert.deepEqual(await rows(dir, 'select id from main.audited'), [{ id: 1 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('get_create_sql builds the table; truncate_relation (in its own transaction on Snowflake) and get_columns_in_query refill it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-mat-macros-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    assert.deepEqual(await run(dir, {}, 'replaced'), [{ name: 'replaced', status: 'success', message: 'SUCCESS' }]);
    inOrder(sent(dir, 'replaced'), ['create or replace transient table local.main.replaced', "select 1 as id, 'round 1' as label"]);
    assert.deepEqual(await run(dir, { round: 2 }, 'replaced'), [{ name: 'replaced', status: 'success', message: 'SUCCESS' }]);
    // Snowflake names the query's unquoted columns in upper case, and so does the twin.
    inOrder(sent(dir, 'replaced'), [
      'begin;',
      'truncate table local.main.replaced',
      'commit;',
      'select * from (',
      ') as __dbt_sbq',
      'insert into local.main.replaced (ID, LABEL)',
      "select 2 as id, 'round 2' as label",
    ]);
    assert.deepEqual(await rows(dir, 'select * from main.replaced'), [{ id: 2, label: 'round 2' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
