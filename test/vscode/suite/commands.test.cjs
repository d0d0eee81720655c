// The Bronze commands the first suite does not drive — build, test, full refresh, run downstream, select target,
// Snowflake secrets, test connection, cancel, create demo project — executed in the real workbench on the demo
// project. Runs after bronze.test.cjs (files run in name order); it leaves the workspace as it found it.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { startEmulator } = require('./emulator.cjs');
const { EXTENSION_ID, activateBronze, root, sleep, until } = require('./workbench.cjs');

// Every test of the demo attached to bz_users (its own not_null/unique, the relationships of the other models, its unit test).
const BZ_USERS_TESTS = [
  'accepted_values_bz_users_plan_type__Free__Basic__Pro__Business__Enterprise',
  'assert_users_company_null_share',
  'not_null_bz_users_email',
  'not_null_bz_users_user_id',
  'relationships_bz_billing_events_user_id__user_id__ref_bz_users_',
  'relationships_bz_licenses_assigned_to_user_id__user_id__ref_bz_users_',
  'relationships_bz_meetings_host_id__user_id__ref_bz_users_',
  'relationships_bz_participants_user_id__user_id__ref_bz_users_',
  'relationships_bz_support_tickets_user_id__user_id__ref_bz_users_',
  'unique_bz_users_user_id',
  // The demo's unit test of bz_users (models/bronze/unit_tests.yml): selected with its model, as in dbt 1.8.
  'bz_users_keeps_latest_update_per_user',
];
const BZ_USERS_UNIT_TEST = 'bz_users_keeps_latest_update_per_user';
const byName = (a, b) => a[0].localeCompare(b[0]);


const modelFile = (name) => path.join(root(), 'models', 'bronze', `${name}.sql`);
const runFile = (name) => path.join(root(), 'target', 'run', 'zoom_bronze', 'models', 'bronze', `${name}.sql`);


/** [name, status] of a run's results, sorted by name so thread order does not matter. */
const statuses = (outcome) => outcome.results.map((r) => [r.name, r.status]).sort(byName);
const auditRows = (state) => state.rows.map((r) => [r.name, r.status]).sort(byName);
/** A test's name in the audit trail: a unit test's row names its model too (`bz_users.<test>`). */
const auditName = (t) => (t === BZ_USERS_UNIT_TEST ? `bz_users.${t}` : t);

/**
 * Runs a Bronze command and waits until the open audit panel shows its invocation, so that each test's assertions
 * on the panel are about its own run.
 */
async function run(api, command, arg) {
  const outcome = await vscode.commands.executeCommand(command, arg);
  assert.ok(outcome, `${command} returned an outcome`);
  await until(`the audit panel to show the ${command} run`, () => {
    const state = api.auditState();
    return state && state.selected === outcome.invocationId;
  }, 15000);
  return outcome;
}

/** A free TCP port nobody listens on: bound on port 0, then closed. */
function closedPort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Every regular file under dir whose bytes contain needle (the DuckDB files included). */
function filesContaining(dir, needle) {
  const hits = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.readFileSync(p).includes(Buffer.from(needle))) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

describe('Bronze commands', function () {
  this.timeout(120000);
  let api;

  before(async function () {
    api = await activateBronze();
    // Open during the runs, the panel follows each new run.
    await vscode.commands.executeCommand('bronze.showAuditPanel');
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Build" on bz_users runs the model, then its tests, and the audit panel shows all of them', async function () {
    // The relationships tests on bz_users read the other models' tables: build those first, as a user would.
    for (const m of ['bz_billing_events', 'bz_licenses', 'bz_meetings', 'bz_participants', 'bz_support_tickets']) {
      const o = await run(api, 'bronze.runModel', { model: m });
      assert.deepEqual(statuses(o), [[m, 'success']]);
    }
    const outcome = await run(api, 'bronze.buildModel', { model: 'bz_users' });
    assert.equal(outcome.exitCode, 0);
    assert.deepEqual(statuses(outcome), [['bz_users', 'success'], ...BZ_USERS_TESTS.map((t) => [t, 'pass'])].sort(byName));
    // build runs a model's unit tests first, then the model, then the data tests that read it.
    const result = (name) => outcome.results.find((r) => r.name === name);
    assert.ok(result(BZ_USERS_UNIT_TEST).completedAt <= result('bz_users').startedAt, 'the unit test ran before the model');
    for (const t of BZ_USERS_TESTS.filter((x) => x !== BZ_USERS_UNIT_TEST)) assert.ok(result('bz_users').completedAt <= result(t).startedAt, `${t} ran after the model`);
    const state = api.auditState();
    assert.deepEqual(auditRows(state), [['bz_users', 'SUCCESS'], ...BZ_USERS_TESTS.map((t) => [auditName(t), 'SUCCESS'])].sort(byName));
    assert.equal(state.invocations[0].counts.SUCCESS, 12);
    assert.equal(state.rows.find((r) => r.name === 'bz_users').nodeType, 'model');
    assert.equal(state.rows.find((r) => r.name === 'unique_bz_users_user_id').nodeType, 'test');
  });

  it('"Test" on bz_users runs only its data and unit tests, all passing', async function () {
    const outcome = await run(api, 'bronze.testModel', { model: 'bz_users' });
    assert.equal(outcome.exitCode, 0);
    assert.deepEqual(statuses(outcome), BZ_USERS_TESTS.map((t) => [t, 'pass']).sort(byName));
    const state = api.auditState();
    assert.deepEqual(auditRows(state), BZ_USERS_TESTS.map((t) => [auditName(t), 'SUCCESS']).sort(byName));
  });

  it('"Full refresh" rebuilds bz_users with CREATE OR REPLACE where a plain run merges', async function () {
    // The table exists (earlier runs), so a plain run is incremental: a temp table merged into the target.
    const plain = await run(api, 'bronze.runModel', { model: 'bz_users' });
    assert.deepEqual(statuses(plain), [['bz_users', 'success']]);
    const plainSql = fs.readFileSync(runFile('bz_users'), 'utf8');
    assert.match(plainSql, /^create schema if not exists local\.bronze;\ncreate or replace temp table temp\.main\.bz_users__dbt_tmp as \(/);
    assert.match(plainSql, /merge into local\.bronze\.bz_users/i);

    const full = await run(api, 'bronze.fullRefreshModel', { model: 'bz_users' });
    assert.equal(full.exitCode, 0);
    assert.deepEqual(statuses(full), [['bz_users', 'success']]);
    const fullSql = fs.readFileSync(runFile('bz_users'), 'utf8');
    assert.match(fullSql, /^create schema if not exists local\.bronze;\ncreate or replace table local\.bronze\.bz_users as \(/);
    assert.doesNotMatch(fullSql, /merge into/i);
    // A rebuild writes every user again; the incremental run before it only re-read its lookback window.
    assert.ok(full.results[0].rowsAffected > plain.results[0].rowsAffected, `${full.results[0].rowsAffected} > ${plain.results[0].rowsAffected}`);
    const state = api.auditState();
    assert.deepEqual(auditRows(state), [['bz_users', 'SUCCESS']]);
    assert.equal(state.rows[0].rowsAffected, full.results[0].rowsAffected);
  });

  it('the audit panel, closed during a run and opened again, shows the newest run (not the one it showed before)', async function () {
    const first = await run(api, 'bronze.runModel', { model: 'bz_users' });
    assert.equal(api.auditState().selected, first.invocationId);
    const tab = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /bronze\.audit/.test(t.input.viewType));
    assert.ok(tab(), 'the audit panel is open');
    await vscode.window.tabGroups.close(tab());
    await until('the audit panel to close', () => !tab() && api.auditState() === undefined);
    const second = await vscode.commands.executeCommand('bronze.runModel', { model: 'bz_users' });
    assert.notEqual(second.invocationId, first.invocationId);
    await vscode.commands.executeCommand('bronze.showAuditPanel');
    const state = await until('the reopened panel to show a run', () => api.auditState());
    assert.equal(state.selected, second.invocationId);
    assert.equal(state.invocations[0].invocationId, second.invocationId);
  });

  describe('a model downstream of bz_users', function () {
    const child = () => modelFile('bz_users_suite_child');
    after(() => fs.rmSync(child(), { force: true }));

    it('"Run with downstream" runs bz_users and then the model that selects from it', async function () {
      fs.writeFileSync(child(), "{{ config(materialized='table') }}\nselect user_id, email from {{ ref('bz_users') }}\n");
      const outcome = await run(api, 'bronze.runModelDownstream', { model: 'bz_users' });
      assert.equal(outcome.exitCode, 0);
      assert.deepEqual(outcome.results.map((r) => [r.name, r.status]), [['bz_users', 'success'], ['bz_users_suite_child', 'success']]);
      const state = api.auditState();
      assert.deepEqual(auditRows(state), [['bz_users', 'SUCCESS'], ['bz_users_suite_child', 'SUCCESS']]);
      assert.equal(state.invocations[0].total, 2);
    });
  });

  describe('targets and Snowflake secrets', function () {
    const SECRET = `suite-Pw-${process.pid}-${Date.now()}`;
    const ENV_PASSWORD = 'not-the-password-from-env';
    const keys = ['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_USER', 'SNOWFLAKE_PASSWORD', 'SNOWFLAKE_ROLE', 'SNOWFLAKE_HOST', 'SNOWFLAKE_PORT', 'SNOWFLAKE_PROTOCOL'];
    const savedEnv = {};
    let emulator;
    let tmp;

    before(async function () {
      for (const k of keys) savedEnv[k] = process.env[k];
      // The demo's snowflake target reads env vars; the runner runs inside this extension host, so they apply.
      Object.assign(process.env, {
        SNOWFLAKE_ACCOUNT: 'emu_account',
        SNOWFLAKE_USER: 'tester',
        SNOWFLAKE_PASSWORD: ENV_PASSWORD,
        SNOWFLAKE_ROLE: 'TRANSFORMER',
        SNOWFLAKE_HOST: '127.0.0.1',
        SNOWFLAKE_PROTOCOL: 'http',
      });
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bronze-suite-emu-'));
      const users = path.join(tmp, 'users.json');
      fs.writeFileSync(users, JSON.stringify({ tester: SECRET }));
      emulator = await startEmulator(vscode.extensions.getExtension(EXTENSION_ID).extensionPath, 'test/snowflake-emulator/main.ts', ['--port', '0', '--users', users]);
    });

    after(async function () {
      await vscode.commands.executeCommand('bronze.setSnowflakePassword', { target: 'snowflake', secret: 'password', value: '' });
      await vscode.commands.executeCommand('bronze.selectTarget', 'local');
      for (const k of keys) {
        if (savedEnv[k] === undefined) delete process.env[k];
        else process.env[k] = savedEnv[k];
      }
      if (emulator) await emulator.stop();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('"Select target" switches runs to the snowflake target and back', async function () {
      process.env.SNOWFLAKE_PORT = String(await closedPort());
      assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', { target: 'snowflake' }), 'snowflake');
      // The choice is what every later command uses: Test connection now goes to Snowflake.
      const sf = await vscode.commands.executeCommand('bronze.testConnection');
      assert.equal(sf.ok, false);
      assert.match(sf.message, /^Connection to target 'snowflake' failed: .*ECONNREFUSED 127\.0\.0\.1:\d+/);
      assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'local'), 'local');
      const local = await vscode.commands.executeCommand('bronze.testConnection');
      assert.deepEqual(local, { ok: true, message: "Connection to target 'local' (duckdb) OK" });
      // An unknown name is refused rather than persisted.
      assert.equal(await vscode.commands.executeCommand('bronze.selectTarget', 'nope'), undefined);
      assert.deepEqual(await vscode.commands.executeCommand('bronze.testConnection'), local);
    });

    it('"Set Snowflake password" keeps the secret out of files, and Test connection fails without printing it', async function () {
      await vscode.commands.executeCommand('bronze.selectTarget', 'snowflake');
      process.env.SNOWFLAKE_PORT = String(await closedPort());
      await vscode.commands.executeCommand('bronze.setSnowflakePassword', { target: 'snowflake', secret: 'password', value: SECRET });
      const res = await vscode.commands.executeCommand('bronze.testConnection');
      assert.equal(res.ok, false);
      assert.match(res.message, /^Connection to target 'snowflake' failed: Could not connect to Snowflake account emu-account as user tester: .*ECONNREFUSED/);
      assert.ok(!res.message.includes(SECRET), res.message);
      assert.ok(!res.message.includes(ENV_PASSWORD), res.message);

      // Not in the user's settings.json, the workspace settings, nor any file of the project.
      await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      const userSettings = await until('the user settings.json editor', () => {
        const doc = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document;
        return doc && /settings\.json$/.test(doc.uri.path) ? doc : undefined;
      });
      assert.ok(!userSettings.getText().includes(SECRET), `${userSettings.uri.toString()} holds the password`);
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('bronze')).includes(SECRET));
      assert.deepEqual(filesContaining(root(), SECRET), []);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('Test connection passes against a Snowflake emulator with the stored password, and fails once it is removed', async function () {
      await vscode.commands.executeCommand('bronze.selectTarget', 'snowflake');
      process.env.SNOWFLAKE_PORT = String(emulator.port);
      await vscode.commands.executeCommand('bronze.setSnowflakePassword', { target: 'snowflake', secret: 'password', value: SECRET });
      // The env var holds a wrong password: only the one in SecretStorage can log in.
      assert.deepEqual(await vscode.commands.executeCommand('bronze.testConnection'), { ok: true, message: "Connection to target 'snowflake' (snowflake) OK" });

      await vscode.commands.executeCommand('bronze.setSnowflakePassword', { target: 'snowflake', secret: 'password', value: '' });
      const res = await vscode.commands.executeCommand('bronze.testConnection');
      assert.equal(res.ok, false);
      assert.match(res.message, /^Connection to target 'snowflake' failed: .*Incorrect username or password was specified/);
      assert.ok(!res.message.includes(ENV_PASSWORD), res.message);
    });
  });

  describe('a slow model', function () {
    const slow = () => modelFile('bz_slow_suite');
    after(() => fs.rmSync(slow(), { force: true }));

    it('is cancelled from its progress notification: the statement stops and the audit row says INTERRUPTED', async function () {
      // ~10^11 rows: minutes of work, so only a cancel can end it within the test's time. (No HASH: the DuckDB target
      // refuses Snowflake's HASH by name, which would end the run at once.)
      fs.writeFileSync(slow(), "{{ config(materialized='table') }}\nselect count(*) as n from range(100000000000) t where t.range % 7 = 3\n");
      await vscode.commands.executeCommand('notifications.clearAll');
      let settledAt = 0;
      const running = vscode.commands.executeCommand('bronze.runModel', { model: 'bz_slow_suite' }).then((o) => {
        settledAt = Date.now();
        return o;
      });
      await sleep(2500);
      assert.equal(settledAt, 0, 'the slow model is still running before the cancel');
      // The newest notification is the run's progress; its primary action is the Cancel button.
      const cancelledAt = Date.now();
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      const outcome = await Promise.race([running, sleep(20000).then(() => 'hung')]);
      assert.notEqual(outcome, 'hung', 'the run stopped within 20 s of the cancel');
      console.log(`    cancel → run finished in ${settledAt - cancelledAt} ms`);
      assert.deepEqual(outcome.results.map((r) => [r.name, r.status, r.message]), [['bz_slow_suite', 'skipped', 'Cancelled while running; the target was left as it was.']]);
      const state = await until('the audit panel to show the cancelled run', () => {
        const st = api.auditState();
        return st && st.selected === outcome.invocationId ? st : undefined;
      }, 15000);
      assert.deepEqual(auditRows(state), [['bz_slow_suite', 'INTERRUPTED']]);
      assert.equal(state.rows[0].errorMessage, 'Cancelled while running; the target was left as it was.');
      // Nothing is left holding the project: the next run starts and succeeds.
      const next = await run(api, 'bronze.runModel', { model: 'bz_users' });
      assert.deepEqual(statuses(next), [['bz_users', 'success']]);
    });
  });

  describe('"Create demo project"', function () {
    // Inside the workspace folder: a folder outside it would be added to the window, turning it into a
    // multi-root workspace, which restarts the extension host this suite runs in.
    const dir = () => path.join(root(), `suite-demo-${process.pid}`);
    after(async function () {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.join(dir(), 'dbt_project.yml'), { force: true });
      fs.rmSync(dir(), { recursive: true, force: true });
      // Judged on the copy itself, not on a count another test's leftovers could change.
      await until('the demo copy to leave the project list', () => !api.projects().some((p) => p.root === dir()));
    });

    it('writes the demo project into the chosen folder, finds it and opens bz_users.sql', async function () {
      assert.equal(fs.existsSync(dir()), false);
      const made = await vscode.commands.executeCommand('bronze.createDemoProject', vscode.Uri.file(dir()));
      assert.equal(made, dir());
      const files = [];
      const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else files.push(path.relative(dir(), path.join(d, e.name)));
        }
      };
      walk(dir());
      assert.deepEqual(
        files.filter((f) => !f.startsWith('.bronze')).sort(),
        [
          '.gitignore',
          'README.md',
          'dbt_project.yml',
          'models/bronze/bz_billing_events.sql',
          'models/bronze/bz_data_audit.sql',
          'models/bronze/bz_feature_usage.sql',
          'models/bronze/bz_licenses.sql',
          'models/bronze/bz_meetings.sql',
          'models/bronze/bz_participants.sql',
          'models/bronze/bz_support_tickets.sql',
          'models/bronze/bz_users.sql',
          'models/bronze/schema.yml',
          'models/bronze/unit_tests.yml',
          'models/sources.yml',
          'profiles.yml',
          'seeds/plan_types.csv',
          'seeds/plan_types.yml',
          'snapshots/users_snapshot.sql',
          'tests/assert_meeting_end_after_start.sql',
          'tests/assert_users_company_null_share.sql',
        ],
      );
      assert.ok(fs.existsSync(path.join(dir(), '.bronze', 'local.duckdb')), 'the RAW data was loaded into .bronze/local.duckdb');
      assert.deepEqual(api.projects().map((p) => p.root).sort(), [root(), dir()].sort());
      await until('bz_users.sql of the new project in the editor', () => vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath === path.join(dir(), 'models', 'bronze', 'bz_users.sql'));
    });
  });
});
