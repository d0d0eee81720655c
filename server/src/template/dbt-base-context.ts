// Members of dbt's base context (dbt-core's BaseContext) that read no node: the version, the thread, YAML dumps,
// JSON and YAML reads, local_md5, the helpers that wrap errors and compare dicts, the custom-metadata environment
// variables, debug().
import { DBT_VERSION } from '../core/dbt-version';
import { NotRepresentable, pyyamlDump } from './pyyaml-dump';
import { createHash } from 'node:crypto';
import { fromJson, pyJson } from './filters';
import { loadDbtYaml } from '../project/yaml-dbt';
import { ArrayValue, BooleanValue, NONE, casefold, fromJs, ObjectValue, RawFunction, StringValue, iterate, pyBool, splitKwargs, str, typeName, type RV } from './values';


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
    // dbt's tojson(value, default=None, sort_keys=False): json.dumps (Python's default separators). Raw: a float
    // must reach it as a float (`1.0`). json.dumps fails with a TypeError, which dbt does not turn into `default`.
    tojson: new RawFunction((args: RV[]) => {
      const [pos, kw] = splitKwargs(args);
      const sortKeys = pos[2] ?? kw.get('sort_keys');
      return str(pyJson(pos[0] ?? kw.get('value') ?? NONE(), sortKeys ? pyBool(sortKeys) : false));
    }, 'tojson'),
    // dbt's fromjson(string, default=None): json.loads, `default` when the text is not JSON (a ValueError). A value
    // that is not a string is json.loads' TypeError, which dbt lets through.
    fromjson: new RawFunction((args: RV[]) => {
      const [pos, kw] = splitKwargs(args);
      const text = pos[0] ?? kw.get('string') ?? NONE();
      if (!(text instanceof StringValue)) return fail(`fromjson: the JSON object must be str, bytes or bytearray, not ${typeName(text)}`);
      try {
        return fromJson(text.value);
      } catch {
        return pos[1] ?? kw.get('default') ?? NONE();
      }
    }, 'fromjson'),
    // dbt's fromyaml(value, default=None): PyYAML's safe_load (as dbt reads its own YAML), keys keeping their YAML
    // types (`1: a` has the int key 1); `default` when the text does not parse, and for a value that is not a string
    // (safe_load's AttributeError, which dbt catches too).
    fromyaml: new RawFunction((args: RV[]) => {
      const [pos, kw] = splitKwargs(args);
      const text = pos[0] ?? kw.get('value') ?? NONE();
      const fallback = pos[1] ?? kw.get('default') ?? NONE();
      if (!(text instanceof StringValue)) return fallback;
      const yaml = loadDbtYaml(text.value, false);
      if (yaml.problems.some((p) => p.severity === 'error')) return fallback;
      return yaml.doc.contents === null ? NONE() : fromJs(yaml.doc.toJS({ maxAliasCount: 1000, mapAsMap: true }));
    }, 'fromyaml'),
    // dbt's local_md5(value): dbt-common's md5, `value.encode('utf-8')`, so only a string hashes.
    local_md5: new RawFunction((args: RV[]) => {
      const [pos, kw] = splitKwargs(args);
      const value = pos[0] ?? kw.get('value') ?? NONE();
      if (!(value instanceof StringValue)) return fail(`local_md5: '${typeName(value)}' object has no attribute 'encode'`);
      return str(createHash('md5').update(value.value, 'utf8').digest('hex'));
    }, 'local_md5'),
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
    // dbt's diff_of_two_dicts(a, b): a's entries less b's, keys and values compared case-insensitively (casefold):
    // a key b lacks keeps its whole list; otherwise the values b's list lacks, the key left out when none are.
    diff_of_two_dicts: new RawFunction((args: RV[]) => {
      const [a, b] = args;
      if (!(a instanceof ObjectValue) || !(b instanceof ObjectValue)) return fail('diff_of_two_dicts expects two dicts');
      const strings = (v: RV): string[] =>
        (iterate(v) ?? fail(`diff_of_two_dicts: '${typeName(v)}' object is not iterable`)).map((x) => (x instanceof StringValue ? casefold(x.value) : fail(`diff_of_two_dicts: '${typeName(x)}' object has no attribute 'casefold'`)));
      const lowered = new Map<string, string[]>();
      for (const [k, v] of b.value) lowered.set(casefold(k), strings(v));
      const out = new Map<string, RV>();
      for (const [k, v] of a.value) {
        const theirs = lowered.get(casefold(k));
        if (!theirs) {
          out.set(k, v);
          continue;
        }
        const diff = (iterate(v) ?? []).filter((x) => !theirs.includes(strings(new ArrayValue([x]))[0]));
        if (diff.length) out.set(k, new ArrayValue(diff));
      }
      return new ObjectValue(out);
    }, 'diff_of_two_dicts'),
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
