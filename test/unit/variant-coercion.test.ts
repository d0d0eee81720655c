// A VARCHAR among the values of COALESCE/NVL/IFNULL/NVL2/IFF/DECODE with a VARIANT, and CAST(… AS VARIANT), on the
// DuckDB target: the text stays a VARIANT string, as TO_VARIANT converts it (DuckDB's implicit VARCHAR → JSON cast
// would parse '123' into the number 123 and fail on 'abc').
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

test('COALESCE, NVL and IFNULL keep a VARCHAR beside a VARIANT a string', async () => {
  assert.deepEqual(await values(`SELECT COALESCE(s, v:a)::VARCHAR, TYPEOF(COALESCE(s, v:a)), TYPEOF(NVL(t, PARSE_JSON('1'))), TYPEOF(IFNULL(NULL, s)), TYPEOF(IFNULL(v:zz, t))${FROM}`), [
    '123',
    'VARCHAR',
    'VARCHAR',
    'VARCHAR',
    'VARCHAR',
  ]);
});

test('IFF, NVL2 and DECODE convert only the values they return', async () => {
  assert.deepEqual(
    await values(`SELECT TYPEOF(IFF(s = '123', t, v:a)), TYPEOF(NVL2(s, t, v:a)), TYPEOF(DECODE(s, '123', t, v:a)), TYPEOF(DECODE(s, 'x', v:a, t))${FROM}`),
    ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR'],
  );
});

test('the mattermost form: COALESCE of a path cast to VARCHAR and a path', async () => {
  assert.deepEqual(await values(`SELECT COALESCE(c.v:"id"::VARCHAR, c.v:"a")::VARCHAR, TYPEOF(COALESCE(c.v:"id"::VARCHAR, c.v:"a"))${FROM}`), ['7', 'VARCHAR']);
});

test('CAST(text AS VARIANT) is a VARIANT string, as text::VARIANT is', async () => {
  assert.deepEqual(await values(`SELECT TYPEOF(CAST(s AS VARIANT)), TYPEOF(s::VARIANT), TYPEOF(CAST(v AS VARIANT))${FROM}`), ['VARCHAR', 'VARCHAR', 'OBJECT']);
});

test('CASE with a VARIANT result as written converts its other results, in nested CASEs too', async () => {
  assert.deepEqual(
    await values(
      `SELECT TYPEOF(CASE WHEN s = '123' THEN s ELSE v:a END), TYPEOF(CASE s WHEN 'x' THEN v:a WHEN 'y' THEN NULL ELSE t END), ` +
        `TYPEOF(CASE WHEN TRUE THEN CASE WHEN FALSE THEN PARSE_JSON('1') ELSE s END END), CASE WHEN TRUE THEN 1 ELSE 2 END${FROM}`,
    ),
    ['VARCHAR', 'VARCHAR', 'VARCHAR', 1],
  );
});
