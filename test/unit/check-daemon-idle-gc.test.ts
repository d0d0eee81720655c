// The check daemon gives back what a load or an update left behind: once idle (and its caches' deferred saves done) it
// runs full collections (server/src/core/full-gc.ts through idle-collector.ts; here one round optimized for size, then the plain one that ends
// every series: two), which V8 does only minutes later; a request in the meantime puts them off, and an answer that
// changed nothing adds none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { CheckDaemon, daemonTuning } from '../../client/src/cli/check-daemon';
import { fullGc } from '../../server/src/core/full-gc';
import { ParseCache, parseCacheSavesPending, parseCacheTuning } from '../../server/src/project/parse-cache';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'zoom-mini');

const turn = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded: a hang fails, no duration is asserted) until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await sleep(10);
  assert.ok(cond(), `never happened: ${what}`);
}

/** A daemon on a copy of the fixture, with one idle round after `idleMs`; tuning and copy restored after `body`. */
async function withDaemon(idleMs: number, body: (daemon: CheckDaemon, root: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-idle-gc-'));
  const { idleGcMs, idleGcRounds } = daemonTuning;
  daemonTuning.idleGcMs = idleMs;
  daemonTuning.idleGcRounds = 1;
  try {
    const root = path.join(dir, 'p');
    cpSync(FIXTURE, root, { recursive: true, filter: (src) => !/[\\/](target|\.bronze)$/.test(src) });
    await body(new CheckDaemon({ root, vars: {} }), root);
  } finally {
    Object.assign(daemonTuning, { idleGcMs, idleGcRounds });
    rmSync(dir, { recursive: true, force: true });
  }
}

test('fullGc collects unreachable objects without exposing gc to this context or later ones', async () => {
  const ref = (() => new WeakRef({ big: new Array(1000).fill('x') }))();
  // A WeakRef's target is kept until the end of the job that made it.
  await turn();
  assert.equal(fullGc(), true);
  assert.equal(ref.deref(), undefined);
  assert.equal(runInNewContext('typeof gc'), 'undefined');
});

test('parseCacheSavesPending holds from a deferred save until its file is written', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-idle-gc-save-'));
  const delay = parseCacheTuning.saveDelayMs;
  parseCacheTuning.saveDelayMs = 0;
  try {
    const file = path.join(dir, 'cache.jsonl');
    const cache = ParseCache.open<unknown>(file);
    assert.equal(parseCacheSavesPending(), false);
    cache.saveLater([{ key: 'k', data: { a: 1 } }]);
    assert.equal(parseCacheSavesPending(), true);
    await until(() => !parseCacheSavesPending(), 'the save finished');
    assert.match(readFileSync(file, 'utf8'), /\nk\t\{"a":1\}\n$/);
  } finally {
    parseCacheTuning.saveDelayMs = delay;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the daemon collects once idle after a load and after an update, not after an unchanged answer', async () => {
  await withDaemon(20, async (daemon, root) => {
    // Two requests back to back: the first one's end does not start the idle wait while the second is queued.
    const first = daemon.check({});
    const second = daemon.check({});
    await first;
    assert.equal(daemon.collector.collections, 0);
    await second;
    assert.equal(daemon.counters.loads, 1);
    await until(() => daemon.collector.collections === 2, 'the collections after the load');

    await daemon.check({});
    assert.equal(daemon.counters.unchanged, 2);
    // Nothing was left to collect: well past idleGcMs, still two.
    await sleep(daemonTuning.idleGcMs * 10);
    assert.equal(daemon.collector.collections, 2);

    const model = path.join(root, 'models', (readdirSync(path.join(root, 'models'), { recursive: true }) as string[]).filter((f) => f.endsWith('.sql')).sort()[0]);
    writeFileSync(model, `${readFileSync(model, 'utf8')}\n-- edited\n`);
    await daemon.check({});
    assert.equal(daemon.counters.updates + daemon.counters.loads, 2);
    await until(() => daemon.collector.collections === 4, 'the collections after the update');
  });
});

test('a request arriving before the idle wait ends puts the collection off', async () => {
  await withDaemon(60_000, async (daemon) => {
    await daemon.check({});
    // The wait now under way is a minute long; a request cancels it and, once answered, starts a new one of the
    // current length — 0 here, so the collection follows this request, not the first wait.
    daemonTuning.idleGcMs = 0;
    await daemon.check({});
    await until(() => daemon.collector.collections === 2, 'the collections after the second request');
    await sleep(50);
    assert.equal(daemon.collector.collections, 2);
  });
});
