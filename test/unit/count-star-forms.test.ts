// COUNT(* EXCLUDE …), COUNT(* ILIKE '…') and COUNT(t.*) on the DuckDB target (count-star.ts): a row counts when none
// of the columns named is NULL, as Snowflake's COUNT page documents; COUNT(*) still counts every row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE star_counts (a_col INTEGER, b_col INTEGER, other VARCHAR)');
  await s.execute("INSERT INTO star_counts VALUES (1, 1, 'x'), (1, NULL, 'x'), (NULL, 2, 'x'), (NULL, NULL, NULL), (2, 3, NULL), (2, 4, 'y')");
});

test('the star forms of COUNT skip the rows with a NULL in any column they name', async () => {
  assert.deepEqual(
    await firstRow(
      session(),
      "SELECT COUNT(*), COUNT(* EXCLUDE other), COUNT(* EXCLUDE (a_col, other)), COUNT(* ILIKE '%_COL'), COUNT(* ILIKE 'oth%'), COUNT(s.*), COUNT(s.* EXCLUDE b_col) FROM star_counts s",
    ),
    [6, 3, 4, 3, 4, 2, 3],
  );
});

test('the star forms of COUNT count within each group', async () => {
  const r = await session().execute("SELECT a_col, COUNT(* ILIKE 'b%'), COUNT(* EXCLUDE a_col) FROM star_counts GROUP BY a_col ORDER BY a_col");
  assert.deepEqual(
    r.rows.map((row) => r.columns.map((c) => row[c.name])),
    [[1, 1, 1], [2, 2, 1], [null, 1, 1]],
  );
});

test('a second translation pass leaves the star forms of COUNT as they are', () => {
  const once = translateSnowflakeSql("SELECT COUNT(* EXCLUDE a), COUNT(* ILIKE 'a%'), COUNT(t.*) FROM t");
  assert.equal(translateSnowflakeSql(once), once);
});
