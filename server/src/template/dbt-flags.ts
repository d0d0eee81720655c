// dbt's `flags` context member: the Namespace dbt-core's get_flag_obj() builds (core/dbt/flags.py, dbt-core 1.10):
// the 24 flags of get_flag_dict() plus FULL_REFRESH, STORE_FAILURES and WHICH, each with the value dbt's Flags
// (core/dbt/cli/flags.py) gives it: the command line (Bronze's equivalent flags), else dbt_project.yml's `flags:`
// for the flags dbt reads there (ProjectFlags, core/dbt/contracts/project.py), else the click default of the
// option (core/dbt/cli/params.py) or FLAGS_DEFAULTS. A name outside these is undefined, as on dbt's Namespace.
import { JinjaObject, fromJs, pyRepr } from './values';

/** What the invocation says of dbt's flags, in Bronze's terms. */
export interface InvocationFlags {
  /** `--warn-error`. */
  warnError?: boolean;
  /** `--store-failures` (test, build). */
  storeFailures?: boolean;
  /** `--fail-fast` / `-x`. */
  failFast?: boolean;
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
  warnError: boolean;
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
  const pick = (name: string, dflt: unknown) => project[name] ?? dflt;
  const options = warnErrorOptions(project.warn_error_options);
  const warnError = inv.warnError === true ? true : pick('warn_error', null);
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
    FAIL_FAST: inv.failFast === true ? true : pick('fail_fast', false),
    SEND_ANONYMOUS_USAGE_STATS: pick('send_anonymous_usage_stats', true),
    // dbt's --printer-width default; dbt_external_tables cuts the statements it logs to it.
    PRINTER_WIDTH: pick('printer_width', 80),
    INDIRECT_SELECTION: pick('indirect_selection', 'eager'),
    LOG_CACHE_EVENTS: false,
    QUIET: false,
    // Not an option since dbt 1.5 (`--print` replaced it): nothing sets it.
    NO_PRINT: null,
    CACHE_SELECTED_ONLY: pick('cache_selected_only', false),
    INTROSPECT: true,
    // Set by --target-path alone, which Bronze does not take.
    TARGET_PATH: null,
    LOG_PATH: inv.logPath ?? null,
    INVOCATION_COMMAND: inv.invocationCommand ?? `dbt ${command.which}`,
    EMPTY: command.empty ? true : EMPTY_COMMANDS.has(command.which) ? false : null,
    FULL_REFRESH: command.fullRefresh,
    STORE_FAILURES: inv.storeFailures === true,
    WHICH: command.which,
  };
  return { values, warnError: warnError === true, warnErrorOptions: options };
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
