// A Bronze refusal names Snowflake's types, never DuckDB's: TRIM of a FLOAT column was refused as "TRIM with arguments
// (DOUBLE)" (pretium's catalog_enum), a date function of a VARIANT as "on a value of type JSON". One mapping
// (described-type.ts snowflakeTypeWord) serves every message; Snowflake's names per
// https://docs.snowflake.com/en/sql-reference/intro-summary-data-types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noFunctionMatch, unsupportedFromDuckDbError } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';
import { snowflakeTypeWord } from '../../server/src/core/sql/snowflake-on-duckdb/described-type';

const refusal = (message: string, source: string): string | undefined => unsupportedFromDuckDbError({ type: 'Binder', message }, source, (o) => o)?.construct;

test('a string function given a FLOAT or a DECIMAL names FLOAT and NUMBER', () => {
  assert.equal(refusal("No function matches the given name and argument types 'trim(DOUBLE)'. You might need to add explicit type casts.", 'select trim(f) from t'), 'TRIM with arguments (FLOAT)');
  assert.equal(refusal("No function matches the given name and argument types 'trim(FLOAT, STRING_LITERAL)'", 'select trim(f, $$x$$) from t'), 'TRIM with arguments (FLOAT, VARCHAR)');
  assert.equal(
    refusal("No function matches the given name and argument types 'replace(DECIMAL(10,2), VARCHAR, JSON)'", 'select replace(d, s, v) from t'),
    'REPLACE with arguments (NUMBER, VARCHAR, VARIANT)',
  );
});

test('a date function of a value of another type names its Snowflake type, a temporal kind by its full name', () => {
  const source = "select dateadd(day, 1, max(v)) from t";
  assert.equal(refusal('Could not find key "dateadd:json" in struct', source), 'DATEADD on a value of type VARIANT');
  assert.equal(refusal('Could not find key "dateadd:double" in struct', source), 'DATEADD on a value of type FLOAT');
  assert.equal(refusal('Could not find key "dateadd:decimal(18,3)" in struct', source), 'DATEADD on a value of type NUMBER');
  assert.equal(refusal('Could not find key "dateadd:ntz" in struct', source), 'DATEADD on a value of type TIMESTAMP_NTZ');
});

test('snowflakeTypeWord: every DuckDB spelling under its Snowflake name', () => {
  const cases: Array<[string, string]> = [
    ['DOUBLE', 'FLOAT'],
    ['FLOAT', 'FLOAT'],
    ['INTEGER_LITERAL', 'NUMBER'],
    ['UBIGINT', 'NUMBER'],
    ['DECIMAL(38,6)', 'NUMBER'],
    ['STRING_LITERAL', 'VARCHAR'],
    ['"NULL"', 'NULL'],
    ['TIMESTAMP', 'TIMESTAMP_NTZ'],
    ['TIMESTAMP_MS', 'TIMESTAMP_NTZ'],
    ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_LTZ'],
    ['STRUCT(bz_tz_utc TIMESTAMP WITH TIME ZONE, bz_tz_offset INTERVAL)', 'TIMESTAMP_TZ'],
    ['TIME', 'TIME'],
    ['JSON', 'VARIANT'],
    ['JSON[]', 'ARRAY'],
    ['DECIMAL(10,2)[]', 'ARRAY'],
    ['MAP(VARCHAR, JSON)', 'OBJECT'],
    ['BLOB', 'BINARY'],
    ['BOOLEAN', 'BOOLEAN'],
  ];
  for (const [duck, snowflake] of cases) assert.equal(snowflakeTypeWord(duck), snowflake, duck);
});

test("noFunctionMatch reads DuckDB's message: a DECIMAL's parameters are one type", () => {
  assert.deepEqual(noFunctionMatch("No function matches the given name and argument types 'lpad(DECIMAL(10,2), INTEGER_LITERAL, STRING_LITERAL)'. You might…"), {
    fn: 'lpad',
    types: ['DECIMAL(10,2)', 'INTEGER_LITERAL', 'STRING_LITERAL'],
  });
  assert.deepEqual(noFunctionMatch("No function matches the given name and argument types '!~~*(DATE, VARCHAR)'"), { fn: '!~~*', types: ['DATE', 'VARCHAR'] });
  assert.equal(noFunctionMatch('Some other error'), undefined);
});
