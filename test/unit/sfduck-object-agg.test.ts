// OBJECT_AGG on the DuckDB target (variant.ts): what its page documents runs; what it leaves open is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table atts (tx varchar, k varchar, v varchar)');
  await s.execute("insert into atts values ('t1', 'module', 'evm'), ('t1', 'chain', 'axelar'), ('t2', 'module', null), ('t3', 'module', 'nexus')");
});

test('OBJECT_AGG(k, v::variant) per group, read by paths (axelar silver__link_events)', async () => {
  const r = await session().execute("select tx, object_agg(k, v :: variant) as j, j:module::string as module from atts where tx <> 't2' group by tx order by tx");
  assert.deepEqual(r.rows.map((x) => [x.TX, x.MODULE]), [['t1', 'evm'], ['t3', 'nexus']]);
  assert.deepEqual(r.rows[0].J, { module: 'evm', chain: 'axelar' });
});

test('OBJECT_AGG refuses by name what its page leaves open: a group with no pair, a JSON null, a key not text, DISTINCT, OVER', async () => {
  // t2's one pair has a NULL value: the page says it is ignored, not what an object of no pair is.
  await assertRefused(session(), 'select tx, object_agg(k, v::variant) from atts group by tx', /OBJECT_AGG over a group with no pair/, 1, 12);
  await assertRefused(session(), "select object_agg(k, parse_json('null')) from atts where tx = 't1'", /OBJECT_AGG of a VARIANT holding a JSON null/, 1, 8);
  await assertRefused(session(), 'select object_agg(distinct k, v::variant) from atts', /OBJECT_AGG\(DISTINCT …\)/, 1, 8);
  await assertRefused(session(), "select object_agg(length(k), v::variant) from atts where tx = 't1'", /OBJECT_AGG with a key that is not text/, 1, 8);
  // A key met twice in a group fails with the page's "Duplicate field key 'key'", at the call (DuckDB said "Map keys
  // must be unique", unlocated); a pair whose value is NULL is ignored first, so its key may repeat.
  await assert.rejects(session().execute("select count(*) as n,\n  object_agg(k, v::variant) as j, j:module from atts where k = 'module'"), (e: Error) => {
    assert.equal(e.message, "Duplicate field key 'module' (line 2, column 3)");
    return true;
  });
  const r = await session().execute("select object_agg(k, v::variant) as j from atts where tx in ('t1', 't2')");
  assert.deepEqual(r.rows[0].J, { module: 'evm', chain: 'axelar' });
  await assertRefused(session(), 'select object_agg(k, v::variant) over (partition by tx) from atts', /OBJECT_AGG as a window function/, 1, 8);
});
