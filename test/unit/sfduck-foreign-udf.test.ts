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

test('procedures are refused by name (SQL UDFs become macros that compute: sfduck-sql-udf.test.ts)', () => {
  assert.throws(() => translateSnowflakeSql("create procedure p() returns varchar language javascript as 'return 1'"), UnsupportedOnDuckDb);
});

test("DuckDB's error from a call is read back as the located construct, at the call", () => {
  const source = 'select 1,\n  analytics.parse_qs(q) as p from t';
  const e = foreignUdfError(`${foreignUdfMessage('parse_qs', 'python')}`, source, undefined);
  assert.ok(e instanceof UnsupportedOnDuckDb);
  assert.equal(e.offset, source.indexOf('parse_qs('));
  assert.match(e.message, /^Function PARSE_QS \(a Snowflake PYTHON UDF: .*\) is not supported on the DuckDB target$/);
  assert.equal(foreignUdfError('Function X does not exist', source, undefined), undefined);
});
