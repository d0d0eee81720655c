// `TO_DATE(SELECT v FROM t WHERE …)` (robling_product's staging views): a query as a function's only argument without
// the parentheses of its own a subquery has. Snowflake's parser reads it, to the call's `)`, as that subquery; the
// twin runs it as `TO_DATE((SELECT …))`. After another argument (`COALESCE(x, SELECT …)`) it is no such form: DuckDB's
// parser stops at the SELECT, and Bronze names the construct there instead of showing DuckDB's syntax error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession();

test("a query as a function's only argument runs as a scalar subquery", async () => {
  const param = "(SELECT 'CURR_DAY' AS param_name, '2024-01-31' AS param_value UNION ALL SELECT 'PREV_DAY', '2024-01-30')";
  const r = await session().execute(
    `SELECT TO_DATE(SELECT param_value FROM ${param} WHERE param_name = 'CURR_DAY') AS post_dt, ` +
      // WITH opens such a query too; a quoted name is a call's.
      `UPPER(WITH p AS (SELECT 'a' AS v) SELECT v FROM p) AS u, "LOWER"(SELECT 'B') AS l, ` +
      `TO_DATE(SELECT MAX(param_value) FROM ${param}) AS latest`,
  );
  const row = r.rows[0];
  assert.deepEqual([String(row.POST_DT), row.U, row.L, String(row.LATEST)], ['2024-01-31', 'A', 'b', '2024-01-31']);
  // Commas are the query's: COALESCE's one argument is a query of two columns, which a scalar subquery cannot be.
  await assert.rejects(session().execute('SELECT COALESCE(SELECT NULL, 2) AS c'));
  // A subquery of more than one row fails as the parenthesized one does (Snowflake: "Single-row subquery returns more than one row").
  await assert.rejects(session().execute(`SELECT TO_DATE(SELECT param_value FROM ${param}) AS d`));
});

test('only a call is given the parentheses: subqueries of IN, FROM, INSERT … are left as written', () => {
  assert.equal(translateSnowflakeSql('select abs(select 1 from t where x = 1), db.s.f(select 2)'), 'select abs((select 1 from t where x = 1)), db.s.f((select 2))');
  for (const sql of [
    'select 1 where 1 in (select 1)',
    'select * from (select 1) t',
    'insert into db.s.t (select 1)',
    'select exists (select 1), (select 2), x over (partition by y)',
    'declare c cursor for (select 1)',
  ]) {
    assert.equal(translateSnowflakeSql(sql), sql);
  }
});

test('a query written after another argument is refused by name at its SELECT', async () => {
  const cases: Array<[string, string]> = [
    ["SELECT COALESCE(NULL, SELECT 'a') AS d", 'COALESCE'],
    ["SELECT 1 AS x, NVL(NULL, SELECT v FROM (SELECT '2024-01-01' v) WHERE v = '2024-01-01') AS d", 'NVL'],
  ];
  for (const [sql, name] of cases) {
    await assert.rejects(session().execute(sql), (e: Error) => {
      assert.match(e.message, new RegExp(`^A query written as an argument of ${name} after another one, without parentheses of its own`), sql);
      const column = sql.indexOf('SELECT', 1) + 1;
      assert.match(e.message, new RegExp(`\\(line 1, column ${column}\\)$`), sql);
      return true;
    });
  }
});

test('a parenthesized subquery argument runs, and other syntax errors are not taken for this one', async () => {
  const r = await session().execute("SELECT TO_DATE((SELECT '2024-01-01')) AS d");
  assert.equal(String(r.rows[0].D), '2024-01-01');
  await assert.rejects(session().execute('SELECT 1 WHERE 1 IN (SELECT SELECT)'), (e: Error) => !/A query written as an argument/.test(e.message));
});
