// Snowflake SQL UDFs on the DuckDB target: CREATE FUNCTION … AS '<expr>' becomes a DuckDB macro computing the
// translated body, with Snowflake's conversions at the call (arguments to the parameter types, the result to the
// RETURNS type) and RETURNS NULL ON NULL INPUT; a tabular UDF is refused naming the function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import type { TargetConfig } from '../../server/src/core/types';

async function withSession(fn: (s: DuckDbSession) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-sqludf-'));
  const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'analytics', schema: 'main', path: join(dir, 'analytics.duckdb') };
  const wh = await createDuckDbWarehouse(target);
  try {
    await fn(await wh.openSession());
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = async (s: DuckDbSession, sql: string): Promise<unknown> => Object.values((await s.execute(sql)).rows[0])[0];

test('the macro: parameters and result cast to the declared types; a second pass changes nothing', () => {
  const sql = 'create or replace function dbl(a number) returns number as $$ a * 2 $$';
  assert.equal(translateSnowflakeSql(sql), 'CREATE OR REPLACE MACRO dbl("a") AS CAST(( CAST("a" AS DECIMAL(38,0)) * 2 ) AS DECIMAL(38,0))');
  assert.equal(translateSnowflakeSql(translateSnowflakeSql(sql)), translateSnowflakeSql(sql));
});

test('SQL UDFs compute on DuckDB as Snowflake does', async () => {
  await withSession(async (s) => {
    await s.execute('create or replace function dbl(a number) returns number as $$ a * 2 $$');
    assert.equal(Number(await one(s, 'select dbl(21)')), 42);
    // NUMBER(38,0) parameters round the argument first (half away from zero): 2.5 → 3, so 6; a string converts.
    assert.equal(Number(await one(s, 'select dbl(2.5)')), 6);
    assert.equal(Number(await one(s, "select dbl('21')")), 42);
    await s.execute("create function analytics.main.area(w float, h float) returns float language sql as 'w * h'");
    assert.equal(await one(s, 'select area(2, 3.5)'), 7);
    // The body is Snowflake SQL (IFF), translated.
    await s.execute("create or replace function sign_word(n number(10,2)) returns varchar as $$ iff(n >= 0, 'positive', 'negative') $$");
    assert.equal(await one(s, 'select sign_word(-1.25)'), 'negative');
    // RETURNS NULL ON NULL INPUT: NULL without evaluating the body.
    await s.execute("create or replace function dflt(v varchar) returns varchar returns null on null input as $$ coalesce(v, 'x') $$");
    assert.equal(await one(s, 'select dflt(null)'), null);
    await s.execute("create or replace function dflt2(v varchar) returns varchar as $$ coalesce(v, 'x') $$");
    assert.equal(await one(s, 'select dflt2(null)'), 'x');
    assert.equal(await one(s, "select dflt2('y')"), 'y');
    // Snowflake formats a number given to a VARCHAR parameter its own way: refused, naming the function, at the call.
    await assert.rejects(
      s.execute('select 1 as a,\n  dflt2(1.5) as b'),
      (e: unknown) =>
        e instanceof WarehouseError &&
        /^Function DFLT2 \(a Snowflake SQL UDF: its VARCHAR parameter V given a non-text argument\) is not supported on the DuckDB target \(line 2, column 3\)/.test(e.message),
    );
    // A query body is a scalar subquery.
    await s.execute('create table t as select range as id from range(5)');
    await s.execute("create or replace function t_count(min_id number) returns number as 'select count(*) from t where id >= min_id'");
    assert.equal(Number(await one(s, 'select t_count(3)')), 2);
  });
});

test('a tabular SQL UDF is a table macro: columns by position, named and typed as RETURNS TABLE declares', async () => {
  await withSession(async (s) => {
    // Flipside's base-table UDTF (a GENERATOR numbered by ROW_NUMBER, cut at the parameter).
    await s.execute(`create function if not exists main.udtf_base(max_height integer)
returns table (height number)
as
$$
    with base as (select row_number() over (order by seq4()) as id from table(generator(rowcount => 1000)))
    select id as height from base where id <= max_height
$$`);
    const r = await s.execute('select height from table(main.udtf_base(3)) except select 2 order by 1');
    assert.deepEqual(r.rows.map((x) => Number(x.HEIGHT)), [1, 3]);
    assert.deepEqual(r.columns.map((c) => c.name), ['HEIGHT']);
    // By position: the query's columns take the declared names and types (2.5 to NUMBER(38,0) rounds to 3).
    await s.execute(`create or replace function pairs(s varchar) returns table (label varchar, "Amount" number) as $$ select s as x, 2.5 as y union all select 'b', 1 $$`);
    const p = await s.execute("select * from table(pairs('a')) as t order by 1");
    assert.deepEqual(p.columns.map((c) => c.name), ['LABEL', 'Amount']);
    assert.deepEqual(p.rows.map((x) => [x.LABEL, Number(x.Amount)]), [['a', 3], ['b', 1]]);
    // A body the DuckDB target cannot run: CREATE succeeds, a query calling it is refused naming the function.
    await s.execute("create function t_f(n int) returns table (x int) as $$ select regexp_instr('abc', 'b', n, 1, 2) $$");
    await assert.rejects(
      s.execute('select x from table(t_f(1))'),
      (e: unknown) => e instanceof WarehouseError && /^Function T_F \(a Snowflake SQL UDF: tabular, its body holds REGEXP_INSTR .*\) is not supported on the DuckDB target/.test(e.message),
    );
  });
});
