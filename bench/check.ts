// `bronze check` as a whole process, against a floor measured in the same run: a process that walks the project,
// reads every file and js-yaml-loads every YAML file, nothing else. Projects: the demo, a copy of
// /work/realworld/mattermost_analytics (when present; copied so its parse cache is not written into it), and a
// generated project. Both the check and the floor run as esbuild bundles (as the CLI ships), each in a fresh process.
// Usage: node --import tsx bench/check.ts [--quick] [--size 10000] [--reps 3] [--profile]
// --profile: after the table, one more warm check of the generated project under --cpu-prof, summarized.
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBenchScript } from './bundle';
import { loadBundleMap, profileTables } from './cpu-profile';
import { readProjectFloor } from './floor';
import { generateProject } from './gen-project';
import { fmtMs, fmtRatio, intArg, median, nowMs, parseArgs, removeDir, table, tempDir } from './bench-util';
import { runCheck } from '../client/src/cli/check';
import { writeDemoProject } from '../client/src/demo/project-files';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');
const MATTERMOST = '/work/realworld/mattermost_analytics';

interface ChildResult {
  cpuMs: number;
  maxRssMb: number;
  diagnostics?: number;
  files?: number;
}

async function child(step: string, dir: string): Promise<void> {
  let extra: Partial<ChildResult> = {};
  if (step === 'floor') extra = { files: readProjectFloor(dir) };
  else extra = { diagnostics: (await runCheck({ projectDir: dir, env: {} })).diagnostics.length };
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, ...extra }));
}

function bundle(): Promise<{ dir: string; script: string }> {
  return bundleBenchScript(ROOT, SCRIPT, 'check-bench.mjs', { sourcemap: true });
}

/** One fresh process: its wall time (spawn to exit, as a user waits for `bronze check`), CPU and peak RSS. */
function run(script: string, step: string, dir: string, nodeFlags: string[] = []): ChildResult & { wallMs: number } {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, [...nodeFlags, script, '--child', step, '--dir', dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = nowMs() - t0;
  if (r.status !== 0) throw new Error(`${step} ${dir} exited with ${r.status}: ${r.stderr.slice(-500)}`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildResult), wallMs };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const step = args.values.get('child');
  if (step) return child(step, args.values.get('dir')!);
  const reps = intArg(args, 'reps', 3);
  const size = intArg(args, 'size', args.quick ? 1000 : 10000);
  console.log(`bronze check bench: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const work = tempDir('bronze-check-bench-');
  const projects: { name: string; dir: string }[] = [];
  const demo = path.join(work, 'demo');
  await writeDemoProject(demo);
  projects.push({ name: 'demo', dir: demo });
  if (existsSync(path.join(MATTERMOST, 'dbt_project.yml'))) {
    const copy = path.join(work, 'mattermost_analytics');
    cpSync(MATTERMOST, copy, { recursive: true, filter: (src) => !src.startsWith(path.join(MATTERMOST, 'target')) });
    projects.push({ name: 'mattermost_analytics', dir: copy });
  }
  const gen = path.join(work, `gen-${size}`);
  await generateProject(gen, size);
  projects.push({ name: `generated ${size.toLocaleString('en-US')} models`, dir: gen });
  const b = await bundle();
  const rows: string[][] = [];
  try {
    for (const p of projects) {
      // Rep 1 of check is cold (no parse cache in target/); later reps reuse the cache the first one wrote.
      const floors = Array.from({ length: reps }, () => run(b.script, 'floor', p.dir));
      const checks = Array.from({ length: reps }, () => run(b.script, 'check', p.dir));
      const fl = median(floors.map((r) => r.wallMs));
      const flCpu = median(floors.map((r) => r.cpuMs));
      const cold = checks[0];
      const warm = checks.length > 1 ? checks.slice(1) : checks;
      const warmWall = median(warm.map((r) => r.wallMs));
      const warmCpu = median(warm.map((r) => r.cpuMs));
      rows.push([
        `${p.name} (${floors[0].files} files, ${cold.diagnostics} diagnostics)`,
        fmtMs(fl),
        fmtMs(cold.wallMs),
        fmtMs(warmWall),
        fmtRatio(warmWall / fl),
        fmtRatio(warmCpu / flCpu),
        `${Math.round(Math.max(...checks.map((r) => r.maxRssMb)))} MB`,
      ]);
    }
    console.log(table(['project', 'floor wall', 'check wall (cold)', 'check wall (warm)', 'warm wall ÷ floor', 'warm CPU ÷ floor', 'check peak RSS'], rows));
    if (args.values.has('profile')) profile(b.script, gen);
  } finally {
    removeDir(b.dir);
    removeDir(work);
  }
}

/** One more warm check under --cpu-prof (sampling every 200 µs), summarized by function. */
function profile(script: string, dir: string): void {
  const profDir = mkdtempSync(path.join(ROOT, 'bench', '.profile-'));
  try {
    run(script, 'check', dir, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200']);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    const { totalMs, text } = profileTables(path.join(profDir, file), ROOT, loadBundleMap(script));
    console.log(`\nProfile of a warm check of ${path.basename(dir)} (whole process ${fmtMs(totalMs)}):\n\n${text}`);
  } finally {
    removeDir(profDir);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
