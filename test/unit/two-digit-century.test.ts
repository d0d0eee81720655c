// YY in TO_DATE / TO_TIMESTAMP formats on the DuckDB target (two-digit-century.ts): the year lands in the hundred
// years from TWO_DIGIT_CENTURY_START (1970 unless ALTER SESSION says otherwise), not where DuckDB's strptime pivots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('by default 69 is 2069 and 70 is 1970 (DuckDB alone reads 69 as 1969)', async () => {
  const row = await firstRow(session(), "SELECT TO_DATE('69-01-01', 'YY-MM-DD'), TO_DATE('70-01-01', 'YY-MM-DD'), TO_VARCHAR(TO_TIMESTAMP('05/03/99 10:00', 'MM/DD/YY HH24:MI'))");
  assert.deepEqual(row.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)), ['2069-01-01', '1970-01-01', '1999-05-03 10:00:00.000']);
});

test('ALTER SESSION SET TWO_DIGIT_CENTURY_START moves the window; UNSET restores 1970; a four-digit year is left alone', async () => {
  await session().execute('ALTER SESSION SET TWO_DIGIT_CENTURY_START = 1980');
  const moved = await firstRow(session(), "SELECT TO_VARCHAR(TO_DATE('79-01-01', 'YY-MM-DD')), TO_VARCHAR(TO_DATE('80-01-01', 'YY-MM-DD')), TO_VARCHAR(TO_DATE('1979-01-01', 'YYYY-MM-DD'))");
  assert.deepEqual(moved, ['2079-01-01', '1980-01-01', '1979-01-01']);
  await session().execute('ALTER SESSION UNSET TWO_DIGIT_CENTURY_START');
  assert.deepEqual(await firstRow(session(), "SELECT TO_VARCHAR(TO_DATE('79-01-01', 'YY-MM-DD'))"), ['1979-01-01']);
});
