// Quoted column names on the DuckDB target follow Snowflake's rule: `"x"` finds only a column stored as x. DuckDB
// resolves column names case-insensitively even when quoted, so without the guard `select "x" from (select 1 as x)`
// returned 1 where Snowflake fails with invalid identifier '"x"'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { quotedColumnReferences } from '../../server/src/core/sql/snowflake-on-duckdb/column-case';

const session = memorySession(async (s) => {
  await s.execute('create table t (a int, "b" int, "Mixed" int)');
  await s.execute('insert into t values (1, 2, 3)');
  // As another tool writes it: a lower-case column, readable by its own spelling.
  await s.execute('create table raw_users (id int, name varchar)', { native: true });
  await s.execute('insert into raw_users values (7, \'ann\')', { native: true });
});

const invalid = (shown: string, line: number, column: number): RegExp =>
  new RegExp(`^WarehouseError: SQL compilation error: invalid identifier '${shown.replace(/[.*"]/g, '\\$&')}' \\(line ${line}, column ${column}\\)$`);

test('a quoted lower-case name does not find the column its upper-case form names', async () => {
  const s = session();
  await assert.rejects(s.execute('select "x" from (select 1 as x)'), invalid('"x"', 1, 8));
  await assert.rejects(s.execute('select a,\n  "a" from t'), invalid('"a"', 2, 3));
  await assert.rejects(s.execute('select t."a" from t'), invalid('T."a"', 1, 8));
  await assert.rejects(s.execute('select a from t where "a" = 1'), invalid('"a"', 1, 23));
  await assert.rejects(s.execute('select "mixed" from t'), invalid('"mixed"', 1, 8));
  // Its own alias does not define the name it reads (generated SQL quotes both).
  await assert.rejects(s.execute('select "a" as "a" from t'), invalid('"a"', 1, 8));
  await assert.rejects(s.execute('select t."a" "a" from t'), invalid('T."a"', 1, 8));
  await assert.rejects(s.execute('update t set "a" = 0'), invalid('"a"', 1, 14));
  assert.deepEqual((await s.execute('select a from t')).rows, [{ A: 1 }], 'the refused UPDATE changed nothing');
});

test('names stored with that exact spelling resolve: defined by the statement or held by a table', async () => {
  const s = session();
  assert.deepEqual((await s.execute('select "X" from (select 1 as x)')).rows, [{ X: 1 }]);
  assert.deepEqual((await s.execute('select "x" from (select 1 as "x")')).rows, [{ x: 1 }]);
  assert.deepEqual((await s.execute('select "x" from (select 1 "x")')).rows, [{ x: 1 }]);
  assert.deepEqual((await s.execute('select "x" as "x" from (select 1 as "x")')).rows, [{ x: 1 }]);
  assert.deepEqual((await s.execute('select "b" as "b" from t')).rows, [{ b: 2 }]);
  assert.deepEqual((await s.execute('with c ("x") as (select 1) select "x" from c')).rows, [{ x: 1 }]);
  assert.deepEqual((await s.execute('select "x" from (select 1) as s ("x")')).rows, [{ x: 1 }]);
  assert.deepEqual((await s.execute('select "b", "Mixed", t."b" as "c" from t')).rows, [{ b: 2, Mixed: 3, c: 2 }]);
  assert.deepEqual((await s.execute('select "id", "name" from raw_users')).rows, [{ id: 7, name: 'ann' }]);
  assert.deepEqual((await s.execute('select parse_json(\'{"k": 1}\'):"k"::int as v')).rows, [{ V: 1 }]);
  assert.deepEqual((await s.execute('select "k" from (select 1 as "k") where "k" = 1')).rows, [{ k: 1 }]);
});

test('a column created quoted in lower case resolves by that spelling, and the check sees columns created later', async () => {
  const s = session();
  await s.execute('create table q ("c" int)');
  await s.execute('insert into q ("c") values (4)');
  assert.deepEqual((await s.execute('select "c" from q')).rows, [{ c: 4 }]);
  await assert.rejects(s.execute('select "d" from q'), invalid('"d"', 1, 8));
  await s.execute('alter table q add column "d" int');
  assert.deepEqual((await s.execute('select "d" from q')).rows, [{ d: null }]);
  // Added by another tool, unseen by the cached names: looked up afresh before refusing.
  await s.execute('alter table q add column e int', { native: true });
  assert.deepEqual((await s.execute('select "e" from q')).rows, [{ e: null }]);
});

test('quoted names outside column positions are not column references', () => {
  const refs = (sql: string): string[] => quotedColumnReferences(sql).map((r) => r.shown);
  assert.deepEqual(refs('select "x", t."y", "z"::int from "tab" t'), ['"x"', 'T."y"', '"z"']);
  assert.deepEqual(refs('select v:"k", v:a."b", v:a[0]."c", v["d"], "f"(1), \'"s"\' from "tab" as "t" where "t".a = 1'), []);
  assert.deepEqual(refs('create table "tab" ("a" int, "b" varchar)'), []);
  assert.deepEqual(refs('create view v ("a") as select 1'), []);
  assert.deepEqual(refs('select 1 as "a", "a" + 1'), []);
  assert.deepEqual(refs('select filter(arr, "v" -> "v" > 1) from t'), []);
  assert.deepEqual(refs('insert into t ("a") select 1'), ['"a"']);
  // Statements whose columns the catalog cannot tell: left to DuckDB.
  assert.deepEqual(refs('select "x" from table(result_scan(last_query_id()))'), []);
  assert.deepEqual(refs('select "x" from t pivot (sum(v) for k in (\'a\'))'), []);
  assert.deepEqual(refs('select "x" from table(my_udtf(1))'), []);
  assert.deepEqual(refs('select "table_name" from duckdb_tables()'), []);
  assert.deepEqual(refs('select "x" from t, lateral flatten(input => t.v) f'), ['"x"']);
  assert.deepEqual(refs('select "x" from table(flatten(input => parse_json(\'[1]\')))'), ['"x"']);
  assert.deepEqual(refs('alter table t rename column "a" to "b"'), []);
});
