// Table names on the DuckDB target follow Snowflake's case rules: an unquoted name is its upper-case form, a quoted one
// exactly itself; a reference Snowflake would not resolve fails with Snowflake's error where DuckDB (case-insensitive)
// would have found a differently-cased table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { tableReferences } from '../../server/src/core/sql/snowflake-on-duckdb/name-case';

const session = memorySession(async (s) => {
  await s.execute('create schema other');
  await s.execute('create table Two (j int)');
  await s.execute('insert into two values (7)');
  await s.execute('create table "One" (i int)');
  await s.execute('insert into "One" values (1)');
  await s.execute('create table "lower_q" (k int)');
  await s.execute('create table other."Mixed" (m int)');
});

test('references as Snowflake resolves them: unquoted names fold to upper case, quoted ones keep theirs', async () => {
  const s = session();
  assert.deepEqual((await s.execute('select j from TWO join "TWO" t using (j)')).rows, [{ J: 7 }]);
  assert.deepEqual((await s.execute('select i from "One"')).rows, [{ I: 1 }]);
  // A table created quoted in lower case is found by that spelling only (sfduck-quoted-names.test.ts).
  await s.execute('select * from "lower_q"');
  await assert.rejects(s.execute('select * from lower_q'), /Object 'LOWER_Q' does not exist or not authorized\. \(line 1, column 15\)/);
  await assert.rejects(s.execute('select *\nfrom "Two"'), /^WarehouseError: SQL compilation error: Object '"Two"' does not exist or not authorized\. \(line 2, column 6\)$/);
  await assert.rejects(s.execute('select * from one'), /Object 'ONE' does not exist or not authorized\. \(line 1, column 15\)/);
  await assert.rejects(s.execute('select * from "ONE"'), /Object 'ONE' does not exist/);
  await assert.rejects(s.execute('insert into one values (2)'), /Object 'ONE' does not exist/);
  await assert.rejects(s.execute('drop table one'), /Object 'ONE' does not exist/);
  assert.deepEqual((await s.execute('select count(*) n from "One"')).rows, [{ N: 1 }], 'the refused DROP dropped nothing');
});

test('a quoted all-lower-case name is not the unquoted one: "two" does not find TWO, in any statement', async () => {
  const s = session();
  const missing = (at: number): RegExp => new RegExp(`^WarehouseError: SQL compilation error: Object '(MEMORY\\.MAIN\\.)?"two"' does not exist or not authorized\\. \\(line 1, column ${at}\\)$`);
  await assert.rejects(s.execute('select * from "two"'), missing(15));
  await assert.rejects(s.execute('select * from memory.main."two"'), missing(15));
  await assert.rejects(s.execute('select * from "lower_q" join "two" using (j)'), missing(30));
  await assert.rejects(s.execute('insert into "two" values (8)'), missing(13));
  await assert.rejects(s.execute('delete from "two"'), missing(13));
  await assert.rejects(s.execute('update "two" set j = 0'), missing(8));
  await assert.rejects(s.execute('merge into "two" t using (select 1 j) s on t.j = s.j when matched then delete'), missing(12));
  await assert.rejects(s.execute('merge into two t using "two" s on t.j = s.j when matched then delete'), missing(24));
  await assert.rejects(s.execute('create view v as select * from "two"'), missing(32));
  await assert.rejects(s.execute('create table c as select * from "two"'), missing(33));
  await assert.rejects(s.execute('drop table "two"'), missing(12));
  assert.deepEqual((await s.execute('select j from two')).rows, [{ J: 7 }], 'nothing was changed or dropped');
  // On Snowflake "two" would be a second table beside TWO; DuckDB cannot hold both.
  await assert.rejects(s.execute('create table "two" (x int)'), /Two tables or views whose names differ only in case \(TWO and "two"\) is not supported on the DuckDB target \(line 1, column 14\)/);
  await assert.rejects(s.execute('create or replace table "two" (x int)'), /differ only in case \(TWO and "two"\)/);
});

test('names are looked up in the schema they name (or the session\'s), and CTE names are not tables', async () => {
  const s = session();
  await s.execute('select * from other."Mixed"');
  await assert.rejects(s.execute('select * from other.mixed'), /Object 'OTHER.MIXED' does not exist/);
  // `mixed` in the current schema (main) is no table at all: DuckDB's own error, not a case mismatch.
  await assert.rejects(s.execute('select * from mixed'), (e: Error) => !/SQL compilation error/.test(e.message));
  assert.deepEqual((await s.execute('with one as (select 5 x) select x from one')).rows, [{ X: 5 }]);
  // A FROM inside a function call names no table: a column `one` beside the table "One".
  assert.deepEqual((await s.execute("select extract(year from one) y, trim(both ' ' from 'a ') t from (select date '2024-01-02' one)")).rows, [{ Y: 2024, T: 'a' }]);
});

test('a new table whose name differs only in case from an existing one is refused by name (DuckDB cannot hold both)', async () => {
  const s = session();
  await assert.rejects(s.execute('create table ONE (x int)'), /Two tables or views whose names differ only in case \("One" and ONE\) is not supported on the DuckDB target \(line 1, column 14\)/);
  await assert.rejects(s.execute('create or replace table "tWo" (x int)'), /differ only in case \(TWO and "tWo"\)/);
  // The same object again: replaced, as Snowflake does.
  await s.execute('create or replace table "One" (i int)');
  await s.execute('create or replace table TWO (j int)');
  // An unquoted CREATE OR REPLACE over a mixed-case name (a table an earlier Bronze stored as written) replaces it.
  await s.execute('create table "Legacy" (a int)', { native: true });
  // One this Bronze created quoted is Snowflake's "Quoted", beside which Snowflake would create QUOTED: refused.
  await s.execute('create table "Quoted" (a int)');
  await assert.rejects(s.execute('create or replace table Quoted (b int)'), /differ only in case \("Quoted" and QUOTED\)/);
  await s.execute('create or replace table Legacy (b int)');
  assert.deepEqual((await s.execute('select * from legacy')).columns.map((c) => c.name), ['B']);
});

test('the table references of a statement: what it creates and reads, quoted or not', () => {
  const refs = tableReferences('create or replace transient table DB.S.MyModel as (select * from a.b.Src s, "X" join y using (k) join table(f()) t)');
  assert.deepEqual(
    refs.map((r) => [r.parts.map((p) => (p.quoted ? `"${p.text}"` : p.text)).join('.'), r.creates]),
    [['DB.S.MyModel', true], ['a.b.Src', false], ['"X"', false], ['y', false]],
  );
  const names = (sql: string): string[] => tableReferences(sql).map((r) => r.parts.map((p) => p.text).join('.'));
  // Subqueries and table functions in a FROM list are stepped over; a FROM inside a function call names no table.
  assert.deepEqual(names('select extract(year from c) from (select 1 c from t1) x, lateral flatten(input => v) f, t2 join t3 on true'), ['t2', 't1', 't3']);
  assert.deepEqual(names('update t4 set a = 1 from t5'), ['t4', 't5']);
  assert.deepEqual(names('delete from t6 using t7'), ['t6', 't7']);
});
