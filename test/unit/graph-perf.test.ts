import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, selectNodes } from '../../server/src/graph';
import { ProjectBuilder } from './helpers/graph-fixtures';

/** Deterministic PRNG (mulberry32), so every run builds the same project. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1,000 sources, 7,000 models with 1–3 earlier parents, 2,000 tests: 10,000 nodes. */
function bigProject() {
  const rand = rng(42);
  const b = new ProjectBuilder('big');
  const sources: string[] = [];
  for (let i = 0; i < 1000; i++) sources.push(b.source(`src${i % 20}`, `t${i}`));
  const models: string[] = [];
  for (let i = 0; i < 7000; i++) {
    const pool = i < 500 ? sources : models;
    const k = 1 + Math.floor(rand() * 3);
    const deps = new Set<string>();
    for (let j = 0; j < k; j++) deps.add(pool[Math.floor(rand() * pool.length)]);
    const folder = ['staging', 'intermediate', 'marts'][i % 3];
    models.push(
      b.model(`m${String(i).padStart(4, '0')}`, {
        deps: [...deps],
        path: `models/${folder}/m${i}.sql`,
        tags: i % 10 === 0 ? ['nightly'] : [],
        config: { materialized: i % 7 === 0 ? 'incremental' : 'view' },
      }),
    );
  }
  for (let i = 0; i < 2000; i++) b.generic('not_null', models[Math.floor(rand() * models.length)], { column: `c${i}` });
  return b.build();
}

function time<T>(label: string, fn: () => T, rows: string[]): T {
  let result = fn(); // warm the JIT so the printed number is the steady-state cost
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  rows.push(`${label.padEnd(38)} ${samples[4].toFixed(2)} ms`);
  return result;
}

test('10,000-node project: graph and selection timings (printed, not asserted)', () => {
  const project = bigProject();
  const rows: string[] = [];
  const graph = time('buildGraph', () => buildGraph(project), rows);
  assert.equal(graph.size, 10_000);
  // A fresh graph per timing so cached ranks do not hide the cost.
  const order = time('topologicalOrder (fresh graph)', () => buildGraph(project).topologicalOrder(), rows);
  assert.equal(order.length, 10_000);
  time('topologicalOrder (cached ranks)', () => graph.topologicalOrder(), rows);
  assert.deepEqual(time('findCycles (fresh graph)', () => buildGraph(project).findCycles(), rows), []);
  const levels = time('levels', () => graph.levels(), rows);
  assert.equal(levels.reduce((n, l) => n + l.length, 0), 10_000);
  time('upstreamWithin (every model)', () => graph.upstreamWithin(project.models.keys()), rows);
  const run = time('select default (every model)', () => selectNodes(project, graph, { resourceTypes: ['model'] }), rows);
  assert.equal(run.length, 7000);
  time('select tag:nightly+', () => selectNodes(project, graph, { select: ['tag:nightly+'] }), rows);
  time('select @m3500', () => selectNodes(project, graph, { select: ['@m3500'] }), rows);
  time('select path:models/marts,config…', () => selectNodes(project, graph, { select: ['path:models/marts,config.materialized:incremental'] }), rows);
  time('select fqn:* --exclude source:src1+', () => selectNodes(project, graph, { select: ['fqn:*'], exclude: ['source:src1+'] }), rows);
  console.log(`graph performance, 10,000 nodes (median of 9 warm runs):\n${rows.map((r) => `  ${r}`).join('\n')}`);
});
