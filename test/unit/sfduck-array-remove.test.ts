// ARRAY_REMOVE(array, value) (https://docs.snowflake.com/en/sql-reference/functions/array_remove) on the DuckDB
// target: it was refused as an unknown function (goodneighbors_gn_dw's CRM_MEMBER drops empty items of a SPLIT with
// ARRAY_REMOVE(…, TO_VARIANT(''))). Elements compare as ARRAY_CONTAINS compares them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const one = async (sql: string): Promise<unknown> => {
  const r = await session().execute(sql);
  return r.rows[0][r.columns[0].name];
};

test("the page's examples: numbers by value ('5' stays), an undefined element stays, all removed gives [], a VARIANT string", async () => {
  assert.deepEqual(await one("select array_remove(array_construct(1, 5, 5.00, 5.00::double, '5', 5), 5)"), [1, '5']);
  assert.deepEqual(await one('select array_remove([1, null, 5], 5)'), [1, null]);
  assert.deepEqual(await one('select array_remove(array_construct(5, 5), 5)'), []);
  assert.deepEqual(await one("select array_remove(array_construct('a', 'b', 'a', 'c', 'd', 'a'), 'a'::variant)"), ['b', 'c', 'd']);
  assert.equal(await one('select array_remove(array_construct(1, 2), null)'), null);
  assert.equal(await one('select array_remove(null, 1)'), null);
});

test("empty items of a SPLIT removed with TO_VARIANT(''), then the usual array functions", async () => {
  assert.equal(await one("select array_to_string(array_sort(array_distinct(array_remove(split(replace(trim(' b, a,,a '), ' ', ''), ','), to_variant('')))), ',')"), 'a,b');
});

test('a VARCHAR value (Snowflake asks for a cast to VARIANT) and an argument holding no array are refused by name', async () => {
  await assertRefused(session(), "select array_remove(array_construct('a'), 'a')", /^ARRAY_REMOVE of a value of a type Snowflake does not coerce to VARIANT/, 1, 8);
  await assertRefused(session(), "select array_remove(parse_json('{\"a\": 1}'), 1)", /^ARRAY_REMOVE of a VARIANT that holds no array/, 1, 8);
});
