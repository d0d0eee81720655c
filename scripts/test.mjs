// `npm test`: type-check, every node:test suite (unit, lsp, snowflake, e2e) in one runner, then the
// real-VS-Code suites when the harness is present. Ends with one `N passed, N failed` line for all of them.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function run(cmd, args, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        out += chunk.toString();
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules' || name === 'vscode') continue;
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

const typecheck = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
if (typecheck.code !== 0) {
  console.log('typecheck failed');
  failed += 1;
} else passed += 1;

const suites = ['unit', 'lsp', 'snowflake', 'e2e'].filter((s) => only.length === 0 || only.includes(s));
const files = suites.flatMap((s) => findTests(join(root, 'test', s))).map((f) => relative(root, f));
if (files.length > 0) {
  const res = await run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    { capture: true },
  );
  countNodeTests(res);
}

/** Adds the totals node's test runner printed (spec reporter) to ours; a failing run with no failed test counts once. */
function countNodeTests(res) {
  const num = (label) => Number(res.out.match(new RegExp(`^ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
  passed += num('pass');
  failed += num('fail') + num('cancelled');
  skipped += num('skipped') + num('todo');
  if (res.code !== 0 && num('fail') + num('cancelled') === 0) failed += 1;
}

const harness = join(root, 'test/vscode/run.mjs');
if (existsSync(harness) && (only.length === 0 || only.includes('vscode')) && process.env.BRONZE_SKIP_VSCODE !== '1') {
  const res = await run(process.execPath, [harness], { capture: true });
  const m = [...res.out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (res.code !== 0 && (!m || Number(m[2]) === 0)) failed += 1;
  // The harness's own tests: its parsers, and the whole harness run on a throwaway extension, passing and failing.
  const self = join(root, 'test/vscode/harness.test.mjs');
  if (existsSync(self)) countNodeTests(await run(process.execPath, ['--test', '--test-reporter=spec', self], { capture: true }));
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
