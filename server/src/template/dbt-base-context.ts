// Members of dbt's base context (dbt-core's BaseContext) that read no node: the version, the thread, YAML dumps,
// the helpers that wrap errors and compare dicts, the custom-metadata environment variables, debug().
import { DBT_VERSION } from '../core/dbt-version';
import { NotRepresentable, pyyamlDump } from './pyyaml-dump';
import { BooleanValue, NONE, RawFunction, fromJs, iterate, pyBool, pyEq, splitKwargs, str, type RV } from './values';

const CUSTOM_ENV_PREFIX = 'DBT_ENV_CUSTOM_ENV_';

export function baseContextMembers(fail: (message: string) => never): Record<string, unknown> {
  return {
    dbt_version: DBT_VERSION,
    // dbt's thread_id is the Python thread's name; Bronze renders on one thread.
    thread_id: 'MainThread',
    // dbt's debug() opens a debugger only under DBT_MACRO_DEBUGGING and otherwise returns ''.
    debug: () => '',
    // Raw: a float must reach the dumper as a float (`1.0`), which the JS bridge would make the number 1.
    toyaml: new RawFunction((args: RV[]) => {
      const [pos, kw] = splitKwargs(args);
      const fallback = pos[1] ?? kw.get('default') ?? NONE();
      try {
        return str(pyyamlDump(pos[0] ?? NONE(), pyBool(pos[2] ?? kw.get('sort_keys') ?? new BooleanValue(false))));
      } catch (e) {
        if (e instanceof NotRepresentable) return fallback;
        throw e;
      }
    }, 'toyaml'),
    // try_or_compiler_error(message, func, *args, **kwargs): func's result, or a compiler error with the message.
    try_or_compiler_error: (args: unknown[], kwargs: Record<string, unknown>) => {
      const [message, fn, ...rest] = args;
      if (typeof fn !== 'function') return fail(String(message));
      try {
        return (fn as (...a: unknown[]) => unknown)(...rest, ...(Object.keys(kwargs).length ? [kwargs] : []));
      } catch {
        return fail(String(message));
      }
    },
    // diff_of_two_dicts(a, b): per key of a, the items of a's list b's list lacks (keys compared case-insensitively),
    // or a's whole value when b has no such key.
    diff_of_two_dicts: (args: unknown[]) => {
      const a = (args[0] ?? {}) as Record<string, unknown>;
      const b = (args[1] ?? {}) as Record<string, unknown>;
      const lower = new Set(Object.keys(b).map((k) => k.toLowerCase()));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(a)) {
        if (!lower.has(k.toLowerCase())) {
          out[k] = v;
          continue;
        }
        if (!(k in b)) return fail(`KeyError: '${k}' (diff_of_two_dicts finds the key in another case in the second dict and then reads it as spelled in the first, as dbt does)`);
        const theirs = iterate(fromJs(b[k])) ?? [];
        const diff = (iterate(fromJs(v)) ?? []).filter((x: RV, i: number, all: RV[]) => !theirs.some((y) => pyEq(x, y)) && all.findIndex((z) => pyEq(z, x)) === i);
        if (diff.length) out[k] = diff;
      }
      return out;
    },
  };
}

/**
 * dbt_metadata_envs: the environment variables prefixed DBT_ENV_CUSTOM_ENV_, by their name without the prefix. Read
 * only when a template asks (listing the environment makes every variable an input of the check's stored result).
 */
export function metadataEnvs(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith(CUSTOM_ENV_PREFIX) && v !== undefined) out[k.slice(CUSTOM_ENV_PREFIX.length)] = v;
  return out;
}
