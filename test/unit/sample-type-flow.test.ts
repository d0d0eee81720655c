// What `sample --synthetic` learns of an undeclared source column from uses that are not next to the source: a
// var() compared with it, a timestamp parser's scale, a rename a model or two further down, a model column's
// declared data_type, casts to a number of text columns (ammodepot's and museum_dw's sources declare no types).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../server/src/engine';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { columnsReadFromSource } from '../../client/src/sample/usage';

/** A temp project (removed after the test) with source tables `raw.<table>`, the given models and dbt_project.yml lines. */
async function project(t: TestContext, tables: string[], models: Record<string, string>, yml = '', projectYml = ''): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-flow-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), `name: p\nversion: "1"\nprofile: p\n${projectYml}`);
  await writeFile(path.join(dir, 'models', 'src.yml'), `version: 2\nsources:\n  - name: raw\n    tables:\n${tables.map((x) => `      - name: ${x}\n`).join('')}${yml}`);
  for (const [name, sql] of Object.entries(models)) await writeFile(path.join(dir, 'models', `${name}.sql`), sql);
  return Engine.open({ projectDir: dir, cliVars: {} });
}

const typeOf = (engine: Engine, table: string, column: string): string | null =>
  columnsReadFromSource(engine.project, `source.p.raw.${table}`).find((c) => c.name === column)?.dataType ?? null;

describe('types from vars and timestamp scales', () => {
  it('reads a var() compared with a column as the literal its value is', async (t) => {
    // ammodepot: `where store_id = {{ var('ammodepot_default_store_id') }}` (0), `uom.to_uom_id = {{ var(…) }}` (1);
    // sampled as text ('STORE-0000015', 'touomid_6'), Snowflake's comparison with the number rejected them.
    const engine = await project(
      t,
      ['items'],
      {
        m:
          "select entity_id, value from {{ source('raw', 'items') }}\n" +
          "where store_id = {{ var('default_store') }} and price >= {{ var('threshold', 9.5) }} and region = {{ var('home') }}\n",
      },
      '',
      "vars:\n  default_store: 0\n  p:\n    home: EU\n",
    );
    assert.equal(typeOf(engine, 'items', 'store_id'), 'NUMBER(38,0)');
    // A var's default counts when no vars: entry sets it; a text value compares as text.
    assert.equal(typeOf(engine, 'items', 'price'), 'NUMBER(18,2)');
    assert.equal(typeOf(engine, 'items', 'region'), 'VARCHAR');
  });

  it('takes TO_TIMESTAMP(x, scale) as a Unix time of that scale, holding plausible times', async (t) => {
    // ammodepot's Airbyte staging: `to_timestamp(_airbyte_extracted_at, 3)`; sampled as timestamp text, Snowflake's
    // numeric form rejected it ("Numeric value '2025-12-06 08:17:51' is not recognized").
    const engine = await project(t, ['events'], {
      m: "select id, to_timestamp(_airbyte_extracted_at, 3) as extracted_at, to_timestamp(sent, 'YYYY-MM-DD') as s from {{ source('raw', 'events') }}\n",
    });
    const used = columnsReadFromSource(engine.project, 'source.p.raw.events');
    assert.deepEqual(
      used.map((c) => [c.name, c.dataType ?? null, c.textOf ?? null, c.epoch ?? null]),
      [['id', null, null, null], ['_airbyte_extracted_at', 'NUMBER(38,0)', null, 1000], ['sent', 'VARCHAR', 'timestamp', null]],
    );
    const plan = planSynthetic(engine.project, { rows: 50, clean: false })[0];
    const column = plan.columns.find((c) => c.name === '_airbyte_extracted_at')!;
    assert.deepEqual([column.dataType, column.epoch], ['NUMBER(38,0)', 1000]);
    const select = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    // Milliseconds since the epoch within the sampled window (the 30 days before the anchor).
    const reader = await conn.runAndReadAll(
      `select count(*) filter (where _airbyte_extracted_at not between epoch_ms(TIMESTAMP '2025-12-01') and epoch_ms(TIMESTAMP '2026-01-01')), count(_airbyte_extracted_at) from (${select})`,
    );
    const [outside, filled] = reader.getRows()[0];
    assert.equal(Number(outside), 0);
    assert.ok(Number(filled) > 40, `filled: ${filled}`);
  });
});
