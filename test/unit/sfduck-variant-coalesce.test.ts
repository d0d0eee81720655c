// COALESCE / NVL / IFNULL with a VARIANT argument (variant-coercion.ts): the other arguments become VARIANTs as
// TO_VARIANT makes them, so a string stays a string (DuckDB parsed it as JSON: '123' became a number, 'unknown' failed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession();
const row = async (sql: string): Promise<Record<string, unknown>> => (await session().execute(sql)).rows[0];

test('a string beside a VARIANT path is a VARIANT string, whatever text it holds', async () => {
  assert.deepEqual(await row("select coalesce(parse_json('{}'):a, 'unknown')::varchar u, typeof(coalesce(parse_json('{}'):a, '123')) t, coalesce(parse_json('{}'):a, '123')::varchar s"), {
    U: 'unknown',
    T: 'VARCHAR',
    S: '123',
  });
  assert.deepEqual(await row("select typeof(nvl(parse_json('{\"a\": 2}'):a, 'x')) n, typeof(ifnull(parse_json('{}'):a, 7)) i, typeof(coalesce(parse_json('{\"a\": null}'):a, 'x')) j"), {
    N: 'INTEGER',
    I: 'INTEGER',
    // A JSON null is a value, not a SQL NULL: COALESCE keeps it.
    J: 'NULL_VALUE',
  });
});

test('a path cast to a SQL type, or no VARIANT at all, is left as written', () => {
  assert.equal(translateSnowflakeSql("select coalesce(v:a::varchar, 'x') from t"), "select coalesce(bz_varchar_cast((bz_variant(v) -> '$.a'))::varchar, 'x') from t");
  assert.equal(translateSnowflakeSql("select coalesce(a, 'x'), coalesce(null, v:a) from t"), "select coalesce(a, 'x'), coalesce(json_quote(null), (bz_variant(v) -> '$.a')) from t");
  assert.equal(translateSnowflakeSql("select coalesce(v:a, b) from t"), "select coalesce((bz_variant(v) -> '$.a'), json_quote(b)) from t");
});
