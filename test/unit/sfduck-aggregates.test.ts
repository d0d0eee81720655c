import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { TargetConfig } from '../../server/src/core/types';

const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' };
let wh: DuckDbWarehouse;
let s: DuckDbSession;
before(async () => {
  wh = await createDuckDbWarehouse(target);
  s = await wh.openSession();
  await s.execute("create table t (g varchar, a int, b int)");
  await s.execute("insert into t values ('x', 1, 1), ('x', 1, 1), ('x', 1, null), ('y', 2, 3), ('y', null, 3)");
});
after(async () => wh.close());

test('COUNT of several columns counts rows (distinct combinations) with no NULL among them, also as a window', async () => {
  const r = await s.execute('select count(a, b) n, count(distinct a, b) d, count(distinct a) da from t');
  assert.deepEqual(r.rows[0], { n: 3, d: 2, da: 2 });
  const w = await s.execute('select g, count(a, b) over (partition by g) n from t order by g limit 1');
  assert.deepEqual(w.rows[0], { g: 'x', n: 2 });
});

test('LISTAGG … WITHIN GROUP … OVER (PARTITION BY …) orders each partition; with ORDER BY in OVER it is refused', async () => {
  const r = await s.execute("select a, b, listagg(g || a, ',') within group (order by a desc) over (partition by b) l from t where a is not null order by a, b");
  assert.deepEqual(r.rows.map((x) => x.l), ['x1,x1', 'x1,x1', 'x1', 'y2']);
  await assert.rejects(
    s.execute("select listagg(g, ',') within group (order by g) over (partition by b order by a) from t"),
    /LISTAGG with both WITHIN GROUP and an OVER \(… ORDER BY …\) is not supported on the DuckDB target/,
  );
});
