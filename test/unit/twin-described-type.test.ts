// On the twin, adapter.get_columns_in_relation reports a column as dbt-snowflake does (DESCRIBE TABLE's type parsed
// by Column.from_description): NUMBER / VARCHAR / TIMESTAMP_NTZ / VARIANT…, not DuckDB's DECIMAL(38,0) / TIMESTAMP /
// JSON. dbt_expectations' expect_column_values_to_be_in_type_list compares the dtype (flipside_axelar lists NUMBER,
// TIMESTAMP_NTZ, VARCHAR); dbt_utils' union_relations and star cast to data_type, which the dialect must take back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { memorySession } from './helpers/memory-duckdb';
import { snowflakeDescribedType } from '../../server/src/core/sql/snowflake-on-duckdb/described-type';
import { SNOWFLAKE_DATA_TYPE } from '../../server/src/core/sql/snowflake-on-duckdb/information-schema';
import { TIMESTAMP_TZ_DATA_TYPE } from '../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';
import { makeColumn } from '../../server/src/template/relation';

const session = memorySession(async (s) => {
  await s.execute(
    'create table t (n number(38,0), i int, d number(10,2), f float, s varchar, s10 varchar(10), b boolean, dt date, tm time, ' +
      'ts timestamp_ntz, ltz timestamp_ltz, tz timestamp_tz, v variant, o object, a array, bin binary)',
  );
  await s.execute(
    "insert into t select 12345678901234567890, 7, 3.25, 1.5, 'abc', 'xyz', true, '2026-01-02', '03:04:05', '2026-01-02 03:04:05', " +
      "'2026-01-02 03:04:05', '2026-01-02 03:04:05 +02:00', parse_json('{\"k\": 1}'), object_construct('k', 2), array_construct(1, 2), to_binary('ABCD', 'HEX')",
  );
});

/** The Column dbt-snowflake would make of each column of the twin's table t: name, dtype, data_type. */
async function columns(): Promise<Array<{ name: string; dtype: string; dataType: string }>> {
  const described = await session().describe({ database: 'memory', schema: 'main', identifier: 'T' });
  return described.map((c) => {
    const col = makeColumn({ ...c, dataType: snowflakeDescribedType(c.dataType) }, 'snowflake');
    return { name: c.name, dtype: String(col.attrs.dtype), dataType: String(col.attrs.data_type) };
  });
}

describe("the twin's columns as dbt-snowflake reports them", () => {
  it('names each DuckDB type as DESCRIBE TABLE would, leaving out what DuckDB does not keep', () => {
    assert.equal(snowflakeDescribedType('DECIMAL(38,0)'), 'NUMBER(38,0)');
    assert.equal(snowflakeDescribedType('BIGINT'), 'NUMBER');
    assert.equal(snowflakeDescribedType('VARCHAR'), 'VARCHAR');
    assert.equal(snowflakeDescribedType('TIMESTAMP'), 'TIMESTAMP_NTZ(9)');
    assert.equal(snowflakeDescribedType('TIMESTAMP WITH TIME ZONE'), 'TIMESTAMP_LTZ(9)');
    assert.equal(snowflakeDescribedType(TIMESTAMP_TZ_DATA_TYPE), 'TIMESTAMP_TZ(9)');
    assert.equal(snowflakeDescribedType('JSON'), 'VARIANT');
    assert.equal(snowflakeDescribedType('STRUCT(a INTEGER)'), 'OBJECT');
    assert.equal(snowflakeDescribedType('JSON[]'), 'ARRAY');
    assert.equal(snowflakeDescribedType('UUID'), 'UUID');
  });

  it('agrees with the twin\'s INFORMATION_SCHEMA.COLUMNS.DATA_TYPE (which says TEXT where DESCRIBE says VARCHAR)', async () => {
    const types = ['VARCHAR', 'DECIMAL(38,0)', 'DECIMAL(10,2)', 'INTEGER', 'BIGINT', 'HUGEINT', 'DOUBLE', 'FLOAT', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', TIMESTAMP_TZ_DATA_TYPE, 'JSON', 'BLOB', 'MAP(VARCHAR, INTEGER)', 'STRUCT(a INTEGER)', 'INTEGER[]'];
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const values = types.map((t) => `('${t}')`).join(', ');
      const rows = (await conn.runAndReadAll(`select c.data_type, ${SNOWFLAKE_DATA_TYPE}END from (values ${values}) c(data_type)`)).getRows();
      for (const [duck, named] of rows) {
        const base = snowflakeDescribedType(String(duck)).replace(/\(.*$/, '');
        assert.equal(base === 'VARCHAR' ? 'TEXT' : base, named, String(duck));
      }
    } finally {
      conn.closeSync();
    }
  });

  it('gives dtype and data_type as dbt-snowflake does for each Snowflake type', async () => {
    assert.deepEqual(await columns(), [
      { name: 'N', dtype: 'NUMBER', dataType: 'NUMBER(38,0)' },
      { name: 'I', dtype: 'NUMBER', dataType: 'NUMBER' },
      { name: 'D', dtype: 'NUMBER', dataType: 'NUMBER(10,2)' },
      { name: 'F', dtype: 'FLOAT', dataType: 'FLOAT' },
      { name: 'S', dtype: 'VARCHAR', dataType: 'character varying(16777216)' },
      { name: 'S10', dtype: 'VARCHAR', dataType: 'character varying(16777216)' },
      { name: 'B', dtype: 'BOOLEAN', dataType: 'BOOLEAN' },
      { name: 'DT', dtype: 'DATE', dataType: 'DATE' },
      { name: 'TM', dtype: 'TIME', dataType: 'TIME' },
      { name: 'TS', dtype: 'TIMESTAMP_NTZ', dataType: 'TIMESTAMP_NTZ' },
      { name: 'LTZ', dtype: 'TIMESTAMP_LTZ', dataType: 'TIMESTAMP_LTZ' },
      { name: 'TZ', dtype: 'TIMESTAMP_TZ', dataType: 'TIMESTAMP_TZ' },
      { name: 'V', dtype: 'VARIANT', dataType: 'VARIANT' },
      { name: 'O', dtype: 'OBJECT', dataType: 'OBJECT' },
      { name: 'A', dtype: 'ARRAY', dataType: 'ARRAY' },
      { name: 'BIN', dtype: 'BINARY', dataType: 'BINARY' },
    ]);
  });

  it('takes every reported data_type back in a cast, values unchanged (union_relations, star)', async () => {
    for (const c of await columns()) {
      // (CAST(… AS TIMESTAMP_TZ) keeps the struct the column holds.)
      const r = await session().execute(`select cast(${c.name} as ${c.dataType}) as x, ${c.name} as y from t`);
      assert.deepEqual(r.rows[0].X, r.rows[0].Y, `${c.name} as ${c.dataType}`);
    }
  });
});
