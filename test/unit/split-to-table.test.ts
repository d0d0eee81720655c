// SPLIT_TO_TABLE on the DuckDB target (table-functions.ts): Snowflake's SEQ, INDEX (one-based) and VALUE columns, one
// row holding '' for an empty string, no rows for NULL; SEQ over several input rows (when read) and an empty delimiter
// refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r));
const refused = (construct: string) => (e: unknown): boolean =>
  e instanceof WarehouseError && e.message.startsWith(`${construct} is not supported on the DuckDB target (line 1, column`);

test('constant input: SEQ 1, INDEX from 1, VALUE each piece (an empty piece included)', async () => {
  assert.deepEqual(await rows("SELECT * FROM TABLE(SPLIT_TO_TABLE('a.b', '.'))"), [[1, 1, 'a'], [1, 2, 'b']]);
  assert.deepEqual(await rows("SELECT t.value FROM TABLE(SPLIT_TO_TABLE('a,,b,', ',')) AS t"), [['a'], [''], ['b'], ['']]);
});

test("correlated: each input row's pieces; '' gives one empty row, NULL none (Snowflake's documented example)", async () => {
  const sql =
    "SELECT t.v, s.index, s.value FROM (VALUES ('a.b.c', 1), ('d', 2), ('', 3), (NULL, 4)) AS t(v, n), " +
    "LATERAL SPLIT_TO_TABLE(t.v, '.') s ORDER BY t.n, s.index";
  assert.deepEqual(await rows(sql), [['a.b.c', 1, 'a'], ['a.b.c', 2, 'b'], ['a.b.c', 3, 'c'], ['d', 1, 'd'], ['', 1, '']]);
});

test("SEQ over a lateral join is refused when read; `SELECT *` in a CTE whose consumer skips SEQ runs (mattermost's custom_ticket_fields)", async () => {
  const cte = "WITH c AS (SELECT *, 'x' AS y FROM (VALUES ('a.b')) AS t(v), LATERAL SPLIT_TO_TABLE(t.v, '.')) ";
  assert.deepEqual(await rows(`${cte}SELECT v, index, value, y FROM c ORDER BY index`), [['a.b', 1, 'a', 'x'], ['a.b', 2, 'b', 'x']]);
  await assert.rejects(session().execute(`${cte}SELECT * FROM c`), refused("SPLIT_TO_TABLE's SEQ column over several input rows"));
  await assert.rejects(session().execute("SELECT f.seq FROM (SELECT PARSE_JSON('[1]') AS j) t, LATERAL FLATTEN(INPUT => t.j) f"), refused("FLATTEN's SEQ column over several input rows"));
});

test('SEQ over several input rows and an empty delimiter are refused by name', async () => {
  await assert.rejects(session().execute("SELECT * FROM (VALUES ('a.b')) AS t(v), LATERAL SPLIT_TO_TABLE(t.v, '.')"), refused("SPLIT_TO_TABLE's SEQ column over several input rows"));
  await assert.rejects(session().execute("SELECT s.value FROM TABLE(SPLIT_TO_TABLE('a.b', '')) s"), refused('SPLIT_TO_TABLE with an empty delimiter'));
});
