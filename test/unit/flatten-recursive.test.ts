// FLATTEN with RECURSIVE and MODE on the DuckDB target (table-functions.ts): every descendant with Snowflake's KEY,
// PATH, INDEX, VALUE and THIS (its container); MODE keeps object members or array elements and descends only through them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r));
const NESTED = `PARSE_JSON('{"a": [1, {"x": 2}], "c": {"d": "X"}}')`;

test('RECURSIVE lists every descendant, with its container as THIS', async () => {
  assert.deepEqual(await rows(`SELECT key, path, index, value, this FROM TABLE(FLATTEN(INPUT => ${NESTED}, RECURSIVE => TRUE)) f ORDER BY path`), [
    ['a', 'a', null, [1, { x: 2 }], { a: [1, { x: 2 }], c: { d: 'X' } }],
    [null, 'a[0]', 0, 1, [1, { x: 2 }]],
    [null, 'a[1]', 1, { x: 2 }, [1, { x: 2 }]],
    ['x', 'a[1].x', null, 2, { x: 2 }],
    ['c', 'c', null, { d: 'X' }, { a: [1, { x: 2 }], c: { d: 'X' } }],
    ['d', 'c.d', null, 'X', { d: 'X' }],
  ]);
});

test("MODE => 'OBJECT' / 'ARRAY' keep members / elements, with or without RECURSIVE", async () => {
  assert.deepEqual(await rows(`SELECT path FROM TABLE(FLATTEN(INPUT => ${NESTED}, RECURSIVE => TRUE, MODE => 'OBJECT')) f ORDER BY path`), [['a'], ['c'], ['c.d']]);
  assert.deepEqual(await rows(`SELECT path FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[[1], {"x": [3]}]'), RECURSIVE => TRUE, MODE => 'ARRAY')) f ORDER BY path`), [['[0]'], ['[0][0]'], ['[1]']]);
  assert.deepEqual(await rows(`SELECT path FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[1, 2]'), MODE => 'OBJECT')) f`), []);
  assert.deepEqual(await rows(`SELECT path, value FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[1, 2]'), MODE => 'ARRAY')) f ORDER BY path`), [['[0]', 1], ['[1]', 2]]);
});

test('OUTER and PATH combine with RECURSIVE', async () => {
  assert.deepEqual(await rows(`SELECT key, path, index, value FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[]'), OUTER => TRUE, RECURSIVE => TRUE)) f`), [[null, '', null, null]]);
  assert.deepEqual(await rows(`SELECT path, value FROM TABLE(FLATTEN(INPUT => PARSE_JSON('{"p": {"q": [5]}}'), PATH => 'p', RECURSIVE => TRUE)) f ORDER BY path`), [['p.q', [5]], ['p.q[0]', 5]]);
});

test("MODE => 'OBJECT' over a key holding '[' is refused (DuckDB's unquoted paths would read it as an array step)", async () => {
  await assert.rejects(
    session().execute(`SELECT path FROM TABLE(FLATTEN(INPUT => PARSE_JSON('{"x[1": {"y": 1}}'), RECURSIVE => TRUE, MODE => 'OBJECT')) f`),
    /FLATTEN with MODE => 'OBJECT' over a key holding '\[' is not supported on the DuckDB target/,
  );
});
