// dbt's invocation_args_dict (dbt-core 1.10 providers.py → args_to_dict in core/dbt/utils/utils.py): the command's
// and the dbt group's click options by parameter name (core/dbt/cli/main.py, params.py), get_flag_dict()'s flags,
// FLAGS_DEFAULTS and the project-only flags, less None and the default-false keys at False. The expected key sets
// are those dbt 1.10.3 wrote in a real project's run_results.json `args` (the same args_to_dict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../server/src/template/index';
import { env, request } from './helpers/render-request';

const FLAGS = { invocationCommand: 'dbt docs generate', logPath: '/proj/logs', profilesDir: '/home/u/.dbt', projectDir: '/proj' };
const dict = (over: Parameters<typeof request>[1]) => JSON.parse(render(env(), request('{{ tojson(invocation_args_dict, sort_keys=True) }}', over)).sql) as Record<string, unknown>;

// The options every command has with a value (the dbt group's, FLAGS_DEFAULTS', the project-only flags').
const COMMON = {
  cache_selected_only: false, defer: false, favor_state: false, indirect_selection: 'eager', introspect: true, log_file_max_bytes: 10485760,
  log_format: 'default', log_format_file: 'debug', log_level: 'info', log_level_file: 'debug', log_path: '/proj/logs', macro_debugging: false,
  partial_parse: true, partial_parse_file_diff: true, populate_cache: true, print: true, printer_width: 80, profiles_dir: '/home/u/.dbt',
  project_dir: '/proj', quiet: false, require_all_warnings_handled_by_warn_error: false, require_batched_execution_for_custom_microbatch_strategy: false,
  require_explicit_package_overrides_for_builtin_materializations: true, require_nested_cumulative_type_params: false, require_resource_names_without_spaces: true,
  require_yaml_configuration_for_mf_time_spines: false, send_anonymous_usage_stats: true, show_all_deprecations: false, show_resource_report: false,
  skip_nodes_if_on_run_start_fails: false, source_freshness_run_project_hooks: true, state_modified_compare_more_unrendered_values: false,
  state_modified_compare_vars: false, static_parser: true, strict_mode: false, upload_to_artifacts_ingest_api: false, use_colors: true, use_colors_file: true,
  use_fast_test_edges: false, validate_macro_args: false, version_check: true, warn_error_options: { error: [], silence: [], warn: [] }, write_json: true,
};

test("invocation_args_dict of `dbt docs generate`: the keys and values dbt 1.10 gives", () => {
  assert.deepEqual(dict({ which: 'generate', flags: FLAGS }), {
    ...COMMON, compile: true, empty_catalog: false, exclude: [], invocation_command: 'dbt docs generate', select: [], static: false, vars: {}, which: 'generate',
  });
});

test('invocation_args_dict of `dbt run` and `dbt test`: empty only where the command has --empty; no None, no default-false False', () => {
  assert.deepEqual(dict({ which: 'run', flags: { ...FLAGS, invocationCommand: 'dbt run' } }), {
    ...COMMON, empty: false, exclude: [], invocation_command: 'dbt run', select: [], vars: {}, which: 'run',
  });
  const t = dict({ which: 'test', flags: { ...FLAGS, invocationCommand: 'dbt test' } });
  assert.deepEqual(Object.keys(t).filter((k) => !(k in COMMON)).sort(), ['exclude', 'exclude_resource_types', 'invocation_command', 'resource_types', 'select', 'vars', 'which']);
});

test('invocation_args_dict follows the command line, the environment and dbt_project.yml flags:', () => {
  const d = dict({
    which: 'build',
    fullRefresh: true,
    flags: {
      ...FLAGS,
      invocationCommand: 'dbt build -s a b --full-refresh --warn-error',
      warnError: true,
      storeFailures: true,
      env: { DBT_PRINTER_WIDTH: '100', DBT_LOG_LEVEL: 'debug' },
      project: { use_colors: false, require_resource_names_without_spaces: false, log_format: 'json' },
      cliArgs: { select: ['a', 'b'], target: 'prod', threads: 4, vars: { day: '2024-01-01' }, project_dir: 'proj' },
    },
  });
  assert.deepEqual(
    [d.select, d.full_refresh, d.warn_error, d.store_failures, d.printer_width, d.target, d.threads, d.vars, d.project_dir, d.use_colors, d.use_colors_file, d.require_resource_names_without_spaces],
    [['a', 'b'], true, true, true, 100, 'prod', 4, { day: '2024-01-01' }, 'proj', false, false, false],
  );
  // An explicit --log-level (here its variable) and log_format lead their file options left at the default.
  assert.deepEqual([d.log_level, d.log_level_file, d.log_format, d.log_format_file], ['debug', 'debug', 'json', 'json']);
  // select is click's tuple, printed as Python prints one.
  const printed = render(env(), request('{{ invocation_args_dict.select }}|{{ invocation_args_dict.exclude }}|{{ invocation_args_dict.which }}', { which: 'build', flags: { cliArgs: { select: ['a'] } } })).sql;
  assert.equal(printed, "('a',)|()|build");
});

test("run-operation's invocation_args_dict holds its --args as read", () => {
  const d = dict({ which: 'run-operation', flags: { ...FLAGS, cliArgs: { args: { schema_name: 'raw', dry: true } } } });
  assert.deepEqual([d.args, d.which, 'select' in d, 'empty' in d], [{ schema_name: 'raw', dry: true }, 'run-operation', false, false]);
});
