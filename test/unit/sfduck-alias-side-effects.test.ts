// A select alias whose expression DuckDB counts as a side effect (the translation checks VARIANT and text conversions
// while running, with error()) read in a later select item, WHERE or QUALIFY: DuckDB refuses the reference, Snowflake
// reads the alias. Bronze inlines the expression (lateral-alias.ts) and gets Snowflake's rows; where the expression
// cannot be repeated (a random function) the reference is refused by name, at the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { TargetConfig } from '../../server/src/core/types';
import { inlineSideEffectAlias } from '../../server/src/core/sql/snowflake-on-duckdb/lateral-alias';
import { applyGroupByEdit } from '../../server/src/core/sql/snowflake-on-duckdb/group-by-alias';

const MESSAGE = 'Alias "a" referenced - but the expression has side effects. This is not yet supported.';

async function withSession(fn: (s: Awaited<ReturnType<Awaited<ReturnType<typeof createDuckDbWarehouse>>['openSession']>>) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-alias-side-effects-'));
  const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'analytics', schema: 'main', path: join(dir, 'analytics.duckdb') };
  const wh = await createDuckDbWarehouse(target);
  try {
    await fn(await wh.openSession());
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('QUALIFY over the alias of a VARIANT timestamp conversion runs, de-duplicating as on Snowflake', async () => {
  await withSession(async (s) => {
    await s.execute(`create table t as select parse_json('{"date": "2024-01-02 03:04:05", "id": 1}') as v union all select parse_json('{"date": "2024-01-02 03:04:05", "id": 1}') union all select parse_json('{"date": "2024-01-03 00:00:00", "id": 1}')`);
    const inner = 'select v:id::int as id, v:date::datetime as purchase_timestamp from t\nqualify row_number() over (partition by id, purchase_timestamp order by id) = 1';
    const r = await s.execute(`select count(*) as n, count(distinct purchase_timestamp) as d from (${inner})`);
    assert.deepEqual(Object.values(r.rows[0]).map(Number), [2, 2]);
  });
});

test('a later select item and WHERE read the alias of a checked conversion', async () => {
  await withSession(async (s) => {
    const r = await s.execute("select to_timestamp_ntz('2020-01-01') as a, dateadd(day, 1, a) as b from (select 1) where a < '2021-01-01'");
    assert.equal(r.rows.length, 1);
    const b = Object.values(r.rows[0])[1];
    assert.match(String(b instanceof Date ? b.toISOString() : b), /^2020-01-02/);
  });
});

test('an alias over a random function is refused by name at the reference (its value would differ per evaluation)', async () => {
  await withSession(async (s) => {
    await assert.rejects(
      s.execute('select random() as a,\n  a as b'),
      (e: unknown) => e instanceof WarehouseError && /^A reference .* to the select alias A whose expression cannot be evaluated twice .* is not supported on the DuckDB target \(line 2, column 3\)/.test(e.message),
    );
  });
});

test('the inlining edit: references in later items, WHERE and QUALIFY of the defining block only', () => {
  const sql = 'select chk(x) as a, a + 1 as b, (select a from u) as c from t where a > 0 qualify row_number() over (partition by a) = 1 order by a';
  const edit = inlineSideEffectAlias(sql, MESSAGE);
  assert.ok(edit);
  assert.equal(
    applyGroupByEdit(sql, edit),
    'select chk(x) as a, (chk(x)) + 1 as b, (select a from u) as c from t where (chk(x)) > 0 qualify row_number() over (partition by (chk(x))) = 1 order by a',
  );
  // Two blocks define the alias, the expression reads a column of the alias's name, a random function: no edit.
  assert.equal(inlineSideEffectAlias('select chk(x) as a, a from t union all select chk(y) as a, a from u', MESSAGE), undefined);
  assert.equal(inlineSideEffectAlias('select chk(a) as a, a + 1 from t', MESSAGE), undefined);
  assert.equal(inlineSideEffectAlias('select random() as a, a + 1 from t', MESSAGE), undefined);
  assert.equal(inlineSideEffectAlias('select 1', 'another error'), undefined);
});
