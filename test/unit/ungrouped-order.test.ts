// An aggregate query without GROUP BY ordered by a column it aggregates (ungrouped-order.ts): Snowflake's ARRAY_AGG
// page runs one; on DuckDB its ORDER BY is dropped, as the query returns one row. Other shapes stay refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession();
const rows = "FROM (SELECT 'O' AS s, 1 AS y UNION ALL SELECT 'F', 2 UNION ALL SELECT 'O', 3)";

test('the one row of an ungrouped aggregate ordered by a column it aggregates', async () => {
  assert.deepEqual(
    await firstRow(session(), `SELECT ARRAY_AGG(DISTINCT s) WITHIN GROUP (ORDER BY s ASC), COUNT(*) ${rows} ORDER BY s ASC NULLS LAST`),
    [['F', 'O'], 3],
  );
  // LIMIT after the dropped ORDER BY still applies.
  assert.equal((await session().execute(`SELECT COUNT(s) ${rows} ORDER BY s LIMIT 0`)).rows.length, 0);
});

test('ORDER BY a column no aggregate reads, or with GROUP BY or a set operator, is left as written', async () => {
  await assert.rejects(session().execute(`SELECT ARRAY_AGG(s) ${rows} ORDER BY y`), /ORDER BY a column that is not aggregated .* is not supported on the DuckDB target/);
  for (const sql of [`SELECT s, COUNT(y) ${rows} GROUP BY s ORDER BY s`, 'SELECT MAX(a) FROM t UNION ALL SELECT MIN(a) FROM t ORDER BY a', 'SELECT ROW_NUMBER() OVER (ORDER BY a), MAX(a) FROM t ORDER BY a']) {
    assert.match(translateSnowflakeSql(sql), /ORDER BY/);
  }
});
