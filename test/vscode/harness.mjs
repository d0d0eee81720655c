// Drives the real VS Code workbench offline: code-server (Node 24, provisioned by provision.mjs) serves it on
// 127.0.0.1, Debian's Chromium renders it through playwright-core. Everything started here is tracked so that
// stopAll() — called from finally blocks, signal handlers and the hard timeout — leaves no process behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, node24Env, repoRoot, toolPaths } from './provision.mjs';

export const resultsDir = join(repoRoot, 'test-results', 'vscode');

/** Settings that keep the workbench quiet and offline (no walkthroughs, trust prompts, update or AI calls). */
export const defaultUserSettings = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  // Desktop VS Code's default: the browser workbench saves edited files after a delay, which made tests that
  // compare a model with its unsaved edit depend on timing.
  'files.autoSave': 'off',
  // No backups of unsaved editors: a window a test closes with an unsaved edit must not hand it to the next window
  // (each scenario opens a fresh page on the same server and workspace).
  'files.hotExit': 'off',
};

// ---------------------------------------------------------------------------------------------------------------
// Lifetime: everything started is registered here until stopped.

const running = new Set();

const cleanups = new Set();

/** Stops every server and browser this process started, then runs the onStop() cleanups. Safe to call twice. */
export async function stopAll() {
  await Promise.allSettled([...running].map((item) => item.stop()));
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      fn();
    } catch {
      // Best effort: a cleanup failing must not keep the others from running.
    }
  }
}

/** Registers a synchronous cleanup (e.g. removing a temp dir) for stopAll(); returns a function that runs it now. */
export function onStop(fn) {
  cleanups.add(fn);
  return () => {
    if (cleanups.delete(fn)) fn();
  };
}

// Last resort when the process exits without having awaited stopAll (uncaught error, process.exit): only
// synchronous work is possible here, so kill the process groups outright.
process.on('exit', () => {
  for (const item of running) item.killNow?.();
});

let handlersInstalled = false;
/** SIGINT/SIGTERM/SIGHUP stop everything, then exit 128+signal. Call once from a runner script. */
export function installSignalHandlers(log = (line) => console.error(line)) {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      log(`received ${signal}: stopping code-server and browsers`);
      stopAll().finally(() => process.exit(code));
    });
  }
}

/** Rejects with a clear message when `promise` takes longer than `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------
// code-server

/** A free TCP port on 127.0.0.1 (the kernel picks it; the socket is closed right before code-server binds). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** PIDs (from /proc) of the processes whose process group is `pgid`, with their command lines. */
export function groupProcesses(pgid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // The process exited while we looked.
    }
  }
  return found;
}

/**
 * Starts code-server in its own process group on a free 127.0.0.1 port with private user-data, extensions and
 * XDG config dirs, and waits until /healthz answers. `stop()` terminates the whole group and waits for it.
 */
export async function startCodeServer({ workspace, userSettings = {}, extensionsDir, startTimeoutMs = 60_000 } = {}) {
  const paths = toolPaths();
  if (!existsSync(paths.codeServerEntry)) throw new Error(`code-server is not provisioned (${paths.codeServerEntry}); run node test/vscode/provision.mjs`);
  if (workspace && !existsSync(workspace)) throw new Error(`workspace folder ${workspace} does not exist`);
  const started = Date.now();
  const state = mkdtempSync(join(tmpdir(), 'bronze-code-server-'));
  const userData = join(state, 'user-data');
  const exts = extensionsDir ?? join(state, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(exts, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...defaultUserSettings, ...userSettings }, null, 2));
  const logFile = join(state, 'code-server.log');
  const port = await freePort();
  const args = [
    paths.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', exts,
    '--config', '/dev/null',
    '--ignore-last-opened',
    // The default grace is 3 h: extension hosts of closed pages would live on holding workspace locks.
    '--reconnection-grace-time', '5',
    // Without it a built product silently ignores the test payload (extensionDevelopmentPath/extensionTestsPath).
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  if (workspace) args.push(resolve(workspace));
  const fd = openSync(logFile, 'a');
  // detached: setsid(), so the server, its extension hosts and file watchers form one group we can kill together.
  const child = spawn(paths.node, args, {
    cwd: state,
    detached: true,
    stdio: ['ignore', fd, fd],
    // Private XDG dirs: otherwise code-server writes ~/.config/code-server and its deviceid module ~/.cache.
    env: node24Env(paths, {
      XDG_CONFIG_HOME: join(state, 'xdg-config'),
      XDG_DATA_HOME: join(state, 'xdg-data'),
      XDG_CACHE_HOME: join(state, 'xdg-cache'),
    }),
  });
  closeSync(fd);
  const pgid = child.pid;
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  };

  let stopping;
  const server = {
    url: `http://127.0.0.1:${port}`,
    port,
    pgid,
    stateDir: state,
    userDataDir: userData,
    extensionsDir: exts,
    logFile,
    startMs: 0,
    log: logTail,
    /** Node extension hosts currently alive in the server's process group. */
    extensionHosts: () => groupProcesses(pgid).filter((p) => p.cmdline.includes('--type=extensionHost')),
    /** Waits until no extension host is alive (closed pages' hosts die after the reconnection grace time). */
    async waitForNoExtensionHosts(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (server.extensionHosts().length > 0) {
        if (Date.now() > deadline) return false;
        await sleep(200);
      }
      return true;
    },
    stop() {
      stopping ??= (async () => {
        killGroup(pgid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
        if (groupAlive(pgid)) {
          killGroup(pgid, 'SIGKILL');
          while (groupAlive(pgid)) await sleep(50);
        }
        running.delete(server);
        if (process.env.BRONZE_VSCODE_KEEP_STATE !== '1') rmSync(state, { recursive: true, force: true });
      })();
      return stopping;
    },
    killNow() {
      killGroup(pgid, 'SIGKILL');
    },
  };
  running.add(server);

  try {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (exited) throw new Error(`code-server exited during start-up (${exited.code ?? exited.signal}). Log ${logFile}:\n${logTail()}`);
      try {
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer ${server.url}/healthz within ${startTimeoutMs / 1000} s. Log:\n${logTail()}`);
      await sleep(100);
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  server.startMs = Date.now() - started;
  return server;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------------------------
// Browser

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless Debian Chromium with a throwaway profile; resolves to `{ context, page, close() }`. */
export async function openBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; install it with apt-get install -y --no-install-recommends chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'bronze-chromium-'));
  let context;
  try {
    // Our own handlers stop everything in order; Playwright's would race them.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs,
      viewport,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Chromium keeps crashpad's database in ~/.config/chromium and dconf in ~/.cache: give it a HOME of its own.
      env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: join(profile, '.config'), XDG_CACHE_HOME: join(profile, '.cache') },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closing;
  const browser = {
    context,
    page,
    close() {
      closing ??= (async () => {
        await withTimeout(context.close(), 15_000, 'closing Chromium').catch(() => context.browser()?.close());
        running.delete(browser);
        rmSync(profile, { recursive: true, force: true });
      })();
      return closing;
    },
    stop: () => browser.close(),
  };
  running.add(browser);
  return browser;
}

// ---------------------------------------------------------------------------------------------------------------
// Extension test suites inside the remote extension host

/** The workbench's remote authority (e.g. "remote"), read from the page's vscode-workbench-web-configuration meta. */
export async function remoteAuthority(url, workspace) {
  const res = await fetch(`${url}/?folder=${encodeURIComponent(resolve(workspace))}`);
  const html = await res.text();
  const meta = html.match(/<meta[^>]*id="vscode-workbench-web-configuration"[^>]*>/)?.[0];
  const raw = meta?.match(/data-settings="([^"]*)"/)?.[1];
  if (!raw) throw new Error(`${url} served no vscode-workbench-web-configuration meta (HTTP ${res.status}); is this code-server?`);
  const decoded = raw.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const authority = JSON.parse(decoded).remoteAuthority;
  if (typeof authority !== 'string' || authority === '') throw new Error(`no remoteAuthority in ${url}'s workbench configuration`);
  return authority;
}

/**
 * The workbench URL that loads `extensionPath` in development mode (from its folder, no .vsix) and, when
 * `testsEntry` is given, runs it in the extension host.
 */
export function payloadUrl({ url, authority, workspace, extensionPath, testsEntry, env = {} }) {
  const remote = (p) => `vscode-remote://${authority}${resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsEntry) payload.push(['extensionTestsPath', remote(testsEntry)]);
  payload.push(['extensionEnvironment', JSON.stringify(env)]);
  return `${url}/?folder=${encodeURIComponent(resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Runs the mocha suites of `testsEntry` (a module exporting run()) inside the real extension host with
 * `extensionPath` loaded. Resolves to `{ exitCode, results, log, ms }`; `results` is the JSON the suite index
 * wrote ({ passed, failed, pending, tests[] }) or null when the host never got that far.
 */
export async function runSuites({ url, extensionPath, testsEntry, workspace, env = {}, timeoutMs = 600_000, onLog } = {}) {
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'bronze-suites-'));
  const resultsFile = join(scratch, 'results.json');
  const removeScratch = onStop(() => rmSync(scratch, { recursive: true, force: true }));
  const browser = await openBrowser();
  const log = [];
  try {
    let reportExit;
    const exited = new Promise((r) => {
      reportExit = r;
    });
    // Both must exist before the workbench loads: it looks them up once, at start-up.
    await browser.page.exposeFunction('codeAutomationExit', (code) => {
      reportExit(Number(code));
    });
    await browser.page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      log.push(line);
      onLog?.(line, type);
    });
    const authority = await remoteAuthority(url, workspace);
    const target = payloadUrl({
      url,
      authority,
      workspace,
      extensionPath,
      testsEntry,
      env: { ...env, BRONZE_VSCODE_RESULTS: resultsFile },
    });
    await browser.page.goto(target);
    let exitCode;
    try {
      exitCode = await withTimeout(exited, timeoutMs, 'the extension test run');
    } catch (err) {
      throw new Error(
        `${err.message}: the workbench never reported codeAutomationExit (is --vscode-option enable-smoke-test-driver set, ` +
          `and does ${testsEntry} export run()?). Extension host output:\n${log.slice(-40).join('\n')}`,
      );
    }
    let results = null;
    if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    return { exitCode, results, log, ms: Date.now() - started };
  } finally {
    await browser.close();
    removeScratch();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers for scenarios: they act through the keyboard and visible UI, as a person would.

const quickInputRow = '.quick-input-widget .quick-input-list .monaco-list-row';

function cssString(s) {
  return JSON.stringify(s);
}

/**
 * Loads the workbench on `workspace` — with `extensionPath` loaded from its folder when given — and waits until
 * the Explorer shows the folder.
 */
export async function openWorkbench(page, url, workspace, { extensionPath, env, timeoutMs = 60_000 } = {}) {
  const target = extensionPath
    ? payloadUrl({ url, authority: await remoteAuthority(url, workspace), workspace, extensionPath, env })
    : `${url}/?folder=${encodeURIComponent(resolve(workspace))}`;
  await page.goto(target);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: timeoutMs });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
}

/**
 * Runs a command by its palette title (e.g. "Bronze: Run bronze model") through F1. Right after start-up the
 * extension's contributions may not be registered yet, so like a person it closes and reopens the palette
 * until the command shows up or `timeoutMs` passes.
 */
export async function runCommand(page, title, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator(`${quickInputRow}[aria-label*=${cssString(title)}]`).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: Math.max(500, Math.min(3000, deadline - Date.now())) });
      await row.click();
      return;
    } catch {
      const shown = await page.locator(quickInputRow).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
      await page.keyboard.press('Escape');
      if (Date.now() >= deadline) {
        throw new Error(`command "${title}" is not in the command palette after ${timeoutMs / 1000} s (shown: ${JSON.stringify(shown.slice(0, 8))})`);
      }
      await sleep(500);
    }
  }
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. Quick Open lists files only once
 * the workbench's file search has indexed the folder (late on a loaded machine): the query is typed again until the
 * file is listed or `timeoutMs` passes — a wait for that readiness, not a retry of the test.
 */
export async function openFile(page, name, timeoutMs = 60_000) {
  const base = name.split('/').pop();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator(`${quickInputRow}[aria-label*=${cssString(base)}]`).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Control+P');
    await input.waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
    await input.fill(name);
    try {
      await row.waitFor({ timeout: Math.max(500, Math.min(5000, deadline - Date.now())) });
      break;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() >= deadline) throw new Error(`Quick Open found no file matching "${name}" in the workspace after ${timeoutMs / 1000} s`);
    }
  }
  await row.click();
  await page.locator(`.tabs-container .tab[aria-label*=${cssString(base)}]`).first().waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
}

/**
 * Shows the Problems panel and returns its markers: `{ severity, message, line, column, label }` (1-based line
 * and column as the panel states them). Polls until at least `atLeast` markers are listed or `timeoutMs` passes.
 */
export async function problems(page, { atLeast = 0, timeoutMs = 15_000 } = {}) {
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.locator('.markers-panel').waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const labels = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    const markers = labels.map(parseMarkerLabel).filter((m) => m !== null);
    if (markers.length >= atLeast || Date.now() > deadline) return markers;
    await sleep(250);
  }
}

/** Parses a Problems row label such as "Warning: EXT: avoid SELECT * at line 1 and character 8." (file rows → null). */
export function parseMarkerLabel(label) {
  const m = label.match(/^(Error|Warning|Info): (.*) at line (\d+) and character (\d+)\.(?: generated by (.*))?$/s);
  if (!m) return null;
  return { severity: m[1].toLowerCase(), message: m[2], line: Number(m[3]), column: Number(m[4]), source: m[5] ?? null, label };
}

/** The content frame of the active webview (VS Code nests it: iframe.webview → #active-frame). */
export function webviewFrame(page, { index = -1 } = {}) {
  const outer = page.locator('iframe.webview.ready');
  return (index < 0 ? outer.last() : outer.nth(index)).contentFrame().locator('#active-frame').contentFrame();
}

/** Saves a full-window PNG as test-results/vscode/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Switches the color theme through "Preferences: Color Theme", e.g. setTheme(page, 'Light Modern'). */
export async function setTheme(page, theme, timeoutMs = 20_000) {
  await runCommand(page, 'Preferences: Color Theme', timeoutMs);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(theme);
  const row = page.locator(`${quickInputRow}[aria-label*=${cssString(theme)}]`).first();
  try {
    await row.waitFor({ timeout: timeoutMs });
  } catch {
    await page.keyboard.press('Escape');
    throw new Error(`no color theme named "${theme}"`);
  }
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
}

/**
 * Waits for a notification containing `text` and resolves to its message. VS Code does not always pop a toast
 * (e.g. while a webview takes focus the message goes straight to the notification center), so after a moment
 * it opens the center through the status-bar bell, as a person would.
 */
export async function notification(page, text, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  const item = page.locator('.notification-toast .notification-list-item, .notifications-center .notification-list-item').filter({ hasText: text }).first();
  const started = Date.now();
  for (;;) {
    if (await item.isVisible().catch(() => false)) {
      return (await item.locator('.notification-list-item-message').first().innerText()).trim();
    }
    if (Date.now() > deadline) throw new Error(`no notification containing "${text}" within ${timeoutMs / 1000} s`);
    const centerOpen = await page.locator('.notifications-center.visible').isVisible().catch(() => false);
    if (!centerOpen && Date.now() - started > 2000) await page.locator('[id="status.notifications"] a').click();
    await sleep(250);
  }
}

export const helpers = { openWorkbench, runCommand, openFile, problems, webviewFrame, screenshot, setTheme, notification };
