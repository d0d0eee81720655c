import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements, tokenize, translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('tokenize: strings with doubled and backslash quotes, comments, $$ and quoted identifiers', () => {
  const sql = `select 'it''s', 'a\\'b', "Col ""x""" -- c1;\n/* c2; */ $$ x; 'y $$ from t`;
  const kinds = tokenize(sql).map((t) => [t.kind, t.text]);
  assert.deepEqual(kinds, [
    ['code', 'select '],
    ['string', "'it''s'"],
    ['code', ', '],
    ['string', "'a\\'b'"],
    ['code', ', '],
    ['quoted-identifier', '"Col ""x"""'],
    ['code', ' '],
    ['comment', '-- c1;'],
    ['code', '\n'],
    ['comment', '/* c2; */'],
    ['code', ' '],
    ['dollar-string', "$$ x; 'y $$"],
    ['code', ' from t'],
  ]);
});

test('tokenize: offsets add up and unterminated segments run to the end', () => {
  const sql = "select 'abc";
  const toks = tokenize(sql);
  assert.deepEqual(toks, [
    { kind: 'code', text: 'select ', start: 0 },
    { kind: 'string', text: "'abc", start: 7 },
  ]);
  const big = `a 'b' "c" -- d\n$$e$$ /* f */ g`;
  assert.equal(tokenize(big).map((t) => t.text).join(''), big);
  for (const t of tokenize(big)) assert.equal(big.slice(t.start, t.start + t.text.length), t.text);
});

test('splitStatements ignores ; inside strings, $$ bodies, comments and quoted identifiers', () => {
  const sql = `begin;\n insert into t values ('a;b', $$c;d$$) -- e;f\n;\n select "x;y" from t /* ; */ ; commit ;  `;
  assert.deepEqual(splitStatements(sql), [
    'begin',
    "insert into t values ('a;b', $$c;d$$) -- e;f",
    'select "x;y" from t /* ; */',
    'commit',
  ]);
});

test('splitStatements drops empty and comment-only statements', () => {
  assert.deepEqual(splitStatements(';;  -- nothing\n; select 1;'), ['select 1']);
  assert.deepEqual(splitStatements(''), []);
});

test('translate leaves strings, comments, $$ and quoted identifiers untouched', () => {
  const sql = `select '03:04:05', 'datediff(day', $$iff(1,2,3)$$, "iff" -- dateadd(day, 1, x)\nfrom t /* nvl(a,b) */`;
  assert.equal(translateSnowflakeSql(sql), sql);
});

test("translate turns Snowflake's \\' escape into ''", () => {
  assert.equal(translateSnowflakeSql("select 'it\\'s'"), "select 'it''s'");
});

test('a Snowflake `//` line comment reaches DuckDB as a comment, not as integer division', async () => {
  const sql = 'select 10 // 3 as x\n, 2 as y';
  assert.equal(translateSnowflakeSql(sql), 'select 10 -- 3 as x\n, 2 as y');
  assert.deepEqual(splitStatements('select 1 // a; b\n; select 2'), ['select 1 // a; b', 'select 2']);
  const r = await session().execute(sql);
  assert.deepEqual(r.columns.map((c) => c.name), ['10', 'Y']);
  assert.deepEqual(r.rows, [{ 10: 10, Y: 2 }]);
});
