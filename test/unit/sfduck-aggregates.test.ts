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

test("AVG of a NUMBER is a NUMBER at the division's scale, rounded half away from zero; of a FLOAT a FLOAT (also DISTINCT and as a window)", async () => {
  const r = await session().execute(
    'select avg(i) a, avg(d)::varchar b, avg(-d)::varchar c, avg(w) e, avg(f) g, avg(distinct i) h ' +
      'from (select column1::int i, column2::number(20,12) d, column3::number(30,15) w, column4::float f from values ' +
      '(1, 0.000000000001, 1.000000000000001, 0.5), (2, 0, 2, 0.25), (2, 0, 2, 0.25))',
  );
  // (1 + 2 + 2) / 3 at scale 6; 0.000000000001 / 3 and / 2 below; scale 15 stays 15 (max(s, min(s + 6, 12))).
  assert.deepEqual(r.rows[0], { A: 1.666667, B: '0.000000000000', C: '0.000000000000', E: 1.666666666666667, G: 1 / 3, H: 1.5 });
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,6)', 'VARCHAR', 'VARCHAR', 'DECIMAL(38,15)', 'DOUBLE', 'DECIMAL(38,6)']);
  const tie = await session().execute("select avg(d)::varchar p, avg(-d)::varchar n from (select column1::number(20,12) d from values (0.000000000001), (0))");
  assert.deepEqual(tie.rows[0], { P: '0.000000000001', N: '-0.000000000001' });
  const w = await session().execute('select g, avg(a) over (partition by g) m, avg(a) over (order by a rows between unbounded preceding and current row) r from t order by g, a');
  assert.deepEqual(w.rows.map((x) => [x.G, x.M]), [['x', 1], ['x', 1], ['x', 1], ['y', 2], ['y', 2]]);
  assert.deepEqual(w.columns.map((c) => c.type).slice(1), ['DECIMAL(38,6)', 'DECIMAL(38,6)']);
  const empty = await session().execute('select avg(a) m from t where false');
  assert.deepEqual(empty.rows[0], { M: null });
});

test('An aggregate query without GROUP BY ordered by a column it does not aggregate is a located refusal; other grouping errors stay errors', async () => {
  // Ordered by the column it aggregates (ARRAY_AGG's documented example): its one row (ungrouped-order.ts).
  const r = await session().execute('select array_agg(distinct g) within group (order by g) as gs from t\norder by g');
  assert.deepEqual(r.rows.map((row) => row.GS), [['x', 'y']]);
  await assert.rejects(
    session().execute('select array_agg(distinct g) within group (order by g) from t\norder by a'),
    /ORDER BY a column that is not aggregated in a query that aggregates without GROUP BY \(it returns one row: drop the ORDER BY\) is not supported on the DuckDB target \(line 2, column 10\)/,
  );
  await assert.rejects(session().execute('select g, count(*) from t group by a order by g'), (e: Error) => !/not supported/.test(e.message) && /GROUP BY/.test(e.message));
});

test('ARRAY_UNIQUE_AGG gives the distinct non-NULL values, [] over no rows, also as a window', async () => {
  const r = await session().execute('select g, array_unique_agg(a) u from t group by g order by g');
  assert.deepEqual(r.rows.map((x) => [x.G, [...(x.U as number[])].sort()]), [['x', [1]], ['y', [2]]]);
  const all = await session().execute('select array_unique_agg(b) u from t');
  assert.deepEqual([...(all.rows[0].U as number[])].sort(), [1, 3]);
  const empty = await session().execute('select array_unique_agg(a) u from t where false');
  assert.deepEqual(empty.rows[0], { U: [] });
  const w = await session().execute('select g, array_unique_agg(b) over (partition by g) u from t order by g, b');
  assert.deepEqual(w.rows.map((x) => [x.G, [...(x.U as number[])].sort()]), [['x', [1]], ['x', [1]], ['x', [1]], ['y', [3]], ['y', [3]]]);
});
