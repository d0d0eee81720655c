// JSON read as Snowflake's PARSE_JSON reads it and written as TO_JSON writes it (snowflake-json.ts), and the
// translations of the semi-structured functions that rely on it (variant.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSnowflakeJson,
  SnowflakeJsonError,
  SnowflakeJsonUnsupported,
  writeJson,
} from '../../client/src/warehouse/snowflake-on-duckdb/snowflake-json';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { readRefusal, storeRefusal } from '../../server/src/core/sql/snowflake-on-duckdb/variant-float';
import { quote } from '../../server/src/core/sql/snowflake-on-duckdb/template';
import { unsupportedFromDuckDbError } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';
import { DuckDBInstance } from '@duckdb/node-api';
import { hasJsonOrMap, JSON_NULL, semiStructuredValue } from '../../client/src/warehouse/snowflake-on-duckdb/semi-structured-values';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { variantValue } from '../../client/src/warehouse/snowflake';

const roundTrip = (text: string, sortKeys = false): string | undefined => {
  const node = parseSnowflakeJson(text);
  return node === undefined ? undefined : writeJson(node, sortKeys);
};

test('PARSE_JSON reads relaxed JSON: unquoted keys, literals in any case, trailing commas', () => {
  assert.equal(roundTrip('[{r:255,g:12,b:0}]'), '[{"r":255,"g":12,"b":0}]');
  assert.equal(roundTrip(' { "key1": "value1", "key2": NULL } '), '{"key1":"value1","key2":null}');
  assert.equal(roundTrip('[-1, 12, 289, 2188, FALSE,]'), '[-1,12,289,2188,false]');
  assert.equal(roundTrip('{ "x" : "abc", "y" : false, "z": 10} '), '{"x":"abc","y":false,"z":10}');
});

test('PARSE_JSON keeps number text (123.12 a decimal, 1.912e2 a double) and string escapes', () => {
  assert.equal(roundTrip('[123.12, 1.912e2, -17]'), '[123.12,1.912e2,-17]');
  assert.equal(roundTrip('"Om \\"ara\\" \\u00e9"'), '"Om \\"ara\\" é"');
});

test('PARSE_JSON: blank is NULL; duplicate keys refused unless allowed (last wins)', () => {
  assert.equal(roundTrip(''), undefined);
  assert.equal(roundTrip('   '), undefined);
  assert.throws(() => parseSnowflakeJson('{ "a" : "123", "b" : "456", "a": "789"}'), (e) => e instanceof SnowflakeJsonError && /duplicate object attribute/.test(e.message));
  const node = parseSnowflakeJson('{ "a" : "123", "b" : "456", "a": "789"}', true);
  assert.equal(node && writeJson(node), '{"a":"789","b":"456"}');
});

test('PARSE_JSON refuses invalid JSON, and names an array hole (undefined slot) as unsupported', () => {
  for (const bad of ['{', '[1 2]', '{"a" 1}', 'nope', '[1] x', '"open']) {
    assert.throws(() => parseSnowflakeJson(bad), SnowflakeJsonError, bad);
  }
  assert.throws(() => parseSnowflakeJson('[1, ,77]'), SnowflakeJsonUnsupported);
});

test('TO_JSON writes compact JSON with object keys sorted, nested too', () => {
  assert.equal(roundTrip('{"b":1,"a":{"d":[1,{"z":0,"y":1}],"c":2}}', true), '{"a":{"c":2,"d":[1,{"y":1,"z":0}]},"b":1}');
});

test('the semi-structured functions translate to the JSON macros and list/JSON functions', () => {
  assert.equal(translateSnowflakeSql("SELECT PARSE_JSON(s, 'd')"), "SELECT bz_parse_json(s, 'd')");
  // TO_JSON names where it is, for the refusal of a FLOAT (variant-float.ts); TYPEOF for that of a DATE or TIMESTAMP text.
  assert.match(
    translateSnowflakeSql('SELECT TRY_PARSE_JSON(s), TO_JSON(v), TYPEOF(v)'),
    /^SELECT bz_try_parse_json\(s\), bz_to_json\(v, 'bz_unsupported@26: TO_JSON of a FLOAT[^']*'\), bz_variant_typeof\(v, 'bz_unsupported@38: TYPEOF of a VARIANT holding a DATE(?:[^']|'')*'\)$/,
  );
  // Integer literals alone stay a list of integers; a decimal beside them keeps its own type (a DECIMAL list gave 1.0).
  assert.equal(translateSnowflakeSql('SELECT ARRAY_CONSTRUCT(1, -2, 3)'), 'SELECT list_value(1, -2, 3)');
  assert.equal(translateSnowflakeSql('SELECT ARRAY_CONSTRUCT(1, -2, 3.5)'), 'SELECT CAST(list_value(json_quote(1), json_quote(-2), json_quote(3.5)) AS JSON[])');
  // An ARRAY (a list of JSON values, as an ARRAY column holds), not a VARIANT holding an array.
  assert.equal(translateSnowflakeSql("SELECT ARRAY_CONSTRUCT(12, 'twelve')"), "SELECT CAST(list_value(json_quote(12), json_quote('twelve')) AS JSON[])");
  // A value that may be a FLOAT goes through bz_to_variant (variant-float.ts), a constant through json_quote.
  assert.ok(translateSnowflakeSql("SELECT OBJECT_CONSTRUCT('a', x)").includes(`map_from_entries(list_sort(list_filter(list_value(struct_pack(k := bz_varchar('a'), v := bz_to_variant(x, ${quote(storeRefusal('OBJECT_CONSTRUCT', 7))}))), lambda bz_e: bz_e.v IS NOT NULL)))`));
  assert.equal(translateSnowflakeSql('SELECT COUNT(v:a)'), `SELECT count(bz_json_sql_null((bz_variant(v, ${quote(readRefusal(14))}) -> '$.a')))`);
  assert.equal(translateSnowflakeSql('SELECT OBJECT_CONSTRUCT()'), 'SELECT CAST(map() AS MAP(VARCHAR, JSON))');
  assert.equal(translateSnowflakeSql('CREATE TABLE t (o OBJECT, a ARRAY, v VARIANT)'), 'CREATE TABLE t (o MAP(VARCHAR, JSON), a JSON[], v JSON)');
  assert.equal(translateSnowflakeSql("SELECT '{}'::object, '[1]'::array"), "SELECT bz_semi_cast_json('{}')::JSON::MAP(VARCHAR, JSON), bz_semi_cast_json('[1]')::JSON::JSON[]");
  assert.match(translateSnowflakeSql('SELECT OBJECT_KEYS(o)'), /list_sort\(json_keys\(json_quote\(o\)\)\)/);
  assert.equal(translateSnowflakeSql('SELECT COUNT(x)'), 'SELECT COUNT(x)');
  assert.equal(translateSnowflakeSql('SELECT GET(v, ARRAY_SIZE(v) - 1)').startsWith(`SELECT (bz_json_source(v, ${quote(readRefusal(7))}) -> ('$[' || CAST(CAST(`), true);
});

test('OBJECT constants: {} is the empty OBJECT, a key\'s value is not read as a `:` path, {*} packs the columns', () => {
  assert.equal(translateSnowflakeSql('SELECT {}'), 'SELECT CAST(map() AS MAP(VARCHAR, JSON))');
  // OBJECT_CONSTRUCT's object (sfduck-object-constants.test.ts): `'k': x` is a pair, `v:a` a path.
  const pairs = translateSnowflakeSql("SELECT {'k': x, 'n': v:a}");
  const value = (x: string): string => `bz_to_variant(${x}, ${quote(storeRefusal('An OBJECT constant', 7))})`;
  assert.ok(pairs.startsWith(`SELECT map_from_entries(list_sort(list_filter(list_value(struct_pack(k := bz_varchar('k'), v := ${value('x')}), struct_pack(k := bz_varchar('n'), v := ${value(`(bz_variant(v, ${quote(readRefusal(22))}) -> '$.a')`)})), `), pairs);
  assert.match(translateSnowflakeSql('SELECT {*} FROM t'), /^SELECT bz_object_star\(struct_pack\(\*COLUMNS\(\*\)\), false, 'bz_unsupported@7: /);
  assert.throws(() => translateSnowflakeSql('SELECT {* RENAME a AS b} FROM t'), (e) => e instanceof UnsupportedOnDuckDb && e.offset === 7);
  for (const sql of ['SELECT {*} FROM t', 'SELECT OBJECT_CONSTRUCT(* EXCLUDE a) FROM t', "SELECT OBJECT_CONSTRUCT('a', 1, 'b', v:c)", 'SELECT {}', "SELECT OBJECT_CONSTRUCT_KEEP_NULL('a', NULL)", 'SELECT TO_JSON(v), v::VARIANT, v[0]']) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once, `a second pass changes nothing: ${sql}`);
  }
});

test("GET_PATH reads ':' in its path as a step, like '.'", () => {
  assert.equal(translateSnowflakeSql("SELECT GET_PATH(v, 'a:b[0].c')"), `SELECT (bz_json_source(v, ${quote(readRefusal(7))}) -> '$.a.b[0].c')`);
});

test('ARRAY_CONSTRUCT with a NULL element is refused where the NULL is (Snowflake keeps an undefined slot)', () => {
  const sql = "SELECT ARRAY_CONSTRUCT(1, NULL, 'a')";
  assert.throws(
    () => translateSnowflakeSql(sql),
    (e) => e instanceof UnsupportedOnDuckDb && e.construct === 'ARRAY_CONSTRUCT with a NULL element' && e.offset === sql.indexOf('NULL'),
  );
  // Also inside another call that would read the slot (a slice keeps it, then its size is taken).
  assert.throws(() => translateSnowflakeSql('SELECT ARRAY_SIZE(ARRAY_SLICE(ARRAY_CONSTRUCT(NULL, 1), 0, 1))'), UnsupportedOnDuckDb);
  assert.throws(() => translateSnowflakeSql('SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(NULL)::VARIANT)'), UnsupportedOnDuckDb);
});

test('ARRAY_SIZE of ARRAY_CONSTRUCT with NULL elements counts them, as Snowflake counts its undefined slots', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    const s = await wh.openSession();
    const r = await s.execute("SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(NULL, PARSE_JSON('null'), 'hello', 4)) AS a, ARRAY_SIZE(ARRAY_CONSTRUCT(NULL)) AS b");
    assert.deepEqual([Number(r.rows[0].A), Number(r.rows[0].B)], [4, 1]);
    await s.close();
  } finally {
    await wh.close();
  }
});

test('result values: an OBJECT (a MAP of JSON) is a plain object, JSON inside lists and maps is parsed', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(
      `SELECT map_from_entries([{'k': 'a', 'v': to_json(1)}, {'k': 'b', 'v': '{"c": [true, null]}'::JSON}]) AS o, ` +
        `['"x"'::JSON, '2'::JSON] AS l, '{"k": "v"}'::JSON AS j, 5 AS n`,
    );
    const types = reader.columnTypes();
    assert.deepEqual(types.map(hasJsonOrMap), [true, true, true, false]);
    const row = reader.getRows()[0];
    assert.deepEqual(semiStructuredValue(row[0], types[0]), { a: 1, b: { c: [true, null] } });
    assert.deepEqual(semiStructuredValue(row[1], types[1]), ['x', 2]);
    assert.deepEqual(semiStructuredValue(row[2], types[2]), { k: 'v' });
  } finally {
    c.closeSync();
    instance.closeSync();
  }
});

test('a VARIANT holding JSON null is a value distinct from SQL NULL in result rows (and serializes as null)', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    const s = await wh.openSession();
    const r = await s.execute("SELECT PARSE_JSON('null') AS j, PARSE_JSON(NULL) AS n, PARSE_JSON('[null]') AS a, PARSE_JSON('null') IS NULL AS is_null");
    const row = r.rows[0];
    assert.equal(row.J, JSON_NULL);
    assert.equal(JSON.stringify(row.J), 'null');
    assert.equal(String(row.J), 'null');
    assert.equal(row.N, null);
    assert.deepEqual(row.A, [null]);
    assert.equal(row.IS_NULL, false);
  } finally {
    await wh.close();
  }
});

test("on the Snowflake target a VARIANT cell's JSON null is JSON_NULL too, not the driver's SQL-NULL null", () => {
  assert.equal(variantValue('null'), JSON_NULL);
  assert.deepEqual(variantValue('{"a": null, "b": [1, null]}'), { a: null, b: [1, null] });
  assert.equal(variantValue('"null"'), 'null');
  // What Snowflake writes beyond JSON without STRICT_JSON_OUTPUT still reads, as the driver's own parser reads it.
  assert.ok(Number.isNaN(variantValue('NaN')));
  assert.deepEqual(variantValue('[Infinity]'), [Infinity]);
});

test('arithmetic on a VARIANT without a cast, and PARSE_JSON of an array with a hole, are located Bronze errors', () => {
  const arith = unsupportedFromDuckDbError(
    { type: 'Binder', message: "No function matches the given name and argument types '*(JSON, DECIMAL(3,2))'. You might need to add explicit type casts.", position: 22 },
    "SELECT PARSE_JSON('5') * 3.14",
    (o) => o,
  );
  assert.equal(arith?.construct, 'Arithmetic (*) on a VARIANT value without a cast (cast it first, e.g. v::NUMBER)');
  assert.equal(arith?.offset, 22);
  // Snowflake converts the text to a number; DuckDB cannot, so it is a refusal by name too (not DuckDB's overload list).
  const text = unsupportedFromDuckDbError({ type: 'Binder', message: "No function matches the given name and argument types '*(VARCHAR, INTEGER)'." }, 'x', (o) => o);
  assert.equal(text?.construct, 'Arithmetic (*) on a VARCHAR value without a cast (cast it first, e.g. s::NUMBER)');
  assert.equal(unsupportedFromDuckDbError({ type: 'Binder', message: "No function matches the given name and argument types '*(DATE, INTEGER)'." }, 'x', (o) => o), undefined);
  const hole = unsupportedFromDuckDbError(
    { type: 'Invalid Input', message: 'PARSE_JSON of an array with a missing element is not supported on the DuckDB target' },
    "SELECT 1, parse_json('[1, ,2]')",
    (o) => o,
  );
  assert.equal(hole?.construct, 'PARSE_JSON of an array with a missing element');
  assert.equal(hole?.offset, 10);
});

test('a number in a VARIANT cast to text drops trailing fraction zeros as Snowflake prints it, through : and [] paths', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    const s = await wh.openSession();
    await s.execute('create table vt (v variant)');
    await s.execute(`insert into vt select parse_json('{"a": 5.000, "b": -1.50, "c": 1.912e2, "d": "x", "e": 10, "h": [1.0, "s"]}')`);
    const r = await s.execute("select v:a::varchar a, v:b::string b, v:c::varchar c, v:d::varchar d, v:e::text e, v:h[0]::varchar h0, v:h[1]::varchar h1, v['a']::varchar ka, v:a::number(5, 2) n from vt");
    assert.deepEqual(r.rows[0], { A: '5', B: '-1.5', C: '191.2', D: 'x', E: '10', H0: '1', H1: 's', KA: '5', N: 5 });
  } finally {
    await wh.close();
  }
});
