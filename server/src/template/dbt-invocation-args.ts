// dbt's `invocation_args_dict` (dbt-core 1.10 core/dbt/context/providers.py, args_to_dict in core/dbt/utils/utils.py):
// every click option of the command and of the `dbt` group (core/dbt/cli/main.py, params.py) by its parameter name,
// valued as dbt's Flags holds it, plus the flags of get_flag_dict(), FLAGS_DEFAULTS, the command line, the command
// and dbt_project.yml's project-only flags; then None values, `False` for the options args_to_dict calls
// default-false, and an unparsed `{}` are left out. Python's dict order here follows a set's iteration, which varies
// from process to process: this is one of the orders dbt gives.
import { PyDateTime, datetimeObject } from './pydatetime';
import { StringValue, TupleValue, type RV } from './values';

/** What the command line gave, by dbt's option names; undefined entries are options it did not give. */
export interface CliArgs {
  select?: readonly string[];
  exclude?: readonly string[];
  vars?: Record<string, unknown>;
  target?: string;
  threads?: number;
  project_dir?: string;
  profiles_dir?: string;
  state?: string;
  defer_state?: string;
  defer?: boolean;
  favor_state?: boolean;
  /** run-operation's --args, as read. */
  args?: Record<string, unknown>;
  /** show's --limit and --inline, compile's and show's --output. */
  limit?: number;
  inline?: string;
  output?: string;
  resource_types?: readonly string[];
  event_time_start?: Date;
  event_time_end?: Date;
}

const EMPTY_TUPLE = Symbol('()');

// The `dbt` group's options (global_flags and show_resource_report) that hold a value by default; those defaulting to
// None (defer_state, profile, state, target, log_path before dbt sets it, …) are left out by args_to_dict anyway.
const GLOBAL_DEFAULTS: Record<string, unknown> = {
  cache_selected_only: false,
  defer: false,
  favor_state: false,
  indirect_selection: 'eager',
  log_file_max_bytes: 10485760,
  log_format: 'default',
  log_format_file: 'debug',
  log_level: 'info',
  log_level_file: 'debug',
  macro_debugging: false,
  partial_parse: true,
  partial_parse_file_diff: true,
  populate_cache: true,
  print: true,
  printer_width: 80,
  quiet: false,
  send_anonymous_usage_stats: true,
  show_all_deprecations: false,
  static_parser: true,
  use_colors: true,
  use_colors_file: true,
  version_check: true,
  write_json: true,
  use_fast_test_edges: false,
  upload_to_artifacts_ingest_api: false,
  show_resource_report: false,
  // FLAGS_DEFAULTS (core/dbt/cli/flags.py) no option of these commands replaces.
  strict_mode: false,
  introspect: true,
  state_modified_compare_vars: false,
};

// Each command's own options with a value by default (`exclude`/`select` are click's empty tuple for a repeatable
// option); the dbt `which` names the command.
const SELECTING = { exclude: EMPTY_TUPLE, select: EMPTY_TUPLE };
const COMMAND_DEFAULTS: Record<string, Record<string, unknown>> = {
  build: { ...SELECTING, empty: false, export_saved_queries: false, include_saved_query: false, resource_types: EMPTY_TUPLE, exclude_resource_types: EMPTY_TUPLE, show: false, vars: {} },
  compile: { ...SELECTING, output: 'text', empty: false, inject_ephemeral_ctes: true, vars: {} },
  show: { ...SELECTING, output: 'text', limit: 5, vars: {} },
  run: { ...SELECTING, empty: false, vars: {} },
  'run-operation': { vars: {} },
  seed: { ...SELECTING, show: false, vars: {} },
  snapshot: { ...SELECTING, empty: false, vars: {} },
  test: { ...SELECTING, resource_types: EMPTY_TUPLE, exclude_resource_types: EMPTY_TUPLE, vars: {} },
  freshness: { ...SELECTING, vars: {} },
  generate: { ...SELECTING, compile: true, empty_catalog: false, static: false, vars: {} },
  parse: { vars: {} },
};

// ProjectFlags.project_only_flags (core/dbt/contracts/project.py, 1.10.0) with their defaults: dbt sets them on its
// flags from dbt_project.yml's `flags:` whatever the command.
const PROJECT_ONLY_FLAGS: Record<string, boolean> = {
  require_batched_execution_for_custom_microbatch_strategy: false,
  require_explicit_package_overrides_for_builtin_materializations: true,
  require_resource_names_without_spaces: true,
  source_freshness_run_project_hooks: true,
  skip_nodes_if_on_run_start_fails: false,
  state_modified_compare_more_unrendered_values: false,
  state_modified_compare_vars: false,
  require_yaml_configuration_for_mf_time_spines: false,
  require_nested_cumulative_type_params: false,
  validate_macro_args: false,
  require_all_warnings_handled_by_warn_error: false,
};

// args_to_dict's default_false_keys: left out when False.
const DEFAULT_FALSE = new Set(['debug', 'full_refresh', 'fail_fast', 'warn_error', 'single_threaded', 'log_cache_events', 'store_failures', 'use_experimental_parser']);

export interface InvocationArgsInput {
  /** dbt's `which`. */
  which: string;
  /** get_flag_obj()'s values (resolveFlags): the command line, the environment and the project already applied. */
  flags: Record<string, unknown>;
  /** The other options the environment or dbt_project.yml set (log_level, populate_cache, …), by parameter name. */
  options: Record<string, unknown>;
  /** dbt_project.yml's `flags:` as written. */
  project?: Record<string, unknown>;
  cli?: CliArgs;
  /** The project's folder: dbt's default --project-dir. */
  projectDir?: string;
}

const tuple = (items: readonly string[]): RV => new TupleValue(items.map((s) => new StringValue(s)));

export function invocationArgsDict(input: InvocationArgsInput): Record<string, unknown> {
  const { flags, cli = {} } = input;
  const out: Record<string, unknown> = { ...GLOBAL_DEFAULTS, ...(COMMAND_DEFAULTS[input.which] ?? {}) };
  for (const [name, dflt] of Object.entries(PROJECT_ONLY_FLAGS)) out[name] = input.project?.[name] ?? dflt;
  Object.assign(out, input.options);
  // get_flag_dict()'s flags, as dbt updates the args with them.
  for (const [name, value] of Object.entries(flags)) {
    if (name === 'FULL_REFRESH' || name === 'STORE_FAILURES' || name === 'WHICH' || name === 'NO_PRINT') continue;
    out[name.toLowerCase()] = value;
  }
  const warnErrorOptions = flags.WARN_ERROR_OPTIONS as { attrs?: Record<string, unknown> } | undefined;
  // WarnErrorOptionsV2.to_dict(): its three fields.
  const weo = warnErrorOptions?.attrs ?? { error: [], warn: [], silence: [] };
  out.warn_error_options = { error: weo.error, warn: weo.warn, silence: weo.silence };
  // The command's own flags, where it has the option.
  if ('FULL_REFRESH' in flags && ['build', 'compile', 'show', 'run', 'retry', 'clone', 'seed'].includes(input.which)) out.full_refresh = flags.FULL_REFRESH;
  if (['build', 'test'].includes(input.which)) out.store_failures = flags.STORE_FAILURES;
  out.which = input.which;
  out.project_dir = cli.project_dir ?? input.projectDir ?? null;
  if (cli.profiles_dir !== undefined) out.profiles_dir = cli.profiles_dir;
  for (const key of ['target', 'threads', 'state', 'defer_state', 'args', 'limit', 'inline'] as const) if (cli[key] !== undefined) out[key] = cli[key];
  if (cli.defer !== undefined) out.defer = cli.defer;
  if (cli.favor_state !== undefined) out.favor_state = cli.favor_state;
  if (cli.output !== undefined && (input.which === 'compile' || input.which === 'show')) out.output = cli.output;
  if (cli.vars !== undefined && out.vars !== undefined) out.vars = cli.vars;
  for (const key of ['select', 'exclude', 'resource_types'] as const) {
    if (out[key] !== undefined && cli[key] !== undefined && cli[key].length > 0) out[key] = tuple(cli[key]);
  }
  // click.DateTime gives a naive datetime of the text, which Bronze reads as UTC.
  for (const key of ['event_time_start', 'event_time_end'] as const) {
    const t = cli[key];
    if (t !== undefined && ['build', 'run'].includes(input.which)) out[key] = datetimeObject(new PyDateTime(BigInt(t.getTime()) * 1000n, 'datetime'));
  }
  const dict: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out)) {
    if (value === null || value === undefined) continue;
    if (DEFAULT_FALSE.has(key) && value === false) continue;
    dict[key] = value === EMPTY_TUPLE ? new TupleValue([]) : Array.isArray(value) && (key === 'select' || key === 'exclude') ? tuple(value as string[]) : value;
  }
  return dict;
}
