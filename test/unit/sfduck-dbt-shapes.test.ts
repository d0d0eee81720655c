// dbt-snowflake's statement shapes (reference: snowflake-wire.md §3, dbt-semantics.md §1) run end to end on
// the embedded DuckDB warehouse through the snowflake-on-duckdb layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { TargetConfig } from '../../server/src/core/types';
import { freshnessAgeSeconds } from '../../server/src/compile/freshness';

async function withAnalytics(fn: (s: DuckDbSession, wh: DuckDbWarehouse) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-sfduck-'));
  const target: TargetConfig = {
    name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'analytics', schema: 'bronze',
    path: join(dir, 'analytics.duckdb'),
  };
  const wh = await createDuckDbWarehouse(target);
  try {
    await fn(await wh.openSession(), wh);
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const RAW = `select * from (values (1, 'a@x.io', '2024-01-01 10:00:00'::timestamp_ntz), (2, 'b@x.io', '2024-01-02 11:00:00'::timestamp_ntz)) as v(user_id, email, updated_at)`;

test('table materialization: transient CTAS with copy grants, then cluster_by shape', async () => {
  await withAnalytics(async (s) => {
    const ctas = await s.execute(`create or replace transient table analytics.bronze.bz_users\n    copy grants\n    as (${RAW}\n    )\n;`);
    assert.equal(ctas.rowsAffected, 2);
    await s.execute(`create or replace transient table analytics.bronze.bz_sorted as (select * from (${RAW}) order by (user_id));\nalter table analytics.bronze.bz_sorted cluster by (user_id);`);
    const r = await s.execute('select count(*) as n from analytics.bronze.bz_sorted');
    assert.deepEqual(r.rows, [{ N: 2 }]);
    assert.equal(await s.relationType({ database: 'ANALYTICS', schema: 'BRONZE', identifier: 'BZ_USERS' }), 'table');
  });
});

test('view materialization and the temporary view of an incremental run become regular views', async () => {
  await withAnalytics(async (s) => {
    await s.execute(`create or replace secure view analytics.bronze.v_users copy grants as (\n    ${RAW}\n  );`);
    await s.execute(`create or replace temporary view analytics.bronze.bz_users__dbt_tmp as (${RAW});`);
    assert.equal(await s.relationType({ database: 'analytics', schema: 'bronze', identifier: 'v_users' }), 'view');
    assert.equal(await s.relationType({ database: 'analytics', schema: 'bronze', identifier: 'bz_users__dbt_tmp' }), 'view');
    await s.execute('drop view if exists analytics.bronze.bz_users__dbt_tmp cascade');
    assert.equal(await s.relationType({ database: 'analytics', schema: 'bronze', identifier: 'bz_users__dbt_tmp' }), null);
  });
});

test('incremental merge exactly as dbt-snowflake renders it, with quoted upper-case columns', async () => {
  await withAnalytics(async (s) => {
    await s.execute(`create or replace transient table analytics.bronze.bz_users as (${RAW});`);
    await s.execute(`create or replace temporary view analytics.bronze.bz_users__dbt_tmp as (select * from (values (2, 'b2@x.io', '2024-02-01 00:00:00'::timestamp_ntz), (3, 'c@x.io', '2024-02-02 00:00:00'::timestamp_ntz)) as v(user_id, email, updated_at));`);
    const cols = await s.describe({ database: 'analytics', schema: 'bronze', identifier: 'bz_users' });
    assert.deepEqual(cols, [
      { name: 'USER_ID', dataType: 'INTEGER' },
      { name: 'EMAIL', dataType: 'VARCHAR' },
      { name: 'UPDATED_AT', dataType: 'TIMESTAMP' },
    ]);
    const merge = `-- back compat for old kwarg name
  begin;
    merge into analytics.bronze.bz_users as DBT_INTERNAL_DEST
        using analytics.bronze.bz_users__dbt_tmp as DBT_INTERNAL_SOURCE
        on ((DBT_INTERNAL_SOURCE.user_id = DBT_INTERNAL_DEST.user_id))
    when matched then update set
        "USER_ID" = DBT_INTERNAL_SOURCE."USER_ID","EMAIL" = DBT_INTERNAL_SOURCE."EMAIL","UPDATED_AT" = DBT_INTERNAL_SOURCE."UPDATED_AT"
    when not matched then insert
        ("USER_ID", "EMAIL", "UPDATED_AT")
    values
        ("USER_ID", "EMAIL", "UPDATED_AT")
;
    commit;`;
    const res = await s.execute(merge);
    assert.equal(res.rowsAffected, 2);
    const rows = await s.execute('select user_id, email from analytics.bronze.bz_users order by user_id');
    assert.deepEqual(rows.rows, [
      { USER_ID: 1, EMAIL: 'a@x.io' },
      { USER_ID: 2, EMAIL: 'b2@x.io' },
      { USER_ID: 3, EMAIL: 'c@x.io' },
    ]);
    await s.execute('drop view if exists analytics.bronze.bz_users__dbt_tmp cascade');
  });
});

test('delete+insert with a temporary table, append, truncate', async () => {
  await withAnalytics(async (s) => {
    await s.execute(`create or replace transient table analytics.bronze.t as (${RAW});`);
    await s.execute(`create or replace temporary table analytics.bronze.t__dbt_tmp as (select 2 as user_id, 'new@x.io' as email, '2024-03-01'::timestamp_ntz as updated_at);`);
    await s.execute(`begin;
delete from analytics.bronze.t as DBT_INTERNAL_DEST
where (user_id) in (select distinct user_id from analytics.bronze.t__dbt_tmp as DBT_INTERNAL_SOURCE);
insert into analytics.bronze.t ("USER_ID", "EMAIL", "UPDATED_AT") ( select "USER_ID", "EMAIL", "UPDATED_AT" from analytics.bronze.t__dbt_tmp );
commit;`);
    assert.deepEqual((await s.execute('select email from analytics.bronze.t where user_id = 2')).rows, [{ EMAIL: 'new@x.io' }]);
    await s.execute('begin; insert into analytics.bronze.t ("USER_ID", "EMAIL", "UPDATED_AT") ( select "USER_ID", "EMAIL", "UPDATED_AT" from analytics.bronze.t__dbt_tmp ); commit;');
    assert.deepEqual((await s.execute('select count(*) as n from analytics.bronze.t')).rows, [{ N: 3 }]);
    await s.execute('truncate table analytics.bronze.t');
    assert.deepEqual((await s.execute('select count(*) as n from analytics.bronze.t')).rows, [{ N: 0 }]);
    await s.execute('drop table if exists analytics.bronze.t__dbt_tmp cascade');
  });
});

test('schema changes, comments, rename, information_schema and a stray COMMIT', async () => {
  await withAnalytics(async (s) => {
    await s.execute(`create or replace transient table analytics.bronze.t as (${RAW});`);
    await s.execute('alter table analytics.bronze.t alter "EMAIL" set data type varchar(200)');
    await s.execute('alter table analytics.bronze.t add column "LOGIN_COUNT" number(38,0)');
    await s.execute('comment on table analytics.bronze.t is $$Bronze users; it\'s raw$$');
    await s.execute('alter table analytics.bronze.t rename to analytics.bronze.t2');
    await s.execute('commit');
    const cols = await s.describe({ database: 'analytics', schema: 'bronze', identifier: 't2' });
    assert.deepEqual(cols.map((c) => `${c.name}:${c.dataType}`), [
      'USER_ID:INTEGER', 'EMAIL:VARCHAR', 'UPDATED_AT:TIMESTAMP', 'LOGIN_COUNT:DECIMAL(38,0)',
    ]);
    const schemata = await s.execute("select schema_name from analytics.information_schema.schemata where catalog_name ilike 'analytics' and schema_name = 'bronze'");
    assert.deepEqual(schemata.rows, [{ schema_name: 'bronze' }]);
    await s.execute('use schema analytics.bronze');
    assert.deepEqual((await s.execute('select count(*) as n from t2')).rows, [{ N: 2 }]);
  });
});

test('data-test wrapper and freshness query', async () => {
  await withAnalytics(async (s) => {
    await s.execute(`create or replace transient table analytics.bronze.bz_users as (${RAW} union all select 2, 'dup@x.io', '2024-01-03'::timestamp_ntz);`);
    const t = await s.execute(`select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      select user_id as unique_field, count(*) as n_records
      from analytics.bronze.bz_users
      where user_id is not null
      group by user_id
      having count(*) > 1
    ) dbt_internal_test`);
    assert.deepEqual(t.rows, [{ FAILURES: 1, SHOULD_WARN: true, SHOULD_ERROR: true }]);
    const f = await s.execute(`select max(updated_at) as max_loaded_at,
      convert_timezone('UTC', current_timestamp()) as snapshotted_at
    from analytics.bronze.bz_users`);
    assert.deepEqual(f.rows[0].MAX_LOADED_AT, new Date('2024-01-03T00:00:00Z'));
    // CONVERT_TIMEZONE(zone, ts) is a TIMESTAMP_TZ (Snowflake's text at the zone's offset), which freshness reads.
    assert.match(String(f.rows[0].SNAPSHOTTED_AT), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+0000$/);
    const age = freshnessAgeSeconds(f.rows[0].MAX_LOADED_AT, f.rows[0].SNAPSHOTTED_AT);
    assert.ok(age !== null && Math.abs(age - (Date.now() - Date.parse('2024-01-03T00:00:00Z')) / 1000) < 600, String(age));
  });
});

test('a MERGE whose source repeats a key fails like Snowflake (100090)', async () => {
  await withAnalytics(async (s) => {
    await s.execute(`create or replace transient table analytics.bronze.bz_users as (${RAW});`);
    await s.execute(`create or replace temporary view analytics.bronze.bz_users__dbt_tmp as (select 2 as user_id, 'x@x.io' as email union all select 2, 'y@x.io');`);
    await assert.rejects(
      s.execute(`begin;
merge into analytics.bronze.bz_users as DBT_INTERNAL_DEST using analytics.bronze.bz_users__dbt_tmp as DBT_INTERNAL_SOURCE
on ((DBT_INTERNAL_SOURCE.user_id = DBT_INTERNAL_DEST.user_id))
when matched then update set "EMAIL" = DBT_INTERNAL_SOURCE."EMAIL"
when not matched then insert ("USER_ID", "EMAIL") values ("USER_ID", "EMAIL");
commit;`),
      (e: unknown) => e instanceof WarehouseError && e.details.code === '100090' && /^Duplicate row detected during DML action/.test(e.message),
    );
    await s.execute('rollback');
    assert.deepEqual((await s.execute('select email from analytics.bronze.bz_users where user_id = 2')).rows, [{ EMAIL: 'b@x.io' }]);
  });
});
