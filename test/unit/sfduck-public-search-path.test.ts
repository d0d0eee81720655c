// Snowflake's SEARCH_PATH (default `$current, $public`, https://docs.snowflake.com/en/sql-reference/name-resolution):
// in a query an unqualified UDF the current schema lacks is PUBLIC's. On the twin DuckDB searched the current schema
// alone and refused the call as an unknown function. A DDL or DML statement (a table model's CTAS, a view), where the
// documentation gives the current schema or the view's, is refused by name instead of guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';

async function twin() {
  const wh = await createDuckDbWarehouse(
    { name: 'twin', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'analytics', path: ':memory:' },
    { snowflakeCompat: true, snowflakeFunctionsOnly: true },
  );
  const setup = await wh.openSession();
  await setup.execute('CREATE SCHEMA IF NOT EXISTS analytics');
  await setup.execute('CREATE SCHEMA IF NOT EXISTS public');
  await setup.execute('CREATE OR REPLACE FUNCTION public.double_it(x NUMBER) RETURNS NUMBER AS $$ x * 2 $$');
  await setup.execute('CREATE OR REPLACE FUNCTION public.label(x NUMBER) RETURNS VARCHAR AS $$ \'p\' $$');
  await setup.close();
  return wh;
}

test('a query calls a PUBLIC UDF unqualified: $current, then $public; the current schema first', async (t) => {
  const wh = await twin();
  t.after(() => wh.close());
  const s = await wh.openSession();
  await s.execute('USE SCHEMA analytics').catch(() => undefined);
  assert.deepEqual((await s.execute('select double_it(21) as v')).rows, [{ V: 42 }]);
  assert.deepEqual((await s.execute('with x as (select 4 as n) select double_it(n) as v from x')).rows, [{ V: 8 }]);
  // A function of the current schema wins over PUBLIC's.
  await s.execute("CREATE OR REPLACE FUNCTION analytics.label(x NUMBER) RETURNS VARCHAR AS $$ 'a' $$");
  assert.deepEqual((await s.execute('select label(1) as l')).rows, [{ L: 'a' }]);
  // The session's search path is as it was: a name PUBLIC does not define is still unknown, by name.
  await assert.rejects(s.execute('select nope_fn(1)'), /Function NOPE_FN is not supported on the DuckDB target/);
  const path = (await s.execute("select current_setting('search_path') as p", { native: true })).rows[0].p as string;
  assert.doesNotMatch(path.toLowerCase(), /public/);
});

test('a CREATE TABLE AS, a view or an INSERT calling a PUBLIC-only UDF unqualified is refused by name', async (t) => {
  const wh = await twin();
  t.after(() => wh.close());
  const s = await wh.openSession();
  for (const [sql, word] of [
    ['create or replace table analytics.t as select double_it(1) as v', 'CREATE'],
    ['create or replace view analytics.v as select double_it(1) as v', 'CREATE'],
  ] as const) {
    await assert.rejects(s.execute(sql), (e: Error) => {
      assert.match(e.message, new RegExp(`An unqualified call of DOUBLE_IT, which only the PUBLIC schema defines, in a ${word} statement .*write PUBLIC\\.DOUBLE_IT\\) is not supported on the DuckDB target \\(line 1, column \\d+\\)`));
      return true;
    });
  }
  await s.execute('create table analytics.n (v number)');
  await assert.rejects(s.execute('insert into analytics.n select double_it(2)'), /in an INSERT statement/);
  // Qualified, it runs everywhere.
  await s.execute('create or replace table analytics.t as select public.double_it(1) as v');
  assert.deepEqual((await s.execute('select v from analytics.t')).rows, [{ V: 2 }]);
});
