// dbt's `flags` (dbt-core 1.10 core/dbt/flags.py get_flag_obj: get_flag_dict()'s 24 flags plus FULL_REFRESH,
// STORE_FAILURES and WHICH), valued as core/dbt/cli/flags.py's Flags values them (click defaults in
// core/dbt/cli/params.py, FLAGS_DEFAULTS, dbt_project.yml `flags:` read through ProjectFlags in
// core/dbt/contracts/project.py), and exceptions.warn through dbt-common's warn_or_error under --warn-error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, TemplateError } from '../../server/src/template/index';
import { env, request } from './helpers/render-request';
import { tempProject } from './helpers/temp-project';
import { Engine } from '../../server/src/engine';
import { FlagEnvError, flagsFromEnv } from '../../server/src/template/dbt-flags';

const NAMES = [
  'USE_EXPERIMENTAL_PARSER', 'STATIC_PARSER', 'WARN_ERROR', 'WARN_ERROR_OPTIONS', 'WRITE_JSON', 'PARTIAL_PARSE', 'USE_COLORS',
  'PROFILES_DIR', 'DEBUG', 'LOG_FORMAT', 'VERSION_CHECK', 'FAIL_FAST', 'SEND_ANONYMOUS_USAGE_STATS', 'PRINTER_WIDTH',
  'INDIRECT_SELECTION', 'LOG_CACHE_EVENTS', 'QUIET', 'NO_PRINT', 'CACHE_SELECTED_ONLY', 'INTROSPECT', 'TARGET_PATH', 'LOG_PATH',
  'INVOCATION_COMMAND', 'EMPTY', 'FULL_REFRESH', 'STORE_FAILURES', 'WHICH',
];

const show = (names: string[]) => names.map((n) => `{{ flags.${n} }}`).join('|');

test("flags has get_flag_obj()'s 27 members, each defined; another name is undefined and flags has no get()", () => {
  const out = render(env(), request(`${NAMES.map((n) => `{{ flags.${n} is defined }}`).join(',')}|{{ flags.NON_DESTRUCTIVE is defined }}|{{ flags.get is defined }}`));
  assert.equal(out.sql, `${NAMES.map(() => 'True').join(',')}|False|False`);
});

test("flags hold dbt's defaults for a plain `dbt run` (click defaults, FLAGS_DEFAULTS: WARN_ERROR None, EMPTY False)", () => {
  const out = render(env(), request(show(NAMES), { which: 'run', flags: { invocationCommand: 'dbt run', logPath: '/proj/logs', profilesDir: '/home/u/.dbt' } }));
  assert.equal(
    out.sql,
    'False|True|None|WarnErrorOptionsV2(error=[], warn=[], silence=[])|True|True|True|/home/u/.dbt|False|default|True|False|True|80|eager|False|False|None|False|True|None|/proj/logs|dbt run|False|False|False|run',
  );
});

test('flags follow the command line: --warn-error, --fail-fast, --store-failures, --full-refresh, --empty, the command', () => {
  const out = render(
    env(),
    request(show(['WARN_ERROR', 'FAIL_FAST', 'STORE_FAILURES', 'FULL_REFRESH', 'EMPTY', 'WHICH', 'INVOCATION_COMMAND']), {
      which: 'build',
      fullRefresh: true,
      emptyRefs: true,
      flags: { warnError: true, failFast: true, storeFailures: true, invocationCommand: 'dbt build --full-refresh --empty -x --warn-error --store-failures' },
    }),
  );
  assert.equal(out.sql, 'True|True|True|True|True|build|dbt build --full-refresh --empty -x --warn-error --store-failures');
  // `dbt test` has no --empty option: flags.EMPTY is None there.
  assert.equal(render(env(), request('{{ flags.EMPTY }}', { which: 'test' })).sql, 'None');
});

test("dbt_project.yml `flags:` set the flags dbt reads there; the command line wins", () => {
  const project = { warn_error: false, use_colors: false, printer_width: 120, partial_parse: false, send_anonymous_usage_stats: false, warn_error_options: { silence: ['TestsConfigDeprecation'] }, fail_fast: true };
  const out = render(env(), request(show(['WARN_ERROR', 'USE_COLORS', 'PRINTER_WIDTH', 'PARTIAL_PARSE', 'SEND_ANONYMOUS_USAGE_STATS', 'WARN_ERROR_OPTIONS', 'FAIL_FAST']), { flags: { project } }));
  assert.equal(out.sql, "False|False|120|False|False|WarnErrorOptionsV2(error=[], warn=[], silence=['TestsConfigDeprecation'])|True");
  assert.equal(render(env(), request('{{ flags.WARN_ERROR }}', { flags: { project, warnError: true } })).sql, 'True');
});

function failure(template: string, flags: NonNullable<Parameters<typeof request>[1]>['flags']): string {
  try {
    render(env(), request(template, { flags }));
  } catch (e) {
    assert.ok(e instanceof TemplateError, String(e));
    return e.message;
  }
  assert.fail(`${template} rendered`);
}

test("exceptions.warn under --warn-error raises the message as a compilation error, as dbt's warn_or_error does", () => {
  assert.match(failure("{{ exceptions.warn('careful') }}ok", { warnError: true }), /careful/);
  assert.match(failure("{{ exceptions.warn_snapshot_timestamp_data_types('TIMESTAMP_NTZ', 'DATE') }}", { warnError: true }), /doesn't match derived column 'updated_at'/);
  // dbt_project.yml's warn_error: true does the same; warn_error_options: error: all too, unless the event is warned or silenced.
  assert.match(failure("{{ exceptions.warn('careful') }}", { project: { warn_error: true } }), /careful/);
  assert.match(failure("{{ exceptions.warn('careful') }}", { project: { warn_error_options: { error: 'all' } } }), /careful/);
  assert.match(failure("{{ exceptions.warn('careful') }}", { project: { warn_error_options: { include: ['JinjaLogWarning'] } } }), /careful/);
  const warned = render(env(), request("{{ exceptions.warn('careful') }}ok", { flags: { project: { warn_error_options: { error: 'all', warn: ['JinjaLogWarning'] } } } }));
  assert.deepEqual([warned.sql, warned.warnings], ['ok', ['careful']]);
  const silenced = render(env(), request("{{ exceptions.warn('careful') }}ok", { flags: { project: { warn_error_options: { silence: ['JinjaLogWarning'] } } } }));
  assert.deepEqual([silenced.sql, silenced.warnings], ['ok', []]);
  // Without --warn-error it stays a warning.
  const out = render(env(), request("{{ exceptions.warn('careful') }}ok"));
  assert.deepEqual([out.sql, out.warnings], ['ok', ['careful']]);
});

test('flags.WHICH while the project is parsed is the command (dbt parses inside it): dbt_project.yml configs, config() and naming macros', async () => {
  const files = {
    'dbt_project.yml': "name: p\nprofile: p\nmodels:\n  p:\n    +tags: \"which_{{ flags.WHICH }}\"\n",
    'models/m.sql': "{{ config(alias='m_' ~ flags.WHICH) }}select 1 as x\n",
    'macros/naming.sql': "{% macro generate_schema_name(custom, node) %}s_{{ flags.WHICH }}{% endmacro %}\n",
  };
  const p = tempProject(files);
  try {
    for (const [which, expected] of [[undefined, 'parse'], ['run', 'run'], ['build', 'build']] as const) {
      const engine = await Engine.open({ projectDir: p.dir, ...(which ? { which } : {}) });
      const m = engine.findModel('m')!;
      assert.deepEqual([m.config.tags, m.relation.identifier, m.relation.schema], [[`which_${expected}`], `m_${expected}`, `s_${expected}`], `which ${which}`);
    }
  } finally {
    p.cleanup();
  }
});

test("the options' environment variables (click envvar) come between the command line and dbt_project.yml", () => {
  const names = ['PRINTER_WIDTH', 'SEND_ANONYMOUS_USAGE_STATS', 'WARN_ERROR', 'LOG_FORMAT', 'INDIRECT_SELECTION', 'QUIET', 'TARGET_PATH', 'FAIL_FAST', 'WARN_ERROR_OPTIONS'];
  const environ = { DBT_PRINTER_WIDTH: '120', DBT_SEND_ANONYMOUS_USAGE_STATS: 'no', DBT_WARN_ERROR: 'false', DBT_LOG_FORMAT: 'JSON', DBT_INDIRECT_SELECTION: 'cautious', DBT_QUIET: 'y', DBT_TARGET_PATH: 'tgt', DBT_FAIL_FAST: '', DBT_WARN_ERROR_OPTIONS: '{error: [NoNodesForSelectionCriteria]}' };
  const project = { printer_width: 99, warn_error: true, fail_fast: true };
  const out = render(env(), request(show(names), { flags: { env: environ, project } }));
  // An empty variable is unset (FAIL_FAST comes from the project); DBT_WARN_ERROR=false holds over the project's true.
  assert.equal(out.sql, "120|False|False|json|cautious|True|tgt|True|WarnErrorOptionsV2(error=['NoNodesForSelectionCriteria'], warn=[], silence=[])");
  // The command line wins over the variable.
  assert.equal(render(env(), request('{{ flags.WARN_ERROR }}', { flags: { env: environ, warnError: true } })).sql, 'True');
  // DO_NOT_TRACK turns usage statistics off.
  assert.equal(render(env(), request('{{ flags.SEND_ANONYMOUS_USAGE_STATS }}', { flags: { env: { DO_NOT_TRACK: '1' } } })).sql, 'False');
  // A variable of an option the command does not have is not read (only compile and show have --introspect).
  assert.equal(render(env(), request('{{ flags.INTROSPECT }}', { which: 'run', flags: { env: { DBT_INTROSPECT: 'false' } } })).sql, 'True');
  assert.equal(render(env(), request('{{ flags.INTROSPECT }}', { which: 'compile', flags: { env: { DBT_INTROSPECT: 'false' } } })).sql, 'False');
});

test('flagsFromEnv: click conversions, and the values it refuses', () => {
  assert.deepEqual(flagsFromEnv({ DBT_FULL_REFRESH: ' On ', DBT_STORE_FAILURES: '1', DBT_EMPTY: 't' }, 'build'), { FULL_REFRESH: true, STORE_FAILURES: true, EMPTY: true });
  // `dbt test` has no --full-refresh or --empty: their variables are not read there.
  assert.deepEqual(flagsFromEnv({ DBT_FULL_REFRESH: '1', DBT_EMPTY: '1', DBT_STORE_FAILURES: '0' }, 'test'), { STORE_FAILURES: false });
  assert.throws(() => flagsFromEnv({ DBT_DEBUG: 'maybe' }, 'run'), (e: unknown) => e instanceof FlagEnvError && /DBT_DEBUG: Invalid value for '--debug': 'maybe' is not a valid boolean\./.test(e.message));
  assert.throws(() => flagsFromEnv({ DBT_LOG_FORMAT: 'xml' }, 'run'), /'xml' is not one of 'text', 'debug', 'json', 'default'/);
  assert.throws(() => flagsFromEnv({ DBT_WARN_ERROR_OPTIONS: '[a]' }, 'run'), /is not valid YAML/);
});
