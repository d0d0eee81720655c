// `=` and `<>` of two VARIANTs compare values, as ARRAY_REMOVE's page compares them (5, 5.00 and 5.00::DOUBLE equal,
// '5' not): each side read through ARRAY_DISTINCT's key (variant-implicit-cast.ts VALUE_COMPARISONS); DuckDB compared
// the JSON texts. A join condition of two VARIANT paths, whose operands the twin cannot place, is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute("create table tv (a variant, b variant, s varchar); insert into tv select parse_json('1'), parse_json('1.0'), 'x'");
  await s.execute("insert into tv select to_variant(1.5::float), to_variant(1.5), 'y'");
  await s.execute("insert into tv select parse_json('\"5\"'), parse_json('5'), 'z'");
});

const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r));

test('= and <> of two VARIANT numbers compare values: 1, 1.0, 1e0 and a FLOAT 1.5 beside a NUMBER 1.5; a string is no number', async () => {
  assert.deepEqual(
    await firstRow(session(), "select to_variant(1) = to_variant(1.0), to_variant(1.5::float) = to_variant(1.5), parse_json('1') = parse_json('1e0'), parse_json('1') <> parse_json('1.00'), parse_json('\"5\"') = parse_json('5'), to_variant('a') = parse_json('\"a\"')"),
    [true, true, true, false, false, true],
  );
  assert.deepEqual(await rows('select s, a = b, a <> b from tv order by s'), [['x', true, false], ['y', true, false], ['z', false, true]]);
  assert.deepEqual(await rows('select s from tv where a = b order by s'), [['x'], ['y']]);
  assert.deepEqual(await rows("select case when a = b then 'eq' else 'ne' end from tv order by s"), [['eq'], ['eq'], ['ne']]);
});

test('a join on two VARIANT columns compares values; on two VARIANT paths it is refused by name', async () => {
  assert.deepEqual(await rows('select count(*) from tv x join tv y on x.a = y.b'), [[2]]);
  assert.deepEqual(await rows('select count(*) from tv x join tv y on x.a = y.b and x.s = y.s'), [[2]]);
  await assertRefused(session(), 'select count(*) from tv x join tv y on x.a:k = y.b:k', /^A comparison \(= or <>\) of two VARIANTs written where the DuckDB target cannot read its operands/, 1, 43);
});

test('a VARIANT compared with a VARCHAR is still compared as text', async () => {
  assert.deepEqual(await rows("select s from tv where a = 'x' or a = '5' order by s"), [['z']]);
  assert.deepEqual(await rows('select count(*) from tv where coalesce(a, b) = b'), [[2]]);
});
