// Refs and sources written inside macros are dependencies of the nodes that call those macros, as dbt collects
// them by rendering each node at parse time (dbt_project_evaluator's models call `filter_exceptions()`, which refs
// its exceptions seed). Fixture: test/fixtures/packages/macro-refs — a dispatched package macro, a root macro two
// calls deep, a call from a post-hook, and a macro ref to the calling model itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProject, reloadFiles } from '../../server/src/project';
import { buildGraph, selectNodes } from '../../server/src/graph';
import { buildManifest } from '../../server/src/engine';
import { macroCallsIn } from '../../server/src/project/macro-refs';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/packages/macro-refs');

function copy(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-macro-refs-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('macro calls are read from expressions and statements, not from strings or comments', () => {
  const calls = macroCallsIn(
    "{# not_me() #}{{ a() }}{% set x = pkg.b(1, 'c()') %}{{ return(adapter.dispatch('d', macro_namespace='p')()) }}{{ \"e()\" }}{% call f() %}x{% endcall %}",
  );
  assert.deepEqual(calls, [
    { kind: 'name', name: 'a' },
    { kind: 'name', pkg: 'pkg', name: 'b' },
    { kind: 'dispatch', name: 'd', ns: 'p' },
    { kind: 'name', name: 'return' },
    { kind: 'name', pkg: 'adapter', name: 'dispatch' },
    { kind: 'name', name: 'f' },
  ]);
});

test('refs inside called macros are depends_on, order the DAG, and select with +model', async () => {
  const t = copy();
  try {
    const p = await loadProject(t.dir, { env: { HOME: join(t.dir, '.home') } });
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    const deps = (id: string) => [...(p.models.get(id)?.dependsOn.nodes ?? [])].sort();
    // Through adapter.dispatch, unqualified from the package's own model and qualified from the root project.
    assert.deepEqual(deps('model.audit_pkg.audit_report'), ['seed.audit_pkg.audit_exceptions']);
    assert.deepEqual(deps('model.macro_refs_root.orders'), ['seed.audit_pkg.audit_exceptions']);
    // Two macros deep; the macro's ref('customers') is not an edge from customers to itself.
    assert.deepEqual(deps('model.macro_refs_root.customers'), ['model.macro_refs_root.blocklist']);
    // From a post-hook; the ref under {% if false %} is none: dbt records only the refs its parse render reaches.
    assert.deepEqual(deps('model.macro_refs_root.customer_stats'), ['model.macro_refs_root.blocklist']);
    // The node's refs list what the render recorded, as dbt's manifest `refs` does.
    assert.deepEqual(p.models.get('model.macro_refs_root.orders')!.refs, [{ name: 'audit_exceptions' }]);

    const graph = buildGraph(p);
    const order = graph.topologicalOrder();
    assert.ok(order.indexOf('seed.audit_pkg.audit_exceptions') < order.indexOf('model.macro_refs_root.orders'));
    assert.ok(order.indexOf('model.macro_refs_root.blocklist') < order.indexOf('model.macro_refs_root.customers'));
    assert.deepEqual(selectNodes(p, graph, { select: ['+orders'] }).sort(), ['model.macro_refs_root.orders', 'seed.audit_pkg.audit_exceptions']);
    assert.deepEqual(selectNodes(p, graph, { select: ['audit_exceptions+'] }).sort(), [
      'model.audit_pkg.audit_report',
      'model.macro_refs_root.orders',
      'seed.audit_pkg.audit_exceptions',
    ]);

    const manifest = buildManifest(p, { targetName: 'local', adapterType: 'duckdb' });
    const nodes = manifest.nodes as Record<string, { depends_on: { nodes: string[] } }>;
    assert.deepEqual(nodes['model.macro_refs_root.orders'].depends_on.nodes, ['seed.audit_pkg.audit_exceptions']);
  } finally {
    t.done();
  }
});

test('editing a macro re-links the nodes that call it on reload', async () => {
  const t = copy();
  try {
    const env = { HOME: join(t.dir, '.home') };
    const p = await loadProject(t.dir, { env });
    const file = join(t.dir, 'dbt_packages/audit_pkg/macros/exclusions.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace("{{ ref('audit_exceptions') }}", '(select 0 as id)'));
    const q = await reloadFiles(p, [file], { env });
    assert.deepEqual(q.models.get('model.macro_refs_root.orders')!.dependsOn.nodes, []);
    assert.deepEqual(q.models.get('model.audit_pkg.audit_report')!.dependsOn.nodes, []);
  } finally {
    t.done();
  }
});
