import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGraph } from '../../server/src/graph';
import { layoutLineage, lineageOf, projectLineage } from '../../server/src/docs/lineage';
import { BronzeError } from '../../server/src/core/types';
import { ProjectBuilder, ROOT } from './helpers/graph-fixtures';

// raw.users → stg_users → users_wide → report ; stg_users → other ; not_null test on stg_users
function fixture() {
  const b = new ProjectBuilder('proj');
  const src = b.source('raw', 'users');
  const stg = b.model('stg_users', { deps: [src], config: { materialized: 'incremental' } });
  const wide = b.model('users_wide', { deps: [stg] });
  const report = b.model('report', { deps: [wide] });
  const other = b.model('other', { deps: [stg] });
  const t = b.generic('not_null', stg, { column: 'user_id' });
  const project = b.build();
  return { project, graph: buildGraph(project), src, stg, wide, report, other, t };
}

test('lineageOf: the node, its ancestors and descendants within depth, and the edges between them', () => {
  const f = fixture();
  const l = lineageOf(f.project, f.graph, f.stg, 1);
  assert.deepEqual(
    l.nodes.map((n) => [n.id, n.role]),
    [
      ['model.proj.other', 'downstream'],
      ['model.proj.stg_users', 'focus'],
      ['model.proj.users_wide', 'downstream'],
      ['source.proj.raw.users', 'upstream'],
      ['test.proj.not_null_stg_users_user_id', 'downstream'],
    ],
  );
  assert.deepEqual(l.edges, [
    { from: 'model.proj.stg_users', to: 'model.proj.other' },
    { from: 'model.proj.stg_users', to: 'model.proj.users_wide' },
    { from: 'model.proj.stg_users', to: 'test.proj.not_null_stg_users_user_id' },
    { from: 'source.proj.raw.users', to: 'model.proj.stg_users' },
  ]);
  const focus = l.nodes.find((n) => n.role === 'focus')!;
  assert.deepEqual(
    { name: focus.name, resourceType: focus.resourceType, file: focus.file, materialized: focus.materialized },
    { name: 'stg_users', resourceType: 'model', file: `${ROOT}/models/stg_users.sql`, materialized: 'incremental' },
  );
  assert.equal(l.nodes.find((n) => n.resourceType === 'source')!.name, 'raw.users');
});

test('lineageOf: depth 2 reaches grandchildren, no depth reaches everything', () => {
  const f = fixture();
  assert.equal(lineageOf(f.project, f.graph, f.src, 2).nodes.some((n) => n.id === f.report), false);
  assert.equal(lineageOf(f.project, f.graph, f.src, 3).nodes.some((n) => n.id === f.report), true);
  assert.equal(lineageOf(f.project, f.graph, f.src).nodes.length, 6);
});

test('lineageOf: an unknown node is a BronzeError that says what to do', () => {
  const f = fixture();
  assert.throws(() => lineageOf(f.project, f.graph, 'model.proj.nope', 2), (e: unknown) => e instanceof BronzeError && e.code === 'bronze/lineage-unknown-node' && /model\.proj\.nope/.test(e.message));
});

test('layoutLineage: one column per DAG level, every edge points right, no two nodes overlap', () => {
  const f = fixture();
  const layout = layoutLineage(projectLineage(f.graph));
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  assert.deepEqual(
    [f.src, f.stg, f.wide, f.other, f.t, f.report].map((id) => at.get(id)!.level),
    [0, 1, 2, 2, 2, 3],
  );
  for (const e of layout.edges) assert.ok(at.get(e.from)!.x + at.get(e.from)!.width < at.get(e.to)!.x, `${e.from} → ${e.to}`);
  for (const a of layout.nodes) {
    for (const b of layout.nodes) {
      if (a === b || a.level !== b.level) continue;
      assert.ok(Math.abs(a.y - b.y) >= a.height, `${a.id} overlaps ${b.id}`);
    }
    assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height);
  }
  assert.equal(layout.edges.length, 5);
  assert.match(layout.edges[0].d, /^M\d+(\.\d+)? \d+(\.\d+)? C/);
  // Deterministic: the same input lays out identically.
  assert.deepEqual(layoutLineage(projectLineage(f.graph)), layout);
});

test('layoutLineage: a chain sits on one row; an empty lineage is an empty picture', () => {
  const b = new ProjectBuilder('p');
  const a = b.model('a');
  const c = b.model('c', { deps: [a] });
  const g = buildGraph(b.build());
  const layout = layoutLineage(lineageOf({ name: 'p' }, g, c), { nodeWidth: 100, nodeHeight: 20, columnGap: 50, padding: 10 });
  assert.deepEqual(
    layout.nodes.map((n) => [n.id, n.x, n.y]),
    [
      [a, 10, 10],
      [c, 160, 10],
    ],
  );
  assert.deepEqual([layout.width, layout.height], [270, 40]);
  assert.deepEqual(layoutLineage({ nodes: [], edges: [] }), { width: 32, height: 32, nodes: [], edges: [] });
});
