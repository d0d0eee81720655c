// "Bronze: Select target" as a person uses it: click the Bronze status bar item, pick the snowflake target in the
// quick pick, see the status bar say so, reload the window and see the choice kept (it lives in the workspace
// state), then switch back to local the same way.
import assert from 'node:assert/strict';

export const name = 'select-target';

// VS Code prefixes the item id (bronze.status) with the extension id.
const ITEM = '[id="bronze.bronze.bronze.status"]';

/** The status bar item's visible text (its codicon is an empty span). */
async function statusText(page) {
  return ((await page.locator(ITEM).first().textContent()) ?? '').trim();
}

async function waitForStatus(page, expected, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await statusText(page).catch(() => '');
    if (last === expected) return;
    if (Date.now() > deadline) {
      const ids = await page.locator('.statusbar-item').evaluateAll((items) => items.map((i) => i.id));
      throw new Error(`the Bronze status bar item says "${last}", expected "${expected}" after ${timeoutMs / 1000} s (status bar items: ${ids.join(', ')})`);
    }
    await page.waitForTimeout(100);
  }
}

/** Clicks the status bar item, checks the quick pick lists both targets with `current` marked, picks `target`. */
async function pickTarget(page, target, current) {
  await page.locator(ITEM).first().click();
  const row = page.locator(`.quick-input-widget .monaco-list-row[aria-label*="${target}"]`).first();
  await row.waitFor({ timeout: 15000 });
  const rows = await page.locator('.quick-input-widget .monaco-list-row').evaluateAll((items) =>
    items.map((i) => [i.querySelector('.label-name')?.textContent?.trim() ?? '', i.querySelector('.quick-input-list-label-meta, .quick-input-list-detail')?.textContent?.trim() ?? '']),
  );
  assert.deepEqual(rows, [
    ['local', current === 'local' ? 'current' : ''],
    ['snowflake', current === 'snowflake' ? 'current' : ''],
  ]);
  await row.click();
}

export async function run({ page, helpers }) {
  await helpers.openFile(page, 'bz_users.sql');
  await waitForStatus(page, 'local');

  await pickTarget(page, 'snowflake', 'local');
  await waitForStatus(page, 'snowflake');
  await helpers.screenshot(page, 'select-target-snowflake');

  // Kept across a reload: the new extension host reads the choice back.
  await page.evaluate(() => (window.bronzeBeforeReload = true));
  await helpers.runCommand(page, 'Developer: Reload Window');
  await page.waitForFunction(() => window.bronzeBeforeReload === undefined, undefined, { timeout: 30000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  await waitForStatus(page, 'snowflake');

  await pickTarget(page, 'local', 'snowflake');
  await waitForStatus(page, 'local');
}
