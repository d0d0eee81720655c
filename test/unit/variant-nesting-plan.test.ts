// A value put in a VARIANT names its argument about ten times (variant-float.ts keeps a FLOAT's type), and DuckDB
// copies a macro's argument into every place its body names it: an OBJECT_CONSTRUCT inside an OBJECT_CONSTRUCT, cast
// to VARCHAR, planned for minutes (a 36 MB plan) before bz_to_variant bound its argument once (bind-once.ts).
// The plan's size is the measure: it grows with the copies, and it does not depend on the machine's speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import { translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import type { TargetConfig } from '../../server/src/core/types';

const MEMORY: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' };

async function planBytes(session: DuckDbSession, snowflakeSql: string): Promise<number> {
  const sql = translateWithMap(snowflakeSql, {}, { columnNames: true }).sql;
  const reader = await session.connection.runAndReadAll(`SELECT length(json_serialize_plan('${sql.replace(/'/g, "''")}'))`);
  return Number(reader.getRows()[0][0]);
}

test('an OBJECT_CONSTRUCT nested in another does not multiply the inner one in the plan', async () => {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = (await w.openSession()) as DuckDbSession;
    await s.execute('select 1');
    const flat = await planBytes(s, "SELECT OBJECT_CONSTRUCT('y', 1, 'x', 2)");
    const nested = await planBytes(s, "SELECT OBJECT_CONSTRUCT('z', OBJECT_CONSTRUCT('y', 1, 'x', 2), 'c', 3)");
    // One more level: the inner object once more in the plan, plus the outer one's own nodes.
    assert.ok(nested < 6 * flat, `nested ${nested} bytes against ${flat} for the inner object alone`);
    const back = await s.execute("SELECT OBJECT_CONSTRUCT('z', OBJECT_CONSTRUCT('y', 1, 'x', 2.5), 'c', 3) AS v");
    assert.equal(JSON.stringify(back.rows[0].V), JSON.stringify({ c: 3, z: { x: 2.5, y: 1 } }));
  } finally {
    await w.close();
  }
});
