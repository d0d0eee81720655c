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
