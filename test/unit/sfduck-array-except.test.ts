// ARRAY_EXCEPT on the DuckDB target (array-except.ts): Snowflake's bag semantics, NULL-safe comparison, NULL for a
// NULL argument; array constants as arguments (their commas are not argument separators).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession();

const row = async (sql: string): Promise<Record<string, unknown>> => (await session().execute(sql)).rows[0];

test("ARRAY_EXCEPT removes as many copies as the exclude array holds (the documentation's examples)", async () => {
  assert.deepEqual(await row("select array_except(['A', 'B'], ['B', 'C']) a, array_except(['A', 'B', 'B', 'B', 'C'], ['B', 'B']) b, array_except(['A', 'B'], ['A', 'B']) c"), {
    A: ['A'],
    B: ['A', 'B', 'C'],
    C: [],
  });
});

test('ARRAY_EXCEPT compares NULL-safely, numbers by value, a string never equal to a number; NULL for a NULL argument', async () => {
  assert.deepEqual(await row("select array_except(['a', null], [null]) n, array_except([1, 2.0, 3], [1.0, 2]) m, array_except(parse_json('[1, \"1\", true]'), parse_json('[\"1\"]')) s, array_except(null, ['a']) z"), {
    N: ['a'],
    M: [3],
    S: [1, true],
    Z: null,
  });
  // The mattermost_analytics test's shape: a VARIANT array cast to ARRAY against an array constant.
  assert.deepEqual(await row("select array_size(array_except(parse_json(coalesce(null, '[\"enterprise\"]'))::array, ['professional', 'enterprise'])) = 0 ok"), { OK: true });
});

test('ARRAY_EXCEPT of arrays holding objects is refused at the call when it compares them', async () => {
  await assert.rejects(session().execute("select 1,\n  array_except([{'a': 1}], [{'a': 1}])"), /ARRAY_EXCEPT of arrays holding an OBJECT or ARRAY is not supported on the DuckDB target \(line 2, column 3\)/);
});

test('a call whose arguments are array or object constants splits at its own commas only', () => {
  // Each constant is ARRAY_CONSTRUCT's list of JSON values (translate.ts).
  const ab = "CAST(list_value(json_quote('a'), json_quote('b')) AS JSON[])";
  assert.ok(translateSnowflakeSql("select array_except(['a', 'b'], ['c', 'd'])").startsWith(`select bz_array_except(${ab}, CAST(list_value(json_quote('c'), json_quote('d')) AS JSON[]), `));
  assert.equal(translateSnowflakeSql("select iff(true, ['a', 'b'], ['c'])"), `select (CASE WHEN true THEN ${ab} ELSE CAST(list_value(json_quote('c')) AS JSON[]) END)`);
});
