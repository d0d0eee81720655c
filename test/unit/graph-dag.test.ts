import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, GraphCycleError } from '../../server/src/graph';
import { chain, ProjectBuilder } from './helpers/graph-fixtures';

const m = (name: string): string => `model.proj.${name}`;
const names = (ids: string[]): string[] => ids.map((id) => id.split('.').slice(2).join('.'));

// a ─┬─ b ── d
//    └─ c ──┘ └─ e
const diamond = (): ReturnType<typeof chain> => chain({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: ['d'] });

test('parents and children follow dependsOn, in unique_id order', () => {
  const g = buildGraph(diamond());
  assert.deepEqual(names(g.parents(m('d'))), ['b', 'c']);
  assert.deepEqual(names(g.children(m('a'))), ['b', 'c']);
  assert.deepEqual(g.parents(m('a')), []);
  assert.deepEqual(g.children('model.proj.nope'), []);
  assert.equal(g.size, 5);
});

test('ancestors and descendants, with and without a depth limit', () => {
  const g = buildGraph(diamond());
  assert.deepEqual(names(g.ancestors(m('e'))), ['a', 'b', 'c', 'd']);
  assert.deepEqual(names(g.ancestors(m('e'), 1)), ['d']);
  assert.deepEqual(names(g.ancestors(m('e'), 2)), ['b', 'c', 'd']);
  assert.deepEqual(names(g.descendants(m('a'))), ['b', 'c', 'd', 'e']);
  assert.deepEqual(names(g.descendants(m('a'), 2)), ['b', 'c', 'd']);
  assert.deepEqual(names(g.descendants(m('a'), 0)), []);
});

test('topological order breaks ties by unique_id and ignores insertion order', () => {
  const p1 = chain({ z: [], y: [], x: ['z'], w: ['y', 'x'], a: [] });
  const p2 = chain({ a: [], w: ['y', 'x'], x: ['z'], y: [], z: [] });
  const expected = ['a', 'y', 'z', 'x', 'w'];
  assert.deepEqual(names(buildGraph(p1).topologicalOrder()), expected);
  assert.deepEqual(names(buildGraph(p2).topologicalOrder()), expected);
});

test('topological order of a subset keeps dependencies that pass through unlisted nodes', () => {
  // zz → mm → aa: unique_id order is the reverse of dependency order, and mm is not listed.
  const p = chain({ zz: [], mm: ['zz'], aa: ['mm'] });
  const g = buildGraph(p);
  assert.deepEqual(names(g.topologicalOrder([m('aa'), m('zz')])), ['zz', 'aa']);
  assert.deepEqual(names(g.topologicalOrder([m('aa'), 'model.proj.unknown'])), ['aa']);
});

test('levels group nodes into scheduling waves', () => {
  const g = buildGraph(diamond());
  assert.deepEqual(g.levels().map(names), [['a'], ['b', 'c'], ['d'], ['e']]);
  // Only a, d, e selected: d still waits for a through the unselected b and c.
  assert.deepEqual(g.levels([m('e'), m('a'), m('d')]).map(names), [['a'], ['d'], ['e']]);
  assert.deepEqual(g.levels([m('b'), m('c')]).map(names), [['b', 'c']]);
});

test('upstreamWithin gives each selected node its nearest selected ancestors', () => {
  const g = buildGraph(diamond());
  const up = g.upstreamWithin([m('e'), m('a'), m('c')]);
  assert.deepEqual([...up.keys()].map((id) => names([id])[0]), ['a', 'c', 'e']);
  assert.deepEqual(names(up.get(m('a'))!), []);
  assert.deepEqual(names(up.get(m('c'))!), ['a']);
  // e ← d ← {b ← a, c}: through d and b, e waits for a and c.
  assert.deepEqual(names(up.get(m('e'))!), ['a', 'c']);
});

test('findCycles reports a self-loop as [a, a]', () => {
  const g = buildGraph(chain({ a: ['a'], b: ['a'] }));
  assert.deepEqual(g.findCycles(), [[m('a'), m('a')]]);
});

test('findCycles reports a 3-cycle as a closed path from its smallest member', () => {
  // b → c → d → b, plus an acyclic tail
  const g = buildGraph(chain({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'], e: ['d'] }));
  assert.deepEqual(g.findCycles().map(names), [['b', 'c', 'd', 'b']]);
});

test('findCycles reports two disjoint cycles separately, ordered by first member', () => {
  const g = buildGraph(chain({ x: ['y'], y: ['x'], a: ['c'], b: ['a'], c: ['b'], free: [] }));
  assert.deepEqual(g.findCycles().map(names), [
    ['a', 'b', 'c', 'a'],
    ['x', 'y', 'x'],
  ]);
  assert.deepEqual(buildGraph(diamond()).findCycles(), []);
});

test('findCycles picks the shortest way back inside a larger knot', () => {
  // a → b → c → a and a → d → a share a: the reported path is the 2-step one.
  const g = buildGraph(chain({ a: ['c', 'd'], b: ['a'], c: ['b'], d: ['a'] }));
  assert.deepEqual(g.findCycles().map(names), [['a', 'd', 'a']]);
});

test('ordering a cyclic graph throws GraphCycleError naming the cycle', () => {
  const g = buildGraph(chain({ a: ['c'], b: ['a'], c: ['b'] }));
  assert.throws(
    () => g.topologicalOrder(),
    (err: unknown) =>
      err instanceof GraphCycleError &&
      err.code === 'bronze/dag-cycle' &&
      err.message.startsWith('The DAG has a cycle: model.proj.a → model.proj.b → model.proj.c → model.proj.a.') &&
      err.location?.file === '/work/proj/models/a.sql',
  );
  assert.throws(() => g.levels(), GraphCycleError);
});

test('disabled nodes and the tests on them leave the graph; dangling deps are reported', () => {
  const b = new ProjectBuilder();
  const a = b.model('a');
  const off = b.model('off', { config: { enabled: false } });
  const c = b.model('c', { deps: [a, off, 'model.proj.ghost'] });
  const t1 = b.generic('not_null', off, { column: 'id' });
  const t2 = b.generic('not_null', a, { column: 'id' });
  const src = b.source('raw', 'users', { enabled: false });
  const g = buildGraph(b.build());
  assert.deepEqual(g.nodeIds(), [a, c, t2]);
  assert.equal(g.has(off) || g.has(t1) || g.has(src), false);
  assert.deepEqual(g.missing, [
    { from: c, to: 'model.proj.ghost', reason: 'unknown' },
    { from: c, to: off, reason: 'disabled' },
  ]);
  assert.deepEqual(buildGraph(b.build(), { includeDisabled: true }).nodeIds(), [a, c, off, src, t2, t1]);
});

test('a 50,000-node chain neither overflows the stack nor goes quadratic', () => {
  const edges: Record<string, string[]> = {};
  const n = 50_000;
  for (let i = 0; i < n; i++) edges[`n${String(i).padStart(5, '0')}`] = i === 0 ? [] : [`n${String(i - 1).padStart(5, '0')}`];
  const g = buildGraph(chain(edges));
  assert.deepEqual(g.findCycles(), []);
  const order = g.topologicalOrder();
  assert.equal(order.length, n);
  assert.equal(order[n - 1], m('n49999'));
  assert.equal(g.ancestors(m('n49999')).length, n - 1);
});
