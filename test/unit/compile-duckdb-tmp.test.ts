// The DuckDB incremental `__dbt_tmp` relation is a TEMP table in the connection's `temp` catalog: the plan
// says so, the warehouse describes it for on_schema_change, it never reaches the database file nor another
// connection, and a model that fails with it in place leaves nothing that breaks the next run. The models
// run through the runner's own plan executor on a file-backed DuckDB warehouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BronzeError, type NodeConfig, type RelationName } from '../../server/src/core/types';
import { duckdbDialect as dk, planForPreview, planModel, snowflakeDialect } from '../../server/src/compile/index';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { executePlan } from '../../client/src/run/execute-plan';
import type { WarehouseSession } from '../../client/src/warehouse/warehouse';

const rel: RelationName = { database: 'db', schema: 'bronze', identifier: 'bz_users' };
const TMP: RelationName = { database: 'temp', schema: 'main', identifier: 'bz_users__dbt_tmp' };

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'incremental', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

async function withWarehouse(fn: (w: DuckDbWarehouse) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-tmp-rel-'));
  const target = { name: 'local', profileName: 'p', type: 'duckdb' as const, threads: 1, database: 'db', schema: 'bronze', path: join(dir, 'db.duckdb') };
  const warehouse = await createDuckDbWarehouse(target);
  try {
    await fn(warehouse);
  } finally {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runModel(session: WarehouseSession, sql: string, extra: Partial<NodeConfig>, relation = rel): Promise<string[]> {
  const existing = await session.relationType(relation);
  const steps = planModel(dk, { relation, compiledSql: sql, config: config(extra), existing, fullRefresh: false, ensureSchema: true });
  return (await executePlan(session, steps)).executed;
}

// Native: these read DuckDB's own catalogs (the temp catalog), not Snowflake's one-database information_schema.
async function rows(session: WarehouseSession, sql: string): Promise<Record<string, unknown>[]> {
  return (await session.execute(sql, { native: true })).rows;
}

const tmpTablesSql =
  "select table_catalog as c, table_schema as s, table_name as t from information_schema.tables where ends_with(lower(table_name), '__dbt_tmp') order by all";

const FIRST = "select * from (values (1, 'a@x'), (2, 'b@x')) as t(user_id, email)";

test('the DuckDB incremental plan builds, describes, merges from and drops temp.main.<id>__dbt_tmp', () => {
  assert.deepEqual(dk.tmpRelation(rel), TMP);
  const statements = planForPreview(
    dk,
    { relation: { ...rel, database: 'local' }, compiledSql: 'select 1 as user_id', config: config({ unique_key: 'user_id' }), existing: 'table', fullRefresh: false },
    [{ name: 'user_id', dataType: 'INTEGER' }],
  );
  assert.deepEqual(statements, [
    'create or replace temp table temp.main.bz_users__dbt_tmp as (\n    select 1 as user_id\n)',
    'describe temp.main.bz_users__dbt_tmp',
    'describe local.bronze.bz_users',
    'begin',
    'merge into local.bronze.bz_users as DBT_INTERNAL_DEST\n' +
      '    using temp.main.bz_users__dbt_tmp as DBT_INTERNAL_SOURCE\n' +
      '    on ((DBT_INTERNAL_SOURCE.user_id = DBT_INTERNAL_DEST.user_id))\n' +
      'when matched then update set\n' +
      '    "user_id" = DBT_INTERNAL_SOURCE."user_id"\n' +
      'when not matched then insert\n' +
      '    ("user_id")\n' +
      'values\n' +
      '    (DBT_INTERNAL_SOURCE."user_id")',
    'commit',
    'drop table if exists temp.main.bz_users__dbt_tmp cascade',
  ]);
  // Snowflake keeps dbt-snowflake's tmp relation next to the target.
  assert.deepEqual(snowflakeDialect.tmpRelation(rel), { database: 'db', schema: 'bronze', identifier: 'bz_users__dbt_tmp' });
});

test('the session describes the temp relation and reports it as a table', async () => {
  await withWarehouse(async (w) => {
    const s = await w.openSession();
    await s.execute(dk.createTmpRelation(TMP, "select 1::integer as user_id, 'x'::varchar as email", 'view', {}));
    assert.equal(await s.relationType(TMP), 'table');
    assert.deepEqual(await s.describe(TMP), [
      { name: 'USER_ID', dataType: 'INTEGER' },
      { name: 'EMAIL', dataType: 'VARCHAR' },
    ]);
    // Another connection has its own temp catalog: the relation is not there.
    const other = await w.openSession();
    assert.equal(await other.relationType(TMP), null);
  });
});

/** Delegates to a session; at the describe of the tmp relation, records what a second connection sees. */
function spying(session: DuckDbSession, other: WarehouseSession, seen: Record<string, unknown>[][]): WarehouseSession {
  return {
    execute: (sql, o) => session.execute(sql, o),
    relationType: (r) => session.relationType(r),
    describe: async (r) => {
      if (r.identifier.endsWith('__dbt_tmp')) seen.push(await rows(other, tmpTablesSql));
      return session.describe(r);
    },
    close: () => session.close(),
  };
}

test('on_schema_change append_new_columns: the new column comes from the temp relation, which no other connection sees', async () => {
  await withWarehouse(async (w) => {
    const s = await w.openSession();
    const other = await w.openSession();
    const seen: Record<string, unknown>[][] = [];
    const cfg = { unique_key: 'user_id', on_schema_change: 'append_new_columns' } as const;
    await runModel(s, FIRST, cfg);
    const executed = await runModel(spying(s, other, seen), "select * from (values (2, 'b@new', 'pro'), (3, 'c@x', 'free')) as t(user_id, email, plan)", cfg);
    assert.deepEqual(seen, [[]]);
    assert.ok(executed.includes('alter table db.bronze.bz_users add column "PLAN" VARCHAR'), executed.join('\n'));
    assert.deepEqual(await rows(s, 'select * from db.bronze.bz_users order by user_id'), [
      { USER_ID: 1, EMAIL: 'a@x', PLAN: null },
      { USER_ID: 2, EMAIL: 'b@new', PLAN: 'pro' },
      { USER_ID: 3, EMAIL: 'c@x', PLAN: 'free' },
    ]);
    assert.deepEqual(await rows(s, tmpTablesSql), []);
  });
});

test('on_schema_change sync_all_columns: columns added, dropped and retyped to match the temp relation', async () => {
  await withWarehouse(async (w) => {
    const s = await w.openSession();
    const cfg = { unique_key: 'user_id', on_schema_change: 'sync_all_columns' } as const;
    await runModel(s, "select * from (values (1, 'a@x', 10)) as t(user_id, email, score)", cfg);
    await runModel(s, "select * from (values (1, 'pro', 2.5::double), (4, 'free', 1.0::double)) as t(user_id, plan, score)", cfg);
    assert.deepEqual(
      (await s.describe(rel)).map((c) => `${c.name} ${c.dataType}`),
      ['USER_ID INTEGER', 'SCORE DOUBLE', 'PLAN VARCHAR'],
    );
    assert.deepEqual(await rows(s, 'select user_id, plan, score from db.bronze.bz_users order by user_id'), [
      { USER_ID: 1, PLAN: 'pro', SCORE: 2.5 },
      { USER_ID: 4, PLAN: 'free', SCORE: 1 },
    ]);
  });
});

test('on_schema_change fail: the model fails, the target and the file keep no tmp table, the rerun succeeds', async () => {
  await withWarehouse(async (w) => {
    const s = await w.openSession();
    const cfg = { unique_key: 'user_id', on_schema_change: 'fail' } as const;
    await runModel(s, FIRST, cfg);
    await assert.rejects(
      runModel(s, "select * from (values (2, 'b@new', 'pro')) as t(user_id, email, plan)", cfg),
      (e: unknown) => e instanceof BronzeError && e.code === 'bronze/schema-change',
    );
    // The failed model's tmp table lives on in this connection's temp catalog only.
    assert.deepEqual(await rows(s, tmpTablesSql), [{ c: 'temp', s: 'main', t: 'BZ_USERS__DBT_TMP' }]);
    const fresh = await w.openSession();
    assert.deepEqual(await rows(fresh, tmpTablesSql), []);
    assert.deepEqual(await rows(fresh, 'select * from db.bronze.bz_users order by user_id'), [
      { USER_ID: 1, EMAIL: 'a@x' },
      { USER_ID: 2, EMAIL: 'b@x' },
    ]);
    // The next run on the same connection replaces the stray tmp table.
    await runModel(s, "select * from (values (2, 'b@new')) as t(user_id, email)", cfg);
    assert.deepEqual(await rows(s, 'select * from db.bronze.bz_users order by user_id'), [
      { USER_ID: 1, EMAIL: 'a@x' },
      { USER_ID: 2, EMAIL: 'b@new' },
    ]);
    assert.deepEqual(await rows(s, tmpTablesSql), []);
  });
});

test('threads: models with the same identifier run at once on separate sessions without sharing a tmp table', async () => {
  await withWarehouse(async (w) => {
    const sessions = await Promise.all([0, 1, 2, 3].map(() => w.openSession()));
    const relations = sessions.map((_, i): RelationName => ({ database: 'db', schema: `s${i}`, identifier: 'bz_users' }));
    const cfg = { unique_key: 'user_id', on_schema_change: 'append_new_columns' } as const;
    await Promise.all(sessions.map((s, i) => runModel(s, `select * from range(${i * 1000}, ${i * 1000 + 1000}) t(user_id)`, cfg, relations[i])));
    for (let round = 1; round <= 3; round++) {
      await Promise.all(
        sessions.map((s, i) =>
          runModel(s, `select user_id, ${i * 10 + round} as batch from range(${i * 1000 + 500}, ${i * 1000 + 1500}) t(user_id)`, cfg, relations[i]),
        ),
      );
    }
    for (let i = 0; i < sessions.length; i++) {
      const [r] = await rows(sessions[i], `select count(*)::int n, min(user_id)::int lo, max(user_id)::int hi, max(batch)::int b from db.s${i}.bz_users`);
      assert.deepEqual(r, { n: 1500, lo: i * 1000, hi: i * 1000 + 1499, b: i * 10 + 3 });
    }
  });
});
