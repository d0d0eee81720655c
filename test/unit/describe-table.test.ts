// DESC[RIBE] TABLE on the DuckDB target (describe-table.ts): Snowflake's twelve result columns, types named as
// INFORMATION_SCHEMA names them with DESC's parameters, and a located refusal where DuckDB does not keep the type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE described (ts TIMESTAMP_NTZ, ltz TIMESTAMP_LTZ, n NUMBER(10,2) NOT NULL PRIMARY KEY, v VARIANT, a ARRAY, o OBJECT, f DOUBLE, b BOOLEAN, d DATE)');
});

test('DESC TABLE lists each column as Snowflake does', async () => {
  const r = await session().execute('DESC TABLE described');
  assert.deepEqual(
    r.columns.map((c) => c.name),
    ['name', 'type', 'kind', 'null?', 'default', 'primary key', 'unique key', 'check', 'expression', 'comment', 'policy name', 'privacy domain'],
  );
  assert.deepEqual(
    r.rows.map((x) => [x.name, x.type, x['null?'], x['primary key']]),
    [
      ['TS', 'TIMESTAMP_NTZ(9)', 'Y', 'N'],
      ['LTZ', 'TIMESTAMP_LTZ(9)', 'Y', 'N'],
      ['N', 'NUMBER(10,2)', 'N', 'Y'],
      ['V', 'VARIANT', 'Y', 'N'],
      ['A', 'ARRAY', 'Y', 'N'],
      ['O', 'OBJECT', 'Y', 'N'],
      ['F', 'FLOAT', 'Y', 'N'],
      ['B', 'BOOLEAN', 'Y', 'N'],
      ['D', 'DATE', 'Y', 'N'],
    ],
  );
  assert.equal((await session().execute('DESCRIBE TABLE main.described TYPE = COLUMNS')).rows.length, 9);
});

test('DESC TABLE refuses, by name and place, what DuckDB does not keep (VARCHAR length, integer precision, DEFAULT text)', async () => {
  await session().execute('CREATE TABLE texts (s VARCHAR(10))');
  await assert.rejects(session().execute('DESC TABLE texts'), /DESCRIBE TABLE of a VARCHAR column \(DuckDB keeps no VARCHAR length\) is not supported on the DuckDB target \(line 1, column 6\)/);
  await session().execute('CREATE TABLE ints AS SELECT 1 AS x');
  await assert.rejects(session().execute('DESC TABLE ints'), /DESCRIBE TABLE of an integer column/);
  await session().execute('CREATE TABLE defaults (x NUMBER(5,1) DEFAULT 3)');
  await assert.rejects(session().execute('DESC TABLE defaults'), /DESCRIBE TABLE of a column with a DEFAULT/);
  await assert.rejects(session().execute('DESC TABLE described TYPE = STAGE'), /not supported on the DuckDB target/);
});

test('DESC TABLE of a missing table fails rather than listing no columns', async () => {
  await assert.rejects(session().execute('DESC TABLE no_such_table'), /no_such_table does not exist/);
});

test('a temporary table hides a permanent one of the same name', async () => {
  await session().execute('CREATE TABLE shadowed (x DOUBLE)');
  await session().execute('CREATE TEMPORARY TABLE shadowed (y DATE)');
  const r = await session().execute('DESC TABLE shadowed');
  assert.deepEqual(r.rows.map((x) => [x.name, x.type]), [['Y', 'DATE']]);
});

test('INFORMATION_SCHEMA.COLUMNS names a TIMESTAMP_LTZ column TIMESTAMP_LTZ (was TIMESTAMP_TZ)', async () => {
  const r = await session().execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'DESCRIBED' AND column_name = 'LTZ'");
  assert.deepEqual(r.rows, [{ DATA_TYPE: 'TIMESTAMP_LTZ' }]);
});
