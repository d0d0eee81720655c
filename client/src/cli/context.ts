// What every CLI command shares: the resolved project folder, output streams, and the request for the engine.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { secretScrubber } from '../../../server/src/core/secrets';
import { findProjectRoot } from '../../../server/src/project';
import type { ProjectRequest } from '../run/runner';
import { UsageError, type CommonArgs } from './args';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

// The last net under every command's output: values of DBT_ENV_SECRET_* variables never reach the terminal, as dbt
// scrubs them from its logs (a git URL with a token in packages.yml, a query echoing one).
const scrubEnvSecrets = secretScrubber(undefined);

export const processIo: Io = {
  out: (text) => void process.stdout.write(lineOf(scrubEnvSecrets(text))),
  err: (text) => void process.stderr.write(lineOf(scrubEnvSecrets(text))),
};

function lineOf(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** `--project-dir`, else the nearest dbt_project.yml upward from the working directory. */
export function projectDir(args: CommonArgs): string {
  if (args.projectDir) {
    const dir = resolve(args.projectDir);
    if (!existsSync(resolve(dir, 'dbt_project.yml'))) {
      throw new UsageError(`no dbt_project.yml in ${dir}. Pass --project-dir with the folder that holds dbt_project.yml.`);
    }
    return dir;
  }
  const found = findProjectRoot(process.cwd());
  if (!found) {
    throw new UsageError(
      `no dbt_project.yml in ${process.cwd()} or any folder above it. Run inside a dbt project, pass --project-dir DIR, or create one with 'bronze demo'.`,
    );
  }
  return found;
}

/**
 * `--profiles-dir` as dbt reads it: a relative folder is read from the working directory, not from the project, and
 * a folder that does not exist is a usage error (dbt declares the option `click.Path(exists=True)`). Bronze read it
 * from the project folder and, finding no profiles.yml there, went on silently with the next candidate (the embedded
 * DuckDB default) — a run on another target than the one asked for.
 */
export function profilesDirOf(args: CommonArgs, env: NodeJS.ProcessEnv = process.env): string | undefined {
  // DBT_PROFILES_DIR is the same option's environment variable in dbt: read from the working directory, checked alike.
  const given = args.profilesDir ?? (env.DBT_PROFILES_DIR || undefined);
  if (given === undefined) return undefined;
  const named = args.profilesDir !== undefined ? `--profiles-dir ${given}` : `DBT_PROFILES_DIR=${given}`;
  const dir = resolve(given);
  if (!existsSync(dir)) {
    throw new UsageError(`${named}: the folder ${dir} does not exist. Pass the folder that holds profiles.yml (a relative path is read from the working directory).`);
  }
  return dir;
}

export function projectRequest(args: CommonArgs): ProjectRequest {
  // --lock-timeout reaches the DuckDB driver as a target field (connect.ts reads it).
  const targetOverrides = args.lockTimeout !== undefined ? { lock_timeout: args.lockTimeout } : undefined;
  return { projectDir: projectDir(args), profilesDir: profilesDirOf(args), target: args.target, vars: args.vars, which: dbtWhich(args), ...(targetOverrides ? { targetOverrides } : {}) };
}

// dbt's commands (core/dbt/cli/main.py) that Bronze has under the same name.
const DBT_COMMANDS = new Set(['build', 'clean', 'compile', 'debug', 'deps', 'list', 'ls', 'retry', 'run', 'run-operation', 'seed', 'show', 'snapshot', 'test']);

/**
 * dbt's flags.WHICH for the command: the name of the click command invoked (core/dbt/cli/flags.py), so a group's
 * subcommand (`docs generate`, `source freshness`) gives its own name. `bronze check` is dbt's parse, and so are
 * Bronze's own commands (sample, generate, demo, audit, daemon), which read the project as dbt parse reads it.
 */
export function dbtWhich(args: CommonArgs): string {
  if (args.command === 'docs' || args.command === 'source') return args.positionals[0] ?? args.command;
  return DBT_COMMANDS.has(args.command) ? args.command : 'parse';
}
