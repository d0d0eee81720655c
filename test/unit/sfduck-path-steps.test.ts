// A semi-structured path goes on after an element index with `:key`, and its steps may stand apart, as Snowflake
// reads them: flipside_axelar's `msg :attributes [0] :key :: STRING` reached the user as DuckDB's raw
// "syntax error at or near ':'".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const FLAT = `table(flatten(input => parse_json('[{"attributes":[{"key":"a","n":2}]}]'))) f`;

test('a `:key` after `[n]`, with or without spaces between the steps', async () => {
  const s = session();
  assert.deepEqual((await s.execute(`select f.value as msg, msg :attributes [0] :key :: STRING as k from ${FLAT}`)).rows, [{ MSG: { attributes: [{ key: 'a', n: 2 }] }, K: 'a' }]);
  assert.deepEqual((await s.execute(`select f.value:attributes[0]:key::string as k, f.value:attributes[0]:n::int + 1 as n from ${FLAT}`)).rows, [{ K: 'a', N: 3 }]);
  assert.deepEqual((await s.execute(`select parse_json('{"a":[1,2]}') :a [1] as x, parse_json('{"a":{"b":3}}'):a:b::int as y`)).rows, [{ X: 2, Y: 3 }]);
  // A missing key is NULL, as on Snowflake.
  assert.deepEqual((await s.execute(`select f.value:attributes[0]:nope::string as k from ${FLAT}`)).rows, [{ K: null }]);
});

test('a path that starts at an element index goes on with `:key` (axelar: `raw_metadata [0] :aliases [0] :: STRING`)', async () => {
  const s = session();
  const meta = `(select parse_json('[{"aliases":["uaxl","axl"],"denom":"x"},{"denom":"uusdc","exponent":6}]') as raw_metadata)`;
  const r = await s.execute(`select coalesce(raw_metadata [0] :aliases [0] :: STRING, raw_metadata [1] :denom) as a, raw_metadata[1]:exponent::int + 1 as e, raw_metadata[1].denom::string as d from ${meta}`);
  assert.deepEqual(r.rows, [{ A: 'uaxl', E: 7, D: 'uusdc' }]);
});
