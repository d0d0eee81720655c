// What the text cannot show: a VARCHAR that DuckDB would convert to VARIANT by itself (by parsing it as JSON) in a
// UNION, COALESCE, CASE or comparison of columns is refused by name where it is written, before the statement runs;
// the conversions the statement writes (::VARIANT, PARSE_JSON, TYPEOF of text) still run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute(`create table tj (s varchar, j variant); insert into tj select '123', parse_json('{"a": 1}')`);
});

const refused = (sql: string, what: RegExp, line: number, column: number): Promise<void> => assertRefused(session(), sql, what, line, column);

test('UNION branches whose column is VARCHAR in one and VARIANT in another are refused at the VARCHAR', async () => {
  await refused('select s from tj\nunion all\nselect j from tj', /^A UNION\/INTERSECT\/EXCEPT column \(S\) that is VARCHAR in one branch and VARIANT/, 1, 8);
  // A `SELECT *` branch gives no place in the text: the column is named (mattermost's license_overview).
  await refused('with a as (select 1 n, s from tj), b as (select 2 n, j from tj)\nselect * from a union all select * from b', /^A UNION\/INTERSECT\/EXCEPT column \(S\) that is VARCHAR/, 1, 1);
  await refused('with x as (select j from tj except select s from tj) select * from x', /^A UNION\/INTERSECT\/EXCEPT column/, 1, 43);
  await refused('create or replace view vj as\nselect j from tj union select s from tj', /^A UNION\/INTERSECT\/EXCEPT column/, 2, 31);
});

test('COALESCE, CASE and IFF of a VARCHAR column and a VARIANT column, and their comparison, are refused by name', async () => {
  await refused('select coalesce(j, s) from tj', /^COALESCE\/NVL\/IFNULL of a VARCHAR and a VARIANT/, 1, 20);
  await refused('select case when s > \'a\' then s else j end from tj', /^CASE\/IFF\/NVL2\/DECODE returning a VARCHAR or a VARIANT/, 1, 31);
  await refused('select iff(true, j, s) from tj', /^CASE\/IFF\/NVL2\/DECODE/, 1, 21);
  await refused('select * from tj where j = s', /^A VARCHAR compared with a VARIANT/, 1, 28);
});

test('written conversions still run: ::VARIANT, TO_VARIANT, PARSE_JSON, TYPEOF and TO_VARCHAR of text, a UNION of two VARIANTs', async () => {
  assert.deepEqual(
    await firstRow(session(), 'select typeof(coalesce(j, s::variant)), typeof(coalesce(to_variant(s), j)), typeof(parse_json(s)), typeof(s), to_varchar(s) from tj'),
    ['OBJECT', 'VARCHAR', 'INTEGER', 'VARCHAR', '123'],
  );
  assert.deepEqual(await firstRow(session(), 'select typeof(v) from (select s::variant v from tj union all select j from tj) order by 1 desc'), ['VARCHAR']);
});

test('inside a cast to VARCHAR or VARCHAR(n) (planned with the text shims stood in for) the VARCHAR is still found where it is written', async () => {
  await refused('select cast(coalesce(j, s) as varchar(20)) from tj', /^COALESCE\/NVL\/IFNULL of a VARCHAR and a VARIANT/, 1, 25);
  await refused('select coalesce(j, s)::varchar, cast(s as varchar) from tj', /^COALESCE\/NVL\/IFNULL of a VARCHAR and a VARIANT/, 1, 20);
  await refused("select cast(s as varchar) || '-' || cast(j as varchar) a from tj\nunion all select j from tj", /^A UNION\/INTERSECT\/EXCEPT column/, 1, 34);
  assert.deepEqual(await firstRow(session(), "select cast(j as varchar(20)), cast(s as varchar) || 'x' from tj"), ['{"a":1}', '123x']);
});
