// dbt's flags as a run obeys them: the command line, else the option's environment variable (DBT_WARN_ERROR,
// DBT_FULL_REFRESH: click's envvar), else dbt_project.yml's `flags:` (dbt-core core/dbt/cli/flags.py applies a
// project flag only to an option left at its default). A `severity: warn` test fails under warn_error however it
// was set (core/dbt/task/test.py), and a value click refuses is a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, query, writeFiles } from './helpers';

const PROJECT = 'name: flags_env\nversion: "1"\nconfig-version: 2\n';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-flags-env-'));
  writeFiles(dir, {
    'dbt_project.yml': PROJECT,
    'models/m.sql': 'select 1 as id\n',
    'models/inc.sql': "{{ config(materialized='incremental') }}\nselect {{ 'true' if is_incremental() else 'false' }} as was_incremental\n",
    'tests/one_row_warns.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('m') }}\n",
  });
  return dir;
}

/** Runs `argv` with `env` set in the process environment (cli() runs main() in-process), then puts it back. */
async function withEnv(env: Record<string, string>, argv: string[]) {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await cli(argv);
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const testStatus = (stdout: string) => (JSON.parse(stdout) as { results: { name: string; status: string }[] }).results.find((r) => r.name === 'one_row_warns')?.status;

test('warn_error: dbt_project.yml flags, DBT_WARN_ERROR and --warn-error, in dbt precedence', async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal((await cli(['run', '--project-dir', dir])).code, 0);

  const plain = await cli(['test', '--project-dir', dir, '--output', 'json']);
  assert.deepEqual([plain.code, testStatus(plain.stdout)], [0, 'warn'], plain.stderr);

  const fromEnv = await withEnv({ DBT_WARN_ERROR: 'True' }, ['test', '--project-dir', dir, '--output', 'json']);
  assert.deepEqual([fromEnv.code, testStatus(fromEnv.stdout)], [1, 'fail'], fromEnv.stderr);

  writeFileSync(join(dir, 'dbt_project.yml'), `${PROJECT}flags:\n  warn_error: true\n`);
  const fromProject = await cli(['test', '--project-dir', dir, '--output', 'json']);
  assert.deepEqual([fromProject.code, testStatus(fromProject.stdout)], [1, 'fail'], fromProject.stderr);
  assert.match(JSON.stringify(JSON.parse(fromProject.stdout).results), /Got 1 result, configured to fail if != 0/);

  // The environment variable is the option's value: the project's flag does not apply over it.
  const envOff = await withEnv({ DBT_WARN_ERROR: 'off' }, ['test', '--project-dir', dir, '--output', 'json']);
  assert.deepEqual([envOff.code, testStatus(envOff.stdout)], [0, 'warn'], envOff.stderr);

  writeFileSync(join(dir, 'dbt_project.yml'), `${PROJECT}flags:\n  warn_error_options:\n    error: [LogTestResult]\n`);
  const byOptions = await cli(['test', '--project-dir', dir, '--output', 'json']);
  assert.deepEqual([byOptions.code, testStatus(byOptions.stdout)], [1, 'fail'], byOptions.stderr);
});

test('--warn-error is a global option: every command takes it, as dbt does', async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'models/warns.sql'), "{{ exceptions.warn('careful') }}select 1 as id\n");
  const compiled = await cli(['compile', '--project-dir', dir, '--warn-error', '-s', 'warns']);
  assert.equal(compiled.code, 1, compiled.stdout + compiled.stderr);
  assert.match(compiled.stdout + compiled.stderr, /careful/);
  assert.equal((await cli(['compile', '--project-dir', dir, '-s', 'warns'])).code, 0);
});

test('DBT_FULL_REFRESH rebuilds an incremental model as --full-refresh does', async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal((await cli(['run', '--project-dir', dir, '-s', 'inc'])).code, 0);
  assert.equal((await cli(['run', '--project-dir', dir, '-s', 'inc'])).code, 0);
  assert.deepEqual(await query(dir, 'select count(*)::int as n from main.inc'), [{ n: 2 }]);
  const refreshed = await withEnv({ DBT_FULL_REFRESH: '1' }, ['run', '--project-dir', dir, '-s', 'inc']);
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.deepEqual(await query(dir, 'select count(*)::int as n, bool_or(was_incremental) as any_incremental from main.inc'), [{ n: 1, any_incremental: false }]);
});

test('an option variable click refuses is a usage error naming it', async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bad = await withEnv({ DBT_WARN_ERROR: 'maybe' }, ['compile', '--project-dir', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /DBT_WARN_ERROR: Invalid value for '--warn-error': 'maybe' is not a valid boolean\./);
  const width = await withEnv({ DBT_PRINTER_WIDTH: 'wide' }, ['compile', '--project-dir', dir]);
  assert.equal(width.code, 2);
  assert.match(width.stderr, /'wide' is not a valid integer/);
});

test('invocation_args_dict in a run: the command line, the environment, the project', async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'models/args.sql'), "select '{{ invocation_args_dict.which }}' as which, '{{ invocation_args_dict.select | join(\",\") }}' as sel, {{ invocation_args_dict.select is sequence }} as seq, {{ invocation_args_dict.printer_width }} as width, {{ invocation_args_dict.full_refresh | default(false) }} as fr\n");
  const r = await withEnv({ DBT_PRINTER_WIDTH: '120' }, ['run', '--project-dir', dir, '-s', 'args', '--full-refresh']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await query(dir, 'select which, sel, seq, width, fr from main.args'), [{ WHICH: 'run', SEL: 'args', SEQ: true, WIDTH: 120, FR: true }]);
});

test('one invocation_id per command: what templates render, run_results.json and manifest.json agree', async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'models/inv.sql'), "select '{{ invocation_id }}' as id\n");
  // get_metadata_vars: the DBT_ENV_CUSTOM_ENV_ variables are the artifact's metadata env, as dbt_metadata_envs.
  assert.equal((await withEnv({ DBT_ENV_CUSTOM_ENV_team: 'core' }, ['run', '--project-dir', dir, '-s', 'inv'])).code, 0);
  assert.deepEqual((JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { metadata: { env: unknown } }).metadata.env, { team: 'core' });
  const metadata = (file: string) => (JSON.parse(readFileSync(join(dir, 'target', file), 'utf8')) as { metadata: { invocation_id: string } }).metadata.invocation_id;
  const [{ ID }] = (await query(dir, 'select id from main.inv')) as { ID: string }[];
  assert.match(ID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([metadata('run_results.json'), metadata('manifest.json')], [ID, ID]);

  assert.equal((await cli(['compile', '--project-dir', dir, '-s', 'inv'])).code, 0);
  const compiled = readFileSync(join(dir, 'target/compiled/flags_env/models/inv.sql'), 'utf8');
  assert.ok(compiled.includes(metadata('manifest.json')), compiled);
  assert.notEqual(metadata('manifest.json'), ID);
});

test("DBT_TARGET_PATH: where dbt's --target-path option puts the artifacts, over dbt_project.yml's target-path", async (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'models/where.sql'), "select '{{ flags.TARGET_PATH }}' as target_path\n");
  const compiled = await withEnv({ DBT_TARGET_PATH: 'elsewhere' }, ['compile', '--project-dir', dir, '-s', 'where']);
  assert.equal(compiled.code, 0, compiled.stderr);
  assert.match(readFileSync(join(dir, 'elsewhere/compiled/flags_env/models/where.sql'), 'utf8'), /select 'elsewhere' as target_path/);
});
