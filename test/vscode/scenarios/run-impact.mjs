// "Bronze: Preview run impact" as a person uses it on the demo's next batch: run bz_users, load the next day of
// RAW data (`bronze demo --next-batch`, as a user would from a terminal), preview what the incremental run will
// change, then run it and read the audit panel: the rows_affected the run reports is the number the impact view
// announced. Screenshots of the impact view in the dark, light and high-contrast themes
// (test-results/vscode/run-impact-*.png).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'run-impact';

const repo = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

/** The impact view's figures: first column label → second column text. */
async function figures(frame) {
  const rows = await frame.locator('#report table').first().locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return Object.fromEntries(rows.filter((r) => r.length === 2));
}

const num = (text) => Number(String(text).replace(/[^\d]/g, ''));

/** The audit panel's content frame among the open webviews (the impact view may be the last one). */
async function auditFrame(page, helpers) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const n = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < n; i++) {
      const f = helpers.webviewFrame(page, { index: i });
      if ((await f.locator('#invocations').count().catch(() => 0)) > 0) return f;
    }
    if (Date.now() > deadline) throw new Error(`no audit panel among ${n} webviews`);
    await page.waitForTimeout(500);
  }
}

/**
 * Opens the audit panel until it lists `count` invocations (a run's row appears once the run has finished) and
 * returns the rows_affected of bz_users in the newest one, which the panel selects.
 */
async function auditAfter(page, helpers, count) {
  const deadline = Date.now() + 90000;
  for (;;) {
    await helpers.runCommand(page, 'Bronze: Show audit panel');
    const frame = await auditFrame(page, helpers);
    const n = await frame.locator('#invocations li').count();
    const row = frame.locator('#rows tr[data-node="model.zoom_bronze.bz_users"][data-status="SUCCESS"]').first();
    if (n >= count && (await row.count()) > 0) {
      assert.equal(await frame.locator('#invocations li').first().getAttribute('aria-selected'), 'true', 'the newest run is the one shown');
      return { invocations: n, rows: num(await row.locator('td.num').first().textContent()) };
    }
    if (Date.now() > deadline) throw new Error(`the audit panel lists ${n} runs, expected ${count}`);
    await page.waitForTimeout(1000);
  }
}

export async function run({ page, workspace, helpers }) {
  // The audit panel before: how many runs it lists (an empty list is attached, not visible).
  await helpers.openFile(page, 'bz_users.sql');
  await helpers.runCommand(page, 'Bronze: Show audit panel');
  const before = await (await auditFrame(page, helpers)).locator('#invocations li').count();
  await helpers.openFile(page, 'bz_users.sql');
  await helpers.runCommand(page, 'Bronze: Run bronze model');
  await auditAfter(page, helpers, before + 1);

  // The next day of RAW data: new users and late updates of existing ones.
  execFileSync(process.execPath, [join(repo, 'bin', 'bronze'), 'demo', workspace, '--next-batch'], { stdio: 'pipe', timeout: 120000 });

  await helpers.openFile(page, 'bz_users.sql');
  await helpers.runCommand(page, 'Bronze: Preview run impact');
  const frame = helpers.webviewFrame(page);
  await frame.locator('#report table').first().waitFor({ timeout: 60000 });
  assert.match((await frame.locator('#title').textContent()) ?? '', /Run impact: bz_users/);
  const f = await figures(frame);
  assert.match((await frame.locator('#report p').first().textContent()) ?? '', /incremental run \(merge, the default strategy, unique key user_id\)\. Nothing was written\./);
  const inserted = num(f['inserted']);
  const updated = num(f['updated']);
  const affected = num(f['rows_affected the run will report']);
  assert.ok(inserted > 0 && updated > 0, JSON.stringify(f));
  assert.equal(inserted + updated, affected);
  for (const [theme, shot] of [
    ['Dark Modern', 'run-impact-dark'],
    ['Light Modern', 'run-impact-light'],
    ['Dark High Contrast', 'run-impact-high-contrast'],
  ]) {
    await helpers.setTheme(page, theme);
    await frame.locator('#report table').first().waitFor({ timeout: 20000 });
    await helpers.screenshot(page, shot);
  }
  await helpers.setTheme(page, 'Dark Modern');

  // The run the impact view described: the audit's rows_affected for it is the announced number.
  await helpers.openFile(page, 'bz_users.sql');
  await helpers.runCommand(page, 'Bronze: Run bronze model');
  const second = await auditAfter(page, helpers, before + 2);
  assert.equal(second.rows, affected, `the run reported ${second.rows} rows, the impact view said ${affected}`);
}
