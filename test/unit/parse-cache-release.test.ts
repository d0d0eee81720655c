// A parse cache whose deferred save has run belongs to nobody: the process's exit hook (registered by the first
// deferred save) must not keep that save's cache — every line it wrote, 14 MB for a 10,000-model project — alive
// for the life of a language server or check daemon. Its own file: the hook is registered once per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { flushParseCacheSaves, ParseCache, parseCacheTuning } from '../../server/src/project/parse-cache';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('a cache saved by saveLater is not kept alive once its save has run', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-parse-cache-release-'));
  const delay = parseCacheTuning.saveDelayMs;
  parseCacheTuning.saveDelayMs = 0;
  try {
    const file = path.join(dir, 'cache.jsonl');
    const held = (() => {
      const cache = ParseCache.open<unknown>(file);
      const entries = [{ key: 'k', data: { lines: ['a', 'b'] } }];
      cache.saveLater(entries);
      return [new WeakRef(cache), new WeakRef(entries)];
    })();
    flushParseCacheSaves();
    assert.match(readFileSync(file, 'utf8'), /^.*\nk\t\{"lines":\["a","b"\]\}\n$/);
    // The save's timer fires (and finds the save done) before the cache can be collected.
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
    gc();
    assert.deepEqual(
      held.map((w) => w.deref() === undefined),
      [true, true],
    );
  } finally {
    parseCacheTuning.saveDelayMs = delay;
    rmSync(dir, { recursive: true, force: true });
  }
});
