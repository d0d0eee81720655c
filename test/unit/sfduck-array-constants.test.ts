// ARRAY constants `[a, b, …]` on the DuckDB target: the same ARRAY as ARRAY_CONSTRUCT(a, b, …), each element a VARIANT
// of its own type (https://docs.snowflake.com/en/sql-reference/data-types-semistructured, "ARRAY constants"). DuckDB's
// list literal unified the element types: [1, '5'] was the INTEGER list [1, 5], [1, 2.5] the DECIMAL list [1.0, 2.5].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession();

test('an ARRAY constant of a number and a string keeps both types: [1, "5"], its element 1 the VARIANT string "5"', async () => {
  assert.deepEqual(await firstRow(session(), "select to_json([1, '5']), [1, '5']::varchar, typeof([1, '5'][1]), [1, '5'][1]::varchar, typeof([1, '5'][0])"), [
    '[1,"5"]',
    '[1,"5"]',
    'VARCHAR',
    '5',
    'INTEGER',
  ]);
});

test('an ARRAY constant or ARRAY_CONSTRUCT of an integer and a decimal keeps each number as written: [1,2.5]', async () => {
  assert.deepEqual(await firstRow(session(), 'select to_json([1, 2.5]), to_json(array_construct(1, 2.5)), [1, 2.5]::varchar, array_size([1, 2.5])'), ['[1,2.5]', '[1,2.5]', '[1,2.5]', 2]);
});

test('nested constants: an ARRAY of an ARRAY and an OBJECT, read by index', async () => {
  assert.deepEqual(await firstRow(session(), "select to_json([[1, 'a'], {'k': [1]}]), [[1, 'a'], {'k': [1]}][0][1]::varchar"), ['[[1,"a"],{"k":[1]}]', 'a']);
});

test('an ARRAY constant with a NULL element is refused by name as ARRAY_CONSTRUCT is, except where the undefined slot is read as Snowflake does', async () => {
  await assertRefused(session(), "select to_json([1, 'a', null])", /^ARRAY_CONSTRUCT with a NULL element/, 1, 25);
  assert.deepEqual(await firstRow(session(), 'select array_size([1, null]), array_remove([1, null, 5], 5)'), [2, [1, null]]);
});

test('the translation of ARRAY constants and OBJECT_CONSTRUCT is stable under a second pass', () => {
  for (const sql of ["select [1, '5'], [1, 2], [[1], ['a']]", "select object_construct('a', 1), object_construct_keep_null('b', null)", 'select $x']) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once, sql);
  }
});

test('a comparison with an ARRAY or OBJECT constant is refused by name; an element read from one compares as usual', async () => {
  await assertRefused(session(), 'select [1] = [1.0]', /^A comparison \(=\) of an ARRAY or OBJECT constant/, 1, 12);
  await assertRefused(session(), "select 1 where x <> {'a': 1}", /^A comparison \(<>\) of an ARRAY or OBJECT constant/, 1, 18);
  assert.deepEqual(await firstRow(session(), "select [1, 2][0] = 1, {'a': 1}:a = 1, ['a', 'b'][1]::varchar = 'b', array_size([1, 2]) = 2"), [true, true, true, true]);
});

test('IN with an ARRAY or OBJECT constant, as the operand or as a list item, is refused by name as `=` is; IN of an element read compares as usual', async () => {
  // IN compares with each item (https://docs.snowflake.com/en/sql-reference/functions/in); how Snowflake compares ARRAY
  // and OBJECT values ([1] with [1.0], key order) is not documented, and DuckDB ran `[1] IN ([1])` as list equality.
  await assertRefused(session(), 'select [1] in ([1])', /^An IN comparison of an ARRAY or OBJECT constant/, 1, 12);
  await assertRefused(session(), "select 1 where x not in ({'a': 1}, 2)", /^An IN comparison of an ARRAY or OBJECT constant/, 1, 22);
  assert.deepEqual(await firstRow(session(), "select [1, 2][0] in (1, 3), {'a': 1}:a in (1), 2 in (1, 2), 'b' not in ('a')"), [true, true, true, true]);
});
