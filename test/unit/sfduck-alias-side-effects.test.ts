// A select alias whose expression converts a VARIANT (checked while running, so DuckDB calls it a side effect) read
// in QUALIFY: DuckDB refuses the reference; Bronze names the construct at the reference instead of DuckDB's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { TargetConfig } from '../../server/src/core/types';

test('QUALIFY over the alias of a VARIANT timestamp conversion is refused by name, at the reference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-alias-side-effects-'));
  const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'analytics', schema: 'main', path: join(dir, 'analytics.duckdb') };
  const wh = await createDuckDbWarehouse(target);
  try {
    const s = await wh.openSession();
    await s.execute(`create table t as select parse_json('{"date": "2024-01-02 03:04:05", "id": 1}') as v`);
    const sql = 'select v:id::int as id, v:date::datetime as purchase_timestamp from t\nqualify row_number() over (partition by id, purchase_timestamp order by id) = 1';
    await assert.rejects(
      s.execute(sql),
      (e: unknown) =>
        e instanceof WarehouseError &&
        /^A reference to the select alias PURCHASE_TIMESTAMP outside the select list .* is not supported on the DuckDB target \(line 2, column \d+\)/.test(e.message),
    );
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
