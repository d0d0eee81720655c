import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

async function row(sql: string): Promise<{ values: unknown[]; types: string[] }> {
  const r = await session().execute(sql);
  return { values: r.columns.map((c) => r.rows[0][c.name]), types: r.columns.map((c) => c.type) };
}

test("ROUND HALF_TO_EVEN: ties go to the even digit at any scale, other values round as usual, NUMBER stays NUMBER", async () => {
  const r = await row(
    "select round(0.125, 2, 'HALF_TO_EVEN') a, round(0.135, 2, 'half_to_even') b, round(0.1251, 2, 'HALF_TO_EVEN') c, " +
      "round(25, -1, 'HALF_TO_EVEN') d, round(-35, -1, 'HALF_TO_EVEN') e, round(2.5::float, 0, 'HALF_TO_EVEN') f, " +
      "round(null, 0, 'HALF_TO_EVEN') g, round(7.5, 0, 'HALF_AWAY_FROM_ZERO') h",
  );
  assert.deepEqual(r.values, [0.12, 0.14, 0.13, 20, -40, 2, null, 8]);
  assert.match(r.types[0], /^DECIMAL\(\d+,2\)$/);
  assert.equal(r.types[5], 'DOUBLE');
});

test('ROUND with another rounding mode is a located error', async () => {
  await assert.rejects(session().execute("select round(2.5, 0, 'HALF_UP')"), /ROUND with a rounding mode other than HALF_AWAY_FROM_ZERO or HALF_TO_EVEN is not supported on the DuckDB target \(line 1, column 8\)/);
});

test('MEDIAN of NUMBER(p, s) has scale s + 3 and the exact mean of the middle values', async () => {
  const r = await row('select median(v) m, median(i) n from (select column1::number(10,2) v, column2::int i from values (1.01, 1), (1.02, 2))');
  assert.deepEqual(r.values, [1.015, 1.5]);
  assert.deepEqual(r.types.map((t) => t.replace(/\(\d+,/, '(p,')), ['DECIMAL(p,5)', 'DECIMAL(p,3)']);
});
