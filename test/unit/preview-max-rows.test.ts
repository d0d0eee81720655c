// The preview row cap (`ExecuteOptions.maxRows`) stops fetching without rewriting the query: ORDER BY and
// LIMIT keep their meaning, and `truncated` says whether rows were left unread.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { WarehouseSession } from '../../client/src/warehouse/warehouse';

describe('maxRows on DuckDB', () => {
  let wh: DuckDbWarehouse;
  let s: WarehouseSession;
  before(async () => {
    wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, path: ':memory:', database: 'memory', schema: 'main' });
    s = await wh.openSession();
    await s.execute('create table t as select range as id from range(10000)');
  });
  after(() => wh.close());

  test('stops at the cap and says more rows exist', async () => {
    const r = await s.execute('select id from t order by id desc', { maxRows: 5 });
    assert.deepEqual(r.rows.map((x) => Number(x.ID)), [9999, 9998, 9997, 9996, 9995]);
    assert.equal(r.truncated, true);
  });

  test("the query's own LIMIT is kept (a cap above it is not truncation)", async () => {
    const r = await s.execute('select id from t order by id limit 3', { maxRows: 5 });
    assert.deepEqual(r.rows.map((x) => Number(x.ID)), [0, 1, 2]);
    assert.equal(r.truncated, false);
  });

  test('exactly the cap rows is not truncated; a cap of 0 reads nothing but knows rows exist', async () => {
    const r = await s.execute('select id from t where id < 7', { maxRows: 7 });
    assert.equal(r.rows.length, 7);
    assert.equal(r.truncated, false);
    const z = await s.execute('select id from t', { maxRows: 0 });
    assert.equal(z.rows.length, 0);
    assert.equal(z.truncated, true);
    assert.deepEqual(z.columns.map((c) => c.name), ['ID']);
  });

  test('a capped query leaves the session usable and does not change uncapped results', async () => {
    await s.execute('select id from t', { maxRows: 1 });
    const r = await s.execute('select count(*) as n from t');
    assert.equal(Number(r.rows[0].N), 10000);
  });
});
