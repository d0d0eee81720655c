// ARRAY_INSERT(array, pos, element) on the DuckDB target (array-append.ts), as Snowflake's Snowpark reference states it
// (https://docs.snowflake.com/en/developer-guide/snowpark/reference/python/latest/api/snowflake.snowpark.functions.array_insert):
// zero-based position, later elements shifted right, a negative position counted from the end. It was refused as an
// unknown function; a position past either end (not on that page) is refused by name when the row is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('ARRAY_INSERT puts an element of any type at a zero-based position, negative from the end, 0 first', async () => {
  assert.deepEqual(
    await firstRow(session(), "select to_json(array_insert([0, 1, 2, 3], 2, 'hello')), to_json(array_insert([0, 1, 2, 3], 0, 2.5)), to_json(array_insert([0, 1, 2, 3], -1, 'x')), to_json(array_insert([0, 1], 2, 'end')), to_json(array_insert(parse_json('[1, \"a\"]'), 1, 'b')), array_insert(null, 0, 1)"),
    ['[0,1,"hello",2,3]', '[2.5,0,1,2,3]', '[0,1,2,"x",3]', '[0,1,"end"]', '[1,"b","a"]', null],
  );
});

test('ARRAY_INSERT past either end, or into a VARIANT holding no array, is refused by name at the call', async () => {
  await assertRefused(session(), "select array_insert([1], 3, 'x')", /^ARRAY_INSERT at a position past either end of the array/, 1, 8);
  await assertRefused(session(), "select array_insert([1], -2, 'x')", /^ARRAY_INSERT at a position past either end of the array/, 1, 8);
  await assertRefused(session(), "select array_insert(parse_json('{}'), 0, 'x')", /^ARRAY_INSERT into a VARIANT that holds no array/, 1, 8);
});
