// Snowflake UDFs in JavaScript/Python/Java/Scala on the DuckDB target: CREATE FUNCTION becomes a DuckDB macro of the
// same name and parameters that raises an error naming the function (typed as declared), never a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { foreignUdfError, foreignUdfMessage } from '../../server/src/core/sql/snowflake-on-duckdb/foreign-udf';

const msg = (name: string, lang: string) => `'${foreignUdfMessage(name, lang)}'`;

test('a Python or JavaScript CREATE FUNCTION becomes a macro that raises, typed as RETURNS says', () => {
  const py = "create or replace function db.s.parse_qs(value varchar)\nreturns object\nlanguage python\nruntime_version = '3.10'\nhandler = 'h'\nas\n$$\ndef h(value):\n    return {}\n$$";
  assert.equal(translateSnowflakeSql(py), `CREATE OR REPLACE MACRO db.s.parse_qs("value") AS CAST(error(${msg('parse_qs', 'python')}) AS JSON)`);
  const js = "create function f2(a number(10,2), \"B\" varchar) returns number(10, 2) language javascript as 'return A'";
  assert.equal(translateSnowflakeSql(js), `CREATE MACRO f2("a", "B") AS CAST(error(${msg('f2', 'javascript')}) AS DECIMAL(10,2))`);
  const java = "create temporary function t() returns table (a int) language java handler='x' as 'y'";
  assert.equal(translateSnowflakeSql(java), `CREATE TEMPORARY MACRO t() AS error(${msg('t', 'java')})`);
  // DuckDB SQL passes through: a second pass changes nothing.
  for (const s of [py, js, java]) assert.equal(translateSnowflakeSql(translateSnowflakeSql(s)), translateSnowflakeSql(s));
});

test('an EXTERNAL FUNCTION becomes a macro that raises, naming it as an external function', () => {
  const ext = "create or replace external function silver.udf_bulk_get_tx() returns text api_integration = aws_api AS 'https://x.invalid/dev/tx'";
  assert.equal(translateSnowflakeSql(ext), `CREATE OR REPLACE MACRO silver.udf_bulk_get_tx() AS CAST(error(${msg('udf_bulk_get_tx', 'external')}) AS VARCHAR)`);
  const secure = 'create secure external function decode(addr string, n number(10,0)) returns variant not null\n  api_integration = a headers = (\'h\' = \'v\') max_batch_rows = 300 as \'https://x.invalid\'';
  assert.equal(translateSnowflakeSql(secure), `CREATE MACRO decode("addr", "n") AS CAST(error(${msg('decode', 'external')}) AS JSON)`);
  const source = 'select decode(a, 1) from t';
  const e = foreignUdfError(foreignUdfMessage('decode', 'external'), source, undefined);
  assert.equal(e?.offset, source.indexOf('decode('));
  assert.match(e?.message ?? '', /^Function DECODE \(a Snowflake EXTERNAL function: its CREATE EXTERNAL FUNCTION is accepted, a call to its remote service has no DuckDB form\) is not supported on the DuckDB target$/);
});

test('a stored procedure becomes a table macro (what CALL runs) that raises, naming it (SQL UDFs compute: sfduck-sql-udf.test.ts)', () => {
  const sql = "create or replace procedure silver.sp_bulk(n integer) returns variant language sql as $$ declare r variant; begin return r; end; $$";
  assert.equal(translateSnowflakeSql(sql), `CREATE OR REPLACE MACRO silver.sp_bulk("n") AS TABLE SELECT error(${msg('sp_bulk', 'procedure')}) AS "SP_BULK"`);
  assert.equal(translateSnowflakeSql(translateSnowflakeSql(sql)), translateSnowflakeSql(sql));
  const e = foreignUdfError(foreignUdfMessage('sp_bulk', 'procedure'), 'call silver.sp_bulk(1)', undefined);
  assert.equal(e?.offset, 'call silver.'.length);
  assert.match(e?.message ?? '', /^Procedure SP_BULK \(a Snowflake stored procedure: its CREATE PROCEDURE is accepted, a CALL has no DuckDB form\) is not supported on the DuckDB target$/);
});

test("DuckDB's error from a call is read back as the located construct, at the call", () => {
  const source = 'select 1,\n  analytics.parse_qs(q) as p from t';
  const e = foreignUdfError(`${foreignUdfMessage('parse_qs', 'python')}`, source, undefined);
  assert.ok(e instanceof UnsupportedOnDuckDb);
  assert.equal(e.offset, source.indexOf('parse_qs('));
  assert.match(e.message, /^Function PARSE_QS \(a Snowflake PYTHON UDF: .*\) is not supported on the DuckDB target$/);
  assert.equal(foreignUdfError('Function X does not exist', source, undefined), undefined);
});
