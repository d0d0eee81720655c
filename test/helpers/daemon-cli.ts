// What the check daemon's end-to-end tests share: copies of the LSP base fixture (optionally padded past the caches'
// size threshold) in a folder removed after the file's tests, the CLI run as a user runs it (from sources, with the
// daemon's default-mode inputs CI / BRONZE_DAEMON under the test's control), and process probes.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'lsp', 'base');

/** Registers the file's temporary folder; the returned function copies the fixture there, with `pad` one-line models. */
export function fixtureProjects(prefix: string): { project: (pad?: number) => string; work: () => string } {
  let work = '';
  let n = 0;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), prefix));
  });
  after(() => rmSync(work, { recursive: true, force: true }));
  const project = (pad = 0): string => {
    const root = path.join(work, `p${n++}`);
    cpSync(FIXTURE, root, { recursive: true });
    if (pad > 0) {
      mkdirSync(path.join(root, 'models', 'pad'), { recursive: true });
      for (let i = 0; i < pad; i++) writeFileSync(path.join(root, 'models', 'pad', `pad_${i}.sql`), `select ${i} as n\n`);
    }
    return root;
  };
  return { project, work: () => work };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `bronze ARGS` from sources; CI and BRONZE_DAEMON are removed unless `extraEnv` sets them (the runner may be in CI). */
export function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  if (!('CI' in extraEnv)) delete env.CI;
  if (!('BRONZE_DAEMON' in extraEnv)) delete env.BRONZE_DAEMON;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'client', 'src', 'cli.ts'), ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
