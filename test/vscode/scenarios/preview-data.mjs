// "Bronze: Preview data" as a person uses it: open bz_users.sql, click its Preview data code lens, see the grid
// with its row count, NULLs styled apart, sort by a column; screenshots of the grid in the dark, light and
// high-contrast themes (test-results/vscode/preview-data-*.png).
import assert from 'node:assert/strict';

export const name = 'preview-data';

export async function run({ page, helpers }) {
  await helpers.openFile(page, 'bz_users.sql');
  // The model's "Preview data" code lens (the palette's fuzzy match would also offer the selection and CTE variants).
  const lens = page.locator('.codelens-decoration a').filter({ hasText: /^Preview data$/ }).first();
  await lens.waitFor({ timeout: 60000 });
  await lens.click();
  const frame = helpers.webviewFrame(page);
  await frame.locator('#grid-rows .grid-row').first().waitFor({ timeout: 60000 });
  const meta = (await frame.locator('#meta').textContent()) ?? '';
  assert.match(meta, /500 rows \(stopped at bronze\.previewLimit = 500; more exist\)/, meta);
  assert.match(meta, /target local/);
  // Only the rows in view exist in the DOM.
  const domRows = await frame.locator('#grid-rows .grid-row').count();
  assert.ok(domRows > 5 && domRows < 120, `${domRows} rows in the DOM`);
  // Sort by user_id descending (two clicks) and see the first row change accordingly.
  const header = frame.locator('.grid-head .hcell', { hasText: 'user_id' }).first();
  await header.click();
  await header.click();
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  const firstIds = await frame.locator('#grid-rows .grid-row .cell[data-c="0"]').evaluateAll((cells) => cells.slice(0, 5).map((c) => c.textContent));
  assert.deepEqual(firstIds, [...firstIds].sort().reverse());
  // The demo's company column has NULLs: shown as NULL, styled apart, titled SQL NULL.
  const nulls = frame.locator('#grid-rows .grid-row .cell.null');
  if ((await nulls.count()) > 0) assert.equal(await nulls.first().getAttribute('title'), 'SQL NULL');
  // Filter: only rows with a cell containing the text stay, and the count says so.
  await frame.locator('#filter').fill('enterprise');
  await frame.locator('#shown', { hasText: /of 500 rows match/ }).waitFor({ timeout: 10000 });
  const shown = (await frame.locator('#shown').textContent()) ?? '';
  const matching = Number(/^([\d,]+) of/.exec(shown)?.[1].replace(/,/g, ''));
  assert.ok(matching > 0 && matching < 500, shown);
  const visible = await frame.locator('#grid-rows .grid-row').evaluateAll((rows) => rows.map((r) => r.textContent.toLowerCase()));
  assert.ok(visible.length > 0 && visible.every((t) => t.includes('enterprise')), visible.slice(0, 3).join(' | '));
  await frame.locator('#filter').fill('');
  for (let i = 0; i < 100 && (await frame.locator('#shown').textContent()) !== ''; i++) await page.waitForTimeout(100);
  assert.equal(await frame.locator('#shown').textContent(), '');
  await copyFromGrid(page, frame);
  for (const [theme, shot] of [
    ['Dark Modern', 'preview-data-dark'],
    ['Light Modern', 'preview-data-light'],
    ['Dark High Contrast', 'preview-data-high-contrast'],
  ]) {
    await helpers.setTheme(page, theme);
    await frame.locator('#grid-rows .grid-row').first().waitFor({ timeout: 20000 });
    await helpers.screenshot(page, shot);
  }
  await helpers.setTheme(page, 'Dark Modern');
}

/** Polls the workbench page's clipboard until it holds `expected` (the copy goes page → extension host → workbench). */
async function clipboardBecomes(page, expected, what) {
  let last;
  for (let i = 0; i < 100; i++) {
    last = await page.evaluate(() => navigator.clipboard.readText());
    if (last === expected) return;
    await page.waitForTimeout(100);
  }
  assert.equal(last, expected, `the clipboard after ${what}`);
}

/**
 * Copy cell (button and Ctrl+C) and Copy rows (a shift-click range, in the sorted order shown) from the grid, read
 * back from the clipboard: a cell's text as shown, NULL as an empty string; rows as tab-separated lines under a
 * header of the column names.
 */
async function copyFromGrid(page, frame) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  const names = await frame.locator('#grid-head .hcell').evaluateAll((cells) => cells.slice(1).map((h) => h.firstChild.textContent.replace(/ [▲▼]$/, '')));
  assert.deepEqual(names.map((n) => n.toLowerCase()), ['user_id', 'user_name', 'email', 'company', 'plan_type', 'load_timestamp', 'update_timestamp', 'source_system']);
  const rows = frame.locator('#grid-rows .grid-row');
  /** The shown cells of the n-th row, NULL as null. */
  const rowValues = (n) => rows.nth(n).locator('.cell[data-c]').evaluateAll((cells) => cells.map((c) => (c.classList.contains('null') ? null : c.textContent)));
  const first = await rowValues(0);
  assert.ok(first.every((v) => v === null || !/[\t\n"]/.test(v)), 'the demo values need no quoting');

  await page.evaluate(() => navigator.clipboard.writeText('before the copy'));
  await rows.nth(0).locator('.cell[data-c="2"]').click();
  await frame.locator('#copy-cell').click();
  await clipboardBecomes(page, first[2], 'Copy cell on the email of the first row');

  // Rows 1–3 of the sorted view: click the first, shift-click the third, Copy rows.
  const range = [await rowValues(0), await rowValues(1), await rowValues(2)];
  assert.deepEqual(range.map((r) => r[0]), range.map((r) => r[0]).sort().reverse(), 'the rows are in the sorted order shown');
  await rows.nth(0).locator('.cell[data-c="0"]').click();
  await rows.nth(2).locator('.cell[data-c="0"]').click({ modifiers: ['Shift'] });
  assert.equal(await frame.locator('#grid-rows .grid-row.selected').count(), 3);
  await frame.locator('#copy-rows').click();
  const expected = [names.join('\t'), ...range.map((r) => r.map((v) => v ?? '').join('\t'))].join('\n');
  await clipboardBecomes(page, expected, 'Copy rows on a three-row selection');

  // Ctrl+C on a NULL cell copies an empty string, not 'NULL'. Sorted by company, NULLs come last: scroll to the
  // last row and wait until the virtualised grid has drawn it before clicking.
  const company = names.findIndex((n) => n.toLowerCase() === 'company');
  await frame.locator('#grid-head .hcell').nth(1 + company).click();
  await frame.locator('#grid-body').evaluate((body) => (body.scrollTop = body.scrollHeight));
  const last = frame.locator(`#grid-rows .grid-row[data-v="499"] .cell[data-c="${company}"]`);
  await last.waitFor({ timeout: 10000 });
  assert.equal(await last.getAttribute('class'), 'cell null', 'the demo has users without a company');
  // First Ctrl+C on that row's user_id: the key copies the current cell's text (so the empty copy below is ours).
  const id = frame.locator('#grid-rows .grid-row[data-v="499"] .cell[data-c="0"]');
  const idText = await id.textContent();
  assert.match(idText, /^USR-\d+$/);
  await id.click();
  await page.keyboard.press('Control+c');
  await clipboardBecomes(page, idText, 'Ctrl+C on a user_id cell');
  await last.click();
  await page.keyboard.press('Control+c');
  await clipboardBecomes(page, '', 'Ctrl+C on a NULL cell');
  await frame.locator('#grid-body').evaluate((body) => (body.scrollTop = 0));
}
