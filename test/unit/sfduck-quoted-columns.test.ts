// A column the DuckDB target creates from a quoted lower-case name (`create table t ("a" int)`) is recorded, so the
// unquoted `a` (Snowflake's A) does not find it, as on Snowflake; DuckDB's case-insensitive lookup returned its rows.
// A column of that name created unquoted, or by another tool, still lets the unquoted name through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { unquotedColumnReferences } from '../../server/src/core/sql/snowflake-on-duckdb/column-case';

const session = memorySession();

const invalid = (shown: string, line: number, column: number): RegExp =>
  new RegExp(`^WarehouseError: SQL compilation error: invalid identifier '${shown.replace(/[.*"]/g, '\\$&')}' \\(line ${line}, column ${column}\\)$`);

test('the unquoted name does not find a column created quoted lower-case; the quoted one does', async () => {
  const s = session();
  await s.execute('create table t ("a" int, b int)');
  await s.execute('insert into t values (1, 2)');
  assert.deepEqual((await s.execute('select "a", b from t')).rows, [{ a: 1, B: 2 }]);
  await assert.rejects(s.execute('select a from t'), invalid('A', 1, 8));
  await assert.rejects(s.execute('select b,\n  t.a from t'), invalid('T.A', 2, 3));
  await assert.rejects(s.execute('select b from t where a = 1'), invalid('A', 1, 23));
  await assert.rejects(s.execute('update t set a = 0'), invalid('A', 1, 14));
  await assert.rejects(s.execute('with c as (select "a" from t) select a from c'), invalid('A', 1, 38));
  assert.deepEqual((await s.execute('select "a" from t')).rows, [{ a: 1 }], 'the refused UPDATE changed nothing');
  // Names the statement defines itself.
  assert.deepEqual((await s.execute('select a from (select 5 as a)')).rows, [{ A: 5 }]);
  assert.deepEqual((await s.execute('select "a" as a from t order by a')).rows, [{ A: 1 }]);
  assert.deepEqual((await s.execute('select x.a from (select "a" a from t) x')).rows, [{ A: 1 }]);
});

test('ALTER TABLE ADD and RENAME COLUMN and CTAS record, RENAME TO keeps; REPLACE and DROP forget', async () => {
  const s = session();
  await s.execute('create table u (id int)');
  await s.execute('alter table u add column "c" int');
  await assert.rejects(s.execute('select c from u'), invalid('C', 1, 8));
  await s.execute('alter table u rename column "c" to "d"');
  await assert.rejects(s.execute('select d from u'), invalid('D', 1, 8));
  await s.execute('create table v as select "d" from u');
  await assert.rejects(s.execute('select d from v'), invalid('D', 1, 8));
  await s.execute('alter table v rename to v2');
  await assert.rejects(s.execute('select d from v2'), invalid('D', 1, 8));
  await s.execute('alter table v2 rename to v');
  await s.execute('create or replace table v (d int)');
  await s.execute('drop table u');
  assert.deepEqual((await s.execute('select d from v')).rows, []);
});

test('a column of that name created unquoted or by another tool lets the unquoted name through', async () => {
  const s = session();
  await s.execute('create table q ("e" int)');
  await s.execute('create table raw (e int)', { native: true });
  await s.execute('insert into raw values (3)', { native: true });
  assert.deepEqual((await s.execute('select e from raw')).rows, [{ e: 3 }]);
  assert.deepEqual((await s.execute('select raw.e from raw join q on true')).rows, []);
  // Another table's column of that name does not make it resolve in q.
  await assert.rejects(s.execute('select e from q'), invalid('E', 1, 8));
});

test('the record is Bronze\'s own: SHOW TABLES and INFORMATION_SCHEMA list only the user\'s tables', async () => {
  const s = session();
  await s.execute('create table w ("g" int)');
  const shown = (await s.execute('show tables')).rows.map((r) => String(r.name));
  assert.ok(shown.includes('W') && !shown.some((n) => n.startsWith('bz_')), shown.join());
  const listed = (await s.execute("select table_name from information_schema.tables where table_name ilike 'bz%'")).rows;
  assert.deepEqual(listed, []);
});

test('a DuckDB-native statement neither records nor is checked', async () => {
  const s = session();
  await s.execute('create table n ("f" int)', { native: true });
  assert.deepEqual((await s.execute('select f from n')).rows, []);
});

test('candidates: unquoted names in column positions, not tables, functions, aliases or definitions', () => {
  const names = (sql: string): string[] => unquotedColumnReferences(sql, (n) => n === 'A').map((r) => r.shown);
  assert.deepEqual(names('select a, t.a from t'), ['A', 'T.A']);
  assert.deepEqual(names('select 1 from a join b on a.x = b.x'), []);
  assert.deepEqual(names('select a(1) from t'), []);
  assert.deepEqual(names('select x a from t order by a'), []);
  assert.deepEqual(names('create table t2 (a int)'), []);
  assert.deepEqual(names('with a as (select 1) select 1 from a'), []);
  assert.deepEqual(names('select v:a from t'), []);
  assert.deepEqual(names('select * from read_parquet(\'f\') where a = 1'), []);
});
