// The loader's speed machinery: the on-disk parse cache (hits, invalidation, overlay bypass, unsafe values,
// corrupt files) and the worker-thread parse (same results as parsing in-process). Functional only.
import { YamlTimestamp } from '../../server/src/core/yaml-python-values';
import { fromJs, pyRepr } from '../../server/src/template/values';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject, reloadFiles, type LoadedProject } from '../../server/src/project';
import { parseFile } from '../../server/src/project/files';
import { flushParseCacheSaves, jsonSafe, ParseCache, parseCacheKey, parseCachePath, parseCacheTuning } from '../../server/src/project/parse-cache';
import { ParsePool, parsePoolTuning } from '../../server/src/project/parse-pool';

function schemaYml(folder: number, extra = ''): string {
  return `version: 2
sources:
  - name: raw_f${folder}
    schema: RAW
    tables:
      - name: t0
        columns:
          - name: id
            data_tests: [not_null]
models:
  - name: m${folder}_a
    description: First model of folder ${folder}.
    columns:
      - name: id
        data_tests:
          - unique
          - not_null
  - name: m${folder}_b
    description: Second model of folder ${folder}.${extra}
`;
}

/** A project of `folders` folders (schema.yml + two models each); HOME inside it so no real profiles.yml is read. */
function tempProject(folders: number): { dir: string; env: Record<string, string>; schema: (f: number) => string; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-perf-'));
  writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: perf\nprofile: perf\nconfig-version: 2\n');
  for (let f = 0; f < folders; f++) {
    const d = path.join(dir, 'models', `f${f}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'schema.yml'), schemaYml(f));
    writeFileSync(path.join(d, `m${f}_a.sql`), `select id from {{ source('raw_f${f}', 't0') }}\n`);
    writeFileSync(path.join(d, `m${f}_b.sql`), `select id from {{ ref('m${f}_a') }}\n`);
  }
  return {
    dir,
    env: { HOME: path.join(dir, '.home') },
    schema: (f) => path.join(dir, 'models', `f${f}`, 'schema.yml'),
    // A reloadable load (the language server's) saves its cache a second later: run that save now, while the folder
    // exists, rather than let it recreate the folder after it is removed (or write into it while rmSync empties it).
    done: () => {
      flushParseCacheSaves();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything a load produces that callers see, as comparable JSON. */
function snapshot(p: LoadedProject): string {
  return JSON.stringify({
    models: [...p.models.entries()],
    tests: [...p.tests.entries()],
    sources: [...p.sources.entries()],
    diagnostics: p.diagnostics,
  });
}

/** The cache file's text once the saves a load scheduled have run. */
function cacheText(file: string): string {
  flushParseCacheSaves();
  return readFileSync(file, 'utf8');
}

/** The cache lines (without the header) as key → JSON text. */
function cacheLines(dir: string): Map<string, string> {
  const text = cacheText(parseCachePath(dir, 'target'));
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    out.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return out;
}

/** Runs `fn` with the cache on for any project size and the worker off (each test sets what it needs). */
async function withTuning<T>(cacheMin: number, pool: boolean, fn: () => Promise<T>): Promise<T> {
  const saved = { ...parseCacheTuning };
  const savedPool = { ...parsePoolTuning };
  parseCacheTuning.minFiles = cacheMin;
  parsePoolTuning.enabled = pool;
  try {
    return await fn();
  } finally {
    Object.assign(parseCacheTuning, saved);
    Object.assign(parsePoolTuning, savedPool);
  }
}

test('parse cache: first load writes one line per schema.yml, a second load is identical', async () => {
  const p = tempProject(3);
  try {
    await withTuning(1, false, async () => {
      const a = await loadProject(p.dir, { env: p.env });
      assert.equal(a.models.size, 6);
      assert.equal(a.tests.size, 9);
      const lines = cacheLines(p.dir);
      assert.deepEqual([...lines.keys()].sort(), [0, 1, 2].map((f) => parseCacheKey(p.schema(f), 'schema', schemaYml(f))).sort());
      const b = await loadProject(p.dir, { env: p.env });
      assert.equal(snapshot(b), snapshot(a));
      assert.equal(ParseCache.open(parseCachePath(p.dir, 'target')).loadedEntries, 3);
    });
  } finally {
    p.done();
  }
});

test('parse cache: a hit is used instead of parsing, and editing the file invalidates it', async () => {
  const p = tempProject(2);
  try {
    await withTuning(1, false, async () => {
      await loadProject(p.dir, { env: p.env });
      // Doctor the cached parse of folder 0: if the loader reads it, the description shows up.
      const file = parseCachePath(p.dir, 'target');
      const key0 = parseCacheKey(p.schema(0), 'schema', schemaYml(0));
      const doctored = cacheText(file).replace('First model of folder 0.', 'FROM THE CACHE');
      writeFileSync(file, doctored);
      const hit = await loadProject(p.dir, { env: p.env });
      assert.equal(hit.models.get('model.perf.m0_a')!.description, 'FROM THE CACHE');
      assert.equal(hit.models.get('model.perf.m1_a')!.description, 'First model of folder 1.');

      // An edit changes the key: the file is parsed again and its old line is dropped.
      const edited = schemaYml(0, ' Edited.');
      writeFileSync(p.schema(0), edited);
      const after = await loadProject(p.dir, { env: p.env });
      assert.equal(after.models.get('model.perf.m0_a')!.description, 'First model of folder 0.');
      assert.equal(after.models.get('model.perf.m0_b')!.description, 'Second model of folder 0. Edited.');
      const lines = cacheLines(p.dir);
      assert.equal(lines.has(key0), false);
      assert.equal(lines.has(parseCacheKey(p.schema(0), 'schema', edited)), true);
      assert.equal(lines.size, 2);
    });
  } finally {
    p.done();
  }
});

test('parse cache: overlay buffers bypass it (never read, never written)', async () => {
  const p = tempProject(2);
  try {
    await withTuning(1, false, async () => {
      await loadProject(p.dir, { env: p.env });
      const file = parseCachePath(p.dir, 'target');
      writeFileSync(file, cacheText(file).replace('First model of folder 0.', 'FROM THE CACHE'));
      // Same text as on disk (same content key), but it comes from the editor: parsed fresh.
      const same = await loadProject(p.dir, { env: p.env, overlay: new Map([[p.schema(0), schemaYml(0)]]) });
      assert.equal(same.models.get('model.perf.m0_a')!.description, 'First model of folder 0.');
      // An unsaved edit is not written to the cache either.
      const unsaved = schemaYml(0, ' Unsaved.');
      const o = await loadProject(p.dir, { env: p.env, overlay: new Map([[p.schema(0), unsaved]]) });
      assert.equal(o.models.get('model.perf.m0_b')!.description, 'Second model of folder 0. Unsaved.');
      assert.equal(cacheLines(p.dir).has(parseCacheKey(p.schema(0), 'schema', unsaved)), false);
      assert.equal(cacheLines(p.dir).has(parseCacheKey(p.schema(1), 'schema', schemaYml(1))), true);
      // The doctored line of the on-disk text is still there: the overlay loads neither used nor replaced it.
      assert.ok(cacheText(file).includes('FROM THE CACHE'));
    });
  } finally {
    p.done();
  }
});

test('parse cache: deleted files leave it; a corrupt file is ignored and rewritten', async () => {
  const p = tempProject(3);
  try {
    await withTuning(1, false, async () => {
      const first = await loadProject(p.dir, { env: p.env });
      unlinkSync(p.schema(2));
      await loadProject(p.dir, { env: p.env });
      assert.deepEqual([...cacheLines(p.dir).keys()].sort(), [0, 1].map((f) => parseCacheKey(p.schema(f), 'schema', schemaYml(f))).sort());
      writeFileSync(p.schema(2), schemaYml(2));
      writeFileSync(parseCachePath(p.dir, 'target'), 'not a cache\n\u0000garbage\tline\n');
      const again = await loadProject(p.dir, { env: p.env });
      assert.equal(snapshot(again), snapshot(first));
      assert.equal(cacheLines(p.dir).size, 3);
      // A line whose JSON is cut short counts as a miss, not a crash.
      const file = parseCachePath(p.dir, 'target');
      writeFileSync(file, cacheText(file).replace(/\t\{"kind":"schema"/, '\t{"kind":"sch'));
      assert.equal(snapshot(await loadProject(p.dir, { env: p.env })), snapshot(first));
    });
  } finally {
    p.done();
  }
});

test('parse cache: files whose values JSON cannot keep (dates, .inf) are not cached and stay exact', async () => {
  const p = tempProject(2);
  try {
    await withTuning(1, false, async () => {
      const text = schemaYml(0).replace('    description: First model of folder 0.\n', '    description: First model of folder 0.\n    meta:\n      since: 2024-01-31\n      limit: .inf\n');
      writeFileSync(p.schema(0), text);
      for (let i = 0; i < 2; i++) {
        const m = (await loadProject(p.dir, { env: p.env })).models.get('model.perf.m0_a')!;
        assert.ok(m.meta.since instanceof YamlTimestamp);
        assert.equal(String(m.meta.since), '2024-01-31');
        assert.equal(m.meta.limit, Infinity);
      }
      const lines = cacheLines(p.dir);
      assert.equal(lines.has(parseCacheKey(p.schema(0), 'schema', text)), false);
      assert.equal(lines.has(parseCacheKey(p.schema(1), 'schema', schemaYml(1))), true);
    });
  } finally {
    p.done();
  }
});

test("parse cache: a mapping with keys PyYAML reads as numbers (`1:`) is not cached, and keeps them cold and warm", async () => {
  const p = tempProject(2);
  try {
    await withTuning(1, false, async () => {
      const text = schemaYml(0).replace('    description: First model of folder 0.\n', '    description: First model of folder 0.\n    meta:\n      thresholds: {1: low, 2: high}\n');
      writeFileSync(p.schema(0), text);
      for (let i = 0; i < 2; i++) {
        const m = (await loadProject(p.dir, { env: p.env })).models.get('model.perf.m0_a')!;
        assert.equal(pyRepr(fromJs(m.meta.thresholds)), "{1: 'low', 2: 'high'}", `load ${i + 1}`);
      }
      const lines = cacheLines(p.dir);
      assert.equal(lines.has(parseCacheKey(p.schema(0), 'schema', text)), false);
      assert.equal(lines.has(parseCacheKey(p.schema(1), 'schema', schemaYml(1))), true);
    });
  } finally {
    p.done();
  }
});

test('parse cache: diagnostics of a cached file come back with the same ranges; reloadFiles still works', async () => {
  const p = tempProject(2);
  try {
    await withTuning(1, false, async () => {
      writeFileSync(p.schema(1), schemaYml(1).replace('  - name: m1_b\n', '  - name: m1_b\n    descripton: typo\n'));
      const a = await loadProject(p.dir, { env: p.env });
      const b = await loadProject(p.dir, { env: p.env });
      const unknown = b.diagnostics.filter((d) => d.code === 'bronze/unknown-key');
      assert.equal(unknown.length, 1);
      assert.equal(unknown[0].file, p.schema(1));
      assert.deepEqual(unknown[0].range, { start: { line: 18, character: 4 }, end: { line: 18, character: 14 } });
      assert.deepEqual(b.diagnostics, a.diagnostics);
      writeFileSync(p.schema(1), schemaYml(1, ' Reloaded.'));
      const r = await reloadFiles(b, [p.schema(1)]);
      assert.equal(r.models.get('model.perf.m1_b')!.description, 'Second model of folder 1. Reloaded.');
      assert.equal(r.diagnostics.filter((d) => d.code === 'bronze/unknown-key').length, 0);
    });
  } finally {
    p.done();
  }
});

test('parse cache: a load schedules its save; the next open of the cache sees it, with plain data only', async () => {
  const p = tempProject(2);
  try {
    await withTuning(1, false, async () => {
      await loadProject(p.dir, { env: p.env });
      // No flush here: opening the cache runs the save the load scheduled.
      assert.equal(ParseCache.open(parseCachePath(p.dir, 'target')).loadedEntries, 2);
      for (const json of cacheLines(p.dir).values()) {
        const data = JSON.parse(json) as Record<string, unknown>;
        assert.equal(data.kind, 'schema');
        assert.equal('locator' in data, false, 'the text index is not cached');
      }
    });
  } finally {
    p.done();
  }
});

test('parse cache: a one-shot load (bronze check) has written its cache when it returns', async () => {
  const p = tempProject(3);
  try {
    await withTuning(1, false, async () => {
      parseCacheTuning.saveDelayMs = 60_000;
      const loaded = await loadProject(p.dir, { env: p.env, reloadable: false });
      const file = parseCachePath(p.dir, 'target');
      assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 4, 'a header and one line per schema.yml');
      // The same project as a load that reads the cache back.
      const again = await loadProject(p.dir, { env: p.env, reloadable: false });
      assert.deepEqual([...again.models.keys()], [...loaded.models.keys()]);
      assert.deepEqual(again.diagnostics, loaded.diagnostics);
    });
  } finally {
    p.done();
  }
});

test('parse cache: the scheduled save finishes on its own after the load, without blocking it', async () => {
  const p = tempProject(3);
  try {
    await withTuning(1, false, async () => {
      parseCacheTuning.saveDelayMs = 0;
      await loadProject(p.dir, { env: p.env });
      const file = parseCachePath(p.dir, 'target');
      assert.equal(existsSync(file), false, 'nothing is written before the load has returned');
      for (let i = 0; i < 300 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(existsSync(file), true);
      assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 4, 'a header and one line per schema.yml');
    });
  } finally {
    p.done();
  }
});

test('small projects (fewer files than the threshold) write no cache', async () => {
  const p = tempProject(2);
  try {
    await withTuning(1000, false, async () => {
      await loadProject(p.dir, { env: p.env });
      assert.equal(existsSync(path.join(p.dir, 'target')), false);
    });
  } finally {
    p.done();
  }
});

test('worker parse: the worker parses part of the files and the results equal in-process parsing', async () => {
  const saved = { ...parsePoolTuning };
  parsePoolTuning.minFiles = 1;
  parsePoolTuning.minBytes = 1;
  parsePoolTuning.maxLoad = Infinity; // other test runs may be keeping the cores busy
  parsePoolTuning.minCores = 1; // this machine may have fewer cores than the default asks for
  const pool = ParsePool.start(10);
  try {
    assert.equal(pool.hasWorker, true);
    const items = [0, 1, 2, 3, 4, 5].map((f) => ({ abs: `/p/models/f${f}/schema.yml`, role: 'schema' as const, text: schemaYml(f) }));
    items.push({ abs: '/p/models/x.sql', role: 'model' as never, text: "select 1 from {{ ref('m0_a') }}" });
    const out = await pool.parse(items, true);
    assert.ok(out.some((o) => o.viaWorker), 'some files parsed by the worker');
    assert.ok(out.some((o) => !o.viaWorker), 'some files parsed here');
    for (let i = 0; i < items.length; i++) {
      const here = parseFile({ abs: items[i].abs, rel: '', role: items[i].role, dirs: [] }, items[i].text);
      assert.deepEqual(JSON.parse(JSON.stringify(out[i].parsed, (k, v) => (k === 'locator' || k === 'lines' ? undefined : v))), JSON.parse(JSON.stringify(here, (k, v) => (k === 'locator' || k === 'lines' ? undefined : v))));
      assert.equal(out[i].json !== undefined, items[i].role === 'schema');
    }
    assert.deepEqual(out[0].parsed.kind === 'schema' && out[0].parsed.locator.range(out[0].parsed.models[0].offset, 'm0_a'), {
      start: { line: 10, character: 10 },
      end: { line: 10, character: 14 },
    });
  } finally {
    pool.close();
    Object.assign(parsePoolTuning, saved);
  }
});

test('worker parse: a whole project loads the same with and without the worker', async () => {
  const p = tempProject(6);
  const saved = { ...parsePoolTuning };
  try {
    await withTuning(100000, false, async () => {
      const here = await loadProject(p.dir, { env: p.env });
      parsePoolTuning.enabled = true;
      parsePoolTuning.minFiles = 1;
      parsePoolTuning.minBytes = 1;
      parsePoolTuning.maxLoad = Infinity;
      parsePoolTuning.minCores = 1;
      const viaWorker = await loadProject(p.dir, { env: p.env });
      assert.equal(snapshot(viaWorker), snapshot(here));
      assert.equal(viaWorker.models.size, 12);
    });
  } finally {
    Object.assign(parsePoolTuning, saved);
    p.done();
  }
});

test('jsonSafe: exactly the values JSON keeps', () => {
  assert.equal(jsonSafe({ a: [1, 'x', null, true, { b: undefined }] }), true);
  assert.equal(jsonSafe({ d: new Date(0) }), false);
  assert.equal(jsonSafe([Number.NaN]), false);
  assert.equal(jsonSafe({ x: Infinity }), false);
  assert.equal(jsonSafe([undefined]), false);
  assert.equal(jsonSafe({ m: new Map() }), false);
  assert.equal(jsonSafe(Object.create(null)), true);
});

test('worker parse: no worker on a machine with fewer cores than minCores, even when idle', () => {
  const saved = { ...parsePoolTuning };
  parsePoolTuning.minFiles = 1;
  parsePoolTuning.minBytes = 1;
  parsePoolTuning.maxLoad = Infinity;
  parsePoolTuning.minCores = os.availableParallelism() + 1;
  const pool = ParsePool.start(10_000);
  try {
    assert.equal(pool.hasWorker, false);
  } finally {
    pool.close();
    Object.assign(parsePoolTuning, saved);
  }
});

test('parse cache: a file larger than one write is saved whole, at once and in the background', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-perf-chunks-'));
  try {
    const file = path.join(dir, 'target', '.bronze-cache', 'parse.jsonl');
    // 60 lines of ~40,000 characters (2.4 MB, non-ASCII included so bytes and characters differ).
    const entries = (tag: string) => Array.from({ length: 60 }, (_, i) => ({ key: `${tag}${i}`, value: { i, text: `é${tag}`.repeat(10_000 + i) } }));
    for (const [tag, write] of [
      ['sync', (c: ParseCache<unknown>) => Promise.resolve(c.save())],
      ['background', (c: ParseCache<unknown>) => c.saveInBackground()],
    ] as const) {
      const cache = ParseCache.open<unknown>(file);
      for (const e of entries(tag)) cache.set(e.key, JSON.stringify(e.value));
      assert.equal(await write(cache), true);
      const back = ParseCache.open<unknown>(file);
      assert.equal(back.loadedEntries, 60);
      for (const e of entries(tag)) assert.deepEqual(back.get(e.key), e.value);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parse cache: a save still pending when the process exits is written whole', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-perf-exit-'));
  try {
    const file = path.join(dir, 'target', '.bronze-cache', 'parse.jsonl');
    // A line already in the file and read back (kept), one it replaces, and new ones only serialized at exit.
    const first = ParseCache.open<unknown>(file);
    first.set('kept', JSON.stringify({ v: 'kept' }));
    first.set('replaced', JSON.stringify({ v: 'old' }));
    assert.equal(first.save(), true);
    const script = `
      import { ParseCache, parseCacheTuning } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../server/src/project/parse-cache.ts'))};
      parseCacheTuning.saveDelayMs = 60_000;
      const c = ParseCache.open(${JSON.stringify(file)});
      c.get('kept');
      c.get('replaced');
      c.saveLater([{ key: 'replaced', data: { v: 'new' } }, ...Array.from({ length: 40 }, (_, i) => ({ key: 'k' + i, data: { i, s: 'é'.repeat(50_000) } })), { key: 'unsafe', data: { d: new Date(0) } }]);
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const back = ParseCache.open<unknown>(file);
    assert.equal(back.loadedEntries, 42);
    assert.deepEqual(back.get('kept'), { v: 'kept' });
    assert.deepEqual(back.get('replaced'), { v: 'new' });
    for (let i = 0; i < 40; i++) assert.deepEqual(back.get(`k${i}`), { i, s: 'é'.repeat(50_000) });
    assert.equal(back.get('unsafe'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
