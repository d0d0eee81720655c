// OBJECT key order on the DuckDB target: every OBJECT the translator builds holds its keys sorted, as Snowflake's pages
// show them (https://docs.snowflake.com/en/sql-reference/data-types-semistructured, my_object_table) and as TO_JSON
// and OBJECT_KEYS already gave them here. A DuckDB MAP keeps insertion order: OBJECT_CONSTRUCT('b', 2, 'a', 1)::VARCHAR
// was {"b":2,"a":1}, `=` against the same pairs in the other order was FALSE and COUNT(DISTINCT) counted two. An object
// is an unordered set of pairs (https://docs.snowflake.com/en/sql-reference/functions/parse_json, usage notes), so
// PARSE_JSON's objects are sorted too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table kv (g number, k varchar, v variant)');
  await s.execute("insert into kv select 1, 'b', 2::variant union all select 1, 'a', 1::variant union all select 2, 'a', 1::variant union all select 2, 'b', 2::variant");
});

/** `[text of x, x = y, COUNT(DISTINCT) over x and y, groups of GROUP BY over x and y]` for two spellings of one OBJECT. */
async function agrees(x: string, y: string): Promise<unknown[]> {
  const [text, equal] = await firstRow(session(), `select (${x})::varchar, (${x}) = (${y})`);
  const [distinct] = await firstRow(session(), `select count(distinct o) from (select ${x} as o union all select ${y})`);
  const grouped = await session().execute(`select o::varchar as t, count(*) as n from (select ${x} as o union all select ${y}) group by o`);
  return [text, equal, distinct, grouped.rows.map((r) => [r.T, Number(r.N)])];
}

test('OBJECT_CONSTRUCT: keys sorted, so text, =, DISTINCT and GROUP BY ignore the order the pairs are written in', async () => {
  assert.deepEqual(await agrees("object_construct('b', 2, 'a', 1)", "object_construct('a', 1, 'b', 2)"), ['{"a":1,"b":2}', true, 1, [['{"a":1,"b":2}', 2]]]);
  // Nested objects are sorted where they are built; keys sort by their characters' codes, as OBJECT_KEYS gives them.
  assert.deepEqual(await firstRow(session(), "select object_construct('z', object_construct('y', 1, 'x', 2), 'B', 1, '_', 2)::varchar"), ['{"B":1,"_":2,"z":{"x":2,"y":1}}']);
});

test('OBJECT_CONSTRUCT_KEEP_NULL: keys sorted, a NULL value kept as JSON null (the call ran into the COALESCE refusal)', async () => {
  assert.deepEqual(
    await agrees("object_construct_keep_null('b', 2, 'a', null)", "object_construct_keep_null('a', null, 'b', 2)"),
    ['{"a":null,"b":2}', true, 1, [['{"a":null,"b":2}', 2]]],
  );
});

test('OBJECT constants `{…}` and {*} / OBJECT_CONSTRUCT(*): keys sorted', async () => {
  assert.deepEqual(await firstRow(session(), "select {'b': 2, 'a': 1}::varchar, to_json({'b': 2, 'a': 1})"), ['{"a":1,"b":2}', '{"a":1,"b":2}']);
  assert.deepEqual(await firstRow(session(), 'select object_construct(*)::varchar, {*}::varchar from (select 1 as zz, 2 as aa)'), ['{"AA":2,"ZZ":1}', '{"AA":2,"ZZ":1}']);
  assert.deepEqual(await firstRow(session(), "select count(distinct o) from (select {'b': 2, 'a': 1} as o union all select {'a': 1, 'b': 2})"), [1]);
});

test('OBJECT_AGG: keys sorted, whatever order the group meets its rows in', async () => {
  const r = await session().execute('select g, object_agg(k, v)::varchar as t from kv group by g order by g');
  assert.deepEqual(r.rows.map((x) => x.T), ['{"a":1,"b":2}', '{"a":1,"b":2}']);
  const [distinct] = await firstRow(session(), 'select count(distinct o) from (select object_agg(k, v) as o from kv group by g)');
  assert.equal(distinct, 1);
});

test("PARSE_JSON / TRY_PARSE_JSON: each object's keys sorted, at every depth", async () => {
  assert.deepEqual(await agrees(`parse_json('{"b":2,"a":{"y":1,"x":[{"q":1,"p":2}]}}')`, `parse_json('{"a":{"x":[{"p":2,"q":1}],"y":1},"b":2}')`), [
    '{"a":{"x":[{"p":2,"q":1}],"y":1},"b":2}',
    true,
    1,
    [['{"a":{"x":[{"p":2,"q":1}],"y":1},"b":2}', 2]],
  ]);
  assert.deepEqual(await firstRow(session(), `select try_parse_json('{"b":2,"a":1}')::varchar, parse_json('{"b":2,"a":1,"b":3}', 'd')::varchar`), ['{"a":1,"b":2}', '{"a":1,"b":3}']);
});

test('text cast to OBJECT or ARRAY (`::`, CAST): parsed as PARSE_JSON parses it, keys sorted — they kept the order written', async () => {
  // A VARCHAR converts to OBJECT / ARRAY (https://docs.snowflake.com/en/sql-reference/data-type-conversion); the value is
  // the same OBJECT whatever order the text writes its pairs in (parse_json usage notes).
  assert.deepEqual(await agrees(`'{"b":2,"a":1}'::object`, `'{"a":1,"b":2}'::object`), ['{"a":1,"b":2}', true, 1, [['{"a":1,"b":2}', 2]]]);
  assert.deepEqual(await agrees(`'{"b":2,"a":1}'::object`, `parse_json('{"a":1,"b":2}')::object`), ['{"a":1,"b":2}', true, 1, [['{"a":1,"b":2}', 2]]]);
  // CAST(… AS OBJECT) read the text as DuckDB's MAP literal and failed with DuckDB's conversion error.
  assert.deepEqual(await firstRow(session(), `select cast('{"b":2,"a":{"d":1,"c":2}}' as object)::varchar`), ['{"a":{"c":2,"d":1},"b":2}']);
  assert.deepEqual(
    await firstRow(session(), `select '[{"b":2,"a":1}]'::array::varchar, cast('[{"b":2,"a":1}]' as array)::varchar, '[{"b":2,"a":1}]'::array = array_construct({'a': 1, 'b': 2})`),
    ['[{"a":1,"b":2}]', '[{"a":1,"b":2}]', true],
  );
  // A text column, and an OBJECT or ARRAY cast to its own type, read the same.
  assert.deepEqual(await firstRow(session(), `select s::object:a, object_construct('b', 2, 'a', 1)::object::varchar, array_construct(1, 2)::array::varchar from (select '{"b":2,"a":1}' as s)`), [1, '{"a":1,"b":2}', '[1,2]']);
});
