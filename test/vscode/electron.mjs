// `npm run test:electron`: the same mocha suites (test/vscode/suite/index.cjs) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code. Where the download is impossible (offline CI)
// it says so in one line and exits 1 at once; `npm run test:vscode` is the offline route.
//
// Flags: --extension DIR, --suites DIR, --workspace DIR (as in run.mjs); BRONZE_VSCODE_VERSION picks the
// VS Code version (default "stable").
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './provision.mjs';
import { prepareWorkspace } from './workspace.mjs';

const { values: opts } = parseArgs({
  options: { extension: { type: 'string' }, suites: { type: 'string' }, workspace: { type: 'string' } },
});
const version = process.env.BRONZE_VSCODE_VERSION || 'stable';
const extensionPath = resolve(opts.extension ?? repoRoot);
const suitesDir = resolve(opts.suites ?? join(repoRoot, 'test', 'vscode', 'suite'));

let executable;
const started = Date.now();
try {
  // An idle timeout keeps a half-open network from hanging the run; offline, DNS fails within milliseconds.
  executable = await downloadAndUnzipVSCode({ version, timeout: 15_000, cachePath: join(repoRoot, '.vscode-test') });
} catch (err) {
  const reason = String(err?.message ?? err).split('\n')[0];
  console.log(`cannot download VS Code here: ${reason} (after ${Date.now() - started} ms); use npm run test:vscode`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'bronze-electron-'));
const resultsFile = join(scratch, 'results.json');
let workspace;
let failedToRun = null;
try {
  const dir = opts.workspace ? resolve(opts.workspace) : (workspace = await prepareWorkspace()).dir;
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: join(repoRoot, 'test', 'vscode', 'suite', 'index.cjs'),
    extensionTestsEnv: { BRONZE_VSCODE_RESULTS: resultsFile, BRONZE_VSCODE_SUITE_DIR: suitesDir },
    launchArgs: [dir, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  failedToRun = err;
}

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘';
    console.log(`  ${mark} [suite] ${t.fullTitle}${t.error ? `\n      ${t.error.message}` : ''}`);
  }
  passed = results.passed;
  failed = results.failed;
}
if (failedToRun && failed === 0) {
  failed = 1;
  console.log(`✘ test:electron: ${String(failedToRun.message ?? failedToRun)}`);
}
workspace?.dispose();
rmSync(scratch, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
