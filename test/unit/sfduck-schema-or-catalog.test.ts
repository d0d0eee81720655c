// On the local twin each Snowflake database is a DuckDB catalog; a two-part name whose first part is both a
// database and a schema of the current one is Snowflake's schema.object (DuckDB alone calls it ambiguous).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { qualifyNames, twoPartObjectNames } from '../../client/src/warehouse/snowflake-on-duckdb/schema-or-catalog';
import type { TargetConfig } from '../../server/src/core/types';

test('two-part names in object positions, and offsets mapped back after qualifying', () => {
  const sql = 'SELECT s.a, f.g(1) FROM STREAMLINE.T AS s JOIN "x".u ON true, c.d.e';
  const names = twoPartObjectNames(sql);
  assert.deepEqual(names.map((n) => n.first), ['F', 'STREAMLINE', 'X']);
  const q = qualifyNames(sql, names, new Set(['STREAMLINE']), 'AXELAR_DEV');
  assert.equal(q.sql, 'SELECT s.a, f.g(1) FROM "AXELAR_DEV".STREAMLINE.T AS s JOIN "x".u ON true, c.d.e');
  assert.equal(q.toOriginal(q.sql.indexOf('JOIN')), sql.indexOf('JOIN'));
  assert.equal(q.toOriginal(q.sql.indexOf('SELECT')), 0);
});

test('a database and a schema of one name: the two-part name is the schema, as on Snowflake', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-schema-or-catalog-'));
  const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'axelar_dev', schema: 'main', path: join(dir, 'axelar_dev.duckdb') };
  const wh = await createDuckDbWarehouse(target);
  try {
    const s = await wh.openSession();
    await s.execute(`attach '${join(dir, 'streamline.duckdb')}' as streamline`);
    await s.execute('create schema streamline.axelar');
    await s.execute("create table streamline.axelar.blocks as select 'catalog' as src");
    await s.execute('create schema if not exists streamline');
    await s.execute("create or replace table streamline.blocks as select 'schema' as src");
    assert.deepEqual((await s.execute('select src from streamline.blocks')).rows, [{ SRC: 'schema' }]);
    assert.deepEqual((await s.execute('select src from streamline.axelar.blocks')).rows, [{ SRC: 'catalog' }]);
    await s.execute('create or replace function streamline.plus_one(n number) returns number as $$ n + 1 $$');
    assert.equal(Number(Object.values((await s.execute('select streamline.plus_one(1) as v')).rows[0])[0]), 2);
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
