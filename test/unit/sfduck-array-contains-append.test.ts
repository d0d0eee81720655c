// ARRAY_CONTAINS, ARRAY_APPEND and ARRAY_PREPEND on the DuckDB target (array-contains.ts, array-append.ts): Snowflake's
// argument order, VARIANT comparison and elements, the pages' NULL rules; refused by name where the answer is not exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

const row = async (sql: string): Promise<Record<string, unknown>> => (await session().execute(sql)).rows[0];

test("ARRAY_CONTAINS finds a VARIANT in an ARRAY_AGG, a SPLIT or an ARRAY column (mattermost_analytics' `ARRAY_CONTAINS('CWS'::variant, sources)`)", async () => {
  await session().execute('create or replace table ac_licenses (sources array)');
  await session().execute("insert into ac_licenses select array_construct('Stripe', 'CWS')");
  assert.deepEqual(
    await row(
      "select array_contains('CWS'::variant, sources) c, array_contains('x'::variant, sources) x, " +
        "array_contains('b'::variant, split('a,b', ',')) s, (select array_contains('q'::variant, array_agg(v)) from (select 'p' v union all select 'q')) g from ac_licenses",
    ),
    { C: true, X: false, S: true, G: true },
  );
});

test('ARRAY_CONTAINS compares numbers by value and tells a string from a number; NULL rules of the page', async () => {
  assert.deepEqual(
    await row(
      "select array_contains(1, array_construct(1.0, 2)) n, array_contains('1'::variant, array_construct(1)) s, array_contains(true, array_construct(false, true)) b, " +
        "array_contains(null, array_construct(1)) u, array_contains('x'::variant, null) a, array_contains('x'::variant, array_construct(object_construct('k', 1), 'x')) o",
    ),
    { N: true, S: false, B: true, U: null, A: null, O: true },
  );
});

test('ARRAY_CONTAINS is refused by name for a VARCHAR value, a VARIANT holding no array and an OBJECT sought among OBJECTs', async () => {
  await assert.rejects(session().execute("select 1,\n  array_contains('a', array_construct('a'))"), /ARRAY_CONTAINS of a value of a type Snowflake does not coerce to VARIANT .* \(line 2, column 3\)/);
  await assert.rejects(session().execute("select array_contains('a'::variant, parse_json('\"a\"'))"), /ARRAY_CONTAINS in a VARIANT that holds no array/);
  await assert.rejects(
    session().execute("select array_contains(object_construct('a', 1)::variant, array_construct(object_construct('a', 1)))"),
    /ARRAY_CONTAINS of an OBJECT or ARRAY in an array holding an OBJECT or ARRAY/,
  );
});

// array-append.ts: DuckDB's list_append cast a text element to JSON, and its array_prepend takes (element, list).
test('ARRAY_APPEND / ARRAY_PREPEND add an element of any type, as a VARIANT; NULL array gives NULL', async () => {
  assert.deepEqual(
    await row(
      "select array_append(array_construct(1, 2), 'x')::varchar a, array_prepend(split('b,c', ','), 'a')::varchar p, " +
        "array_prepend(array_construct(1), array_construct(2))::varchar n, array_append(null, 1) z, array_contains('x'::variant, array_append(array_construct(1), 'x')) c",
    ),
    { A: '[1,2,"x"]', P: '["a","b","c"]', N: '[[2],1]', Z: null, C: true },
  );
  await assert.rejects(session().execute("select array_append(parse_json('1'), 2)"), /ARRAY_APPEND to a VARIANT that holds no array is not supported on the DuckDB target/);
});
