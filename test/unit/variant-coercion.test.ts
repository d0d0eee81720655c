// A VARCHAR among the values of COALESCE/NVL/IFNULL/NVL2/IFF/DECODE/CASE with a VARIANT, or compared with one, on the
// DuckDB target: the VARIANT is converted to VARCHAR (Snowflake's conversion table coerces VARIANT to VARCHAR, not
// VARCHAR to VARIANT; DuckDB's implicit VARCHAR → JSON cast would parse '123' into the number 123 and fail on 'abc').
// CAST(… AS VARIANT), written, keeps the text a VARIANT string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';
import { isVariantArgument } from '../../server/src/core/sql/snowflake-on-duckdb/variant-coercion';
import { isTrivia, lex } from '../../server/src/core/sql/tokenize';

const session = memorySession();
const values = (sql: string): Promise<unknown[]> => firstRow(session(), sql);
const variant = (text: string): boolean => isVariantArgument(lex(text).filter((l) => !isTrivia(l)));
const FROM = ` FROM (SELECT '123' AS s, 'abc' AS t, PARSE_JSON('{"a": 2, "id": "7"}') AS v) c`;

test('a VARIANT is recognised from the text: a path without a cast, PARSE_JSON, GET, ::VARIANT, CAST(… AS VARIANT)', () => {
  for (const yes of ['v:a', 'c.metadata:"cws-customer"', "v['a'][0]", 'v:a.b', "parse_json('1')", "get(v, 'a')", "get_path(v, 'a.b')", 's::variant', 'cast(s as variant)', "parse_json(x):a"]) {
    assert.ok(variant(yes), yes);
  }
  for (const no of ['s', 'c.s', 'c.metadata:"id"::varchar', "v:a || 'x'", 'cast(v:a as varchar)', "to_varchar(v:a)", "'abc'", '1', 'null', 'f(v:a)']) {
    assert.ok(!variant(no), no);
  }
});

test('COALESCE, NVL and IFNULL of a VARCHAR and a VARIANT are VARCHAR, the VARIANT as ::VARCHAR gives it', async () => {
  // Snowflake's conversion table: VARIANT is coercible to VARCHAR, VARCHAR only castable to VARIANT.
  const r = await session().execute(`SELECT COALESCE(s, v:a) a, COALESCE(NULL, v:id, s) b, NVL(NULLIF(t, 'abc'), v) c, IFNULL(v:zz, t) d, COALESCE(v:a, 'x') e${FROM}`);
  assert.deepEqual(r.rows[0], { A: '123', B: '7', C: '{"a":2,"id":"7"}', D: 'abc', E: '2' });
  assert.deepEqual(r.columns.map((c) => c.type), ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR']);
});

test('IFF, NVL2, DECODE and CASE convert the VARIANT values they return, in nested CASEs too', async () => {
  const r = await session().execute(
    `SELECT IFF(s = '123', v:id, t) i, NVL2(s, v, t) n, DECODE(s, '123', v:a, t) d, CASE WHEN s = 'x' THEN t ELSE v:id END c, ` +
      `CASE WHEN TRUE THEN CASE WHEN FALSE THEN PARSE_JSON('1') ELSE s END END k, CASE s WHEN 'y' THEN NULL ELSE v:a END z${FROM}`,
  );
  assert.deepEqual(r.rows[0], { I: '7', N: '{"a":2,"id":"7"}', D: '2', C: '7', K: '123', Z: 2 });
  assert.deepEqual(r.columns.map((c) => c.type), ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'JSON']);
});

test('the mattermost form: COALESCE of a path cast to VARCHAR and a path is text', async () => {
  assert.deepEqual(await values(`SELECT COALESCE(c.v:"id"::VARCHAR, c.v:"a"), COALESCE(c.v:"zz"::VARCHAR, c.v:"a")${FROM}`), ['7', '2']);
});

test('a VARIANT compared with text compares as VARCHAR: a string without its quotes, a number as its digits', async () => {
  assert.deepEqual(await values(`SELECT v:id = '7', '7' = v:id, v:a = '2', v:id <> s, v:a = 2${FROM}`), [true, true, true, true, true]);
});

test('CAST(text AS VARIANT) is a VARIANT string, as text::VARIANT is', async () => {
  assert.deepEqual(await values(`SELECT TYPEOF(CAST(s AS VARIANT)), TYPEOF(s::VARIANT), TYPEOF(CAST(v AS VARIANT))${FROM}`), ['VARCHAR', 'VARCHAR', 'OBJECT']);
});
