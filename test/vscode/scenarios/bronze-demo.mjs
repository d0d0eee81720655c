// The Bronze demo as a person uses it: open a model, see a broken model's problems, run "Bronze: Run bronze
// model" from the command palette, read the audit panel's rows from the webview, preview the compiled SQL of
// an incremental model (its MERGE), with screenshots in a dark and a light theme.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'bronze-demo';

const BROKEN = join('models', 'bronze', 'bz_broken_scenario.sql');

async function auditRows(frame) {
  return frame.locator('#rows tr').evaluateAll((rows) =>
    rows.map((r) => ({
      node: r.getAttribute('data-node'),
      status: r.getAttribute('data-status'),
      name: r.querySelector('td.name button')?.textContent ?? '',
      rows: r.querySelector('td.num')?.textContent ?? '',
    })),
  );
}

/** Text of the editor whose tab is active in the group that holds `tabLabel` (spaces normalised). */
async function editorText(page, tabLabel) {
  const group = page.locator('.editor-group-container').filter({ has: page.locator(`.tab.active[aria-label*=${JSON.stringify(tabLabel)}]`) });
  const text = await group.locator('.monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

export async function run({ page, workspace, helpers }) {
  const broken = join(workspace, BROKEN);
  writeFileSync(broken, "-- deliberately broken: the model is bz_users\nselect * from {{ ref('bz_userz') }}\n");
  try {
    // 1. A model opens with Bronze's language.
    await helpers.openFile(page, 'bz_users.sql');
    await page.locator('.statusbar-item[aria-label*="Jinja SQL"], .statusbar-item [aria-label*="Jinja SQL"]').first().waitFor({ timeout: 15000 }).catch(() => undefined);

    // 2. The broken model's diagnostics in the Problems panel.
    await helpers.openFile(page, 'bz_broken_scenario.sql');
    const markers = await helpers.problems(page, { atLeast: 1, timeoutMs: 30000 });
    const bad = markers.find((m) => m.message.includes('bz_userz'));
    assert.ok(bad, `a problem about bz_userz (got ${JSON.stringify(markers.map((m) => m.label))})`);
    assert.equal(bad.severity, 'error');
    assert.equal(bad.line, 2);
    await page.locator('.squiggly-error').first().waitFor({ timeout: 10000 });
    await helpers.screenshot(page, 'bronze-editor-problems-light');

    // 3. "Bronze: Run bronze model" on bz_users from the command palette.
    await page.keyboard.press('Control+Shift+M'); // hide the panel again for room
    await helpers.openFile(page, 'bz_users.sql');
    await helpers.runCommand(page, 'Bronze: Run bronze model');

    // 4. The audit panel shows the run: bz_users SUCCESS, read from the webview's DOM.
    await helpers.runCommand(page, 'Bronze: Show audit panel');
    const frame = helpers.webviewFrame(page);
    await frame.locator('#rows tr[data-node="model.zoom_bronze.bz_users"][data-status="SUCCESS"]').waitFor({ timeout: 60000 });
    const rows = await auditRows(frame);
    assert.deepEqual(
      rows.map((r) => [r.name, r.status]),
      [['bz_users', 'SUCCESS']],
    );
    assert.match(rows[0].rows, /^[\d,.]+$/);
    assert.ok((await frame.locator('#invocations li.selected').count()) === 1, 'the run is the selected invocation');
    assert.ok((await frame.locator('#rows svg.spark polyline').count()) === 1, 'the history sparkline is drawn');
    // The page follows the theme through VS Code's CSS variables: light (the default here), dark, high contrast.
    await helpers.screenshot(page, 'bronze-audit-light');
    for (const [theme, shot] of [['Dark Modern', 'bronze-audit-dark'], ['Dark High Contrast', 'bronze-audit-high-contrast']]) {
      await helpers.setTheme(page, theme);
      await page.waitForTimeout(300);
      await frame.locator('#rows tr[data-status="SUCCESS"]').waitFor();
      await helpers.screenshot(page, shot);
    }
    // Keyboard: the status filter hides the row, the text filter narrows by name.
    await frame.locator('#status-filter').selectOption('FAILED');
    assert.equal(await frame.locator('#rows tr').count(), 0);
    await frame.locator('#status-filter').selectOption('');
    await frame.locator('#text-filter').fill('bz_users');
    assert.equal(await frame.locator('#rows tr').count(), 1);
    await frame.locator('#text-filter').fill('');

    // 5. The compiled SQL of the incremental model shows its MERGE.
    await helpers.openFile(page, 'bz_users.sql');
    await helpers.runCommand(page, 'Bronze: Preview compiled SQL');
    const previewTab = page.locator('.tabs-container .tab[aria-label*="bz_users.sql.compiled.sql"]').first();
    await previewTab.waitFor({ timeout: 20000 });
    await previewTab.click();
    await page.keyboard.press('Control+F');
    await page.keyboard.type('merge into');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    const deadline = Date.now() + 20000;
    let text = '';
    while (Date.now() < deadline) {
      text = await editorText(page, 'bz_users.sql.compiled.sql');
      if (/merge into/i.test(text)) break;
      await page.waitForTimeout(250);
    }
    assert.match(text, /merge into/i, `the preview shows the MERGE; visible text:\n${text.slice(0, 800)}`);
    await helpers.screenshot(page, 'bronze-preview-dark');
    await helpers.setTheme(page, 'Light Modern');
    await helpers.screenshot(page, 'bronze-preview-light');
  } finally {
    rmSync(broken, { force: true });
  }
}
