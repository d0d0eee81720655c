// TO_TIMESTAMP of a number on the DuckDB target: a number is seconds since the epoch whatever its size (Snowflake's
// numeric_expr); only a string holding an integer is read by magnitude (seconds, ms, µs, ns). A column of epoch
// milliseconds read as milliseconds would be a wrong answer without an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const values = (sql: string): Promise<unknown[]> => firstRow(session(), sql);

test('a NUMBER or FLOAT column is epoch seconds, however large; a string integer is read by its magnitude', async () => {
  const [seconds, fraction, float, text, scaled] = await values(
    'select to_timestamp(n), to_timestamp(m), to_timestamp(d), to_timestamp(t), to_timestamp(n, 3) ' +
      "from (select 31536000000::number as n, 1700000000.5::number(12, 1) as m, 1.7e9::float as d, '31536000000' as t)",
  );
  // 31,536,000,000 seconds after 1970 is in the year 2969; as milliseconds it would be 1971-01-01.
  assert.equal((seconds as Date).toISOString(), '2969-05-03T00:00:00.000Z');
  assert.equal((fraction as Date).toISOString(), '2023-11-14T22:13:20.500Z');
  assert.equal((float as Date).toISOString(), '2023-11-14T22:13:20.000Z');
  assert.equal((text as Date).toISOString(), '1971-01-01T00:00:00.000Z');
  assert.equal((scaled as Date).toISOString(), '1971-01-01T00:00:00.000Z');
});
