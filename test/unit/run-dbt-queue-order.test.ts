// dbt hands out ready nodes by (depth level, unique_id) (dbt-core graph/queue.py GraphQueue._get_scores); Bronze ran
// them in topological order with ties by unique_id, which starts a deep node before a shallow one whose id sorts later.
// A project that reads a table by its written-out name (no ref) works under dbt with one thread only in dbt's order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbtQueueOrder } from '../../client/src/run/dbt-queue-order';
import { runProject } from '../../client/src/run/runner';

test('levels first, then unique_id in code-point order within a level', () => {
  const upstream = new Map<string, string[]>([
    ['model.p.a', []],
    ['model.p.b', ['model.p.a']],
    ['model.p.z', []],
    ['model.p.C', ['model.p.b', 'model.p.z']],
    ['test.p.t', ['model.p.a']],
  ]);
  // A topological order with ties by id starts b (level 1) before z (level 0); dbt does not.
  assert.deepEqual(dbtQueueOrder(['model.p.a', 'model.p.b', 'model.p.C', 'model.p.z', 'test.p.t'], upstream), [
    'model.p.a',
    'model.p.z',
    'model.p.b',
    'test.p.t',
    'model.p.C',
  ]);
});

test('a node queued but not run (an ephemeral model) deepens its children', () => {
  const upstream = new Map<string, string[]>([
    ['model.p.a', []],
    ['model.p.eph', ['model.p.a']],
    ['model.p.b', ['model.p.eph']],
    ['model.p.c', ['model.p.a']],
  ]);
  // b sits at level 2 behind the ephemeral model, so c (level 1) goes first although 'b' < 'c'.
  assert.deepEqual(dbtQueueOrder(['model.p.a', 'model.p.b', 'model.p.c'], upstream), ['model.p.a', 'model.p.c', 'model.p.b']);
});

test('a long chain is ordered without recursion', () => {
  const upstream = new Map<string, string[]>();
  const ids: string[] = [];
  for (let i = 0; i < 50_000; i++) {
    const id = `model.p.m${String(i).padStart(6, '0')}`;
    upstream.set(id, i === 0 ? [] : [ids[i - 1]]);
    ids.push(id);
  }
  const order = dbtQueueOrder([...ids].reverse(), upstream);
  assert.deepEqual(order, ids);
});

test('with one thread a build runs level by level: a model reading a shallower model by name finds it built', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-queue-order-'));
  try {
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'dbt_project.yml'), "name: qo\nversion: '1.0.0'\nconfig-version: 2\nprofile: qo\nmodels:\n  qo:\n    +materialized: table\n");
    writeFileSync(join(dir, 'profiles.yml'), 'qo:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n      threads: 1\n');
    writeFileSync(join(dir, 'models', 'a_base.sql'), 'select 1 as id\n');
    // Level 1, id 'model.qo.b_reads' — before 'model.qo.z_lookup' in id order, after it in dbt's (level 0) order.
    writeFileSync(join(dir, 'models', 'b_reads.sql'), "select b.id, z.label from {{ ref('a_base') }} b join main.z_lookup z on z.id = b.id\n");
    writeFileSync(join(dir, 'models', 'z_lookup.sql'), "select 1 as id, 'one' as label\n");
    const started: string[] = [];
    const outcome = await runProject({ projectDir: dir, command: 'run', listener: { nodeStarted: (e) => started.push(e.name) } });
    assert.deepEqual(started, ['a_base', 'z_lookup', 'b_reads']);
    assert.deepEqual(Object.fromEntries(outcome.results.map((r) => [r.name, r.status])), { a_base: 'success', b_reads: 'success', z_lookup: 'success' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
