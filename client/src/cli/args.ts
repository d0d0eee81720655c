// Command-line parsing for `bronze`, dbt-compatible where dbt has the same flag. No dependency: the grammar is
// small, and errors must say exactly which flag is wrong (exit status 2).

import type { CliArgs } from '../../../server/src/template/dbt-invocation-args';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `text`/`json` everywhere; `bronze ls` also prints names, paths or selectors, as dbt's `--output` does; `show` CSV. */
export type OutputFormat = 'text' | 'json' | 'csv' | 'name' | 'path' | 'selector';

/** The `--output` values a command takes beyond text and json. */
const EXTRA_OUTPUTS: Record<string, readonly OutputFormat[]> = { ls: ['name', 'path', 'selector'], list: ['name', 'path', 'selector'], show: ['csv'] };

export interface CommonArgs {
  command: string;
  /** Positional words after the command (e.g. `demo DIR`, `source freshness`). */
  positionals: string[];
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars: Record<string, unknown>;
  select: string[];
  exclude: string[];
  threads?: number;
  /** Seconds to wait for a DuckDB file another process holds (`--lock-timeout`). */
  lockTimeout?: number;
  fullRefresh: boolean;
  output: OutputFormat;
  /** Flags particular to one command: `--limit`, `--rows`, `--mode`, `--print`, `--inline`, … */
  flags: Map<string, string | boolean>;
  /** The words after the program's name, as given (dbt's flags.INVOCATION_COMMAND is `dbt ` and these). */
  argv?: readonly string[];
}

/** dbt's flags.INVOCATION_COMMAND: `"dbt " + " ".join(sys.argv[1:])` (dbt-core's core/dbt/cli/flags.py). */
export function invocationCommand(args: CommonArgs): string | undefined {
  return args.argv ? `dbt ${args.argv.join(' ')}` : undefined;
}

interface FlagSpec {
  names: string[];
  takesValue: boolean;
  repeatable?: boolean;
}

const COMMON_FLAGS: FlagSpec[] = [
  { names: ['--project-dir'], takesValue: true },
  { names: ['--profiles-dir'], takesValue: true },
  { names: ['--target', '-t'], takesValue: true },
  { names: ['--vars'], takesValue: true },
  { names: ['--select', '-s', '--models', '-m'], takesValue: true, repeatable: true },
  { names: ['--exclude'], takesValue: true, repeatable: true },
  { names: ['--threads'], takesValue: true },
  { names: ['--lock-timeout'], takesValue: true },
  { names: ['--full-refresh'], takesValue: false },
  { names: ['--output', '-o'], takesValue: true },
  // A global option of dbt's: every command takes it (warnings a template raises become errors).
  { names: ['--warn-error'], takesValue: false },
];

/** `--state DIR` and deferral, on every command that selects nodes (as dbt). */
const STATE_FLAGS: FlagSpec[] = [
  { names: ['--state'], takesValue: true },
  { names: ['--defer'], takesValue: false },
  { names: ['--no-defer'], takesValue: false },
  { names: ['--favor-state'], takesValue: false },
  { names: ['--no-favor-state'], takesValue: false },
  { names: ['--defer-state'], takesValue: true },
];

/** dbt's microbatch window flags (run, build): the batches microbatch models build, instead of begin/lookback. */
const EVENT_TIME_FLAGS: FlagSpec[] = [
  { names: ['--event-time-start'], takesValue: true },
  { names: ['--event-time-end'], takesValue: true },
];

/** Flags each command accepts beyond the common ones. */
export const COMMAND_FLAGS: Record<string, FlagSpec[]> = {
  check: [
    { names: ['--daemon'], takesValue: false },
    { names: ['--no-daemon'], takesValue: false },
    { names: ['--idle-timeout'], takesValue: true },
  ],
  daemon: [{ names: ['--idle-timeout'], takesValue: true }],
  compile: [
    ...STATE_FLAGS,
    { names: ['--print'], takesValue: false },
    { names: ['--mode'], takesValue: true },
    { names: ['--empty'], takesValue: false },
  ],
  run: [
    ...STATE_FLAGS,
    { names: ['--fail-fast', '-x'], takesValue: false },
    { names: ['--dry-run'], takesValue: false },
    { names: ['--empty'], takesValue: false },
    ...EVENT_TIME_FLAGS,
  ],
  snapshot: [
    ...STATE_FLAGS,
    { names: ['--fail-fast', '-x'], takesValue: false },
    { names: ['--empty'], takesValue: false },
  ],
  seed: [
    ...STATE_FLAGS,
    { names: ['--fail-fast', '-x'], takesValue: false },
    { names: ['--empty'], takesValue: false },
  ],
  test: [
    ...STATE_FLAGS,
    { names: ['--fail-fast', '-x'], takesValue: false },
    { names: ['--store-failures'], takesValue: false },
  ],
  build: [
    ...STATE_FLAGS,
    ...EVENT_TIME_FLAGS,
    { names: ['--fail-fast', '-x'], takesValue: false },
    { names: ['--store-failures'], takesValue: false },
    { names: ['--empty'], takesValue: false },
  ],
  show: [
    ...STATE_FLAGS,
    { names: ['--inline'], takesValue: true },
    { names: ['--limit'], takesValue: true },
  ],
  debug: [],
  demo: [
    { names: ['--rows'], takesValue: true },
    { names: ['--seed'], takesValue: true },
    { names: ['--next-batch'], takesValue: false },
    { names: ['--force'], takesValue: false },
  ],
  audit: [
    { names: ['--limit'], takesValue: true },
    { names: ['--invocation'], takesValue: true },
  ],
  source: [],
  docs: [
    { names: ['--port'], takesValue: true },
    { names: ['--no-browser'], takesValue: false },
  ],
  deps: [
    { names: ['--upgrade'], takesValue: false },
    { names: ['--lock'], takesValue: false },
    { names: ['--add-package'], takesValue: true },
    { names: ['--source'], takesValue: true },
  ],
  ls: [
    ...STATE_FLAGS,
    { names: ['--resource-type'], takesValue: true, repeatable: true },
    { names: ['--output-keys'], takesValue: true, repeatable: true },
  ],
  list: [
    ...STATE_FLAGS,
    { names: ['--resource-type'], takesValue: true, repeatable: true },
    { names: ['--output-keys'], takesValue: true, repeatable: true },
  ],
  clean: [],
  retry: [...STATE_FLAGS],
  sample: [
    { names: ['--synthetic'], takesValue: false },
    { names: ['--from'], takesValue: true },
    { names: ['--rows'], takesValue: true },
    { names: ['--seed'], takesValue: true },
    { names: ['--days'], takesValue: true },
    { names: ['--anchor'], takesValue: true },
    { names: ['--clean'], takesValue: false },
    { names: ['--append'], takesValue: false },
    { names: ['--no-stand-ins'], takesValue: false },
  ],
  'run-operation': [{ names: ['--args'], takesValue: true }],
  generate: [
    { names: ['--source'], takesValue: true },
    { names: ['--key'], takesValue: true },
    { names: ['--materialized'], takesValue: true },
    { names: ['--write'], takesValue: false },
    { names: ['--relationships'], takesValue: false },
  ],
  help: [],
};

export const USAGE = `usage: bronze <command> [flags]

commands:
  check             diagnostics for the whole project (what the language server reports). A project of 200
                    files or more is answered by a check daemon that keeps it loaded: the first check starts it
                    (one line on stderr says so) and later ones ask it; it stops after --idle-timeout (default
                    30m) without a check, on 'bronze daemon stop', when Bronze is rebuilt or the project is gone.
                    A daemon that sends nothing for 3 s is skipped (the check runs in-process and says so).
                    --no-daemon (or env BRONZE_DAEMON=0, or CI set): in-process only; --daemon: at any size
  daemon start|stop|status   the check daemon of this project and options (--idle-timeout 30m)
  compile           write target/compiled, target/run, target/manifest.json; --print the statements a run executes
  run               run models                      test    run data tests
  run --dry-run     what the run would insert/update/delete in each selected model's table, writing nothing
  build             run seeds, models and their tests in DAG order, skipping what depends on a failure
  seed              load the CSV files under seed-paths into tables (--full-refresh recreates them;
                    --empty creates them without rows)
  run|build|compile --empty   read every ref and source as zero rows: the SQL compiles and binds, no data is read
  run|build --event-time-start T --event-time-end T   the window microbatch models build (both, start < end;
                    YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC; env DBT_EVENT_TIME_START, DBT_EVENT_TIME_END)
  snapshot          record each snapshot's changed and deleted rows as new versions (dbt's SCD type 2)
  show              --inline "SQL" or --select model; --limit N
  debug             print the resolved target (secrets masked) and test the connection
  demo [DIR]        write the Zoom bronze demo project and load synthetic RAW data (--rows N, --next-batch)
  audit             print the latest audit records (--limit N)
  source freshness  check source freshness
  run-operation MACRO [--args YAML]   call a macro on the target (its log(..., info=True) lines are printed)
  generate model    --source SRC.TABLE [--key COL] [--materialized incremental|table|view] [--relationships]: write
                    bz_<table>.sql and its schema.yml entry (--relationships adds the suggested relationships tests);
                    generate yaml -s MODEL [--write]: its schema.yml entry, data_type as the target types it
  docs generate|serve   documentation site with lineage (serve: --port N)
  deps              install packages.yml entries (hub, git, local, tarball) via package-lock.yml;
                    --upgrade, --lock, --add-package NAME@VERSION [--source hub|git|local]
  ls                list selected resources (--resource-type T, --output name|path|json|selector)
  run|build|test|compile|ls|seed|snapshot --state DIR   compare with a saved manifest.json: -s state:modified+
                    (also state:new, state:modified.body|configs|relation|persisted_descriptions|contract|macros);
                    --defer: refs to models not built here read the state's relations (--favor-state: even
                    when they exist here); env DBT_STATE, DBT_DEFER, DBT_FAVOR_STATE, DBT_DEFER_STATE
  clean             delete the project's clean-targets (default: the target path)
  retry             re-run what errored, failed or was skipped in the last run_results.json
  sample            fill the embedded target with RAW rows: --synthetic [--rows N --seed S --days D --anchor DATE|today --clean] or
                    --from TARGET [--rows N] (copied from Snowflake); --append adds a later batch; --synthetic also
                    writes a stand-in for each model the twin refuses by name, so its descendants run (a run that
                    refuses the model redraws it with the model's own columns and types; --no-stand-ins)

common flags:
  --project-dir DIR   --profiles-dir DIR   --target NAME   --vars YAML   -s/--select SPEC   --exclude SPEC
  --threads N   --full-refresh   --output text|json   --warn-error
  dbt's option variables are read where the flag is not given: DBT_FULL_REFRESH, DBT_WARN_ERROR, DBT_FAIL_FAST,
  DBT_STORE_FAILURES, DBT_EMPTY (and DBT_PRINTER_WIDTH etc. for templates' flags); then dbt_project.yml flags:
  --lock-timeout S    seconds to wait for a DuckDB file another process holds (default 30)

exit status: 0 all good, 1 a model/test failed or an error diagnostic exists, 2 usage or configuration error`;

export function parseArgs(argv: string[], parseVars: (text: string) => Record<string, unknown>): CommonArgs {
  const words = [...argv];
  const command = words.shift();
  if (!command || command === '--help' || command === '-h') {
    return emptyArgs('help');
  }
  if (!(command in COMMAND_FLAGS)) {
    throw new UsageError(`unknown command '${command}'. Run 'bronze --help' for the list of commands.`);
  }
  const specs = [...COMMON_FLAGS, ...COMMAND_FLAGS[command]];
  const args = emptyArgs(command);
  args.argv = [...argv];
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    if (word === '--help' || word === '-h') return emptyArgs('help');
    if (!word.startsWith('-') || word === '-') {
      args.positionals.push(word);
      continue;
    }
    let inlineValue: string | undefined;
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq > 0) {
      inlineValue = word.slice(eq + 1);
      word = word.slice(0, eq);
    }
    const spec = specs.find((s) => s.names.includes(word));
    if (!spec) {
      throw new UsageError(`unknown flag '${word}' for 'bronze ${command}'. Run 'bronze --help' for the flags.`);
    }
    const canonical = spec.names[0];
    if (!spec.takesValue) {
      if (inlineValue !== undefined) throw new UsageError(`flag '${word}' takes no value`);
      applyFlag(args, canonical, true, parseVars);
      continue;
    }
    const values: string[] = [];
    if (inlineValue !== undefined) values.push(inlineValue);
    else {
      // dbt lets --select take several space-separated words: `-s a b --exclude c`.
      while (i + 1 < words.length && (!words[i + 1].startsWith('-') || /^-\d/.test(words[i + 1]))) {
        values.push(words[++i]);
        if (!spec.repeatable) break;
      }
    }
    if (values.length === 0) throw new UsageError(`flag '${word}' needs a value`);
    for (const value of values) applyFlag(args, canonical, value, parseVars);
  }
  return args;
}

function emptyArgs(command: string): CommonArgs {
  return {
    command,
    positionals: [],
    vars: {},
    select: [],
    exclude: [],
    fullRefresh: false,
    output: 'text',
    flags: new Map(),
  };
}

function applyFlag(
  args: CommonArgs,
  flag: string,
  value: string | boolean,
  parseVars: (text: string) => Record<string, unknown>,
): void {
  switch (flag) {
    case '--project-dir':
      args.projectDir = String(value);
      return;
    case '--profiles-dir':
      args.profilesDir = String(value);
      return;
    case '--target':
      args.target = String(value);
      return;
    case '--vars':
      args.vars = { ...args.vars, ...parseVars(String(value)) };
      return;
    case '--select':
      args.select.push(String(value));
      return;
    case '--exclude':
      args.exclude.push(String(value));
      return;
    case '--threads': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--threads takes a whole number from 1 to 64, got '${value}'`);
      args.threads = n;
      return;
    }
    case '--lock-timeout': {
      const n = Number(value);
      if (!/^\s*\d+(\.\d+)?\s*$/.test(String(value)) || !Number.isFinite(n)) throw new UsageError(`--lock-timeout takes a number of seconds (0 or more), got '${value}'`);
      args.lockTimeout = n;
      return;
    }
    case '--full-refresh':
      args.fullRefresh = true;
      return;
    case '--output': {
      const allowed: readonly string[] = ['text', 'json', ...(EXTRA_OUTPUTS[args.command] ?? [])];
      if (!allowed.includes(String(value))) {
        throw new UsageError(`--output for 'bronze ${args.command}' takes ${allowed.map((v) => `'${v}'`).join(', ')}, got '${value}'`);
      }
      args.output = value as OutputFormat;
      return;
    }
    case '--resource-type':
    case '--output-keys': {
      // Given several times or as several words, they add up: `--resource-type model --resource-type source`.
      const before = args.flags.get(flag);
      args.flags.set(flag, typeof before === 'string' ? `${before},${String(value)}` : value);
      return;
    }
    default:
      args.flags.set(flag, value);
  }
}

/**
 * A boolean flag as the command line or its environment variable set it (flag-env.ts): undefined when neither did,
 * so dbt_project.yml's `flags:` decide.
 */
export function flagState(args: CommonArgs, flag: string): boolean | undefined {
  const v = args.flags.get(flag);
  return typeof v === 'boolean' ? v : undefined;
}

/** What a command that renders without the runner (compile, show, run-operation) tells templates' `flags`. */
export function cliInvocationFlags(args: CommonArgs, extra: CliArgs = {}): { invocationCommand?: string; warnError?: boolean; cliArgs: CliArgs } {
  return { invocationCommand: invocationCommand(args), warnError: flagState(args, '--warn-error'), cliArgs: { ...dbtCliArgs(args), ...extra } };
}

/** The options the command line gave, by dbt's parameter names (what invocation_args_dict shows of them). */
export function dbtCliArgs(args: CommonArgs): CliArgs {
  const text = (flag: string) => {
    const v = args.flags.get(flag);
    return typeof v === 'string' ? v : undefined;
  };
  const either = (on: string, off: string) => (args.flags.get(on) === true ? true : args.flags.get(off) === true ? false : undefined);
  const limit = text('--limit');
  return {
    select: args.select,
    exclude: args.exclude,
    vars: args.vars,
    target: args.target,
    threads: args.threads,
    project_dir: args.projectDir,
    profiles_dir: args.profilesDir,
    state: text('--state'),
    defer_state: text('--defer-state'),
    defer: either('--defer', '--no-defer'),
    favor_state: either('--favor-state', '--no-favor-state'),
    inline: text('--inline'),
    limit: limit !== undefined && /^\d+$/.test(limit) ? Number(limit) : undefined,
    output: args.command === 'compile' || args.command === 'show' ? args.output : undefined,
  };
}

/** Reads a numeric command flag, with a range check that names the flag. */
export function intFlag(args: CommonArgs, flag: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = args.flags.get(flag);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got '${String(raw)}'`);
  }
  return n;
}
