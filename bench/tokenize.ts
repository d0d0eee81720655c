// The SQL tokenizer's cost on real model text: every .sql file of test/fixtures, the demo and (when present)
// /work/realworld/*. Three views, as their callers use them: `lex` (the snowflake-on-duckdb translator and the
// emulator), `tokenize` segments (statement splitting) and `tokenizeSql` of the Jinja-masked text (the language
// server's analysis; `bronze check` runs it on every model). Each pass tokenizes the whole corpus; the table shows
// the median pass after warm-up passes, wall and CPU.
// Usage: node --import tsx bench/tokenize.ts [--quick] [--reps 15]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intArg, median, nowMs, parseArgs, table } from './bench-util';
import { lex, tokenize, tokenizeSql } from '../server/src/core/sql/tokenize';
import { scanJinja } from '../server/src/template/scan';
import { demoProjectFiles } from '../client/src/demo/project-files';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REALWORLD = '/work/realworld';

function sqlFiles(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'target' || e.name === 'dbt_packages') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sqlFiles(p, out);
    else if (e.name.endsWith('.sql')) out.push(p);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const reps = intArg(args, 'reps', args.quick ? 5 : 15);
const texts = sqlFiles(path.join(ROOT, 'test/fixtures'), []).map((f) => readFileSync(f, 'utf8'));
texts.push(...Object.entries(demoProjectFiles()).filter(([name]) => name.endsWith('.sql')).map(([, text]) => text));
if (existsSync(REALWORLD)) {
  for (const d of readdirSync(REALWORLD)) {
    const dir = path.join(REALWORLD, d);
    if (statSync(dir).isDirectory()) texts.push(...sqlFiles(dir, []).map((f) => readFileSync(f, 'utf8')));
  }
}
const masked = texts.map((t) => scanJinja(t).masked);
const chars = texts.reduce((n, t) => n + t.length, 0);

/** Median wall and CPU (user + system) time of one pass, after warm-up passes. CPU is the steadier figure on a shared machine. */
function measure(run: () => number): { ms: number; cpuMs: number; units: number } {
  let units = 0;
  for (let w = 0; w < 3; w++) units = run();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = nowMs();
    const c0 = process.cpuUsage();
    units = run();
    const c = process.cpuUsage(c0);
    times.push(nowMs() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpu), units };
}

const rows = [
  ['lex (raw text)', measure(() => texts.reduce((n, t) => n + lex(t).length, 0))],
  ['tokenize segments (raw text)', measure(() => texts.reduce((n, t) => n + tokenize(t).length, 0))],
  ['tokenizeSql (masked text)', measure(() => masked.reduce((n, t) => n + tokenizeSql(t).tokens.length, 0))],
] as const;

console.log(`${texts.length} files, ${(chars / 1e6).toFixed(2)} M chars; ${reps} passes; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log(
  table(
    ['view', 'median pass (wall)', 'median pass (CPU)', 'MB/s (CPU)', 'tokens'],
    rows.map(([name, r]) => [name, `${r.ms.toFixed(1)} ms`, `${r.cpuMs.toFixed(1)} ms`, (chars / 1e6 / (r.cpuMs / 1000)).toFixed(1), r.units.toLocaleString('en-US')]),
  ),
);
