import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { toPlainValue } from '../../client/src/warehouse/snowflake-on-duckdb/values';

describe('DuckDB values as plain values', () => {
  it('keeps every digit of a DECIMAL a number cannot hold, and gives numbers for those that read back the same', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await connection.runAndReadAll(
      `select 9203306159527282910::decimal(38,0), 12345678901234567.89::decimal(38,2), -9203306159527282910::decimal(38,0),
              1.50::decimal(10,2), -0.05::decimal(10,2), 123456789012345::decimal(18,0), 999999999999999.9::decimal(18,1),
              1.666666666666667::decimal(18,15), 0.0000001::decimal(18,7), 0::decimal(18,2), 12345678901234567.8::decimal(38,1)`,
    );
    const values = reader.getRows()[0].map(toPlainValue);
    assert.deepEqual(values, [
      '9203306159527282910',
      '12345678901234567.89',
      '-9203306159527282910',
      1.5,
      -0.05,
      123456789012345,
      999999999999999.9,
      1.666666666666667,
      1e-7,
      0,
      '12345678901234567.8',
    ]);
    connection.closeSync();
  });
});
