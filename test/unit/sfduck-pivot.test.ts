// PIVOT on the DuckDB target: the columns made from string values are named as Snowflake names them (the literal,
// quotes included), so `"'Confirmed'"` finds its column; forms with other names or rows are refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute("create table cases as select * from (values (1, 'Confirmed', 5), (1, 'Deaths', 2), (2, 'Confirmed', 7), (2, 'Active', 1)) v(loc, case_type, n)");
});

test("a string value's column is named by the literal, quotes included, and read back by that name", async () => {
  const r = await session().execute(
    `select loc, sum("'Confirmed'") as confirmed, sum("'Deaths'") as deaths from cases pivot (sum(n) for case_type in ('Confirmed', 'Deaths')) as p group by loc order by loc`,
  );
  assert.deepEqual(r.rows, [
    { LOC: 1, CONFIRMED: 5, DEATHS: 2 },
    { LOC: 2, CONFIRMED: 7, DEATHS: null },
  ]);
  const star = await session().execute("select * from cases pivot (sum(n) for case_type in ('Confirmed', 'Active' as act)) order by loc");
  assert.deepEqual(star.columns.map((c) => c.name), ['LOC', "'Confirmed'", 'ACT']);
});

test('the translation is idempotent and leaves numbers and aliased values as written', () => {
  const sql = "select * from t pivot (sum(n) for k in ('a', 3, 'b' as bee)) p";
  const once = translateSnowflakeSql(sql);
  assert.match(once, /in \('a' AS "'a'", 3, 'b' as bee\)/);
  assert.equal(translateSnowflakeSql(once), once);
});

test('an aggregate alias, DEFAULT ON NULL and a dynamic IN list are refused at the PIVOT', () => {
  for (const [sql, construct] of [
    ["select * from t pivot (sum(n) as total for k in ('a'))", 'PIVOT with an alias on the aggregate'],
    ["select * from t pivot (sum(n) for k in ('a') default on null (0))", 'PIVOT … DEFAULT ON NULL'],
    ['select * from t pivot (sum(n) for k in (any order by k))', 'PIVOT on ANY or a subquery (a dynamic pivot)'],
    ['select * from t pivot (sum(n) for k in (select distinct k from u))', 'PIVOT on ANY or a subquery (a dynamic pivot)'],
  ]) {
    assert.throws(() => translateSnowflakeSql(sql), (e: unknown) => e instanceof UnsupportedOnDuckDb && e.construct === construct && e.offset === sql.indexOf('pivot'));
  }
});
