// Cancelling `bronze sample --synthetic` at any moment leaves the table it was writing as it was. DuckDB's
// interrupt only stops a statement that is running: one sent between two statements (here while the next table's
// state is being read) used to be lost, and the long insert then ran to the end and committed.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeSynthetic } from '../../client/src/cli/sample';
import { createDemo } from '../../client/src/demo/load';
import { openEngine } from '../../client/src/run/runner';
import { planSynthetic } from '../../client/src/sample/plan';
import { openWarehouse } from '../../client/src/warehouse/connect';
import type { DuckDbSession } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';

test('a cancel that arrives between two statements still leaves the table as it was', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bronze-sample-cancel-'));
  try {
    const dir = join(root, 'demo');
    await createDemo(dir, { rows: 200, seed: 7 });
    const engine = await openEngine({ projectDir: dir });
    const id = [...engine.project.sources.values()].find((s) => s.name === 'users')!.uniqueId;
    const plans = planSynthetic(engine.project, { rows: 2000, clean: false, sourceIds: [id] });
    const warehouse = await openWarehouse(engine.target, dir);
    try {
      const session = (await warehouse.openSession()) as DuckDbSession;
      const count = async (): Promise<number> => Number((await session.connection.runAndReadAll('select count(*) from raw.users')).getRows()[0][0]);
      const before = await count();
      const controller = new AbortController();
      // The cancel comes while no statement runs: just before --append reads what the table holds.
      const cancelling = Object.create(session) as DuckDbSession;
      cancelling.relationType = async (rel) => {
        controller.abort();
        return session.relationType(rel);
      };
      await assert.rejects(
        writeSynthetic(cancelling, plans, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', append: true, signal: controller.signal, log: () => undefined }),
        (e: unknown) => e instanceof WarehouseError && /cancelled/i.test(e.message),
      );
      assert.equal(await count(), before);
      await session.close();
    } finally {
      await warehouse.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
