// The snowflake-on-duckdb rule's own work — split each model's Jinja-masked text into statements and translate each
// one — over the generated project's models (the largest share of a cold `bronze check` of it: every model misses the
// rule cache), as main-thread CPU (/proc/thread-self/schedstat, Linux): on a loaded machine the thread's own CPU
// moves far less than wall time. Each pass runs over the same texts; the table shows the fastest and the median
// pass. --tree DIR runs another checkout's translator (e.g. `git archive main | tar -x -C DIR`, with node_modules
// linked) in the same process order, alternating with this one's, for a comparison made under the same load.
// Usage: node --import tsx bench/translate-rule.ts [--models 3000] [--reps 15] [--tree DIR]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { fmtMs, intArg, median, parseArgs, removeDir, table, tempDir } from './bench-util';
import { generateProject } from './gen-project';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
}

/** In a child: `reps` passes of the rule's work with `tree`'s modules; prints the pass times as JSON. */
async function child(tree: string, dir: string, models: number, reps: number): Promise<void> {
  const { scanJinja } = (await import(path.join(tree, 'server/src/template/scan.ts'))) as typeof import('../server/src/template/scan');
  const { splitStatementsWithOffsets } = (await import(path.join(tree, 'server/src/core/sql/split.ts'))) as typeof import('../server/src/core/sql/split');
  const { translateWithMap } = (await import(path.join(tree, 'server/src/core/sql/snowflake-on-duckdb/translate.ts'))) as typeof import('../server/src/core/sql/snowflake-on-duckdb/translate');
  const texts: string[] = [];
  for (let i = 0; texts.length < models; i++) {
    const folder = Math.floor(i / 100);
    texts.push(scanJinja(readFileSync(path.join(dir, 'models', `f${folder}`, `bz_f${folder}_m${i % 100}.sql`), 'utf8')).masked);
  }
  const passes: number[] = [];
  let refused = 0;
  for (let r = 0; r < reps; r++) {
    refused = 0;
    const t0 = threadCpuMs();
    for (const t of texts) {
      for (const s of splitStatementsWithOffsets(t)) {
        try {
          translateWithMap(s.text);
        } catch {
          refused++;
        }
      }
    }
    passes.push(threadCpuMs() - t0);
  }
  console.log(JSON.stringify({ passes, refused }));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const models = intArg(args, 'models', 3000);
  const reps = intArg(args, 'reps', 15);
  const childTree = args.values.get('child-tree');
  if (childTree) return child(childTree, args.values.get('dir')!, models, reps);
  const work = tempDir('bronze-translate-rule-');
  try {
    await generateProject(work, models);
    const trees = [{ name: 'this checkout', dir: ROOT }];
    const other = args.values.get('tree');
    if (other) trees.push({ name: path.resolve(other), dir: path.resolve(other) });
    const runs = new Map<string, number[]>(trees.map((t) => [t.name, []]));
    // Alternated, each in a fresh process (3 rounds), so both meet the same load.
    for (let round = 0; round < 3; round++) {
      for (const t of round % 2 ? [...trees].reverse() : trees) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child-tree', t.dir, '--dir', work, '--models', String(models), '--reps', String(reps)], { encoding: 'utf8', cwd: ROOT });
        if (r.status !== 0) throw new Error(r.stderr.slice(-500));
        runs.get(t.name)!.push(...(JSON.parse(r.stdout.trim().split('\n').pop()!) as { passes: number[] }).passes);
      }
    }
    console.log(`The snowflake-on-duckdb rule's work over ${models} generated models: main-thread CPU per pass (${3 * reps} passes each)\n`);
    console.log(table(['translator', 'fastest pass', 'median pass'], trees.map((t) => [t.name, fmtMs(Math.min(...runs.get(t.name)!)), fmtMs(median(runs.get(t.name)!))])));
  } finally {
    removeDir(work);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
