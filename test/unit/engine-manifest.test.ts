// target/manifest.json as dbt tools read it: node entries, checksums as dbt computes them, dependencies and
// the parent/child maps, built from the zoom-mini fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadProject } from '../../server/src/project';
import { buildManifest } from '../../server/src/engine';

const ZOOM = path.resolve(import.meta.dirname, '../fixtures/zoom-mini');

type Entry = Record<string, unknown> & { checksum: { name: string; checksum: string }; depends_on: { nodes: string[] } };

test('manifest: models and singular tests carry sha256 of their file, generic tests dbt\'s empty checksum', async () => {
  const project = await loadProject(ZOOM, { env: {} });
  const manifest = buildManifest(project, { targetName: 'dev', adapterType: 'duckdb' });
  const nodes = manifest.nodes as Record<string, Entry>;
  const model = [...project.models.values()].find((m) => m.resourceType === 'model')!;
  const entry = nodes[model.uniqueId];
  assert.equal(entry.raw_code, model.rawCode);
  assert.deepEqual(entry.checksum, { name: 'sha256', checksum: createHash('sha256').update(model.rawCode).digest('hex') });
  const singular = [...project.tests.values()].find((t) => !t.testMetadata)!;
  assert.deepEqual(nodes[singular.uniqueId].checksum, { name: 'sha256', checksum: createHash('sha256').update(singular.rawCode).digest('hex') });
  const generic = [...project.tests.values()].find((t) => t.testMetadata)!;
  assert.deepEqual(nodes[generic.uniqueId].checksum, { name: 'none', checksum: '' });
});

test('manifest: every model and test is a node, depends_on matches the parent map and the child map mirrors it', async () => {
  const project = await loadProject(ZOOM, { env: {} });
  const manifest = buildManifest(project, { targetName: 'dev', adapterType: 'duckdb' });
  const nodes = manifest.nodes as Record<string, Entry>;
  assert.deepEqual(Object.keys(nodes).sort(), [...project.models.keys(), ...project.tests.keys()].sort());
  assert.deepEqual(Object.keys(manifest.sources as object).sort(), [...project.sources.keys()].sort());
  const parents = manifest.parent_map as Record<string, string[]>;
  const children = manifest.child_map as Record<string, string[]>;
  let edges = 0;
  for (const [id, e] of Object.entries(nodes)) {
    assert.deepEqual(parents[id], [...new Set(e.depends_on.nodes)].sort());
    for (const p of parents[id]) {
      assert.ok(children[p].includes(id), `${p} lists ${id} as a child`);
      edges++;
    }
  }
  assert.ok(edges > 0);
});
