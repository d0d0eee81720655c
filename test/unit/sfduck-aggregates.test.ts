import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute("create table t (g varchar, a int, b int)");
  await s.execute("insert into t values ('x', 1, 1), ('x', 1, 1), ('x', 1, null), ('y', 2, 3), ('y', null, 3)");
});

test('COUNT of several columns counts rows (distinct combinations) with no NULL among them, also as a window', async () => {
  const r = await session().execute('select count(a, b) n, count(distinct a, b) d, count(distinct a) da from t');
  assert.deepEqual(r.rows[0], { N: 3, D: 2, DA: 2 });
  const w = await session().execute('select g, count(a, b) over (partition by g) n from t order by g limit 1');
  assert.deepEqual(w.rows[0], { G: 'x', N: 2 });
});

test('LISTAGG … WITHIN GROUP … OVER (PARTITION BY …) orders each partition; with ORDER BY in OVER it is refused', async () => {
  const r = await session().execute("select a, b, listagg(g || a, ',') within group (order by a desc) over (partition by b) l from t where a is not null order by a, b");
  assert.deepEqual(r.rows.map((x) => x.L), ['x1,x1', 'x1,x1', 'x1', 'y2']);
  await assert.rejects(
    session().execute("select listagg(g, ',') within group (order by g) over (partition by b order by a) from t"),
    /LISTAGG with both WITHIN GROUP and an OVER \(… ORDER BY …\) is not supported on the DuckDB target/,
  );
});

test('SUM and AVG of VARCHAR read the text as FLOAT (also DISTINCT and as a window); of a VARIANT they are refused', async () => {
  const r = await session().execute("select sum(v) a, avg(v) b, sum(distinct v) c, sum(a) d from (select column1 v, column2 a from values ('1.5', 1), ('1.5', 2), ('10', 3))");
  assert.deepEqual(r.rows[0], { A: 13, B: 13 / 3, C: 11.5, D: 6 });
  assert.deepEqual(r.columns.slice(0, 3).map((c) => c.type), ['DOUBLE', 'DOUBLE', 'DOUBLE']);
  const w = await session().execute("select sum(v) over () a from (select column1 v from values ('1'), ('2'))");
  assert.deepEqual(w.rows.map((x) => x.A), [3, 3]);
  await assert.rejects(session().execute("select sum(parse_json('{\"a\": 1}'):a) from t"), /SUM of a VARIANT value without a cast \(cast it first, e\.g\. v::NUMBER\) is not supported on the DuckDB target \(line 1, column 8\)/);
});
