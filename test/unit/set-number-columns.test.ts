// A UNION/INTERSECT/EXCEPT column VARCHAR in one branch and NUMBER in another: Snowflake converts the text to NUMBER
// (https://docs.snowflake.com/en/sql-reference/operators-query, "Use the UNION operator and cast mismatched data
// types": 'Adams, Douglas' beside an INTEGER fails with "Numeric value 'Adams, Douglas' is not recognized"). DuckDB
// made the column VARCHAR; Bronze refused it by name (ammodepot's f_sales, willibald_datavault's pre_stg_error_webshop).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute(
    `create table tn (v varchar, i int, d number(10, 2), f float, dt date); insert into tn values ('5', 7, 1.25, 0.5, '2024-01-02'), (null, 8, 2.5, 1.5, '2024-01-03')`,
  );
});

test('a UNION column VARCHAR in one branch and NUMBER in another is a NUMBER: the text converted', async () => {
  const s = session();
  const r = await s.execute('select v from tn\nunion all select i from tn order by 1');
  assert.deepEqual(r.rows.map((x) => x.V), [5, 7, 8, null]);
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,0)']);
  // The number branch first; its scale kept (text with that many places, or fewer).
  const d = await s.execute("select d from tn union all select '3.5' order by 1");
  assert.deepEqual([d.rows.map((x) => String(x.D)), d.columns.map((c) => c.type)], [['1.25', '2.5', '3.5'], ['DECIMAL(10,2)']]);
  // INTERSECT/EXCEPT compare the converted values; a literal branch; blanks and an exponent read as Snowflake reads them.
  assert.deepEqual((await s.execute("select i from tn intersect select ' 7 ' order by 1")).rows.map((x) => x.I), [7]);
  assert.deepEqual((await s.execute("select i from tn except select '0.8e1' order by 1")).rows.map((x) => x.I), [7]);
  // `SELECT *` branches: the text column converted by REPLACE.
  const star = await s.execute('with a as (select 1 n, v from tn), b as (select 2 n, i as v from tn)\nselect * from a union all select * from b order by n, v');
  assert.deepEqual(star.rows.map((x) => x.V), [5, null, 7, 8]);
});

test("text that is no number fails with Snowflake's message, located at the text branch's item", async () => {
  const s = session();
  await s.execute("insert into tn values ('Adams, Douglas', 42, 0, 0, null)");
  await assert.rejects(s.execute('select i from tn\nunion select v from tn'), (e: Error) => {
    assert.match(e.message, /Numeric value 'Adams, Douglas' is not recognized/);
    assert.match(e.message, /line 2/i);
    return true;
  });
});

test('text the number branch type cannot hold exactly, and a FLOAT, DATE or BOOLEAN beside text, are refused by name', async () => {
  const s = session();
  await assertRefused(s, "select i from tn union all select '1.5' from tn", /VARCHAR in one branch and NUMBER in another, converting the text '1.5' to NUMBER\(38,0\)/, 1, 35);
  await assertRefused(s, 'select v from tn union all select f from tn', /VARCHAR in one branch and FLOAT in another/, 1, 35);
  await assertRefused(s, 'select dt from tn except select v from tn', /and DATE in another/, 1, 8);
});
