// Snowflake's higher-order functions TRANSFORM, FILTER and REDUCE with a lambda (higher-order.ts) on the DuckDB target,
// from their pages' examples: DuckDB's list_transform / list_filter / list_reduce with the lambda as written (its own
// FILTER ran with other rules, REDUCE failed with a raw binder error). A typed lambda argument and a TRANSFORM lambda
// giving NULL are refused by name. An aggregate's FILTER (WHERE …) clause is not the function. STRFTIME, a DuckDB
// function Snowflake does not have, is named so when DuckDB refuses the call (duckdb-only-functions.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('TRANSFORM, FILTER and REDUCE give their pages\' results', async () => {
  // https://docs.snowflake.com/en/sql-reference/functions/filter, …/reduce; TRANSFORM's example with an untyped argument.
  const row = await firstRow(
    session(),
    "SELECT FILTER([{'name':'Pat', 'value': 50}, {'name':'Terry', 'value': 75}, {'name':'Dana', 'value': 25}], a -> a:value >= 50)::VARCHAR, " +
      'REDUCE([1,2,3], 0, (acc, val) -> acc + val), REDUCE([1,2,3], 10, (acc, val) -> acc + val), ' +
      "REDUCE([1,2,3], 0, (acc, val) -> acc + val * val), TRANSFORM([1, 2, 3], a -> a * 2)::VARCHAR, TRANSFORM([{'value': 50}], c -> c:value || ' is the value')::VARCHAR",
  );
  assert.deepEqual(row, ['[{"name":"Pat","value":50},{"name":"Terry","value":75}]', 6, 16, 14, '[2,4,6]', '["50 is the value"]']);
});

test('over an ARRAY column the lambda reads VARIANT elements; NULL arrays give NULL', async () => {
  const s = session();
  await s.execute('CREATE OR REPLACE TABLE hof (a ARRAY)');
  await s.execute('INSERT INTO hof SELECT ARRAY_CONSTRUCT(1, 2, 10)');
  assert.deepEqual(await firstRow(s, 'SELECT FILTER(a, x -> x > 2)::VARCHAR, TRANSFORM(a, x -> x::INT + 1)::VARCHAR, TRANSFORM(NULL, x -> x) FROM hof'), ['[10]', '[2,3,11]', null]);
});

test("REDUCE is NULL once the lambda returns NULL or init is NULL, as its page's Returns says — DuckDB's list_reduce went on with a NULL accumulator", async () => {
  // https://docs.snowflake.com/en/sql-reference/functions/reduce: NULL when the initial value is NULL or the lambda returns NULL.
  const row = await firstRow(
    session(),
    'SELECT REDUCE([1, 2, 3], 0, (acc, val) -> IFF(val = 2, NULL, COALESCE(acc, 100) + val)), ' +
      'REDUCE([1, 2], NULL, (acc, val) -> COALESCE(acc, 0) + val), REDUCE([], 5, (acc, val) -> acc + val)',
  );
  assert.deepEqual(row, [null, null, 5]);
});

test('a typed lambda argument and a TRANSFORM lambda giving NULL are refused by name at the call', async () => {
  await assert.rejects(session().execute('SELECT 1,\n  TRANSFORM([1, 2, 3], a INT -> a * 2)'), /TRANSFORM with a typed lambda argument \(the element coerced to the type first\) is not supported on the DuckDB target \(line 2, column 24\)/);
  await assert.rejects(session().execute('SELECT TRANSFORM([1, 2], x -> NULL)'), /TRANSFORM whose lambda gives NULL .* is not supported on the DuckDB target \(line 1, column 8\)/);
  await assert.rejects(session().execute('SELECT REDUCE([1, 2], 0, x -> x)'), /REDUCE with a lambda of 1 argument\(s\) is not supported on the DuckDB target/);
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

test("REDUCE keeps init's type for its accumulator: a VARCHAR over VARIANT elements, an empty ARRAY (DuckDB's list_reduce read '' as JSON)", async () => {
  // https://docs.snowflake.com/en/sql-reference/functions/reduce, "Generate string values" and "Use an array for the
  // accumulator"; NULL for a NULL array (the page's Returns).
  const row = await firstRow(
    session(),
    "SELECT REDUCE(['a', 'b', 'c'], '', (acc, val) -> acc || ' ' || val), REDUCE(['a', 'b'], '', (acc, val) -> acc || val::VARCHAR), " +
      'REDUCE([1, 2, 3, 4], [], (acc, val) -> ARRAY_PREPEND(acc, val))::VARCHAR, REDUCE(NULL, 0, (acc, val) -> acc + val)',
  );
  assert.deepEqual(row, [' a b c', 'ab', '[4,3,2,1]', null]);
});
