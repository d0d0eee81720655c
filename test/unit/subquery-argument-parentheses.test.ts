// `TO_DATE(SELECT v FROM t WHERE …)` (robling_product's staging views): a query as a function argument without the
// parentheses of its own a subquery has. DuckDB's parser stops at the SELECT; Snowflake's subquery documentation
// (https://docs.snowflake.com/en/user-guide/querying-subqueries) shows no such form, so Bronze names the construct and
// points at the SELECT instead of showing DuckDB's syntax error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('a query written straight as a function argument is refused by name at its SELECT', async () => {
  const cases: Array<[string, string]> = [
    ["SELECT TO_DATE(SELECT '2024-01-01') AS d", 'TO_DATE'],
    ["SELECT 1 AS x, TO_DATE(SELECT v FROM (SELECT '2024-01-01' v) WHERE v = '2024-01-01') AS d", 'TO_DATE'],
    ["SELECT COALESCE(NULL, SELECT 'a') AS d", 'COALESCE'],
  ];
  for (const [sql, name] of cases) {
    await assert.rejects(session().execute(sql), (e: Error) => {
      assert.match(e.message, new RegExp(`^A query written as an argument of ${name} without parentheses of its own`), sql);
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
