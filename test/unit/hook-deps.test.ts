// Refs and sources in pre/post hooks are dependencies, as dbt collects them by rendering every hook at parse
// time: from config(), schema.yml `config:` and dbt_project.yml `+pre-hook`/`+post-hook`; they order the DAG,
// appear in manifest depends_on, in `+model` selection and in the lineage; a hook that refs its own model is a
// cycle, reported with the hook named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject, reloadFiles } from '../../server/src/project';
import { buildGraph, selectNodes } from '../../server/src/graph';
import { buildManifest } from '../../server/src/engine';
import { lineageOf } from '../../server/src/docs/lineage';

function tempProject(files: Record<string, string>): { dir: string; env: Record<string, string>; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-hooks-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, env: { HOME: path.join(dir, '.home') }, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const FILES: Record<string, string> = {
  'dbt_project.yml':
    'name: p\nmodels:\n  p:\n    marts:\n      +pre-hook: "insert into {{ ref(\'audit_log\') }} values (\'{{ this.name }}\')"\n',
  'models/audit_log.sql': "select 'x' as model_name",
  'models/lookup.sql': 'select 1 as id',
  'models/marts/orders.sql': "{{ config(post_hook=\"delete from {{ ref('lookup') }} where id < 0\") }}\nselect 1 as id",
  'models/marts/customers.sql': 'select 2 as id',
  'models/marts/schema.yml':
    "version: 2\nmodels:\n  - name: customers\n    config:\n      post_hook:\n        - \"grant select on {{ this }} to role r\"\n        - \"insert into x select * from {{ source('raw', 'events') }}\"\n",
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
};

test('hook refs and sources are dependencies: config(), schema.yml config and dbt_project.yml hooks', async () => {
  const t = tempProject(FILES);
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.models.get('model.p.orders')!.dependsOn.nodes.sort(), ['model.p.audit_log', 'model.p.lookup']);
    assert.deepEqual(p.models.get('model.p.customers')!.dependsOn.nodes.sort(), ['model.p.audit_log', 'source.p.raw.events']);
    // The body's own refs are unchanged: a hook's ref is not written in the model's file.
    assert.deepEqual(p.models.get('model.p.orders')!.refs, []);

    const graph = buildGraph(p);
    const order = graph.topologicalOrder();
    assert.ok(order.indexOf('model.p.audit_log') < order.indexOf('model.p.orders'));
    assert.deepEqual(graph.levels(['model.p.audit_log', 'model.p.orders', 'model.p.customers']), [['model.p.audit_log'], ['model.p.customers', 'model.p.orders']]);

    assert.deepEqual(selectNodes(p, graph, { select: ['+orders'] }).sort(), ['model.p.audit_log', 'model.p.lookup', 'model.p.orders']);
    assert.deepEqual(selectNodes(p, graph, { select: ['audit_log+'] }).sort(), ['model.p.audit_log', 'model.p.customers', 'model.p.orders']);

    const manifest = buildManifest(p, { targetName: 'local', adapterType: 'duckdb' });
    const nodes = manifest.nodes as Record<string, { depends_on: { nodes: string[] } }>;
    assert.deepEqual(nodes['model.p.orders'].depends_on.nodes.sort(), ['model.p.audit_log', 'model.p.lookup']);
    assert.deepEqual((manifest.parent_map as Record<string, string[]>)['model.p.customers'], ['model.p.audit_log', 'source.p.raw.events']);

    const lineage = lineageOf(p, graph, 'model.p.orders');
    assert.deepEqual(lineage.edges, [
      { from: 'model.p.audit_log', to: 'model.p.orders' },
      { from: 'model.p.lookup', to: 'model.p.orders' },
    ]);
  } finally {
    t.done();
  }
});

test('editing a hook in dbt_project.yml re-links the dependencies on reload', async () => {
  const t = tempProject(FILES);
  try {
    const p = await loadProject(t.dir, { env: t.env });
    writeFileSync(path.join(t.dir, 'dbt_project.yml'), 'name: p\nmodels:\n  p:\n    marts:\n      +pre-hook: "select 1"\n');
    const q = await reloadFiles(p, [path.join(t.dir, 'dbt_project.yml')], { env: t.env });
    assert.deepEqual(q.models.get('model.p.orders')!.dependsOn.nodes, ['model.p.lookup']);
  } finally {
    t.done();
  }
});

test('a hook that refs its own model is a cycle, reported with the hook named', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: p\n',
    'models/events.sql': "{{ config(post_hook=\"delete from {{ ref('events') }} where id is null\") }}\nselect 1 as id",
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const d = p.diagnostics.find((x) => x.code === 'bronze/hook-self-ref');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.severity, 'error');
    assert.equal(d.file, path.join(t.dir, 'models', 'events.sql'));
    assert.match(d.message, /^Found a cycle: model\.p\.events\. Its post-hook #1 \(`delete from \{\{ ref\('events'\) \}\} where id is null`\) calls ref\('events'\)/);
    assert.match(d.message, /Use \{\{ this \}\}/);
    assert.deepEqual(buildGraph(p).findCycles(), [['model.p.events', 'model.p.events']]);
  } finally {
    t.done();
  }
});

test('a hook ref or source that names nothing is a located error naming the hook (a warning inside {% if %})', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: p\n',
    'models/events.sql':
      "{{ config(pre_hook=\"delete from {{ ref('nope') }}\", post_hook=[\"{% if target.name == 'prod' %}insert into {{ source('raw', 'gone') }} select 1{% endif %}\"]) }}\nselect 1 as id",
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const ref = p.diagnostics.find((x) => x.code === 'bronze/unknown-ref')!;
    assert.equal(ref.severity, 'error');
    assert.equal(ref.file, path.join(t.dir, 'models', 'events.sql'));
    assert.equal(ref.message, "model.p.events depends on a node named 'nope' which was not found: its pre-hook #1 calls ref('nope'). Fix the name in the hook, or add the model.");
    const src = p.diagnostics.find((x) => x.code === 'bronze/unknown-source')!;
    assert.equal(src.severity, 'warning');
    assert.match(src.message, /its post-hook #1 calls source\('raw', 'gone'\)/);
  } finally {
    t.done();
  }
});

test('a folder-level hook naming an unknown model is reported once, not once per model', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: p\nmodels:\n  p:\n    +post-hook: "insert into {{ ref(\'audit_typo\') }} values (1)"\n',
    'models/a.sql': 'select 1 as id',
    'models/b.sql': 'select 2 as id',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.filter((d) => d.code === 'bronze/unknown-ref').map((d) => d.message), [
      "model.p.a depends on a node named 'audit_typo' which was not found: its post-hook #1 calls ref('audit_typo'). Fix the name in the hook, or add the model.",
    ]);
  } finally {
    t.done();
  }
});
