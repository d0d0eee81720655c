// A constant GROUP BY key (constant-group-keys.ts): DuckDB made the literals of the select list equal to it references
// to the key, and a ROUND whose scale was such a literal failed with DuckDB's raw "non-constant precision" error
// (low6_uksouth's agg_low6__cohort_retention_weekly groups by `null AS tenant_name`). Snowflake runs these queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE entries (u NUMBER, week NUMBER, size NUMBER)');
  await s.execute('INSERT INTO entries VALUES (1, 1, 3), (2, 1, 3), (1, 2, 3), (3, 2, 4)');
  await s.execute('CREATE TABLE nothing (u NUMBER, week NUMBER, size NUMBER)');
});
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r).map((v) => (v === null ? null : String(v))));

test('NULL and a literal grouped by position beside a ROUND of a quotient: the groups of the other keys', async () => {
  const sql =
    "SELECT 'game' AS game, NULL AS tenant, week, size, COUNT(DISTINCT u) AS users, ROUND(COUNT(DISTINCT u) / NULLIF(size, 0), 4) AS rate " +
    'FROM entries GROUP BY 1, 2, 3, size ORDER BY week, size';
  assert.deepEqual(await rows(sql), [
    ['game', null, '1', '3', '2', '0.6667'],
    ['game', null, '2', '3', '1', '0.3333'],
    ['game', null, '2', '4', '1', '0.25'],
  ]);
});

test('a literal equal to a ROUND scale, grouped by its position', async () => {
  assert.deepEqual(await rows('SELECT 4 AS t, ROUND(SUM(u)::NUMBER(18, 3), 4) AS s FROM entries GROUP BY 1'), [['4', '7']]);
});

test('every key constant: one group over rows, none over no rows (no GROUP BY gives one row there)', async () => {
  const grouped = (table: string): string => `SELECT NULL AS g, 'x' AS h, ROUND(SUM(u) / COUNT(week), 4) AS r FROM ${table} GROUP BY 1, 2`;
  assert.deepEqual(await rows(grouped('entries')), [[null, 'x', '1.75']]);
  assert.deepEqual(await rows(grouped('nothing')), []);
  assert.deepEqual(await rows("SELECT 'x' AS h FROM entries GROUP BY 'k', NULL"), [['x']]);
  assert.deepEqual(await rows("SELECT 'x' AS h, COUNT(*) AS n FROM entries GROUP BY 1 HAVING COUNT(*) > 9"), []);
  assert.deepEqual(await rows('SELECT ROUND(SUM(u) / COUNT(week), 4) AS r FROM nothing'), [[null]]);
});

test('the translation drops constant keys and keeps the rest', () => {
  const groupBy = (sql: string): string => / group by (.*)$/i.exec(translateSnowflakeSql(sql).replace(/\s+/g, ' '))?.[1].replace(/ ?, ?/g, ', ').trim() ?? '';
  assert.equal(groupBy("SELECT 'a' AS x, NULL::VARCHAR(10) AS y, CAST(-1 AS NUMBER(38, 2)) AS z, a, b FROM t GROUP BY 1, 2, 3, a, 5"), 'a, 5');
  assert.equal(groupBy("SELECT a, 'a' AS x, b FROM t GROUP BY a, 2, b, 'k', TRUE"), 'a, b');
  // A name may be a column of the tables: kept. A number is a position, never a constant key.
  assert.equal(groupBy("SELECT 'a' AS x, a FROM t GROUP BY x, a"), 'x, a');
  assert.equal(groupBy('SELECT a, 7 AS n FROM t GROUP BY 1, 2'), '1');
  // Positions after a star are not known here; a position naming an expression is no constant.
  assert.equal(groupBy("SELECT *, 'a' AS x FROM t GROUP BY 2, 1"), '2, 1');
  assert.equal(groupBy("SELECT 'a' || a AS x FROM t GROUP BY 1"), '1');
  // Beside ROLLUP, the constant keeps the grand-total set from one row over no rows.
  assert.equal(groupBy("SELECT 'a' AS x, b, COUNT(*) FROM t GROUP BY 1, ROLLUP (b)"), '1, ROLLUP (b)');
  // WITHIN GROUP in the select list is no GROUP BY clause: the position after it still counts.
  assert.equal(groupBy("SELECT LISTAGG(a) WITHIN GROUP (ORDER BY b) AS l, 'k' AS c, b FROM t GROUP BY 2, b"), 'b');
  // The pass looks for the word GROUP before reading any select list: found in any case, after a line break, in a
  // subquery, and in the second of two statements.
  assert.equal(groupBy("SELECT 'a' AS x, a FROM t GrOuP\n  bY 1, a"), 'a');
  assert.equal(translateSnowflakeSql("SELECT * FROM (SELECT 'a' AS x, a FROM t Group By 1, a) s").replace(/\s+/g, ' '), "SELECT * FROM (SELECT 'a' AS x, a FROM t Group By a) s");
  assert.equal(groupBy("SELECT 1 AS one; SELECT 'a' AS x, a FROM t GROUP BY 1, a"), 'a');
});

test('GROUP BY ALL over constants and aggregates only: one group, none over no rows (DuckDB grouped by nothing)', async () => {
  assert.deepEqual(await rows("SELECT 'x' AS h, COUNT(*) AS n FROM nothing GROUP BY ALL"), []);
  assert.deepEqual(await rows("SELECT 'x' AS h FROM entries GROUP BY ALL"), [['x']]);
  assert.deepEqual(await rows("SELECT NULL AS g, 'x' AS h, ROUND(SUM(u) / COUNT(week), 4) AS r, LISTAGG(u) WITHIN GROUP (ORDER BY u) AS l FROM entries GROUP BY ALL"), [[null, 'x', '1.75', '1123']]);
  // An item reading a column is a key DuckDB keeps: the list stays as written.
  assert.match(translateSnowflakeSql("SELECT 'x' AS h, week, COUNT(*) FROM entries GROUP BY ALL"), /GROUP BY ALL$/);
  assert.match(translateSnowflakeSql("SELECT 'x' AS h, COUNT(*) OVER () FROM entries GROUP BY ALL"), /GROUP BY ALL$/);
});

test('a GROUP BY alias of a literal item: the item a scalar subquery of itself, same rows, a same-named column still first', async () => {
  // `NULL AS t … GROUP BY t`: DuckDB bound t to the literal and made the select list's literals references to it.
  assert.deepEqual(await rows('SELECT NULL AS t, week, ROUND(COUNT(DISTINCT u) / NULLIF(size, 0), 4) AS r FROM entries GROUP BY t, week, size ORDER BY week, size'), [
    [null, '1', '0.6667'],
    [null, '2', '0.3333'],
    [null, '2', '0.25'],
  ]);
  assert.deepEqual(await rows('SELECT 2 AS t, week, ROUND(SUM(u), 2) AS r FROM entries GROUP BY week, t ORDER BY week'), [['2', '1', '3'], ['2', '2', '4']]);
  assert.deepEqual(await rows('SELECT NULL AS t, week, ROUND(SUM(u) / COUNT(*), 4) AS r FROM entries GROUP BY GROUPING SETS ((t, week)) ORDER BY week'), [[null, '1', '1.5'], [null, '2', '2']]);
  // A name that is also a column of the table groups by the column (Snowflake's rule, and DuckDB's).
  assert.deepEqual(await rows('SELECT 4 AS week, ROUND(SUM(u) / COUNT(*), 4) AS r FROM entries GROUP BY week ORDER BY r'), [['4', '1.5'], ['4', '2']]);
  assert.deepEqual(await rows('SELECT NULL AS t, ROUND(SUM(u) / COUNT(week), 4) AS r FROM nothing GROUP BY t'), []);
  assert.match(translateSnowflakeSql("SELECT NULL AS t, 'x' AS \"h\", a FROM t GROUP BY t, \"h\", a"), /^SELECT \(SELECT NULL\) AS t, \(SELECT 'x'\) AS "h", a FROM t GROUP BY t, "h", a$/);
  // An alias no key names, and a key naming an expression's alias, are left as written.
  assert.match(translateSnowflakeSql("SELECT NULL AS t, 'a' || a AS x FROM t GROUP BY x"), /^SELECT NULL AS t, 'a' \|\| a AS x FROM t GROUP BY x$/);
});

test('a parenthesized literal named by position is a constant key', () => {
  assert.match(translateSnowflakeSql('SELECT (NULL) AS t, a FROM t GROUP BY 1, 2'), /GROUP BY\s+2$/);
});
