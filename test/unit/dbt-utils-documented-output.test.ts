// Bronze's built-in dbt_utils subset (used only while the real package is not installed) compiles to the SQL dbt
// documents for it. The reference is the compiled output dbt-core 1.3 + dbt-snowflake printed for
// `{{ dbt_utils.generate_surrogate_key(['COLUMN_1', 'COLUMN_2']) }}` in dbt-labs/dbt-utils issue #755, and the
// `surrogate_key_treat_nulls_as_empty_strings` var from dbt's "Upgrading to dbt utils v1.0" guide. On the DuckDB
// target the hash of a row is then the same value Snowflake computes (checked by running it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, offlineResolver } from '../../server/src/engine';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';

const DOCUMENTED =
  "md5(cast(coalesce(cast(COLUMN_1 as TEXT), '_dbt_utils_surrogate_key_null_') || '-' || coalesce(cast(COLUMN_2 as TEXT), '_dbt_utils_surrogate_key_null_') as TEXT))";

function project(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-dbt-utils-doc-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const MODEL = "SELECT\n1 AS COLUMN_1,\n2 AS COLUMN_2,\n{{ dbt_utils.generate_surrogate_key(['COLUMN_1', 'COLUMN_2']) }} AS PK_ID\n";
const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false };

async function compiled(projectYml: string): Promise<string> {
  const p = project({ 'dbt_project.yml': projectYml, 'models/m.sql': MODEL });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    return (await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') })).sql;
  } finally {
    p.cleanup();
  }
}

test("generate_surrogate_key compiles to dbt_utils' documented Snowflake SQL", async () => {
  assert.equal(await compiled('name: p\nprofile: p\n'), `SELECT\n1 AS COLUMN_1,\n2 AS COLUMN_2,\n${DOCUMENTED} AS PK_ID`);
  // The v1.0 upgrade guide's var restores the old behaviour: NULLs hash as ''.
  const empty = await compiled('name: p\nprofile: p\nvars:\n  surrogate_key_treat_nulls_as_empty_strings: true\n');
  assert.equal(empty, `SELECT\n1 AS COLUMN_1,\n2 AS COLUMN_2,\n${DOCUMENTED.replaceAll('_dbt_utils_surrogate_key_null_', '')} AS PK_ID`);
});

test('on the DuckDB target the documented SQL gives the md5 Snowflake computes', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    const s = await wh.openSession();
    const r = await s.execute(`select ${DOCUMENTED} as k from (select 1 as COLUMN_1, null::int as COLUMN_2)`);
    assert.equal(r.rows[0].K, createHash('md5').update('1-_dbt_utils_surrogate_key_null_').digest('hex'));
  } finally {
    await wh.close();
  }
});
