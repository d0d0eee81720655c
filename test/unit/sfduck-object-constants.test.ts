// OBJECT constants `{'k': v, …}` on the DuckDB target: the OBJECT OBJECT_CONSTRUCT builds from the same pairs, each value
// a VARIANT of its own type (https://docs.snowflake.com/en/sql-reference/data-types-semistructured, "OBJECT constants").
// DuckDB read them as STRUCTs: `::VARCHAR` gave "{'a': 1, 'b': x}", a UNION gave a field one type in every row, and a
// `:` path after the constant was a syntax error. A NULL value is refused by name (the page does not say whether the
// key is kept, as OBJECT_CONSTRUCT_KEEP_NULL keeps it, or left out, as OBJECT_CONSTRUCT leaves it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession();

test("an OBJECT constant's text is its JSON, and a path reads its values with their own types", async () => {
  assert.deepEqual(await firstRow(session(), "select {'a': 1, 'b': 'x'}::varchar, to_json({'a': 1.50}), {'a': 1}:a::number, typeof({'a': 1.5}:a), {'a': [1, 'x']}:a[1]::varchar"), [
    '{"a":1,"b":"x"}',
    '{"a":1.5}',
    1,
    'DECIMAL',
    'x',
  ]);
});

test('OBJECT constants in a UNION keep each value its own type', async () => {
  const r = await session().execute("select typeof(x:a) t from (select {'a': 2.5} as x union all select {'a': 'q'}) order by 1");
  assert.deepEqual(r.rows.map((row) => row.T), ['DECIMAL', 'VARCHAR']);
});

test('a NULL value, a key that is not a string literal and a key given twice are refused by name where they are written', async () => {
  await assertRefused(session(), "select {'a': null}", /^An OBJECT constant with a NULL value/, 1, 14);
  await assertRefused(session(), "select 1,\n  {'a': x} from (select null as x)", /^An OBJECT constant with a NULL value/, 2, 3);
  await assertRefused(session(), "select {'a': 1, 'a': 2}", /^An OBJECT constant with the key 'a' twice/, 1, 17);
  await assertRefused(session(), 'select {a: 1}', /^An OBJECT constant whose key is not a string literal/, 1, 9);
});

test('the translation of an OBJECT constant is stable under a second pass', () => {
  const once = translateSnowflakeSql("select {'a': 1, 'b': ['x', 2]}, {}");
  assert.equal(translateSnowflakeSql(once), once);
});
