// The twin's plan checks (implicit casts, set-operation columns, bare context words, external-table stars) read DuckDB's
// plan of the statement. A translated CREATE may carry statements run after it — a view's column-count check, the
// COMMENT ONs of persisted docs (`create view v ("C" COMMENT $$…$$) as …`, dbt-snowflake's persist_docs form,
// `COMMENT = '…'`) — and DuckDB plans no text of several statements: every check passed such a statement unread.
// willibald_datavault's pre_stg_error_webshop (a UNION of a VARCHAR and a NUMBER ROW_NUMBER, and of a VARIANT and a
// VARCHAR RAW_DATA, in a view with persisted column comments) was created unconverted: its readers got a raw
// "Malformed JSON" error or text where Snowflake gives a NUMBER.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { plannedQuery } from '../../client/src/warehouse/snowflake-on-duckdb/variant-implicit-cast';

const session = memorySession(async (s) => {
  await s.execute(
    `create table tn (v varchar, i int, j variant, w varchar, ok boolean); insert into tn select '5', 7, parse_json('{"a":1}'), 'x', false`,
  );
});

test('plannedQuery: the view query past its head, the first statement only', () => {
  const sql = 'CREATE OR REPLACE VIEW V ("A") AS (SELECT 1 AS A); SELECT CASE WHEN 1 <> 1 THEN error(\'x;y\') END';
  const { query, shift } = plannedQuery(sql);
  assert.equal(query, ' (SELECT 1 AS A)');
  assert.equal(sql.slice(shift, shift + query.length), query);
  assert.deepEqual(plannedQuery("select 'a;b' as s"), { query: "select 'a;b' as s", shift: 0 });
  assert.deepEqual(plannedQuery('select 1'), { query: 'select 1', shift: 0 });
});

test('a view with a column list converts a UNION column VARCHAR beside NUMBER to NUMBER, as Snowflake does', async () => {
  const s = session();
  await s.execute('create or replace view vn ("RN", "RAW") as (select i as rn, w as raw from tn\nunion all select v, w from tn)');
  const r = await s.execute('select * from vn order by 1');
  assert.deepEqual(r.rows.map((x) => x.RN), [5, 7]);
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,0)', 'VARCHAR']);
});

test("dbt-snowflake's persisted column comments: a UNION of VARIANT and VARCHAR, and of VARCHAR and NUMBER, on the view's first creation", async () => {
  const s = session();
  await s.execute(
    'create or replace view vc\n(\n  \n    "RN" COMMENT $$the row$$, \n  \n    "RAW" COMMENT $$$$\n  \n)\nas (\n    select i as rn, w as raw from tn\nUNION all select v, j from tn\n  );',
  );
  const r = await s.execute('select * from vc order by 1');
  assert.deepEqual(r.rows.map((x) => [x.RN, x.RAW]), [[5, '{"a":1}'], [7, 'x']]);
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,0)', 'VARCHAR']);
});

test('a refusal the plan finds is raised for a view with a column list, with column comments, and a table with COMMENT =', async () => {
  const s = session();
  const boolText = /CASE\/IFF\/DECODE returning a string literal beside a BOOLEAN/;
  for (const sql of [
    "create or replace view r1 (g) as select case when ok then 'No' else ok end from tn",
    'create or replace view r2 ("G" COMMENT $$g$$) as select case when ok then \'No\' else ok end from tn',
    "create or replace table r3 comment = 'x' as select case when ok then 'No' else ok end g from tn",
  ])
    await assertRefused(s, sql, boolText, 1, sql.indexOf("'No'") + 1);
  // Nothing was created by the refused statements.
  const left = await s.execute("select count(*) as n from information_schema.tables where table_name in ('R1', 'R2', 'R3')");
  assert.equal(Number(left.rows[0].N), 0);
});
