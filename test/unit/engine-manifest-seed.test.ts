// A seed's manifest.json node as dbt writes it: sha256 of the CSV, seed config defaults, no refs/compiled fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../server/src/engine';
import { buildManifest } from '../../server/src/engine/manifest';

test('seed nodes carry the CSV checksum, dbt seed config defaults and their children', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-manifest-seed-'));
  try {
    mkdirSync(join(dir, 'seeds'));
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'dbt_project.yml'), "name: ms\nversion: '1.0'\nprofile: ms\nseeds:\n  ms:\n    +delimiter: '|'\n");
    const csv = 'a|b\n1|x\n';
    writeFileSync(join(dir, 'seeds', 'codes.csv'), csv);
    writeFileSync(join(dir, 'models', 'm.sql'), "select * from {{ ref('codes') }}\n");
    const engine = await Engine.open({ projectDir: dir });
    const manifest = buildManifest(engine.project, { targetName: 'dev', adapterType: 'duckdb' }) as {
      nodes: Record<string, Record<string, unknown>>;
      child_map: Record<string, string[]>;
    };
    const seed = manifest.nodes['seed.ms.codes'];
    assert.equal(seed.resource_type, 'seed');
    assert.equal(seed.original_file_path, 'seeds/codes.csv');
    assert.deepEqual(seed.checksum, { name: 'sha256', checksum: createHash('sha256').update(csv).digest('hex') });
    const config = seed.config as Record<string, unknown>;
    assert.equal(config.delimiter, '|');
    assert.equal(config.quote_columns, null);
    assert.deepEqual(config.column_types, {});
    assert.equal(config.materialized, 'seed');
    assert.deepEqual(seed.depends_on, { macros: [] });
    for (const k of ['refs', 'sources', 'compiled', 'compiled_code']) assert.ok(!(k in seed), k);
    assert.deepEqual(manifest.child_map['seed.ms.codes'], ['model.ms.m']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
