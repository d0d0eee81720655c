// Engine benchmark: load + DAG and compile-every-model on generated projects, against a floor measured in the
// same run (walk + read every file + js-yaml load of every YAML file, nothing else).
// Usage: node --import tsx bench/compile.ts [--quick] [--sizes 1000,10000] [--reps 3] [--profile]
// Every measurement runs in a fresh Node process: the first repetition is "cold" (what `bronze compile` pays),
// the median of the others "warm" (what a long-lived language server pays on a reload).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { generateProject } from './gen-project';
import { build as esbuild } from 'esbuild';
import { bundleBenchScript } from './bundle';
import { loadBundleMap, profileTables } from './cpu-profile';
import { fmtMs, fmtRatio, intArg, median, nowMs, parseArgs, removeDir, runChild, table, tempDir } from './bench-util';

import { loadProject } from '../server/src/project';
import { buildGraph } from '../server/src/graph';
import { Engine, offlineResolver, type RenderContextOptions } from '../server/src/engine';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');

type Step = 'floor' | 'load' | 'compile';

interface StepResult {
  /** Per repetition, per phase, milliseconds. */
  reps: Record<string, number>[];
  counts: Record<string, number>;
}

/** Wall and CPU (user + system of this process) milliseconds since `start`, recorded under `key`. */
function lap(rec: Record<string, number>, key: string, start: { wall: number; cpu: NodeJS.CpuUsage }): { wall: number; cpu: NodeJS.CpuUsage } {
  const cpu = process.cpuUsage(start.cpu);
  const now = { wall: nowMs(), cpu: process.cpuUsage() };
  rec[key] = now.wall - start.wall;
  rec[`${key}Cpu`] = (cpu.user + cpu.system) / 1000;
  return now;
}

const mark = () => ({ wall: nowMs(), cpu: process.cpuUsage() });

/** The floor: what any loader must do at least — list, read and YAML-parse every file. */
function floor(dir: string): { files: number; yamlFiles: number; bytes: number } {
  let files = 0;
  let yamlFiles = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const text = readFileSync(p, 'utf8');
        files++;
        bytes += text.length;
        if (p.endsWith('.yml') || p.endsWith('.yaml')) {
          jsYaml.load(text);
          yamlFiles++;
        }
      }
    }
  };
  walk(dir);
  return { files, yamlFiles, bytes };
}

async function child(step: Step, dir: string, reps: number, first: boolean): Promise<StepResult> {
  const out: StepResult = { reps: [], counts: {} };
  for (let r = 0; r < reps; r++) {
    if (step === 'floor') {
      const rec: Record<string, number> = {};
      const t0 = mark();
      const c = floor(dir);
      lap(rec, 'floor', t0);
      out.reps.push(rec);
      out.counts = c;
    } else if (step === 'load') {
      // `--first`: no parse cache, as on a project's first load ever (each repetition clears it).
      if (first) rmSync(path.join(dir, 'target'), { recursive: true, force: true });
      const rec: Record<string, number> = {};
      const t0 = mark();
      // What every CLI command does (Engine.open): a one-shot load that keeps no reload state.
      const project = await loadProject(dir, { reloadable: false });
      const t1 = lap(rec, 'loadProject', t0);
      const graph = buildGraph(project);
      lap(rec, 'buildGraph', t1);
      lap(rec, 'total', t0);
      out.reps.push(rec);
      out.counts = { models: project.models.size, tests: project.tests.size, sources: project.sources.size, graphNodes: graph.size, diagnostics: project.diagnostics.length };
    } else {
      const project = await loadProject(dir, {});
      const rec: Record<string, number> = {};
      const t0 = mark();
      const engine = Engine.fromProject(project);
      const t1 = lap(rec, 'engineSetup', t0);
      let chars = 0;
      const base: Omit<RenderContextOptions, 'resolve'> = {
        invocationId: '00000000-0000-0000-0000-000000000000',
        runStartedAt: new Date(0),
        fullRefresh: false,
        which: 'compile',
      };
      for (const model of project.models.values()) {
        const compiled = await engine.compileModel(model, { ...base, existing: null, resolve: offlineResolver(model.relation, 'first') });
        chars += compiled.sql.length;
      }
      lap(rec, 'compile', t1);
      out.reps.push(rec);
      out.counts = { models: project.models.size, compiledChars: chars };
    }
  }
  return out;
}

interface Measured {
  cold: Record<string, number>;
  warm: Record<string, number>;
  counts: Record<string, number>;
}

function coldWarm(result: StepResult): Measured {
  const cold = result.reps[0];
  const rest = result.reps.length > 1 ? result.reps.slice(1) : result.reps;
  const warm: Record<string, number> = {};
  for (const key of Object.keys(cold)) warm[key] = median(rest.map((r) => r[key]));
  return { cold, warm, counts: result.counts };
}

/**
 * The bench script and the parse worker bundled the way the CLI ships them: under tsx every child would also
 * time tsx's transpiling, and the loader's worker would start through tsx instead of its own small bundle.
 */
function bundleBench(): Promise<{ dir: string; script: string }> {
  return bundleBenchScript(ROOT, SCRIPT, 'compile-bench.mjs', { sourcemap: true });
}

let bundled: { dir: string; script: string } | undefined;

async function measure(step: Step, dir: string, reps: number, first = false): Promise<Measured> {
  const args = ['--child', step, '--dir', dir, '--reps', String(reps), ...(first ? ['--first'] : [])];
  return coldWarm(bundled ? await runChild<StepResult>(bundled.script, args, [], false) : await runChild<StepResult>(SCRIPT, args));
}

/** The median of each key over several measurements' cold repetitions (one fresh process each). */
function medianCold(ms: Measured[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(ms[0].cold)) out[key] = median(ms.map((m) => m.cold[key]));
  return out;
}

/** Re-runs a step once under --cpu-prof and prints where the time goes. */
async function profile(step: Step, dir: string, size: number): Promise<void> {
  // Inside bench/ so that the bundle's external packages resolve from the repository's node_modules.
  const profDir = mkdtempSync(path.join(ROOT, 'bench', '.profile-'));
  try {
    // Profile a bundle with a source map: code loaded through tsx reports every function on line 1.
    const bundle = path.join(profDir, 'compile-bench.mjs');
    await esbuild({ entryPoints: [SCRIPT], bundle: true, platform: 'node', format: 'esm', packages: 'external', sourcemap: 'external', outfile: bundle, logLevel: 'error' });
    await runChild<StepResult>(bundle, ['--child', step, '--dir', dir, '--reps', '1'], ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200'], false);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    const { totalMs, text } = profileTables(path.join(profDir, file), ROOT, loadBundleMap(bundle));
    console.log(`\nProfile of '${step}' at ${size.toLocaleString('en-US')} models (whole process ${fmtMs(totalMs)}, includes start-up and, for 'compile', the untimed load):`);
    console.log(`\n${text}`);
  } finally {
    removeDir(profDir);
  }
}

const LOAD_TARGET_MS = 1000;
const COMPILE_TARGET_MS = 3000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const childStep = args.values.get('child') as Step | undefined;
  if (childStep) {
    const dir = args.values.get('dir')!;
    console.log(JSON.stringify(await child(childStep, dir, intArg(args, 'reps', 3), args.values.has('first'))));
    return;
  }
  const sizes = (args.values.get('sizes') ?? (args.quick ? '1000,2000' : '1000,10000')).split(',').map((s) => Number(s.replace(/_/g, '')));
  const reps = intArg(args, 'reps', args.quick ? 2 : 3);
  const wantProfile = args.values.get('profile') === 'true';
  console.log(`Engine: load and compile — ${os.cpus().length} cores, Node ${process.version}, sizes ${sizes.join(', ')}, ${reps} repetitions per fresh process; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes inflate absolute times; ratios are measured in the same run)`);

  const rows: string[][] = [];
  const verdicts: string[] = [];
  bundled = await bundleBench();
  try {
  for (const size of sizes) {
    const dir = tempDir(`compile-${size}`);
    try {
      await generateProject(dir, size);
      const fl = await measure('floor', dir, reps);
      // The first load ever (no parse cache), then what every later command pays (a new process that finds the
      // parse cache: median of `reps` processes), and a repeat inside one warm process (`warm` columns).
      const firstLoad = await measure('load', dir, 1, true);
      const later: Measured[] = [];
      for (let r = 0; r < reps; r++) later.push(await measure('load', dir, 1));
      const ld = await measure('load', dir, reps);
      const laterLoad: Measured = { cold: medianCold(later), warm: ld.warm, counts: ld.counts };
      const firstRow: Measured = { cold: firstLoad.cold, warm: ld.warm, counts: ld.counts };
      const cp = await measure('compile', dir, reps);
      const n = size.toLocaleString('en-US');
      const row = (step: string, m: Measured, key: string) => [
        `${n}: ${step}`,
        fmtMs(m.cold[key]),
        fmtMs(m.cold[`${key}Cpu`]),
        fmtMs(m.warm[key]),
        fmtMs(m.warm[`${key}Cpu`]),
        fmtRatio(m.cold[`${key}Cpu`] / fl.cold.floorCpu),
        fmtRatio(m.warm[`${key}Cpu`] / fl.warm.floorCpu),
      ];
      rows.push(row(`floor (read ${fl.counts.files} files, js-yaml ${fl.counts.yamlFiles})`, fl, 'floor'));
      rows.push(row('first load: loadProject', firstRow, 'loadProject'));
      rows.push(row('first load: loadProject + buildGraph', firstRow, 'total'));
      rows.push(row('later load: loadProject', laterLoad, 'loadProject'));
      rows.push(row('later load: buildGraph', laterLoad, 'buildGraph'));
      rows.push(row('later load: loadProject + buildGraph', laterLoad, 'total'));
      rows.push(row('Engine.fromProject', cp, 'engineSetup'));
      rows.push(row(`compile ${cp.counts.models} models`, cp, 'compile'));
      if (ld.counts.models !== size) throw new Error(`loadProject found ${ld.counts.models} models, expected ${size}`);
      if (size >= 10_000) {
        // The targets are elapsed times on 2 cores; CPU is printed beside them because on a shared machine wall
        // time also counts waiting for a core (compare the load average printed at the start).
        const firstOk = firstLoad.cold.total <= LOAD_TARGET_MS;
        const laterOk = laterLoad.cold.total <= LOAD_TARGET_MS;
        const loadOk = firstOk && laterOk;
        const compileOk = cp.cold.compile <= COMPILE_TARGET_MS;
        verdicts.push(`${n} models: first load + DAG ${fmtMs(firstLoad.cold.total)} wall, ${fmtMs(firstLoad.cold.totalCpu)} CPU (target ≤ ${fmtMs(LOAD_TARGET_MS)}): ${firstOk ? 'MET' : 'MISSED'}`);
        verdicts.push(`${n} models: later load + DAG ${fmtMs(laterLoad.cold.total)} wall, ${fmtMs(laterLoad.cold.totalCpu)} CPU (target ≤ ${fmtMs(LOAD_TARGET_MS)}): ${laterOk ? 'MET' : 'MISSED'}`);
        verdicts.push(`${n} models: compile ${fmtMs(cp.cold.compileCpu)} CPU, ${fmtMs(cp.cold.compile)} wall, cold (target ≤ ${fmtMs(COMPILE_TARGET_MS)}): ${compileOk ? 'MET' : 'MISSED'}`);
        if (wantProfile || !loadOk) await profile('load', dir, size);
        if (wantProfile || !compileOk) await profile('compile', dir, size);
      } else if (wantProfile) {
        await profile('load', dir, size);
        await profile('compile', dir, size);
      }
      console.log(`  ${n} models: ${ld.counts.tests} tests, ${ld.counts.sources} sources, ${ld.counts.diagnostics} load diagnostics, ${(fl.counts.bytes / 1e6).toFixed(1)} MB`);
    } finally {
      removeDir(dir);
    }
  }
  } finally {
    removeDir(bundled.dir);
  }
  console.log();
  console.log(table(['step', 'cold wall', 'cold CPU', 'warm wall', 'warm CPU', 'cold CPU ÷ floor', 'warm CPU ÷ floor'], rows));
  if (verdicts.length) console.log('\n' + verdicts.join('\n'));
}

await main();
