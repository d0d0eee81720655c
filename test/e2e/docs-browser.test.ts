// Opens the served docs of the demo project in headless Chromium, walks the lineage by clicking, and saves a
// screenshot of the model page under test-results/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { docsGenerate, docsServe } from '../../client/src/cli/docs';

const CHROMIUM = process.env.BRONZE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const RESULTS = path.resolve(import.meta.dirname, '..', '..', 'test-results');

test('docs in Chromium: overview → lineage → click a source → click its model → model page with columns, PII and SQL', async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-docs-e2e-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeDemoProject(dir);
  const { siteDir } = await docsGenerate({ projectDir: dir, catalog: 'skip' });
  const server = await docsServe({ siteDir, port: 0 });
  t.after(() => server.close());

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('request', (r) => requests.push(r.url()));

  await page.goto(server.url);
  await page.locator('main h1', { hasText: 'zoom_bronze' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.counts tr').count(), 4);

  await page.click('header nav a[href="#!/lineage"]');
  await page.locator('main h1', { hasText: 'Project lineage' }).waitFor({ timeout: 15000 });
  // 7 sources, 8 models, 36 model tests, the plan_types seed and its 5 tests, users_snapshot.
  assert.equal(await page.locator('main .lineage g.node').count(), 58);

  // Click the raw.users source in the graph, then bz_users in the source's lineage.
  await page.click('main .lineage g.node[data-id="source.zoom_bronze.raw.users"]');
  await page.locator('main h1', { hasText: 'raw.users source' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('main .lineage g.node.role-focus').getAttribute('data-id'), 'source.zoom_bronze.raw.users');
  await page.click('main .lineage g.node[data-id="model.zoom_bronze.bz_users"]');
  assert.equal(page.url(), `${server.url}#!/node/model.zoom_bronze.bz_users`);
  await page.locator('main h1', { hasText: 'bz_users model' }).waitFor({ timeout: 15000 });

  const facts = await page.locator('main dl.facts').innerText();
  assert.match(facts, /Relation\s+local\.bronze\.bz_users/);
  assert.match(facts, /Materialized\s+incremental/);
  assert.match(await page.locator('main .description').textContent() ?? '', /^Bronze copy of raw\.users/);
  const emailRow = page.locator('table.columns tr[data-column="email"]');
  assert.deepEqual(await emailRow.locator('td').allInnerTexts(), ['email', 'STRING', 'E-mail address of the user (personal data).', 'pii', 'contact', 'not_null']);
  assert.equal(await page.locator('main .lineage g.node.role-focus').getAttribute('data-id'), 'model.zoom_bronze.bz_users');
  assert.match(await page.locator('main pre.code').first().textContent() ?? '', /from local\.raw\.users/);
  assert.equal(await page.locator('#tree a.active').textContent(), 'bz_users');

  await mkdir(RESULTS, { recursive: true });
  const shot = path.join(RESULTS, 'docs-model-bz_users.png');
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(existsSync(shot));

  // The PII report and the sidebar filter.
  await page.click('header nav a[href="#!/pii"]');
  // The page renders on the hash change: wait for it before counting (count() does not wait).
  await page.locator('table.pii-table tbody tr').first().waitFor();
  assert.equal(await page.locator('table.pii-table tbody tr').count(), 4);
  await page.fill('#filter', 'not_null_bz_users_e');
  assert.deepEqual(await page.locator('#tree li:not([hidden]) a').allInnerTexts(), ['not_null_bz_users_email']);
  await page.fill('#filter', '');
  assert.equal(await page.locator('#tree li:not([hidden])').count(), 8 + 7 + 36 + 1 + 5 + 1);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), [], 'the site loads nothing from elsewhere');
});

test('target/index.html, the single-page site beside manifest.json, renders from file:// with no other request', async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-docs-single-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeDemoProject(dir);
  await docsGenerate({ projectDir: dir, catalog: 'skip' });
  const index = path.join(dir, 'target', 'index.html');
  assert.ok(existsSync(path.join(dir, 'target', 'manifest.json')), 'manifest.json beside index.html');

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${index}#!/node/model.zoom_bronze.bz_users`);
  await page.locator('main h1', { hasText: 'bz_users model' }).waitFor({ timeout: 15000 });
  assert.match(await page.locator('main dl.facts').innerText(), /Relation\s+local\.bronze\.bz_users/);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith('data:')), [`file://${index}#!/node/model.zoom_bronze.bz_users`].map((u) => u.split('#')[0]));
});
