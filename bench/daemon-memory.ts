// The check daemon's live data: a CheckDaemon (as `bronze daemon` runs it) loads the generated project, then one
// schema.yml is edited and checked again. After each step (and the caches' deferred saves): the RSS as the daemon
// sits idle 15 s later (BENCH_IDLE_MS; no collection forced by the bench — what `ps` shows of a real daemon then; V8's
// own memory reducer shrinks an idle heap only 1.5–3 minutes after a load, check-daemon.ts `collectWhenIdle`), then a
// forced full GC and the process's RSS at once and 3 s later (V8 unmaps freed pages on a background thread), V8's used
// heap and the external memory. `--detail`: every run's figures, heap spaces and /proc's RSS split;
// `--node-args "…"`: flags for the daemon's node. `--tree DIR` measures another checkout's daemon (e.g. a `git archive` of main with node_modules
// linked) in the same run, for a baseline; each side runs in a fresh process, as an esbuild bundle (as it ships).
// `--snapshot FILE`: a heap snapshot after the first load (read it with bench/heap-summary.ts).
// Usage: node --import tsx bench/daemon-memory.ts [--size 10000] [--reps 3] [--tree DIR] [--snapshot FILE] [--detail]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBenchScript } from './bundle';
import { generateProject } from './gen-project';
import { intArg, median, parseArgs, removeDir, table, tempDir } from './bench-util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Step {
  rssIdleMb: number;
  rssSettledMb: number;
  rssMb: number;
  heapTotalMb: number;
  heapMb: number;
  externalMb: number;
  diagnostics: number;
}
interface ChildOut {
  load: Step;
  edit: Step;
  peakMb: number;
}

/** The child: imported from the tree under test; `gc` is there (--expose-gc). */
const CHILD = `
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { CheckDaemon } from 'TREE/client/src/cli/check-daemon.ts';
const [dir, snapshot] = process.argv.slice(2);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 15000);
// The caches are saved a second after a load, in slices (parse-cache.ts saveLater): measured once that is done
// (both cache files written, no temp file left).
const settle = async () => {
  const cache = path.join(dir, 'target', '.bronze-cache');
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 500));
    let names = [];
    try { names = readdirSync(cache); } catch {}
    if (i >= 4 && names.length >= 2 && !names.some((n) => n.endsWith('.tmp'))) return;
  }
  throw new Error('the caches were not saved within 5 minutes');
};
let stepNo = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const step = async (diagnostics) => {
  await settle();
  // As the daemon sits idle (no forced GC here): IDLE_MS for its own collection once idle (check-daemon.ts) or V8's.
  await sleep(IDLE_MS);
  const rssIdleMb = process.memoryUsage().rss / 2 ** 20;
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  // V8 hands freed pages back on a background thread after a GC: the RSS read at once still counts some of them.
  await sleep(3000);
  const rssSettledMb = process.memoryUsage().rss / 2 ** 20;
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [+(s.space_used_size / 2 ** 20).toFixed(1), +(s.space_size / 2 ** 20).toFixed(1)]]));
  if (process.env.BENCH_SMAPS) writeFileSync(process.env.BENCH_SMAPS + '.' + (++stepNo), readFileSync('/proc/self/smaps', 'utf8'));
  let proc = '';
  try { proc = readFileSync('/proc/self/smaps_rollup', 'utf8').split('\\n').filter((l) => /^(Rss|Anonymous|Private_Dirty|Shared_Clean|Private_Clean):/.test(l)).join('; ').replace(/\\s+/g, ' ') + '; ' + (readFileSync('/proc/self/status', 'utf8').match(/Threads:\\s+\\d+/) ?? [''])[0]; } catch {}
  return { rssIdleMb, idleCollections: daemon.collector.collections, rssSettledMb, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, heapTotalMb: m.heapTotal / 2 ** 20, externalMb: (m.external + m.arrayBuffers) / 2 ** 20, diagnostics: diagnostics.length, spaces, proc };
};
const daemon = new CheckDaemon({ root: dir, vars: {} });
const load = await step(await daemon.check({}));
if (snapshot) v8.writeHeapSnapshot(snapshot);
const schema = path.join(dir, 'models', 'f0', 'schema.yml');
writeFileSync(schema, readFileSync(schema, 'utf8').replace('data_type: STRING', 'data_type: NUMBER'));
const edit = await step(await daemon.check({}));
if (daemon.counters.updates !== 1) throw new Error('the edit was not an update: ' + JSON.stringify(daemon.counters));
console.log(JSON.stringify({ load, edit, peakMb: process.resourceUsage().maxRSS / 1024 }));
`;

/** The child bundled in a folder of this checkout (its node_modules resolve the external packages), with the tree's parse worker beside it. */
async function bundleChild(tree: string): Promise<{ dir: string; script: string }> {
  // The entry names the tree's modules by absolute path: it can be written anywhere, and goes once bundled.
  const entryDir = mkdtempSync(path.join(os.tmpdir(), 'bronze-bench-entry-'));
  const entry = path.join(entryDir, 'entry.mjs');
  writeFileSync(entry, CHILD.replace('TREE', tree));
  try {
    return await bundleBenchScript(ROOT, entry, 'child.mjs', { workerTree: tree });
  } finally {
    removeDir(entryDir);
  }
}

function runDaemon(script: string, project: string, snapshot: string | undefined, nodeArgs: string[]): ChildOut {
  const r = spawnSync(process.execPath, ['--expose-gc', ...nodeArgs, script, project, ...(snapshot ? [snapshot] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`daemon child exited with ${r.status}: ${r.stderr.slice(-1500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildOut;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = intArg(args, 'size', 10000);
  const reps = intArg(args, 'reps', 3);
  const work = tempDir('daemon-memory');
  const gen = path.join(work, 'gen');
  await generateProject(gen, size);
  const trees: { name: string; tree: string }[] = [];
  const base = args.values.get('tree');
  if (base) trees.push({ name: `baseline (${base})`, tree: path.resolve(base) });
  trees.push({ name: 'this checkout', tree: ROOT });
  const bundles = await Promise.all(trees.map((t) => bundleChild(t.tree)));
  process.once('exit', () => bundles.forEach((b) => removeDir(b.dir)));
  console.log(`daemon memory: ${size} models, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const runs: ChildOut[][] = trees.map(() => []);
  // Alternated, each on a fresh copy of the project (the edit changes it; the daemon writes its caches there).
  for (let rep = 0; rep < reps; rep++) {
    for (let i = 0; i < trees.length; i++) {
      const copy = path.join(work, `p-${rep}-${i}`);
      spawnSync('cp', ['-r', gen, copy]);
      const snap = rep === 0 && i === trees.length - 1 ? args.values.get('snapshot') : undefined;
      runs[i].push(runDaemon(bundles[i].script, copy, snap, (args.values.get('node-args') ?? '').split(' ').filter(Boolean)));
      if (args.values.has('detail')) console.log(`${trees[i].name}, run ${rep + 1}: ${JSON.stringify(runs[i][rep])}`);
      removeDir(copy);
    }
  }
  const med = (i: number, f: (o: ChildOut) => number) => median(runs[i].map(f));
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const rows = trees.map((t, i) => {
    const ratio = (f: (o: ChildOut) => number) => (i === trees.length - 1 && trees.length > 1 ? ` (${(med(i, f) / med(0, f)).toFixed(2)}×)` : '');
    const cell = (f: (o: ChildOut) => number) => mb(med(i, f)) + ratio(f);
    return [
      t.name,
      cell((o) => o.load.rssIdleMb),
      cell((o) => o.load.rssSettledMb),
      cell((o) => o.load.heapMb),
      cell((o) => o.load.heapTotalMb),
      cell((o) => o.edit.rssIdleMb),
      cell((o) => o.edit.rssSettledMb),
      cell((o) => o.edit.heapMb),
      cell((o) => o.peakMb),
      String(runs[i][0].load.diagnostics),
    ];
  });
  console.log(`\nmedians of ${reps}; idle: as the daemon sits, no GC forced; GC: 3 s after a forced full GC; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(
    table(
      ['daemon', 'RSS idle after load', 'RSS after load + GC', 'heap used after load', 'heap total after load', 'RSS idle after schema.yml edit', 'RSS after edit + GC', 'heap used after edit', 'peak RSS', 'diagnostics'],
      rows,
    ),
  );
}

await main();
