// The workspace the real-VS-Code suites and scenarios open: the Bronze demo project, written by the CLI itself.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './provision.mjs';

export const DEMO_ROWS = 2000;

/**
 * Runs `node bin/bronze demo <tmp>/demo --rows 2000` and resolves to `{ dir, root, ms, dispose() }`, where `dir`
 * is the demo project and `dispose()` removes the temp folder. Fails with what to do when the CLI is not built.
 */
export async function prepareWorkspace({ root = repoRoot, rows = DEMO_ROWS } = {}) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    throw new Error(`${cli} is missing, so the demo workspace cannot be created: build the CLI first (npm run build)`);
  }
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'bronze-vscode-ws-'));
  const dir = join(tmp, 'demo');
  const dispose = () => rmSync(tmp, { recursive: true, force: true });
  const args = [join(root, 'bin', 'bronze'), 'demo', dir, '--rows', String(rows)];
  try {
    const { code, out } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c) => (text += c));
      child.stderr.on('data', (c) => (text += c));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, out: text }));
    });
    if (code !== 0) throw new Error(`node bin/bronze demo ${dir} --rows ${rows} failed (exit ${code}):\n${out.slice(-3000)}`);
    if (!existsSync(join(dir, 'dbt_project.yml'))) throw new Error(`node bin/bronze demo wrote no dbt_project.yml into ${dir}`);
  } catch (err) {
    dispose();
    throw err;
  }
  return { dir, root: tmp, ms: Date.now() - started, dispose };
}
