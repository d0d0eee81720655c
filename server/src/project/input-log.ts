// What a load and an analysis read from outside the process: files (by content), file stats, existence probes,
// folder listings and environment variables. `bronze check` records them (analysis/check-result-cache.ts) so that a
// later check can tell, by reading them again, that nothing it depends on changed and its stored result still holds.
//
// Every read of the file system on the load's and the analysis' paths goes through the functions below; they
// behave exactly as the node:fs calls they wrap, and record only while a log is active (`withInputLog`). A read
// that bypassed them would be a dependency the result cache cannot see: add new reads here, not through node:fs.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { md5 } from './hash';

/** One recorded dependency, with what it gave (compared again to validate a stored result). */
export type Input =
  /**
   * A file's text: md5 of it, or null when it could not be read. With a log made `withStats` (the check daemon),
   * also `s`, the file's identity when it was read (`fileIdentity` of the open file), and `t`, when (Date.now()
   * just before opening it): a later stat that matches `s` shows the text unchanged without reading it, unless the
   * file was modified within the file system's timestamp granularity of `t` (see check-daemon.ts).
   */
  | { k: 'read'; p: string; v: string | null; s?: string | null; t?: number }
  /** A file's size and modification time (seeds: their identity is not their text), or null when absent. */
  | { k: 'stat'; p: string; v: string | null }
  | { k: 'exists'; p: string; v: boolean }
  /**
   * A folder's entries (names and kinds; recursive or not): md5 of them, or null when it could not be listed. `x`:
   * names of subfolders the caller skips (their coming and going, e.g. target/ created by this check, is no change).
   */
  | { k: 'list'; p: string; r: boolean; x?: string[]; v: string | null };

/** The dependencies of one load + analysis. */
export class InputLog {
  private readonly inputs = new Map<string, Input>();

  /** `withStats`: each file read also records its identity and the time of the read (Input 'read', `s` and `t`). */
  constructor(readonly withStats = false) {}

  record(input: Input): void {
    const key = input.k === 'list' ? `list:${input.r ? 'r' : ''}:${input.p}` : `${input.k}:${input.p}`;
    // The first observation is what the result was computed from; a later one of the same thing can only differ if
    // the file changed during the check, and then the stored result is rejected by the first on the next run.
    if (!this.inputs.has(key)) this.inputs.set(key, input);
  }

  list(): Input[] {
    return [...this.inputs.values()];
  }
}

let active: InputLog | undefined;

/** Whether a log records now (a second check in the same process then runs unrecorded). */
export function inputLogActive(): boolean {
  return active !== undefined;
}

/** Runs `fn` with `log` recording every input read through this module; one log at a time (a one-shot check). */
export async function withInputLog<T>(log: InputLog, fn: () => Promise<T>): Promise<T> {
  if (active) throw new Error('withInputLog: another input log is active');
  active = log;
  try {
    return await fn();
  } finally {
    active = undefined;
  }
}

/** readFileSync(abs, 'utf8'), undefined when it cannot be read. */
export function readTextFile(abs: string): string | undefined {
  if (active?.withStats) return readWithIdentity(active, abs);
  let text: string | undefined;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    text = undefined;
  }
  active?.record({ k: 'read', p: abs, v: text === undefined ? null : md5(text) });
  return text;
}

/**
 * A file's identity for change detection without reading it: inode, size, modification and change times (ctime
 * cannot be set back by a tool that restores mtime). */
export function fileIdentity(s: Stats): string {
  return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}

/**
 * The file's text read through one descriptor, with that descriptor's identity (so the identity is the read text's)
 * and the time just before the read; text and identity undefined/null when it cannot be read. Records nothing.
 */
export function readIdentified(abs: string): { text: string | undefined; s: string | null; t: number } {
  const t = Date.now();
  try {
    const fd = openSync(abs, 'r');
    try {
      const s = fileIdentity(fstatSync(fd));
      return { text: readFileSync(fd, 'utf8'), s, t };
    } finally {
      closeSync(fd);
    }
  } catch {
    return { text: undefined, s: null, t };
  }
}

function readWithIdentity(log: InputLog, abs: string): string | undefined {
  const { text, s, t } = readIdentified(abs);
  log.record({ k: 'read', p: abs, v: text === undefined ? null : md5(text), s, t });
  return text;
}

/** statSync(abs) as `size:mtimeMs`, null when absent. Records nothing. */
export function statValue(abs: string): string | null {
  try {
    const s = statSync(abs);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** statSync(abs) as `size:mtimeMs`, undefined when absent. */
export function statFingerprint(abs: string): string | undefined {
  const v = statValue(abs);
  active?.record({ k: 'stat', p: abs, v });
  return v ?? undefined;
}

export function fileExists(abs: string): boolean {
  const v = existsSync(abs);
  active?.record({ k: 'exists', p: abs, v });
  return v;
}

/**
 * readdirSync(dir, { withFileTypes: true, recursive }); throws as it does. `skipped`: names of subfolders the caller
 * ignores (a non-recursive listing only), left out of what is recorded.
 */
export function listDir(dir: string, recursive = false, skipped?: readonly string[]): Dirent[] {
  let entries: Dirent[];
  const x = skipped && !recursive ? [...skipped].sort() : undefined;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive });
  } catch (e) {
    active?.record({ k: 'list', p: dir, r: recursive, ...(x ? { x } : {}), v: null });
    throw e;
  }
  if (active) active.record({ k: 'list', p: dir, r: recursive, ...(x ? { x } : {}), v: listingDigest(dir, entries, x) });
  return entries;
}

function listingDigest(dir: string, entries: readonly Dirent[], skipped?: readonly string[]): string {
  return md5(listingEntries(dir, entries, skipped).sort().join('\n'));
}

/** A folder listing's entries as recorded: `<path below dir>/<name>\0<kind>` (f file, d folder, l link, o other). */
export function listingEntries(dir: string, entries: readonly Dirent[], skipped?: readonly string[]): string[] {
  const kept = skipped ? entries.filter((e) => !(e.isDirectory() && skipped.includes(e.name))) : entries;
  // A recursive listing's entries name their folder: the part below `dir` is kept (sliced, not path.relative: 10,000
  // entries in a big project).
  const parts = kept.map((e) => {
    const parent = (e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path;
    const kind = e.isFile() ? 'f' : e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'o';
    const below = parent.startsWith(dir) ? parent.slice(dir.length) : path.relative(dir, parent);
    return `${below}${path.sep}${e.name}\u0000${kind}`;
  });
  return parts;
}

/** A listing as recorded (Input 'list'): its entries and their digest, or undefined when it cannot be listed. */
export function relist(i: Extract<Input, { k: 'list' }>): { entries: string[]; digest: string } | undefined {
  let entries: string[];
  try {
    entries = listingEntries(i.p, readdirSync(i.p, { withFileTypes: true, recursive: i.r }), i.x);
  } catch {
    return undefined;
  }
  return { entries, digest: md5([...entries].sort().join('\n')) };
}

/**
 * `env` seen through a recorder: the names read (with their values at the time) go into `seen`; enumerating the
 * whole environment sets `all` (then every variable is a dependency).
 */
export function recordingEnv(env: Record<string, string | undefined>): { env: Record<string, string | undefined>; seen: Map<string, string | undefined>; all: () => boolean } {
  const seen = new Map<string, string | undefined>();
  let all = false;
  const proxy = new Proxy(env, {
    get(target, name, receiver) {
      const v = Reflect.get(target, name, receiver) as unknown;
      if (typeof name === 'string' && !seen.has(name)) seen.set(name, typeof v === 'string' ? v : undefined);
      return v;
    },
    has(target, name) {
      if (typeof name === 'string' && !seen.has(name)) seen.set(name, typeof target[name] === 'string' ? target[name] : undefined);
      return Reflect.has(target, name);
    },
    ownKeys(target) {
      all = true;
      return Reflect.ownKeys(target);
    },
  });
  return { env: proxy, seen, all: () => all };
}

/** True when every input reads as it was recorded (each is read again: a file's text is hashed again). */
export function inputsUnchanged(inputs: readonly Input[]): boolean {
  for (const i of inputs) {
    switch (i.k) {
      case 'read': {
        let text: string | undefined;
        try {
          text = readFileSync(i.p, 'utf8');
        } catch {
          text = undefined;
        }
        if ((text === undefined ? null : md5(text)) !== i.v) return false;
        break;
      }
      case 'stat': {
        let v: string | null;
        try {
          const s = statSync(i.p);
          v = `${s.size}:${s.mtimeMs}`;
        } catch {
          v = null;
        }
        if (v !== i.v) return false;
        break;
      }
      case 'exists':
        if (existsSync(i.p) !== i.v) return false;
        break;
      case 'list': {
        let v: string | null;
        try {
          v = listingDigest(i.p, readdirSync(i.p, { withFileTypes: true, recursive: i.r }), i.x);
        } catch {
          v = null;
        }
        if (v !== i.v) return false;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}
