// A BEGIN inside an open transaction: Snowflake ignores it; DuckDB would abort the open transaction, so the
// DuckDB warehouse (Snowflake-compatible) must not send it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { TargetConfig } from '../../server/src/core/types';

const MEMORY: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' };

test('begin inside a transaction is a no-op: the open transaction keeps going and commits everything', async () => {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = await w.openSession();
    await s.execute('create table t (a integer)');
    await s.execute('begin');
    await s.execute('insert into t values (1)');
    const nested = await s.execute('begin transaction');
    assert.deepEqual(nested.rows, [{ status: 'Statement executed successfully.' }]);
    await s.execute('insert into t values (2)');
    await s.execute('commit');
    assert.deepEqual((await s.execute('select a from t order by a')).rows, [{ A: 1 }, { A: 2 }]);
  } finally {
    await w.close();
  }
});

test('begin inside a transaction keeps the open transaction rollback-able', async () => {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = await w.openSession();
    await s.execute('create table t (a integer); insert into t values (1)');
    await s.execute('begin; delete from t; begin; insert into t values (3)');
    await s.execute('rollback');
    assert.deepEqual((await s.execute('select a from t')).rows, [{ A: 1 }]);
    // Outside a transaction BEGIN still opens one.
    await s.execute('begin');
    await s.execute('insert into t values (4)');
    await s.execute('rollback');
    assert.deepEqual((await s.execute('select a from t')).rows, [{ A: 1 }]);
  } finally {
    await w.close();
  }
});
