// GROUP BY a select-list alias whose expression reads another alias (group-by-alias.ts): Snowflake groups by the
// expression, the inner name resolved to a column of the query's tables first, else to the alias; DuckDB refuses the
// alias inside the expanded expression, so the statement runs again with it inlined. mattermost_analytics'
// int_copilot_daily_usage_per_user groups by `generate_surrogate_key(['activity_date', …])` over the alias activity_date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { applyGroupByEdit, GroupByAliasInliner } from '../../server/src/core/sql/snowflake-on-duckdb/group-by-alias';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute("CREATE TABLE ev (ts TIMESTAMP_NTZ, s VARCHAR, x NUMBER)");
  await s.execute(
    "INSERT INTO ev VALUES ('2024-01-01 10:00', 'a', 1), ('2024-01-01 11:00', 'a', 1), ('2024-01-01 12:00', 'b', 2), ('2024-01-02 09:00', 'a', 3)",
  );
  // A column named like an alias: Snowflake (and DuckDB) read the column, in the select list and in GROUP BY.
  await s.execute('CREATE TABLE u (x NUMBER, a NUMBER)');
  await s.execute('INSERT INTO u VALUES (1, 10), (1, 20), (2, 20)');
});
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r));

test("mattermost's shape: a surrogate key over a date alias, grouped by key and alias", async () => {
  const sql =
    "SELECT CAST(ts AS DATE) AS activity_date, s, MD5(CAST(COALESCE(CAST(activity_date AS VARCHAR), '_') || '-' || COALESCE(s, '_') AS VARCHAR)) AS k, " +
    'COUNT(*) AS n, n AS n2 FROM ev GROUP BY k, activity_date, s ORDER BY activity_date, s';
  const got = await rows(sql);
  assert.deepEqual(
    got.map((r) => [String(r[0]), r[1], r[3], r[4]]),
    [['2024-01-01', 'a', 2, 2], ['2024-01-01', 'b', 1, 1], ['2024-01-02', 'a', 1, 1]],
  );
  // The key is the MD5 of the grouped date's text, as Snowflake computes it.
  assert.equal(got[0][2], (await rows("SELECT MD5('2024-01-01-a')"))[0][0]);
});

test('by position, and a chain of aliases (each inlined in turn)', async () => {
  assert.deepEqual(await rows('SELECT x + 1 AS a, a * 2 AS b, COUNT(*) AS c FROM ev GROUP BY 1, 2 ORDER BY 1'), [[2, 4, 2], [3, 6, 1], [4, 8, 1]]);
  assert.deepEqual(
    await rows("SELECT x + 1 AS a, a * 2 AS b, b || s AS k, COUNT(*) AS c FROM ev GROUP BY k, a, b, s ORDER BY k"),
    [[2, 4, '4a', 2], [3, 6, '6b', 1], [4, 8, '8a', 1]],
  );
  // In a subquery and a CTE read twice.
  assert.deepEqual(
    await rows('WITH q AS (SELECT x + 1 AS a, a * 2 AS b, COUNT(*) AS c FROM ev GROUP BY a, b) SELECT b, c FROM q UNION ALL SELECT a, c FROM (SELECT * FROM q) ORDER BY 1, 2'),
    [[2, 2], [3, 1], [4, 1], [4, 2], [6, 1], [8, 1]],
  );
});

test('a column named like an alias is the column (nothing inlined)', async () => {
  assert.deepEqual(await rows('SELECT x + 1 AS a, a * 2 AS b, COUNT(*) AS c FROM u GROUP BY x, a, b ORDER BY b, a'), [[2, 20, 1], [2, 40, 1], [3, 40, 1]]);
});

test('an alias the user wrote inside a GROUP BY expression stays refused by name', async () => {
  await assert.rejects(
    session().execute('SELECT x + 1 AS a, COUNT(*) FROM ev GROUP BY a + 1'),
    (e: unknown) => e instanceof WarehouseError && /^GROUP BY an expression .* reads the select-list alias A is not supported on the DuckDB target/.test(e.message),
  );
});

test('the edit: only the GROUP BY item, the alias parenthesized; other errors and forms give none', () => {
  const sql = 'SELECT X + 1 AS A, A * 2 AS B, COUNT(*) FROM T GROUP BY A, B';
  const message = 'Alias with name "A" exists, but aliases cannot be used as part of an expression in the GROUP BY clause';
  const inliner = new GroupByAliasInliner();
  const edit = inliner.retry(sql, message, sql.indexOf('A * 2'));
  assert.ok(edit);
  assert.equal(applyGroupByEdit(sql, edit), 'SELECT X + 1 AS A, A * 2 AS B, COUNT(*) FROM T GROUP BY A, ((X + 1) * 2)');
  assert.equal(new GroupByAliasInliner().retry(sql, 'Referenced column "A" not found', sql.indexOf('A * 2')), undefined);
  const all = 'SELECT X + 1 AS A, A * 2 AS B, COUNT(*) FROM T GROUP BY ALL';
  assert.equal(new GroupByAliasInliner().retry(all, message, all.indexOf('A * 2')), undefined);
});
