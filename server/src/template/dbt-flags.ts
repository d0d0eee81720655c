// dbt's `flags` context member: the Namespace dbt-core's get_flag_obj() builds (core/dbt/flags.py, dbt-core 1.10):
// the 24 flags of get_flag_dict() plus FULL_REFRESH, STORE_FAILURES and WHICH, each with the value dbt's Flags
// (core/dbt/cli/flags.py) gives it: the command line (Bronze's equivalent flags), else dbt_project.yml's `flags:`
// for the flags dbt reads there (ProjectFlags, core/dbt/contracts/project.py), else the click default of the
// option (core/dbt/cli/params.py) or FLAGS_DEFAULTS. A name outside these is undefined, as on dbt's Namespace.
// Between the command line and dbt_project.yml come the options' environment variables (click's `envvar`:
// DBT_WARN_ERROR, DBT_PRINTER_WIDTH, …): dbt applies a project flag only to an option left at its click default.
import path from 'node:path';
import { loadDbtYaml } from '../project/yaml-dbt';
import type { CliArgs } from './dbt-invocation-args';
import { JinjaObject, fromJs, pyRepr } from './values';

/** What the invocation says of dbt's flags, in Bronze's terms. */
export interface InvocationFlags {
  /** `--warn-error` (or DBT_WARN_ERROR, read by the CLI); undefined when neither says, and the project's flag decides. */
  warnError?: boolean;
  /** `--store-failures` (test, build), or DBT_STORE_FAILURES. */
  storeFailures?: boolean;
  /** `--fail-fast` / `-x`, or DBT_FAIL_FAST; undefined: the project's flag decides. */
  failFast?: boolean;
  /** The environment dbt reads its options' variables from (DBT_PRINTER_WIDTH, …); none read when absent. */
  env?: Record<string, string | undefined>;
  /** What the command line gave, by dbt's option names (invocation_args_dict). */
  cliArgs?: CliArgs;
  /** The project's folder (dbt's default --project-dir). */
  projectDir?: string;
  /** The command line as dbt words it: `dbt ` and the arguments. */
  invocationCommand?: string;
  /** dbt_project.yml `flags:` as written. */
  project?: Record<string, unknown>;
  /** dbt's default log path: the project's folder joined with its `log-path` (default `logs`). */
  logPath?: string;
  /** The folder profiles.yml was read from. */
  profilesDir?: string;
}

/** The render's own part: its command, `--full-refresh` and `--empty` (RenderRequest's which/fullRefresh/emptyRefs). */
export interface CommandFlags {
  which: string;
  fullRefresh: boolean;
  empty: boolean;
}

// dbt's commands with an `--empty` option (core/dbt/cli/main.py): elsewhere flags.EMPTY is None.
const EMPTY_COMMANDS = new Set(['build', 'compile', 'run', 'snapshot']);

/** An option's environment variable holds a value click refuses (dbt stops with a usage error). */
export class FlagEnvError extends Error {}

type EnvKind = 'bool' | 'int' | 'path' | 'yaml' | readonly string[];

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'none'];

/**
 * The environment variables of get_flag_obj()'s options (core/dbt/cli/params.py `envvar=`), by flag, with the click
 * type that reads them; `commands` where only some commands have the option (core/dbt/cli/main.py). Each flag's
 * variable is `DBT_<FLAG>` and its option `--<flag in kebab case>`.
 */
const ENV_KINDS: Record<string, { kind: EnvKind; commands?: readonly string[] }> = {
  USE_EXPERIMENTAL_PARSER: { kind: 'bool' },
  STATIC_PARSER: { kind: 'bool' },
  WARN_ERROR: { kind: 'bool' },
  WARN_ERROR_OPTIONS: { kind: 'yaml' },
  WRITE_JSON: { kind: 'bool' },
  PARTIAL_PARSE: { kind: 'bool' },
  USE_COLORS: { kind: 'bool' },
  DEBUG: { kind: 'bool' },
  LOG_FORMAT: { kind: ['text', 'debug', 'json', 'default'] },
  VERSION_CHECK: { kind: 'bool' },
  FAIL_FAST: { kind: 'bool' },
  SEND_ANONYMOUS_USAGE_STATS: { kind: 'bool' },
  PRINTER_WIDTH: { kind: 'int' },
  INDIRECT_SELECTION: { kind: ['eager', 'cautious', 'buildable', 'empty'] },
  LOG_CACHE_EVENTS: { kind: 'bool' },
  QUIET: { kind: 'bool' },
  CACHE_SELECTED_ONLY: { kind: 'bool' },
  INTROSPECT: { kind: 'bool', commands: ['compile', 'show'] },
  TARGET_PATH: { kind: 'path' },
  LOG_PATH: { kind: 'path' },
  EMPTY: { kind: 'bool', commands: ['build', 'compile', 'run', 'snapshot'] },
  FULL_REFRESH: { kind: 'bool', commands: ['build', 'compile', 'show', 'run', 'retry', 'clone', 'seed'] },
  STORE_FAILURES: { kind: 'bool', commands: ['build', 'test'] },
  // Options outside get_flag_obj(), which invocation_args_dict lists.
  LOG_LEVEL: { kind: LOG_LEVELS },
  LOG_LEVEL_FILE: { kind: LOG_LEVELS },
  LOG_FORMAT_FILE: { kind: ['text', 'debug', 'json', 'default'] },
  LOG_FILE_MAX_BYTES: { kind: 'int' },
  USE_COLORS_FILE: { kind: 'bool' },
  POPULATE_CACHE: { kind: 'bool' },
  PARTIAL_PARSE_FILE_DIFF: { kind: 'bool' },
  MACRO_DEBUGGING: { kind: 'bool' },
  SINGLE_THREADED: { kind: 'bool' },
  SHOW_RESOURCE_REPORT: { kind: 'bool' },
  USE_FAST_TEST_EDGES: { kind: 'bool' },
  UPLOAD_TO_ARTIFACTS_INGEST_API: { kind: 'bool' },
};
const ENV_OPTIONS: Record<string, { env: string; option: string; kind: EnvKind; commands?: readonly string[] }> = Object.fromEntries(
  Object.entries(ENV_KINDS).map(([flag, spec]) => [flag, { env: `DBT_${flag}`, option: `--${flag.toLowerCase().replace(/_/g, '-')}`, ...spec }]),
);

/** The options outside get_flag_obj() that ProjectFlags also reads from dbt_project.yml `flags:`. */
const PROJECT_OPTIONS = ['log_format_file', 'log_level', 'log_level_file', 'populate_cache', 'use_colors_file'];
const OPTIONS = ['LOG_LEVEL', 'LOG_LEVEL_FILE', 'LOG_FORMAT_FILE', 'LOG_FILE_MAX_BYTES', 'USE_COLORS_FILE', 'POPULATE_CACHE', 'PARTIAL_PARSE_FILE_DIFF', 'MACRO_DEBUGGING', 'SINGLE_THREADED', 'SHOW_RESOURCE_REPORT', 'USE_FAST_TEST_EDGES', 'UPLOAD_TO_ARTIFACTS_INGEST_API'];
// Flags._override_if_set: a lead option set explicitly gives its value to the follower left at its default.
const FOLLOWERS: [string, string][] = [['USE_COLORS', 'USE_COLORS_FILE'], ['LOG_LEVEL', 'LOG_LEVEL_FILE'], ['LOG_FORMAT', 'LOG_FORMAT_FILE']];

const TRUE_WORDS = ['1', 'true', 't', 'yes', 'y', 'on'];
const FALSE_WORDS = ['0', 'false', 'f', 'no', 'n', 'off'];

/** One variable's value as click's type converts it (BoolParamType, INT, Choice(case_sensitive=False), Path, dbt's YAML). */
function convertEnv(raw: string, spec: { env: string; option: string; kind: EnvKind }): unknown {
  const bad = (what: string): never => {
    throw new FlagEnvError(`${spec.env}: Invalid value for '${spec.option}': ${what}`);
  };
  const { kind } = spec;
  if (kind === 'bool') {
    const norm = raw.trim().toLowerCase();
    if (TRUE_WORDS.includes(norm)) return true;
    if (FALSE_WORDS.includes(norm)) return false;
    return bad(`'${raw}' is not a valid boolean.`);
  }
  if (kind === 'int') return /^\s*[-+]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : bad(`'${raw}' is not a valid integer.`);
  if (kind === 'path') return spec.env === 'DBT_LOG_PATH' ? path.resolve(raw) : raw;
  if (kind === 'yaml') {
    const read = loadDbtYaml(raw, false);
    const value = read.value;
    if (read.problems.some((p) => p.severity === 'error') || value === null || typeof value !== 'object' || Array.isArray(value)) return bad(`String '${raw}' is not valid YAML`);
    return value;
  }
  const choice = kind.find((c) => c === raw.toLowerCase());
  return choice ?? bad(`'${raw}' is not one of ${kind.map((c) => `'${c}'`).join(', ')}.`);
}

/**
 * The flags `which`'s options take from the environment (click reads an option's variable when the command line
 * does not give the option; an empty variable is unset), by flag name. Throws FlagEnvError for a value click refuses.
 */
export function flagsFromEnv(env: Record<string, string | undefined>, which: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ENV_OPTIONS)) {
    if (spec.commands && !spec.commands.includes(which)) continue;
    const raw = env[spec.env];
    if (raw) out[name] = convertEnv(raw, spec);
  }
  // dbt's Flags: the console DO NOT TRACK convention turns usage statistics off, whatever else says.
  if (['1', 't', 'true', 'y', 'yes'].includes((env.DO_NOT_TRACK ?? '').toLowerCase())) out.SEND_ANONYMOUS_USAGE_STATS = false;
  return out;
}

// The options ProjectFlags reads from dbt_project.yml `flags:` that are among get_flag_dict()'s flags.
const PROJECT_FLAGS = [
  'cache_selected_only',
  'debug',
  'fail_fast',
  'indirect_selection',
  'log_format',
  'partial_parse',
  'printer_width',
  'send_anonymous_usage_stats',
  'static_parser',
  'use_colors',
  'use_experimental_parser',
  'version_check',
  'warn_error',
  'warn_error_options',
  'write_json',
] as const;

/** dbt-common's WarnErrorOptionsV2 (dbt_common/helper_types.py): which warnings are errors, warnings, or silent. */
export interface WarnErrorOptions {
  error: string | string[];
  warn: string[];
  silence: string[];
}

const ERROR_ALL = ['all', '*'];

/** WarnErrorOptionsV2 from `flags: warn_error_options:` (normalize_warn_error_options: include → error, exclude → warn). */
function warnErrorOptions(v: unknown): WarnErrorOptions {
  const o = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const list = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);
  const error = o.error ?? o.include;
  return { error: typeof error === 'string' ? error : list(error), warn: list(o.warn ?? o.exclude), silence: list(o.silence) };
}

/** WarnErrorOptionsV2.includes for an event outside the Deprecations group: an error by name, or by "all" unless warned or silenced. */
export function warnErrorIncludes(o: WarnErrorOptions, event: string): boolean {
  if (o.silence.includes(event) || o.warn.includes(event)) return false;
  const error = typeof o.error === 'string' ? [o.error] : o.error;
  return error.includes(event) || error.some((e) => ERROR_ALL.includes(e));
}

/** WarnErrorOptionsV2.silenced for an event outside the Deprecations group. */
export function warnErrorSilenced(o: WarnErrorOptions, event: string): boolean {
  return o.silence.includes(event);
}

/** The flags as dbt's Namespace holds them, and what dbt's warn_or_error reads of them. */
export interface ResolvedFlags {
  values: Record<string, unknown>;
  /** The other options the environment or dbt_project.yml set (invocation_args_dict's), by parameter name. */
  options: Record<string, unknown>;
  warnError: boolean;
  failFast: boolean;
  warnErrorOptions: WarnErrorOptions;
}

/**
 * What dbt's warn_or_error (dbt-common's events/functions.py) does with a warning `event` (an event class name):
 * raise it as a compilation error under --warn-error or when warn_error_options makes it one, else say nothing when
 * silenced, else warn.
 */
export function warningOutcome(flags: ResolvedFlags, event: string): 'error' | 'silent' | 'warn' {
  if (flags.warnError || warnErrorIncludes(flags.warnErrorOptions, event)) return 'error';
  return warnErrorSilenced(flags.warnErrorOptions, event) ? 'silent' : 'warn';
}

export function resolveFlags(command: CommandFlags, inv: InvocationFlags = {}): ResolvedFlags {
  // ProjectFlags.send_anonymous_usage_stats defaults to True, so dbt always applies it; the others only when set.
  const project: Record<string, unknown> = { send_anonymous_usage_stats: true };
  for (const name of PROJECT_FLAGS) {
    const v = inv.project?.[name];
    if (v !== undefined && v !== null) project[name] = v;
  }
  const fromEnv = inv.env ? flagsFromEnv(inv.env, command.which) : {};
  // The environment's value, else the project's (dbt applies a project flag to an option left at its default).
  const pick = (name: string, dflt: unknown) => fromEnv[name.toUpperCase()] ?? project[name] ?? dflt;
  const options = warnErrorOptions(fromEnv.WARN_ERROR_OPTIONS ?? project.warn_error_options);
  const warnError = inv.warnError ?? pick('warn_error', null);
  const failFast = inv.failFast ?? pick('fail_fast', false);
  const values: Record<string, unknown> = {
    USE_EXPERIMENTAL_PARSER: pick('use_experimental_parser', false),
    STATIC_PARSER: pick('static_parser', true),
    WARN_ERROR: warnError,
    WARN_ERROR_OPTIONS: new JinjaObject(
      { error: options.error, warn: options.warn, silence: options.silence },
      {
        typeName: 'WarnErrorOptionsV2',
        // The dataclass's repr: its three fields.
        str: () => `WarnErrorOptionsV2(error=${pyRepr(fromJs(options.error))}, warn=${pyRepr(fromJs(options.warn))}, silence=${pyRepr(fromJs(options.silence))})`,
      },
    ),
    WRITE_JSON: pick('write_json', true),
    PARTIAL_PARSE: pick('partial_parse', true),
    USE_COLORS: pick('use_colors', true),
    PROFILES_DIR: inv.profilesDir ?? null,
    DEBUG: pick('debug', false),
    LOG_FORMAT: pick('log_format', 'default'),
    VERSION_CHECK: pick('version_check', true),
    FAIL_FAST: failFast,
    SEND_ANONYMOUS_USAGE_STATS: pick('send_anonymous_usage_stats', true),
    // dbt's --printer-width default; dbt_external_tables cuts the statements it logs to it.
    PRINTER_WIDTH: pick('printer_width', 80),
    INDIRECT_SELECTION: pick('indirect_selection', 'eager'),
    LOG_CACHE_EVENTS: fromEnv.LOG_CACHE_EVENTS ?? false,
    QUIET: fromEnv.QUIET ?? false,
    // Not an option since dbt 1.5 (`--print` replaced it): nothing sets it.
    NO_PRINT: null,
    CACHE_SELECTED_ONLY: pick('cache_selected_only', false),
    INTROSPECT: fromEnv.INTROSPECT ?? true,
    // Set by --target-path (or DBT_TARGET_PATH) alone: Bronze takes no --target-path.
    TARGET_PATH: fromEnv.TARGET_PATH ?? null,
    LOG_PATH: fromEnv.LOG_PATH ?? inv.logPath ?? null,
    INVOCATION_COMMAND: inv.invocationCommand ?? `dbt ${command.which}`,
    EMPTY: command.empty ? true : EMPTY_COMMANDS.has(command.which) ? false : null,
    FULL_REFRESH: command.fullRefresh,
    STORE_FAILURES: inv.storeFailures === true,
    WHICH: command.which,
  };
  const others: Record<string, unknown> = {};
  for (const name of OPTIONS) {
    const value = fromEnv[name] ?? (PROJECT_OPTIONS.includes(name.toLowerCase()) ? inv.project?.[name.toLowerCase()] : undefined);
    if (value !== undefined && value !== null) others[name.toLowerCase()] = value;
  }
  for (const [lead, follower] of FOLLOWERS) {
    const leadSet = fromEnv[lead] !== undefined || (inv.project?.[lead.toLowerCase()] ?? null) !== null;
    if (leadSet && !(follower.toLowerCase() in others)) others[follower.toLowerCase()] = values[lead] ?? others[lead.toLowerCase()];
  }
  return { values, options: others, warnError: warnError === true, failFast: failFast === true, warnErrorOptions: options };
}

/** `flags` as a template reads it: attributes only (dbt's Namespace has no get()), printed as argparse prints it. */
export function flagsObject(resolved: ResolvedFlags): JinjaObject {
  const { values } = resolved;
  // argparse's Namespace repr lists attributes in insertion order, which in dbt follows a set's iteration (varying
  // from process to process): this is one of the orders dbt prints.
  const repr = () =>
    `Namespace(${Object.entries(values)
      .map(([k, v]) => `${k}=${v instanceof JinjaObject ? (v.hooks.str?.() ?? '') : pyRepr(fromJs(v))}`)
      .join(', ')})`;
  return new JinjaObject({ ...values }, { typeName: 'Namespace', str: repr });
}
