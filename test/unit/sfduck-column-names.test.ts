// A select item without an alias is named as Snowflake names it — its text as written, upper case — on the DuckDB
// target, not by DuckDB's rendering of the translated expression (BZ_TO_DATE(…), CAST(… AS "DATE"), (1 + 1)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql, translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { TargetConfig } from '../../server/src/core/types';

const named = (sql: string): string => translateWithMap(sql, {}, { columnNames: true }).sql;

test('an unaliased expression item gets its written text, upper case, as its alias', () => {
  assert.equal(named("select to_date('2024-05-10'), 1+1 from t"), `select bz_to_date('2024-05-10') AS "TO_DATE('2024-05-10')", 1+1 AS "1+1" from t`);
  // A `"` in the text is doubled inside the alias; a comment after the item is not part of it.
  assert.equal(named(`select "a" || 'x' /* c */ from t`), `select "a" || 'x' AS """A"" || 'X'" /* c */ from t`);
  // Items after TOP and DISTINCT, the literals TRUE / NULL, a scalar subquery and the items inside it.
  assert.equal(named('select top 2 true, null from t'), 'select true AS "TRUE", null AS "NULL" from t LIMIT 2');
  assert.equal(named('select distinct (select max(a) from u) from t'), 'select distinct (select max(a) AS "MAX(A)" from u) AS "(SELECT MAX(A) FROM U)" from t');
});

test('columns, stars and aliased items keep their names', () => {
  for (const sql of [
    'select a, t.b, (c), "d", db.s.t.e from t',
    'select *, t.* exclude (a) from t',
    'select count(*) as n, upper(x) "u", 1 x, a::int b, f(a) g from t',
  ]) {
    assert.equal(named(sql), translateSnowflakeSql(sql));
  }
});

test('an expression is named whole: IS DISTINCT FROM, WITHIN GROUP, OVER a named window, CASE … END', () => {
  assert.equal(named('select a is distinct from b from t'), 'select a is distinct from b AS "A IS DISTINCT FROM B" from t');
  assert.match(named("select listagg(a, ',') within group (order by a) from t"), / AS "LISTAGG\(A, ','\) WITHIN GROUP \(ORDER BY A\)" from t$/);
  assert.equal(named('select sum(a) over w from t window w as (order by a)'), 'select sum(bz_number_arg(a)) over w AS "SUM(A) OVER W" from t window w as (order by a)');
  assert.match(named('select case when a then 1 end from t'), / AS "CASE WHEN A THEN 1 END" from t$/);
});

test('every select list is named (CTEs, UNION branches, CREATE TABLE … AS), GRANT SELECT is none, and a second pass changes nothing', () => {
  assert.equal(named('with c as (select 2*a from t) select * from c union all select -1'), 'with c as (select 2*a AS "2*A" from t) select * from c union all select -1 AS "-1"');
  assert.equal(named('create table x as select lower(a) from t'), 'create table x as select lower(a) AS "LOWER(A)" from t');
  assert.equal(named('grant select on table t to role r'), translateSnowflakeSql('grant select on table t to role r'));
  const once = named("select to_date('2024-05-10'), v:a::string from t");
  assert.equal(named(once), once);
  // Without the option the translation stays text for another to embed (a SQL UDF's body): no aliases.
  assert.equal(translateSnowflakeSql('select 1+1'), 'select 1+1');
});

const target: TargetConfig = { name: 'local', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main' };

test('on the DuckDB target results, views and created tables carry Snowflake’s names', async () => {
  const warehouse = await createDuckDbWarehouse(target);
  try {
    const s = await warehouse.openSession();
    // Two items DuckDB would both call BZ_TO_DATE('2024-05-10') keep two columns.
    const r = await s.execute("select to_date('2024-05-10'), date('2024-05-10'), '2022-04-01'::date, cast('2022-04-01' as date), concat('George Washington ', 'Carver'), 1+1, true");
    assert.deepEqual(
      r.columns.map((c) => c.name),
      ["TO_DATE('2024-05-10')", "DATE('2024-05-10')", "'2022-04-01'::DATE", "CAST('2022-04-01' AS DATE)", "CONCAT('GEORGE WASHINGTON ', 'CARVER')", '1+1', 'TRUE'],
    );
    assert.equal(Object.keys(r.rows[0]).length, 7);
    // An outer star shows the inner query's names.
    assert.deepEqual((await s.execute("select * from (select upper('a'), 'b' as b)")).columns.map((c) => c.name), ["UPPER('A')", 'B']);
    await s.execute('create table src (s1 varchar, s2 varchar)');
    await s.execute("insert into src values ('co', 'd')");
    await s.execute('create view v as select concat(s1, s2), s1 from src');
    assert.deepEqual((await s.describe({ database: '', schema: 'main', identifier: 'v' })).map((c) => c.name), ['CONCAT(S1, S2)', 'S1']);
  } finally {
    await warehouse.close();
  }
});
