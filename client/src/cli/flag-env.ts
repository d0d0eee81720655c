// dbt reads an option's environment variable (click's `envvar`) when the command line does not give the option.
// DBT_FULL_REFRESH, DBT_WARN_ERROR, DBT_FAIL_FAST, DBT_STORE_FAILURES, DBT_EMPTY, DBT_PROJECT_DIR and DBT_TARGET are
// read here into the flags Bronze's command line takes, so the run does what they say; the others (DBT_PRINTER_WIDTH, …) only reach the
// templates' `flags`, where resolveFlags reads them. A value click would refuse is a usage error, as in dbt.
import { FlagEnvError, flagsFromEnv } from '../../../server/src/template/dbt-flags';
import { UsageError, type CommonArgs } from './args';

const READ_AS_FLAGS = [
  ['--warn-error', 'WARN_ERROR'],
  ['--fail-fast', 'FAIL_FAST'],
  ['--store-failures', 'STORE_FAILURES'],
  ['--empty', 'EMPTY'],
] as const;

export function applyFlagEnv(args: CommonArgs, env: Record<string, string | undefined>): void {
  if (args.command === 'help') return;
  let values: Record<string, unknown>;
  try {
    values = flagsFromEnv(env, args.command);
  } catch (e) {
    if (e instanceof FlagEnvError) throw new UsageError(e.message);
    throw e;
  }
  if (!args.fullRefresh && values.FULL_REFRESH === true) args.fullRefresh = true;
  // --project-dir and --target read DBT_PROJECT_DIR and DBT_TARGET (an empty variable is unset, as click reads it).
  if (args.projectDir === undefined && env.DBT_PROJECT_DIR && args.command !== 'demo') args.projectDir = env.DBT_PROJECT_DIR;
  if (args.target === undefined && env.DBT_TARGET) args.target = env.DBT_TARGET;
  for (const [flag, name] of READ_AS_FLAGS) {
    if (!args.flags.has(flag) && typeof values[name] === 'boolean') args.flags.set(flag, values[name]);
  }
}
