// The data_type `bronze generate yaml` writes for a column type the target reported: Snowflake's own names pass
// through, DuckDB's map onto the Snowflake type the snowflake-on-duckdb layer stands in for, others give none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snowflakeTypeName } from '../../client/src/warehouse/snowflake-type-name';

describe('snowflakeTypeName', () => {
  it("maps DuckDB's column types to Snowflake's names", () => {
    const cases: [string, string | undefined][] = [
      ['VARCHAR', 'VARCHAR'], ['BIGINT', 'NUMBER(38,0)'], ['HUGEINT', 'NUMBER(38,0)'], ['INTEGER', 'NUMBER(38,0)'], ['DECIMAL(18,3)', 'NUMBER(18,3)'],
      ['DOUBLE', 'FLOAT'], ['BOOLEAN', 'BOOLEAN'], ['DATE', 'DATE'], ['TIME', 'TIME'], ['TIMESTAMP', 'TIMESTAMP_NTZ'],
      ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_LTZ'], ['JSON', 'VARIANT'], ['BLOB', 'BINARY'], ['STRUCT(a INTEGER)', 'OBJECT'], ['VARCHAR[]', 'ARRAY'],
      ['INTERVAL', undefined], ['UUID', undefined], ['TIMESTAMP_NS', undefined],
    ];
    for (const [duck, sf] of cases) assert.equal(snowflakeTypeName(duck), sf, duck);
  });

  it("keeps the Snowflake driver's names", () => {
    for (const t of ['NUMBER(38,0)', 'NUMBER(10,2)', 'VARCHAR', 'FLOAT', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ', 'VARIANT', 'OBJECT', 'ARRAY', 'BINARY']) {
      assert.equal(snowflakeTypeName(t), t, t);
    }
    assert.equal(snowflakeTypeName('text'), 'VARCHAR');
  });
});
