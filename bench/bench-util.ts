// Shared helpers for the benchmarks: timing, child-process isolation, tables, temp dirs, args.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await fn();
  return { ms: nowMs() - t0, value };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A temp dir that is removed on exit, even when the bench throws or is interrupted. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bronze-bench-${prefix}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

process.once('SIGINT', () => process.exit(130));

/** Left-aligned first column, right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(header), sep, ...rows.map(line)].join('\n');
}

export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function fmtRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

export interface BenchArgs {
  quick: boolean;
  values: Map<string, string>;
  positional: string[];
}

/** `--quick`, `--name value` / `--name=value`, positionals. */
export function parseArgs(argv: string[]): BenchArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.set(a.slice(2), argv[++i]);
      else values.set(a.slice(2), 'true');
    } else positional.push(a);
  }
  return { quick, values, positional };
}

export function intArg(args: BenchArgs, name: string, fallback: number): number {
  const v = args.values.get(name);
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`--${name} must be a positive integer, got '${v}'`);
    process.exit(2);
  }
  return n;
}

/**
 * Runs this same script in a fresh Node process (so every measurement starts cold, as the CLI does) and
 * returns the JSON it prints on its last stdout line.
 */
export function runChild<T>(script: string, args: string[], nodeFlags: string[] = [], viaTsx = true): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...(viaTsx ? ['--import', 'tsx'] : []), script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: process.cwd(),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(script)} ${args.join(' ')} exited with ${code}`));
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${path.basename(script)} ${args.join(' ')} printed no result: ${out.slice(-500)}`));
      }
    });
  });
}
