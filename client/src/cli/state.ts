// The CLI's `--state`, `--defer`, `--favor-state`, `--defer-state` with dbt's environment variables
// (DBT_STATE, DBT_DEFER, DBT_FAVOR_STATE, DBT_DEFER_STATE): a flag wins over its variable.
import type { StateRequest } from '../run/state';
import { UsageError, type CommonArgs } from './args';

/** dbt reads boolean env vars as true for `true`/`1`/`yes` (any case). */
function envFlag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^(true|1|yes|y|on)$/i.test(value)) return true;
  if (/^(false|0|no|n|off)$/i.test(value)) return false;
  throw new UsageError(`${name}=${value}: expected true or false`);
}

export function stateRequest(args: CommonArgs, env: NodeJS.ProcessEnv = process.env): StateRequest | undefined {
  const text = (flag: string, name: string): string | undefined => {
    const v = args.flags.get(flag);
    if (typeof v === 'string') return v;
    return env[name] !== undefined && env[name] !== '' ? env[name] : undefined;
  };
  const toggle = (on: string, off: string, name: string): boolean => {
    if (args.flags.get(off) === true) return false;
    if (args.flags.get(on) === true) return true;
    return envFlag(env[name], name) ?? false;
  };
  const stateDir = text('--state', 'DBT_STATE');
  const deferStateDir = text('--defer-state', 'DBT_DEFER_STATE');
  const defer = toggle('--defer', '--no-defer', 'DBT_DEFER');
  const favorState = toggle('--favor-state', '--no-favor-state', 'DBT_FAVOR_STATE');
  if (!stateDir && !deferStateDir && !defer) return undefined;
  if (defer && !stateDir && !deferStateDir) throw new UsageError('--defer needs the manifest to defer to: pass --state DIR (or --defer-state DIR), or set DBT_STATE.');
  return { stateDir, deferStateDir, defer, favorState };
}
