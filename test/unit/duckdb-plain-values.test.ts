import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { toPlainValue } from '../../client/src/warehouse/snowflake-on-duckdb/values';

describe('DuckDB values as plain values', () => {
  it('keeps every digit of a DECIMAL a double cannot hold, and gives numbers for the others', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await connection.runAndReadAll(
      `select 9203306159527282910::decimal(38,0), 12345678901234567.89::decimal(38,2), -9203306159527282910::decimal(38,0),
              1.50::decimal(10,2), -0.05::decimal(10,2), 123456789012345::decimal(18,0), 999999999999999.9::decimal(18,1)`,
    );
    const values = reader.getRows()[0].map(toPlainValue);
    assert.deepEqual(values, ['9203306159527282910', '12345678901234567.89', '-9203306159527282910', 1.5, -0.05, 123456789012345, '999999999999999.9']);
    connection.closeSync();
  });
});
