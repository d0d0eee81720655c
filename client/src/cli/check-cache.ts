// `bronze check`'s result, kept for the next check of the same project (as `tsc --incremental` keeps its build info):
// with it is every input the check read (server/src/project/input-log.ts: each file's text as a hash, file stats,
// existence probes, folder listings) and the environment variables it looked at. A later check reads those inputs
// again; when all read the same, under the same Bronze code and the same options, the stored diagnostics are the
// answer and nothing is loaded or analysed. Any difference (an edited, added or deleted file, a changed variable) and
// the check runs in full, then replaces the entry.
//
// Format: `<root>/.bronze/cache/check.json` (Bronze's own folder, skipped by every walk), one JSON object; an entry
// made by another format, other code or other options, or one that does not parse, is ignored. The folder holds a
// `.gitignore` of `*` (as pytest's and ruff's caches do): a project that does not ignore .bronze/ gets no new file to
// commit.
// Environment values are never written: each is kept as a salted SHA-256 (a profile's env_var may be a password).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inputsUnchanged, type Input } from '../../../server/src/project/input-log';
import { codeStamp } from '../../../server/src/project/parse-cache';

const FORMAT = 'bronze-check-cache 1';

/** Counters for tests and benches. */
export const checkCacheStats = { hits: 0, misses: 0 };

export function checkCachePath(root: string): string {
  return path.join(root, '.bronze', 'cache', 'check.json');
}

/** What decides a check's result besides its inputs: the options, and the runtime. */
export interface CheckCacheKey {
  root: string;
  profilesDir?: string;
  target?: string;
  vars: Record<string, unknown>;
}

interface Entry<T> {
  format: string;
  /** Bronze's code (all of it: the rules run everything). */
  stamp: string;
  key: string;
  salt: string;
  /** Variables read, by name: hash of the value (null: unset); or `all` when the check enumerated the environment. */
  env: { all: string } | Record<string, string | null>;
  inputs: Input[];
  result: T;
}

function keyOf(k: CheckCacheKey): string {
  return JSON.stringify([k.root, k.profilesDir ?? null, k.target ?? null, k.vars, process.version]);
}

function envHash(salt: string, name: string, value: string | undefined): string | null {
  return value === undefined ? null : createHash('sha256').update(`${salt}\u0000${name}\u0000${value}`).digest('hex');
}

function wholeEnvHash(salt: string, env: Record<string, string | undefined>): string {
  const h = createHash('sha256').update(salt);
  for (const name of Object.keys(env).sort()) if (env[name] !== undefined) h.update(`\u0000${name}\u0000${env[name]}`);
  return h.digest('hex');
}

/**
 * The stored result for `key` when every input it was computed from reads the same now; undefined otherwise (no
 * entry, a corrupt or foreign one, or a change).
 */
export function storedCheckResult<T>(key: CheckCacheKey, env: Record<string, string | undefined>): T | undefined {
  let entry: Entry<T>;
  try {
    entry = JSON.parse(readFileSync(checkCachePath(key.root), 'utf8')) as Entry<T>;
  } catch {
    return undefined;
  }
  try {
    if (entry.format !== FORMAT || entry.stamp !== codeStamp('all') || entry.key !== keyOf(key) || typeof entry.salt !== 'string') return undefined;
    if (!Array.isArray(entry.inputs) || entry.result === undefined || !entry.env || typeof entry.env !== 'object') return undefined;
    if (typeof entry.env.all === 'string') {
      if (wholeEnvHash(entry.salt, env) !== entry.env.all) return undefined;
    } else {
      for (const [name, h] of Object.entries(entry.env as Record<string, string | null>)) if (envHash(entry.salt, name, env[name]) !== h) return undefined;
    }
    if (!inputsUnchanged(entry.inputs)) return undefined;
  } catch {
    // A hand-edited or truncated entry of the right shape at the top but not below: not ours to trust.
    return undefined;
  }
  return entry.result;
}

/** Stores `result` with what it was computed from. Failures (a read-only project) are ignored: only an accelerator. */
export function storeCheckResult<T>(
  key: CheckCacheKey,
  result: T,
  inputs: Input[],
  env: { seen: ReadonlyMap<string, string | undefined>; all: boolean; values: Record<string, string | undefined> },
): void {
  const salt = randomBytes(16).toString('hex');
  const envPart: Entry<T>['env'] = env.all ? { all: wholeEnvHash(salt, env.values) } : {};
  if (!env.all) for (const [name, value] of env.seen) (envPart as Record<string, string | null>)[name] = envHash(salt, name, value);
  const entry: Entry<T> = { format: FORMAT, stamp: codeStamp('all'), key: keyOf(key), salt, env: envPart, inputs, result };
  const file = checkCachePath(key.root);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, '.gitignore'))) writeFileSync(path.join(dir, '.gitignore'), '# Bronze\'s caches: nothing here is source.\n*\n');
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, file);
  } catch {
    // ignored: the next check runs in full
  }
}
