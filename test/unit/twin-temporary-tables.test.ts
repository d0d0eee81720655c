// A Snowflake temporary table lives as long as its session. The twin creates a qualified one (what dbt-snowflake's
// create_table_as(temporary=True) prints) as a regular DuckDB table, and drops it when the session that created it
// closes (session-temporary-tables.ts), so it does not outlive the session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { qualifiedTemporaryObject } from '../../client/src/warehouse/snowflake-on-duckdb/session-temporary-tables';
import type { TargetConfig } from '../../server/src/core/types';

test('which CREATE statements make a temporary table or view the twin keeps as a regular one', () => {
  assert.deepEqual(qualifiedTemporaryObject('create or replace temporary table memory.s.t__dbt_tmp\nas (select 1)'), { kind: 'table', name: 'memory.s.t__dbt_tmp' });
  assert.deepEqual(qualifiedTemporaryObject('CREATE LOCAL TEMP TABLE IF NOT EXISTS s."T x" (a int)'), { kind: 'table', name: 's."T x"' });
  assert.deepEqual(qualifiedTemporaryObject('create volatile table t as select 1'), { kind: 'table', name: 't' });
  assert.deepEqual(qualifiedTemporaryObject('create or replace temporary view s.v__dbt_tmp as select 1'), { kind: 'view', name: 's.v__dbt_tmp' });
  for (const own of ['create temporary table t as select 1', 'create temp table temp.main.t (a int)', 'create table s.t (a int)', 'create view s.v as select 1']) {
    assert.equal(qualifiedTemporaryObject(own), undefined, own);
  }
});

test('a qualified temporary table or view is dropped when its session closes; a regular table stays', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' } as TargetConfig);
  try {
    const a = await wh.openSession();
    const b = await wh.openSession();
    await a.execute('create schema if not exists s');
    await a.execute('create or replace table s.kept as (select 1 as id)');
    await a.execute('create or replace temporary table memory.s.kept__dbt_tmp as (select 2 as id)');
    await a.execute('create or replace temporary view s.kept__dbt_view as select 3 as id');
    const tables = async () => (await b.execute("select table_name from information_schema.tables where table_schema ilike 's' order by table_name")).rows.map((r) => String(r.TABLE_NAME));
    assert.deepEqual(await tables(), ['KEPT', 'KEPT__DBT_TMP', 'KEPT__DBT_VIEW']);
    await a.close();
    assert.deepEqual(await tables(), ['KEPT']);
  } finally {
    await wh.close();
  }
});
