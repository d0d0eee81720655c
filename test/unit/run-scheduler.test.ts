import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScheduled, type Job } from '../../client/src/run/scheduler';

type R = { id: string; ok: boolean; skippedBecause?: string; thread?: number };

function jobs(spec: Record<string, string[]>): Job<R>[] {
  return Object.entries(spec).map(([id, upstream]) => ({ id, upstream }));
}

const base = {
  blocksDownstream: (r: R) => !r.ok,
  skipped: (job: Job<R>, cause: string): R => ({ id: job.id, ok: false, skippedBecause: cause }),
};

test('runs jobs after their upstream and in order on one thread', async () => {
  const order: string[] = [];
  const res = await runScheduled(jobs({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] }), {
    ...base,
    threads: 1,
    run: async (job) => {
      order.push(job.id);
      return { id: job.id, ok: true };
    },
  });
  assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  assert.equal(res.size, 4);
});

test('a failure skips everything downstream, transitively, naming the failed job', async () => {
  const res = await runScheduled(jobs({ a: [], b: ['a'], c: ['b'], x: [] }), {
    ...base,
    threads: 2,
    run: async (job) => ({ id: job.id, ok: job.id !== 'a' }),
  });
  assert.equal(res.get('b')!.skippedBecause, 'a');
  assert.equal(res.get('c')!.skippedBecause, 'a');
  assert.equal(res.get('x')!.ok, true);
  assert.equal(res.get('x')!.skippedBecause, undefined);
});

test('uses up to N threads at once', async () => {
  let now = 0;
  let peak = 0;
  await runScheduled(jobs({ a: [], b: [], c: [], d: [], e: [] }), {
    ...base,
    threads: 3,
    run: async (job, thread) => {
      now++;
      peak = Math.max(peak, now);
      await new Promise((r) => setTimeout(r, 15));
      now--;
      return { id: job.id, ok: true, thread };
    },
  });
  assert.equal(peak, 3);
});

test('an abort stops scheduling; the rest are recorded as cancelled', async () => {
  const ctl = new AbortController();
  const res = await runScheduled(jobs({ a: [], b: ['a'], c: ['b'] }), {
    ...base,
    threads: 1,
    signal: ctl.signal,
    run: async (job) => {
      ctl.abort();
      return { id: job.id, ok: true };
    },
  });
  assert.equal(res.get('a')!.ok, true);
  assert.equal(res.get('b')!.skippedBecause, 'cancelled');
  assert.equal(res.get('c')!.skippedBecause, 'cancelled');
});

test('jobs caught in a cycle end as skipped instead of hanging', async () => {
  const res = await runScheduled(jobs({ a: ['b'], b: ['a'], c: [] }), {
    ...base,
    threads: 2,
    run: async (job) => ({ id: job.id, ok: true }),
  });
  assert.equal(res.get('a')!.skippedBecause, 'cycle');
  assert.equal(res.get('c')!.ok, true);
});
