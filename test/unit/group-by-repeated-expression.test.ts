// GROUP BY an expression written again as in the select list: Snowflake groups by it; DuckDB matches the two by their
// text, and translations that name the call's position for their errors (COALESCE's number mix) differed between the
// copies, so DuckDB refused the query ("must appear in the GROUP BY clause"). goodneighbors_gn_dw's FACT_TARGET_DEV
// groups by COALESCE(CASE WHEN TRY_TO_NUMBER(…) … END, 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE t (yy VARCHAR, mm VARCHAR, n NUMBER)');
  await s.execute("INSERT INTO t VALUES ('2024', '3', 1), ('2024', '03', 2), ('2024', '13', 4), ('x', '1', 8)");
});
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r).map(Number));

test('a select item and the same expression in GROUP BY, spaced and cased differently, group as one', async () => {
  const key = (k: string) =>
    `COALESCE(CASE WHEN TRY_TO_NUMBER(yy || LPAD(mm, 2, '0')) BETWEEN 202001 AND 202612 AND MOD(TRY_TO_NUMBER(yy || LPAD(mm, 2, '0')), 100) BETWEEN 1 AND 12 THEN TRY_TO_NUMBER(yy || LPAD(mm, 2, '0')) END, ${k})`;
  assert.deepEqual(await rows(`SELECT ${key('0')} AS mk, SUM(n) AS s FROM t GROUP BY ${key('0').toLowerCase().replace(/, /g, ',')} ORDER BY mk`), [
    [0, 12],
    [202403, 3],
  ]);
});

test('COALESCE of a conversion, grouped by itself', async () => {
  assert.deepEqual(await rows('SELECT COALESCE(TRY_TO_NUMBER(yy), 0) AS y, COUNT(*) AS c FROM t GROUP BY COALESCE(TRY_TO_NUMBER(yy), 0) ORDER BY y'), [
    [0, 1],
    [2024, 3],
  ]);
});

// A `:` or `[]` path read refused when its source holds a FLOAT names its position too (variant-float.ts readRefusal):
// flipside_algorand's silver__asset_config groups by `tx_message :txn :apar :an :: STRING` written in its select list.
const paths = memorySession(async (s) => {
  await s.execute('CREATE TABLE tx (id NUMBER, m VARIANT)');
  await s.execute(`INSERT INTO tx SELECT 1, PARSE_JSON('{"a": {"n": "x", "o": {"k": 1}}}')`);
  await s.execute(`INSERT INTO tx SELECT 2, PARSE_JSON('{"a": {"n": "x", "o": {"k": 1}}}')`);
});
const pathRows = async (sql: string): Promise<unknown[][]> => (await paths().execute(sql)).rows.map((r) => Object.values(r).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))));

test('VARIANT paths cast with :: or read with [] group by themselves written again in the select list, HAVING or DISTINCT\'s ORDER BY', async () => {
  assert.deepEqual(await pathRows('SELECT m :a :n :: STRING AS n, COUNT(*) FROM tx GROUP BY m :a :n :: STRING'), [['x', '2']]);
  assert.deepEqual(await pathRows("SELECT m:a['o'] AS o, COUNT(*) FROM tx GROUP BY m:a['o']"), [['{"k":1}', '2']]);
  assert.deepEqual(await pathRows("SELECT m:a:n::STRING AS n, COUNT(*) FROM tx GROUP BY 1 HAVING m:a:n::STRING = 'x'"), [['x', '2']]);
  assert.deepEqual(await pathRows('SELECT DISTINCT m:a:n::STRING AS n FROM tx ORDER BY m:a:n::STRING'), [['x']]);
});
