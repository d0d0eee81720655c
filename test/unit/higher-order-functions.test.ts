// Snowflake's higher-order functions (TRANSFORM, FILTER, REDUCE with a lambda) on the DuckDB target (higher-order.ts):
// each is refused by name where it is called, not run with DuckDB's own meaning (FILTER ran DuckDB's list filter,
// REDUCE failed with a raw binder error). An aggregate's FILTER (WHERE …) clause is not the function. STRFTIME, a
// DuckDB function Snowflake does not have, is named so when DuckDB refuses the call (duckdb-only-functions.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('TRANSFORM, FILTER and REDUCE with a lambda are refused by name at the call', async () => {
  // https://docs.snowflake.com/en/sql-reference/functions/transform, …/filter, …/reduce
  await assert.rejects(session().execute('SELECT 1,\n  TRANSFORM([1, 2, 3], a INT -> a * 2)'), /TRANSFORM \(a Snowflake higher-order function with a lambda\) is not supported on the DuckDB target \(line 2, column 3\)/);
  await assert.rejects(session().execute('SELECT FILTER([1, 2, 3], a -> a > 1)'), /FILTER \(a Snowflake higher-order function with a lambda\) is not supported on the DuckDB target \(line 1, column 8\)/);
  await assert.rejects(session().execute('SELECT REDUCE([1,2,3], 0, (acc, val) -> acc + val)'), /REDUCE \(a Snowflake higher-order function with a lambda\) is not supported on the DuckDB target \(line 1, column 8\)/);
});

test("an aggregate's FILTER (WHERE …) clause still filters the aggregate's rows", async () => {
  assert.deepEqual(await firstRow(session(), 'SELECT COUNT(*) FILTER (WHERE x > 1) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3)'), [2]);
});

test('STRFTIME that DuckDB refuses is named as not a Snowflake function, not as a call wanting a cast', async () => {
  // Not in https://docs.snowflake.com/en/sql-reference/functions-all: Snowflake fails it as an unknown function.
  await assert.rejects(session().execute("SELECT 1,\n  STRFTIME('2024-01-15', '%Y')"), /STRFTIME \(not a Snowflake function: Snowflake fails it as an unknown function; use TO_CHAR\(value, format\)\) is not supported on the DuckDB target \(line 2, column 3\)/);
  await assert.rejects(session().execute('SELECT STRFTIME(1, 2)'), /STRFTIME \(not a Snowflake function/);
});

test('TO_CHAR of a date, which the twin runs through DuckDB strftime, is not refused', async () => {
  assert.deepEqual(await firstRow(session(), "SELECT TO_CHAR('2024-01-15'::DATE, 'YYYY/MM'), DAYNAME('2024-01-15'::DATE)"), ['2024/01', 'Mon']);
});
