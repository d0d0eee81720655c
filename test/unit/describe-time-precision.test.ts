// DESC TABLE's precision of TIMESTAMP_*/TIME columns on the DuckDB target (time-precision.ts, describe-table.ts).
// Snowflake shows the declared precision, 9 by default (https://docs.snowflake.com/en/sql-reference/data-types-datetime);
// DuckDB keeps microseconds and no declared precision, so DESC showed (9) for a column declared TIMESTAMP_NTZ(6).
// Until a lower precision is declared (9) is right; once one is, DESC refuses time columns by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { writesLowerTimePrecision } from '../../client/src/warehouse/snowflake-on-duckdb/time-precision';
import { twinType } from '../../client/src/sample/column-kinds';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE plain (ts TIMESTAMP_NTZ, t TIME, n NUMBER(10,2))');
});

const REFUSED = /^WarehouseError: DESCRIBE TABLE of a TIMESTAMP\/TIME column once a precision below 9 was declared on the DuckDB target .* is not supported on the DuckDB target \(line 1, column 6\)$/;

test('(9) while no lower precision was declared; refused by name once one was (a CTAS copy could carry it anywhere)', async () => {
  const s = session();
  assert.deepEqual((await s.execute('DESC TABLE plain')).rows.map((r) => r.type), ['TIMESTAMP_NTZ(9)', 'TIME(9)', 'NUMBER(10,2)']);
  await s.execute('CREATE TABLE six (ts TIMESTAMP_NTZ(6))');
  await assert.rejects(s.execute('DESC TABLE six'), REFUSED);
  await s.execute('CREATE TABLE copied AS SELECT * FROM six');
  await assert.rejects(s.execute('DESC TABLE copied'), REFUSED);
  await assert.rejects(s.execute('DESC TABLE plain'), REFUSED);
  // A table without time columns still describes; the record is Bronze's own, listed nowhere.
  await s.execute('CREATE TABLE nums (n NUMBER(10,2))');
  assert.deepEqual((await s.execute('DESC TABLE nums')).rows.map((r) => r.type), ['NUMBER(10,2)']);
  assert.deepEqual((await s.execute("SELECT count(*) AS n FROM information_schema.tables WHERE table_name ILIKE 'bz_%'")).rows, [{ N: 0 }]);
});

test('the statements that declare a lower precision, and the sampler keeping a source column\'s', () => {
  assert.equal(writesLowerTimePrecision('create or replace table t as select x::timestamp_ntz(6) as x from s'), true);
  assert.equal(writesLowerTimePrecision('ALTER TABLE t ADD COLUMN c TIME(8)'), true);
  assert.equal(writesLowerTimePrecision('create view v as select cast(x as timestamp_ltz(7)) as x from s'), true);
  assert.equal(writesLowerTimePrecision('create table t (x timestamp_ntz(9), y timestamp)'), false);
  assert.equal(writesLowerTimePrecision('select x::timestamp_ntz(6) from s'), false);
  assert.equal(twinType('TIMESTAMP_NTZ(9)'), 'TIMESTAMP_NTZ');
  assert.equal(twinType('TIMESTAMP_NTZ(6)'), 'TIMESTAMP_NTZ(6)');
  assert.equal(twinType('TIMESTAMP_LTZ(3)'), 'TIMESTAMP_LTZ(6)');
  assert.equal(twinType('TIME(0)'), 'TIME(6)');
});
