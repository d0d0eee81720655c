// Runs the DuckDB dialect's statements in an in-memory DuckDB to prove they are valid and do what the
// Snowflake statements do: views, tables, and incremental merge / delete+insert / append / insert_overwrite
// (a first run, then an incremental run with a changed key and a new key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef, NodeConfig, RelationType } from '../../server/src/core/types';
import {
  duckdbDialect as dk,
  genericTestSql,
  planModel,
  testWrapperSql,
  type DescribedColumns,
  type Step,
} from '../../server/src/compile/index';

const rel = { database: 'memory', schema: 'bronze', identifier: 'bz_users' };
const FIRST = "select * from (values (1, 'a@x', 'v1'), (2, 'b@x', 'v1')) as t(user_id, email, version)";
const SECOND = "select * from (values (2, 'b@new', 'v2'), (3, 'c@x', 'v2')) as t(user_id, email, version)";

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

async function withDb(fn: (c: DuckDBConnection) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await fn(c);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** A minimal runner: executes sql steps, answers describe steps, expands expand steps. */
async function execute(c: DuckDBConnection, steps: Step[], cols: DescribedColumns = { tmp: [], target: [] }): Promise<void> {
  for (const step of steps) {
    if (step.kind === 'sql') {
      for (const s of step.statements) await c.run(s);
    } else if (step.kind === 'describe') {
      const reader = await c.runAndReadAll(dk.describe(step.relation));
      cols[step.into] = reader.getRowObjectsJson().map((r): ColumnDef => ({ name: String(r.column_name), dataType: String(r.column_type) }));
    } else if (step.kind === 'expand') {
      await execute(c, step.build(cols), cols);
    }
  }
}

async function relationType(c: DuckDBConnection): Promise<RelationType | null> {
  const r = await c.runAndReadAll(
    `select table_type from information_schema.tables where table_schema = '${rel.schema}' and table_name = '${rel.identifier}'`,
  );
  const rows = r.getRowObjectsJson();
  if (rows.length === 0) return null;
  return rows[0].table_type === 'VIEW' ? 'view' : 'table';
}

async function rows(c: DuckDBConnection, sql = 'select * from memory.bronze.bz_users order by all'): Promise<unknown[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJson();
}

async function runModel(c: DuckDBConnection, sql: string, extra: Partial<NodeConfig>, fullRefresh = false): Promise<void> {
  const existing = await relationType(c);
  await execute(c, planModel(dk, { relation: rel, compiledSql: sql, config: config(extra), existing, fullRefresh, ensureSchema: true }));
}

test('view and table (cluster_by keeps order), each replacing the other', async () => {
  await withDb(async (c) => {
    await runModel(c, FIRST, { materialized: 'view' });
    assert.equal(await relationType(c), 'view');
    assert.deepEqual(await rows(c), [
      { user_id: 1, email: 'a@x', version: 'v1' },
      { user_id: 2, email: 'b@x', version: 'v1' },
    ]);
    const reversed = "select * from (values (3, 'c@x', 'v2'), (2, 'b@new', 'v2')) as t(user_id, email, version)";
    await runModel(c, reversed, { materialized: 'table', cluster_by: ['email'] });
    assert.equal(await relationType(c), 'table');
    assert.deepEqual(await rows(c, 'select user_id from memory.bronze.bz_users'), [{ user_id: 2 }, { user_id: 3 }]);
    await runModel(c, FIRST, { materialized: 'view' });
    assert.equal(await relationType(c), 'view');
    assert.equal((await rows(c)).length, 2);
  });
});

const afterUpsert = [
  { user_id: 1, email: 'a@x', version: 'v1' },
  { user_id: 2, email: 'b@new', version: 'v2' },
  { user_id: 3, email: 'c@x', version: 'v2' },
];

for (const strategy of ['merge', 'delete+insert'] as const) {
  test(`incremental ${strategy}: first run builds, second run upserts by unique_key and drops the tmp relation`, async () => {
    await withDb(async (c) => {
      const cfg = { materialized: 'incremental', incremental_strategy: strategy, unique_key: 'user_id' };
      await runModel(c, FIRST, cfg);
      assert.deepEqual(await rows(c), afterUpsert.slice(0, 1).concat([{ user_id: 2, email: 'b@x', version: 'v1' }]));
      await runModel(c, SECOND, cfg);
      assert.deepEqual(await rows(c), afterUpsert);
      assert.deepEqual(await rows(c, "select count(*)::int as n from information_schema.tables where table_name = 'bz_users__dbt_tmp'"), [{ n: 0 }]);
    });
  });
}

test('incremental merge with a list key, predicates and merge_update_columns', async () => {
  await withDb(async (c) => {
    const cfg = {
      materialized: 'incremental',
      unique_key: ['user_id', 'version'],
      incremental_predicates: ["DBT_INTERNAL_DEST.version = 'v1'"],
      merge_update_columns: ['email'],
    };
    await runModel(c, FIRST, cfg);
    await runModel(c, "select * from (values (2, 'b@changed', 'v1'), (4, 'd@x', 'v1')) as t(user_id, email, version)", cfg);
    assert.deepEqual(await rows(c), [
      { user_id: 1, email: 'a@x', version: 'v1' },
      { user_id: 2, email: 'b@changed', version: 'v1' },
      { user_id: 4, email: 'd@x', version: 'v1' },
    ]);
  });
});

test('incremental append, insert_overwrite and full refresh', async () => {
  await withDb(async (c) => {
    await runModel(c, FIRST, { materialized: 'incremental', incremental_strategy: 'append' });
    await runModel(c, SECOND, { materialized: 'incremental', incremental_strategy: 'append' });
    assert.deepEqual(await rows(c, 'select user_id from memory.bronze.bz_users order by all'), [
      { user_id: 1 },
      { user_id: 2 },
      { user_id: 2 },
      { user_id: 3 },
    ]);
    await runModel(c, FIRST, { materialized: 'incremental', incremental_strategy: 'insert_overwrite' });
    assert.deepEqual(await rows(c, 'select user_id from memory.bronze.bz_users order by all'), [{ user_id: 1 }, { user_id: 2 }]);
    // --full-refresh rebuilds; full_refresh: false in the config keeps the incremental path.
    await runModel(c, SECOND, { materialized: 'incremental', incremental_strategy: 'append', full_refresh: false }, true);
    assert.equal((await rows(c)).length, 4);
    await runModel(c, SECOND, { materialized: 'incremental', incremental_strategy: 'append' }, true);
    assert.equal((await rows(c)).length, 2);
  });
});

test('on_schema_change append_new_columns and sync_all_columns alter the DuckDB table', async () => {
  await withDb(async (c) => {
    const widened = "select *, 'premium' as plan from (values (5, 'e@x', 'v3')) as t(user_id, email, version)";
    await runModel(c, FIRST, { materialized: 'incremental', unique_key: 'user_id' });
    await runModel(c, widened, { materialized: 'incremental', unique_key: 'user_id', on_schema_change: 'append_new_columns' });
    assert.deepEqual(await rows(c, 'select user_id, plan from memory.bronze.bz_users order by user_id'), [
      { user_id: 1, plan: null },
      { user_id: 2, plan: null },
      { user_id: 5, plan: 'premium' },
    ]);
    const narrowed = "select * from (values (6, 'premium')) as t(user_id, plan)";
    await runModel(c, narrowed, { materialized: 'incremental', unique_key: 'user_id', on_schema_change: 'sync_all_columns' });
    const columns = (await c.runAndReadAll('describe memory.bronze.bz_users')).getRowObjectsJson().map((r) => r.column_name);
    assert.deepEqual(columns, ['user_id', 'plan']);
    await assert.rejects(
      runModel(c, FIRST, { materialized: 'incremental', unique_key: 'user_id', on_schema_change: 'fail' }),
      /out of sync/,
    );
  });
});

test('a generic test wrapped by the test materialization counts failures on DuckDB', async () => {
  await withDb(async (c) => {
    await runModel(c, "select * from (values (1, 'a'), (2, null), (3, null)) as t(user_id, email)", { materialized: 'table' });
    const sql = testWrapperSql({ sql: genericTestSql('not_null', undefined, { model: 'memory.bronze.bz_users', column_name: 'email' }), warnIf: '> 1', errorIf: '> 5' });
    assert.deepEqual(await rows(c, sql), [{ failures: '2', should_warn: true, should_error: false }]);
  });
});
