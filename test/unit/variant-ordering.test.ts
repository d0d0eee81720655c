// Orderings of VARIANT values (variant-implicit-cast.ts variantOrdering): DuckDB ordered their JSON texts ("10" before
// "9", 1.0 after 1), where Snowflake orders numbers by value and documents no order between a VARIANT's types; each
// is refused by name at the construct, and the same statement with the VARIANT cast runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute("CREATE TABLE vo (k NUMBER, v VARIANT); INSERT INTO vo SELECT 1, PARSE_JSON('10'); INSERT INTO vo SELECT 2, PARSE_JSON('9')");
});
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r).map(Number));

test('ORDER BY, a window ORDER BY, MIN/MAX, MIN_BY/MAX_BY, GREATEST/LEAST, <, BETWEEN and IN of VARIANTs are refused by name', async () => {
  const why = /\(Snowflake orders numbers by value and text by its bytes, and documents no order between a VARIANT's types/;
  await assertRefused(session(), 'SELECT k FROM vo ORDER BY v', new RegExp(`^ORDER BY a VARIANT value ${why.source}`), 1, 18);
  await assertRefused(session(), 'SELECT k, ROW_NUMBER() OVER (ORDER BY v) FROM vo', /^A window's ORDER BY a VARIANT value/, 1, 24);
  await assertRefused(session(), 'SELECT MAX(v) FROM vo', /^MAX of a VARIANT value/, 1, 8);
  await assertRefused(session(), 'SELECT k, MIN(v) FROM vo GROUP BY k', /^MIN of a VARIANT value/, 1, 11);
  await assertRefused(session(), 'SELECT MAX_BY(k, v) FROM vo', /^MAX_BY of a VARIANT value/, 1, 8);
  await assertRefused(session(), "SELECT GREATEST(v, PARSE_JSON('1')) FROM vo", /^GREATEST of VARIANT values/, 1, 8);
  await assertRefused(session(), "SELECT k FROM vo WHERE v < PARSE_JSON('9')", /^A comparison \(<, >, <=, >= or BETWEEN\) of two VARIANTs/, 1, 26);
  await assertRefused(session(), "SELECT k FROM vo WHERE v BETWEEN PARSE_JSON('1') AND PARSE_JSON('50')", /^A comparison \(<, >, <=, >= or BETWEEN\) of two VARIANTs/, 1, 26);
  await assertRefused(session(), "SELECT k FROM vo WHERE v NOT IN (PARSE_JSON('9.0'))", /^\[NOT\] IN of VARIANT values \(Snowflake compares VARIANTs by value/, 1, 26);
});

test('the same orderings of the VARIANTs cast run by value, and a VARIANT beside a number or text is converted as before', async () => {
  assert.deepEqual(await rows('SELECT k FROM vo ORDER BY v::NUMBER'), [[2], [1]]);
  assert.deepEqual(await rows('SELECT k, ROW_NUMBER() OVER (ORDER BY v::NUMBER) FROM vo ORDER BY k'), [[1, 2], [2, 1]]);
  assert.deepEqual(await firstRow(session(), 'SELECT MAX(v::NUMBER), MAX_BY(k, v::NUMBER) FROM vo').then((r) => r.map(Number)), [10, 1]);
  assert.deepEqual(await rows('SELECT k FROM vo WHERE v > 9'), [[1]]);
  assert.deepEqual(await rows('SELECT k FROM vo WHERE v IN (9, 11) OR v::NUMBER IN (10.0)'), [[1], [2]]);
  // (GROUP BY a VARIANT is refused: variant-grouping.test.ts.)
  assert.deepEqual(await rows('SELECT COUNT(*) FROM vo GROUP BY v::NUMBER ORDER BY 1'), [[1], [1]]);
});
