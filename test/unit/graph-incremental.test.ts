// Graph.replaceNode: patching one node's dependencies in place must give exactly the graph that a full
// buildGraph of the edited project gives (edges, missing dependencies, order, cycles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelNode, ProjectModel } from '../../server/src/core/types';
import { buildGraph, type Graph } from '../../server/src/graph';
import { ProjectBuilder } from './helpers/graph-fixtures';

const m = (name: string): string => `model.proj.${name}`;

/** Everything observable about a graph, so that two graphs can be compared with one deepEqual. */
function shape(g: Graph): unknown {
  const ids = g.nodeIds();
  const cycles = g.findCycles();
  return {
    ids,
    parents: ids.map((id) => g.parents(id)),
    children: ids.map((id) => g.children(id)),
    missing: g.missing.map((x) => ({ ...x })),
    cycles,
    order: cycles.length === 0 ? g.topologicalOrder() : 'cycle',
    levels: cycles.length === 0 ? g.levels() : 'cycle',
    nodes: ids.map((id) => g.node(id)),
  };
}

function project(): ProjectModel {
  const b = new ProjectBuilder();
  const src = b.source('raw', 'users');
  b.model('a', { deps: [src] });
  b.model('b', { deps: [m('a')] });
  b.model('c', { deps: [m('a'), m('gone')] });
  b.model('d', { deps: [m('b'), m('c')] });
  b.model('e', { deps: [m('d')] });
  b.model('off', { config: { enabled: false } });
  b.generic('not_null', m('d'), { column: 'id' });
  return b.build();
}

/** The project with `id`'s dependsOn replaced, and that new node. */
function withDeps(p: ProjectModel, id: string, nodes: string[]): { project: ProjectModel; node: ModelNode } {
  const node: ModelNode = { ...p.models.get(id)!, dependsOn: { nodes, macros: [] } };
  const models = new Map(p.models);
  models.set(id, node);
  return { project: { ...p, models }, node };
}

const reason = (p: ProjectModel) => (id: string) => (p.models.get(id)?.config.enabled === false ? ('disabled' as const) : ('unknown' as const));

const cases: [string, string, string[]][] = [
  ['a new parent', m('e'), [m('d'), m('a')]],
  ['a parent dropped', m('d'), [m('c')]],
  ['every parent dropped', m('d'), []],
  ['an unknown and a disabled dependency', m('b'), [m('a'), m('nope'), m('off')]],
  ['a missing dependency fixed', m('c'), [m('a')]],
  ['a repeated dependency', m('e'), [m('b'), m('b'), m('d')]],
  ['a cycle', m('a'), [m('e')]],
  ['a self-loop', m('b'), [m('b'), m('a')]],
];

for (const [what, id, deps] of cases) {
  test(`replaceNode with ${what} equals a full rebuild`, () => {
    const before = project();
    const g = buildGraph(before);
    // Warm the caches that the patch must drop.
    g.findCycles();
    g.topologicalOrder();
    const { project: after, node } = withDeps(before, id, deps);
    assert.equal(g.replaceNode(node, reason(after)), true);
    assert.deepEqual(shape(g), shape(buildGraph(after)));
  });
}

test('replaceNode patches in sequence, and undoing an edit restores the original graph', () => {
  let p = project();
  const g = buildGraph(p);
  const original = shape(buildGraph(p));
  for (const [, id, deps] of cases) {
    const next = withDeps(p, id, deps);
    g.replaceNode(next.node, reason(next.project));
    p = next.project;
    assert.deepEqual(shape(g), shape(buildGraph(p)));
  }
  const start = project();
  for (const id of [...start.models.keys()]) {
    const next = withDeps(p, id, start.models.get(id)!.dependsOn.nodes);
    g.replaceNode(next.node, reason(next.project));
    p = next.project;
  }
  assert.deepEqual(shape(g), original);
});

test('replaceNode refuses a node that is not in the graph and leaves the graph alone', () => {
  const p = project();
  const g = buildGraph(p);
  const before = shape(g);
  assert.equal(g.replaceNode({ ...p.models.get(m('off'))!, dependsOn: { nodes: [m('a')], macros: [] } }), false);
  assert.deepEqual(shape(g), before);
});
