// `npm run test:vscode` (also the last step of `npm test`): runs the extension inside real VS Code, offline.
// provision → demo workspace → code-server → mocha suites in the extension host → Playwright scenarios →
// per-test lines, timings and one `N passed, N failed` line; exit 0/1. Everything started is stopped on every
// path out (finally, SIGINT/SIGTERM, the hard timeout).
//
// Flags (all optional; the defaults test this checkout):
//   --extension DIR   extension to load (default: the repository root holding this file)
//   --suites DIR      folder of *.test.cjs suites (default: test/vscode/suite)
//   --scenarios DIR   folder of *.mjs scenarios (default: test/vscode/scenarios)
//   --workspace DIR   open this folder instead of creating the demo project with bin/bronze
//   --env KEY=VALUE   extra environment for the extension host (repeatable)
//   --only suites|scenarios, --grep TEXT (mocha grep and scenario-name filter), --verbose (live host output)
//   --timeout SECONDS hard limit for the whole run (default 1200, or BRONZE_VSCODE_TIMEOUT)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { helpers, installSignalHandlers, onStop, openBrowser, openWorkbench, runSuites, screenshot, startCodeServer, stopAll, withTimeout } from './harness.mjs';
import { provision, repoRoot } from './provision.mjs';
import { prepareWorkspace } from './workspace.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string' },
    suites: { type: 'string' },
    scenarios: { type: 'string' },
    workspace: { type: 'string' },
    env: { type: 'string', multiple: true },
    only: { type: 'string' },
    grep: { type: 'string' },
    verbose: { type: 'boolean' },
    timeout: { type: 'string' },
  },
});

const here = join(repoRoot, 'test', 'vscode');
const extensionPath = resolve(opts.extension ?? repoRoot);
const suitesDir = resolve(opts.suites ?? join(here, 'suite'));
const scenariosDir = resolve(opts.scenarios ?? join(here, 'scenarios'));
const hardLimitS = Number(opts.timeout ?? process.env.BRONZE_VSCODE_TIMEOUT ?? 1200);
const scenarioLimitMs = Number(process.env.BRONZE_VSCODE_SCENARIO_TIMEOUT ?? 180) * 1000;

const extEnv = {};
for (const pair of opts.env ?? []) {
  const eq = pair.indexOf('=');
  if (eq <= 0) {
    console.error(`--env expects KEY=VALUE, got "${pair}"`);
    process.exit(2);
  }
  extEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
}
if (opts.only && opts.only !== 'suites' && opts.only !== 'scenarios') {
  console.error(`--only expects "suites" or "scenarios", got "${opts.only}"`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
const timings = [];
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const indent = (text, pad = '      ') => text.split('\n').map((l) => pad + l).join('\n');

function finish(code) {
  console.log(`timings: ${timings.map(([k, ms]) => `${k} ${secs(ms)}`).join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

installSignalHandlers();
const hardTimer = setTimeout(() => {
  console.log(`✘ test:vscode: hard timeout after ${hardLimitS} s — stopping everything (raise it with --timeout SECONDS)`);
  failed += 1;
  stopAll().finally(() => finish(1));
}, hardLimitS * 1000);

async function timed(label, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([label, Date.now() - started]);
  }
}

async function runExtensionSuites(server, workspace) {
  const files = existsSync(suitesDir) ? readdirSync(suitesDir).filter((f) => f.endsWith('.test.cjs')).sort() : [];
  if (files.length === 0) {
    console.log(`suites: none in ${suitesDir}`);
    return;
  }
  console.log(`suites: ${files.join(', ')} (extension ${extensionPath})`);
  const env = { ...extEnv, BRONZE_VSCODE_SUITE_DIR: suitesDir };
  if (opts.grep) env.BRONZE_VSCODE_GREP = opts.grep;
  const res = await runSuites({
    url: server.url,
    extensionPath,
    testsEntry: join(here, 'suite', 'index.cjs'),
    workspace,
    env,
    onLog: opts.verbose ? (line) => console.log(indent(line, '  │ ')) : undefined,
  });
  for (const t of res.results?.tests ?? []) {
    if (t.state === 'passed') console.log(`  ✔ [suite] ${t.fullTitle} (${t.durationMs} ms)`);
    else if (t.state === 'pending') console.log(`  - [suite] ${t.fullTitle} (pending)`);
    else console.log(`  ✘ [suite] ${t.fullTitle}\n${indent(t.error?.stack || t.error?.message || 'failed')}`);
  }
  passed += res.results?.passed ?? 0;
  failed += res.results?.failed ?? 0;
  const unexplained = res.exitCode !== 0 && (res.results?.failed ?? 0) === 0;
  if (!res.results || unexplained) {
    failed += 1;
    console.log(`  ✘ [suite] the extension host exited with ${res.exitCode} ${res.results ? 'although no test failed' : 'before writing results'}`);
  }
  if (!opts.verbose && (res.exitCode !== 0 || !res.results)) {
    // The gallery lookups fail offline by design; their stack traces would bury the real output.
    const useful = res.log.filter((l) => !l.includes('ENOTFOUND open-vsx.org'));
    console.log(`  extension host output (last 60 entries):\n${indent(useful.slice(-60).join('\n'), '  │ ')}`);
  }
}

async function loadScenarios() {
  if (!existsSync(scenariosDir)) return [];
  const list = [];
  for (const f of readdirSync(scenariosDir).filter((n) => n.endsWith('.mjs')).sort()) {
    const mod = await import(pathToFileURL(join(scenariosDir, f)).href);
    if (typeof mod.name !== 'string' || typeof mod.run !== 'function') {
      throw new Error(`${join(scenariosDir, f)} must export \`name\` (string) and \`async run({ page, url, workspace, helpers })\``);
    }
    if (!opts.grep || mod.name.includes(opts.grep)) list.push({ file: f, name: mod.name, run: mod.run, settings: mod.workspaceSettings });
  }
  return list;
}

async function runScenarios(server, workspace) {
  const scenarios = await loadScenarios();
  if (scenarios.length === 0) {
    console.log(`scenarios: none in ${scenariosDir}`);
    return;
  }
  for (const s of scenarios) {
    // The previous page's extension host lives on for the reconnection grace time; wait so it cannot hold
    // workspace locks (workspaceStorage, database files) while the next scenario starts.
    const waitStarted = Date.now();
    if (!(await server.waitForNoExtensionHosts())) console.log('  (an earlier extension host is still alive after 20 s)');
    const waitedMs = Date.now() - waitStarted;
    const started = Date.now();
    // Workspace settings a scenario starts with are on disk before its window opens: the window reads them at
    // startup, where a file written later reaches it only through the file watcher (late on a loaded machine).
    const settingsDir = join(workspace, '.vscode');
    if (s.settings) {
      mkdirSync(settingsDir, { recursive: true });
      writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify(s.settings, null, 2));
    }
    const browser = await openBrowser();
    try {
      await withTimeout(
        (async () => {
          await openWorkbench(browser.page, server.url, workspace, { extensionPath, env: extEnv });
          await s.run({ page: browser.page, url: server.url, workspace, helpers, server });
        })(),
        scenarioLimitMs,
        `scenario "${s.name}"`,
      );
      passed += 1;
      console.log(`  ✔ [scenario] ${s.name} (${Date.now() - started} ms; waited ${waitedMs} ms for the previous extension host)`);
    } catch (err) {
      failed += 1;
      let shot = '';
      try {
        shot = ` — screenshot ${await screenshot(browser.page, `${s.name}-failure`)}`;
      } catch {
        // The page may be gone (e.g. the timeout closed it); the error itself is what matters.
      }
      console.log(`  ✘ [scenario] ${s.name} (${s.file})${shot}\n${indent(err.stack ?? String(err))}`);
    } finally {
      await browser.close();
      if (s.settings) rmSync(settingsDir, { recursive: true, force: true });
    }
  }
}

let code = 1;
try {
  const tools = await timed('provision', () => provision({ log: (l) => console.log(l) }));
  console.log(`provision: ${tools.cold ? 'installed' : 'cached'} (${secs(tools.ms)})`);
  let workspaceDir = opts.workspace ? resolve(opts.workspace) : undefined;
  if (!workspaceDir) {
    const workspace = await timed('workspace', () => prepareWorkspace());
    workspaceDir = workspace.dir;
    onStop(workspace.dispose);
  }
  const server = await timed('server start', () => startCodeServer({ workspace: workspaceDir }));
  console.log(`code-server: ${server.url} (pgid ${server.pgid}, ready in ${secs(server.startMs)})`);
  if (opts.only !== 'scenarios') await timed('suites', () => runExtensionSuites(server, workspaceDir));
  if (opts.only !== 'suites') await timed('scenarios', () => runScenarios(server, workspaceDir));
  code = failed > 0 ? 1 : 0;
} catch (err) {
  failed += 1;
  console.log(`✘ test:vscode: ${err.message}`);
} finally {
  await timed('stop', () => stopAll());
  clearTimeout(hardTimer);
}
finish(code);
