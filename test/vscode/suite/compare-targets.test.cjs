// "Compare model data across two targets" in the real workbench: bz_users on `local` (the demo's DuckDB file)
// against bz_users on the `snowflake` target, served by our Snowflake emulator holding the same RAW rows with three
// deliberate differences. The model is first built on the emulator through the extension's own Run command.
// Leaves the workspace as it found it: target back to local, environment and bronze.previewLimit restored.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { startEmulator } = require('./emulator.cjs');
const { EXTENSION_ID, activateBronze, root } = require('./workbench.cjs');

/** A row's value by column name, whatever case the target reported the name in. */
const get = (row, name) => row[Object.keys(row).find((k) => k.toLowerCase() === name)];

// On the emulator only: one user gone, one user's plan changed, one user added (a copy of another under a new id).
const GONE = 'USR-0000002';
const CHANGED = 'USR-0000013';
const ADDED = 'USR-9999999';
const COLUMNS = 'user_id, user_name, email, company, plan_type, load_timestamp, update_timestamp, source_system';
const DIFFERENCES = [
  `delete from raw.users where user_id = '${GONE}'`,
  `insert into raw.users (${COLUMNS}) select '${ADDED}', ${COLUMNS.split(', ').slice(1).join(', ')} from raw.users where user_id = '${CHANGED}'`,
  `update raw.users set plan_type = 'Legacy' where user_id = '${CHANGED}'`,
];

describe('"Compare model data across two targets"', function () {
  this.timeout(240000);
  const PASSWORD = `compare-Pw-${process.pid}`;
  const keys = ['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_USER', 'SNOWFLAKE_PASSWORD', 'SNOWFLAKE_ROLE', 'SNOWFLAKE_HOST', 'SNOWFLAKE_PORT', 'SNOWFLAKE_PROTOCOL'];
  const savedEnv = {};
  let emulator;
  let tmp;

  before(async function () {
    await activateBronze();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bronze-suite-compare-'));
    const users = path.join(tmp, 'users.json');
    fs.writeFileSync(users, JSON.stringify({ tester: PASSWORD }));
    const args = ['--users', users, '--project', root(), '--tables', 'users'];
    for (const sql of DIFFERENCES) args.push('--exec', sql);
    emulator = await startEmulator(vscode.extensions.getExtension(EXTENSION_ID).extensionPath, 'test/vscode/demo-emulator.ts', args, 120000);
    for (const k of keys) savedEnv[k] = process.env[k];
    // The demo's snowflake target reads these; the runner and the previews run inside this extension host.
    Object.assign(process.env, {
      SNOWFLAKE_ACCOUNT: 'emu_account',
      SNOWFLAKE_USER: 'tester',
      SNOWFLAKE_PASSWORD: PASSWORD,
      SNOWFLAKE_ROLE: 'TRANSFORMER',
      SNOWFLAKE_HOST: '127.0.0.1',
      SNOWFLAKE_PORT: String(emulator.port),
      SNOWFLAKE_PROTOCOL: 'http',
    });
    // A cap above the model's row count, so that the comparison covers every row.
    await vscode.workspace.getConfiguration('bronze').update('previewLimit', 100000, vscode.ConfigurationTarget.Workspace);
  });

  after(async function () {
    await vscode.workspace.getConfiguration('bronze').update('previewLimit', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('bronze.selectTarget', 'local');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of keys) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    if (emulator) await emulator.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('builds bz_users on the Snowflake emulator, then reports exactly the rows and values the two targets differ in', async function () {
    assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'local'), 'local');
    const local = await vscode.commands.executeCommand('bronze.previewData', { model: 'bz_users' });
    assert.equal(local.type, 'grid', JSON.stringify(local).slice(0, 500));
    assert.equal(local.grid.truncated, false);
    const localIds = local.grid.cells.map((r) => r[0]);
    assert.ok(localIds.includes(GONE) && localIds.includes(CHANGED) && !localIds.includes(ADDED), 'the demo has the users the differences name');
    const users = localIds.length;

    // Built there through the extension, as a user would before comparing.
    assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'snowflake'), 'snowflake');
    const built = await vscode.commands.executeCommand('bronze.runModel', { model: 'bz_users' });
    assert.deepEqual(built.results.map((r) => [r.name, r.status]), [['bz_users', 'success']], JSON.stringify(built.results).slice(0, 800));
    assert.equal(built.results[0].rowsAffected, users, 'one user fewer and one more than on local');
    assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'local'), 'local');

    const msg = await vscode.commands.executeCommand('bronze.compareTargets', { model: 'bz_users', target: 'snowflake' });
    assert.equal(msg.type, 'compare', JSON.stringify(msg).slice(0, 500));
    const c = JSON.parse(msg.json);
    assert.equal(c.left, 'local');
    assert.equal(c.right, 'snowflake');
    assert.deepEqual(c.key.map((k) => k.toLowerCase()), ['user_id']);
    assert.equal(c.partial, false);
    // Same columns; the twin's TIMESTAMP is Snowflake's TIMESTAMP_NTZ, not a type change.
    assert.deepEqual([c.columnsOnlyLeft, c.columnsOnlyRight, c.typeChanges], [[], [], {}]);
    assert.deepEqual(c.counts, { onlyLeft: 1, onlyRight: 1, changed: 1 });
    assert.equal(c.same, users - 2);
    assert.deepEqual(c.onlyLeft.map((r) => get(r, 'user_id')), [GONE]);
    assert.deepEqual(c.onlyRight.map((r) => get(r, 'user_id')), [ADDED]);
    assert.equal(c.changed.length, 1);
    assert.deepEqual(Object.values(c.changed[0].key), [CHANGED]);
    const changes = c.changed[0].changes;
    assert.deepEqual(Object.keys(changes).map((k) => k.toLowerCase()), ['plan_type']);
    const [before, after] = Object.values(changes)[0];
    const planOnLocal = local.grid.cells.find((r) => r[0] === CHANGED)[local.grid.columns.findIndex((col) => col.name.toLowerCase() === 'plan_type')];
    assert.deepEqual([before, after], [planOnLocal, 'Legacy']);
    // The added user is a copy of the changed one under a new id: its other values came across unchanged.
    assert.equal(get(c.onlyRight[0], 'email'), local.grid.cells.find((r) => r[0] === CHANGED)[local.grid.columns.findIndex((col) => col.name.toLowerCase() === 'email')]);
  });

  it('"Preview data" on the snowflake target shows the query id Snowflake gave the query', async function () {
    assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'snowflake'), 'snowflake');
    const msg = await vscode.commands.executeCommand('bronze.previewData', { model: 'bz_users' });
    assert.equal(msg.type, 'grid', JSON.stringify(msg).slice(0, 500));
    assert.equal(msg.grid.target, 'snowflake');
    assert.match(msg.grid.queryId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(msg.grid.cells.some((r) => r[0] === ADDED) && !msg.grid.cells.some((r) => r[0] === GONE), "the emulator's rows, not local's");
    assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'local'), 'local');
  });
});
