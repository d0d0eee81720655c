// COALESCE / NVL / IFNULL with a VARIANT argument: beside a string the result is VARCHAR, the VARIANT converted as
// ::VARCHAR converts it (Snowflake's conversion table coerces VARIANT to VARCHAR, not VARCHAR to VARIANT; DuckDB
// parsed the string as JSON: '123' became a number, 'unknown' failed). Beside a number the result stays a VARIANT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { readRefusal } from '../../server/src/core/sql/snowflake-on-duckdb/variant-float';
import { quote } from '../../server/src/core/sql/snowflake-on-duckdb/template';

/** A `:` read's refusal of an ARRAY or OBJECT holding a FLOAT (variant-float.ts), for a colon at `at`. */
const read = (at: number): string => quote(readRefusal(at));

const session = memorySession();

test('a string beside a VARIANT path makes the result text, the path read without its quotes', async () => {
  const r = await session().execute(
    "select coalesce(parse_json('{}'):a, 'unknown') u, coalesce(parse_json('{\"a\": \"x\"}'):a, '123') s, nvl(parse_json('{\"a\": 2}'):a, 'x') n, ifnull(parse_json('{}'):a, 7) i",
  );
  assert.deepEqual(r.rows[0], { U: 'unknown', S: 'x', N: '2', I: 7 });
  assert.deepEqual(r.columns.map((c) => c.type), ['VARCHAR', 'VARCHAR', 'VARCHAR', 'JSON']);
});

test('the translation leaves COALESCE as written: the plan places the conversion', () => {
  assert.equal(translateSnowflakeSql("select coalesce(v:a::varchar, 'x') from t"), `select coalesce(bz_json_varchar_cast((bz_variant(v, ${read(17)}) -> '$.a'))::varchar, 'x') from t`);
  assert.equal(translateSnowflakeSql("select coalesce(a, 'x'), coalesce(null, v:a) from t"), `select coalesce(a, 'x'), coalesce(null, (bz_variant(v, ${read(41)}) -> '$.a')) from t`);
  assert.equal(translateSnowflakeSql('select coalesce(v:a, b) from t'), `select coalesce((bz_variant(v, ${read(17)}) -> '$.a'), b) from t`);
});
