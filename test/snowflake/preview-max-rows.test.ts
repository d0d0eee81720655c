// The preview row cap through the real snowflake-sdk: the driver's row stream is read up to `maxRows` and then
// destroyed; the query text is sent as written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSnowflakeWarehouse } from '../../client/src/warehouse/snowflake';
import type { Warehouse, WarehouseSession } from '../../client/src/warehouse/warehouse';
import type { Emulator } from '../snowflake-emulator/server';
import { emulator, target } from './helpers';

describe('snowflake maxRows', () => {
  let emu: Emulator;
  let wh: Warehouse;
  let s: WarehouseSession;
  before(async () => {
    emu = await emulator();
    wh = createSnowflakeWarehouse(target(emu));
    s = await wh.openSession();
  });
  after(async () => {
    await wh.close();
    await emu.close();
  });

  it('stops at the cap, keeps the order and reports the query id', async () => {
    const r = await s.execute('select seq4() as id from table(generator(rowcount => 5000)) order by id desc', { maxRows: 3 });
    assert.deepEqual(r.rows.map((x) => Number(x.ID)), [4999, 4998, 4997]);
    assert.equal(r.truncated, true);
    assert.ok(r.queryId);
    assert.deepEqual(r.columns.map((c) => c.name), ['ID']);
  });

  it("keeps the query's LIMIT and is not truncated below the cap", async () => {
    const r = await s.execute('select seq4() as id from table(generator(rowcount => 5000)) order by id limit 2', { maxRows: 10 });
    assert.deepEqual(r.rows.map((x) => Number(x.ID)), [0, 1]);
    assert.equal(r.truncated, false);
  });

  it('the session stays usable after a stream is destroyed', async () => {
    await s.execute('select seq4() as id from table(generator(rowcount => 5000))', { maxRows: 1 });
    const r = await s.execute('select 1 as one');
    assert.equal(Number(r.rows[0].ONE), 1);
  });
});
