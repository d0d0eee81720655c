// On-disk cache of file parses, keyed by content. The CLI starts a fresh process for every command, so
// without it each `bronze run` re-parses every schema.yml (js-yaml + zod is most of a big project's load
// time); JSON.parse of the cached plain data is several times faster than parsing YAML again.
//
// Format: `<root>/<target-path>/.bronze-cache/parse.jsonl` — a header line naming the cache format and the
// parser code it was made by, then one `key<TAB>json` line per file. A line's key hashes the file's path,
// role and text, so an edited, moved or re-classified file simply misses. Lines are kept as strings and
// parsed only when hit; rewriting the file reuses them.
//
// The same store, in a file of its own, keeps the analysis's per-model rule results (analysis/rule-cache.ts): its
// header stamps all of Bronze's code, since those results come from the rules and everything they call.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlKeys } from '../core/yaml-python-values';
import type { FileRole, ParsedData } from './files';
import { md5 } from './hash';

const FORMAT = 'bronze-parse-cache 2';

/**
 * Knobs, exported for tests: projects with fewer files than `minFiles` load fast enough without a cache; a
 * deferred save starts `saveDelayMs` after the load (a language server is busy with its first checks then).
 */
export const parseCacheTuning = { minFiles: 200, saveDelayMs: 1000 };

/** The cache file for a project. */
export function parseCachePath(root: string, targetPath: string): string {
  return path.join(path.resolve(root, targetPath), '.bronze-cache', 'parse.jsonl');
}

export function parseCacheKey(abs: string, role: FileRole, text: string): string {
  return md5(`${role}\u0000${abs}\u0000${text}`);
}

// The code that made an entry is part of the key: a Bronze upgrade (or, in development, an edit to a source
// file) must not revive results made by other code. Size + mtime of the running code is enough.
const PARSER_SOURCES = ['files.ts', 'schemas.ts', 'scanner.ts', 'generic-tests.ts', 'yaml-source.ts', 'yaml-fast.ts', 'yaml-dbt.ts', 'locate.ts', 'did-you-mean.ts', 'parse-cache.ts', '../template/macro-blocks.ts'];
/** Whose code a cache file depends on: the parser modules, or all of Bronze's sources. */
export type CodeScope = 'parser' | 'all';
const stamps = new Map<CodeScope, string>();
export function codeStamp(scope: CodeScope = 'parser'): string {
  let stamp = stamps.get(scope);
  if (stamp === undefined) stamps.set(scope, (stamp = computeStamp(scope)));
  return stamp;
}

/**
 * The stamp as the code on disk is now, not as it was when this process first asked: a long-lived process (the check
 * daemon) uses it to notice that Bronze was rebuilt or upgraded under it.
 */
export function currentCodeStamp(scope: CodeScope): string {
  return computeStamp(scope);
}

/** Every .ts file under `dir` (development: the whole server's sources). */
function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function computeStamp(scope: CodeScope): string {
  let self: string;
  try {
    self = fileURLToPath(import.meta.url);
  } catch {
    return 'unknown';
  }
  // From sources, stamp each module in scope. In the build all code is inside every bundle; stamp all the
  // bundles of the folder (built together) so that the CLI and the language server share one cache.
  const dir = path.dirname(self);
  let files: string[];
  if (self.endsWith('.ts')) files = scope === 'parser' ? PARSER_SOURCES.map((f) => path.join(dir, f)) : sourcesUnder(path.dirname(dir));
  else {
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(dir, f));
    } catch {
      files = [self];
    }
  }
  // The rules also run packages' code (minijinja's parser): their pinned versions are in package.json, beside
  // server/ in development and beside dist/ when installed.
  if (scope === 'all') files.push(path.resolve(dir, self.endsWith('.ts') ? '../../..' : '..', 'package.json'));
  const parts: string[] = [];
  for (const f of files) {
    try {
      const s = statSync(f);
      parts.push(`${path.basename(f)}:${s.size}:${s.mtimeMs}`);
    } catch {
      parts.push(`${path.basename(f)}:-`);
    }
  }
  return md5(parts.join('|'));
}

/**
 * True when `v` survives JSON unchanged in every way the loader can observe: no Date (the YAML reader turns
 * `2024-01-01` into one), no NaN/Infinity (`.nan`, `.inf`), no undefined or holes in arrays, no class
 * instances. Files whose parse is not JSON-safe are never cached.
 */
export function jsonSafe(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'undefined':
      return true; // an object key holding undefined is dropped, which reads the same
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (x === undefined || !jsonSafe(x)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      // A YAML mapping's typed keys (`1:`) are a hidden property JSON drops.
      if (yamlKeys(v) !== undefined) return false;
      for (const k in v) if (!jsonSafe((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

// Saves scheduled by `saveLater`, by cache file: a load that opens the file runs its pending save first,
// and so does process exit, so a parse is never lost to timing.
const pendingSaves = new Map<string, (atExit?: boolean) => void>();
/**
 * How much of a cache file is joined into one string for one write: small enough that the string and its buffer
 * are ordinary young objects (a 1 MB string lives in V8's large-object space until the next full collection; 13
 * such chunks per save raised the language server's peak RSS).
 */
const CHUNK_CHARS = 64 * 1024;
/** Longest stretch of serializing between other work (an editor's keystroke waits at most this long). */
const SLICE_MS = 3;
let exitHook = false;
/**
 * Registered once, at module level: an arrow function made inside `saveLater` would share that call's closure
 * context and keep its cache (every line it saved, 14 MB for a 10,000-model project) and its entries alive for the
 * life of the process (a language server, the check daemon).
 */
function flushAtExit(): void {
  flushParseCacheSaves(true);
}

/**
 * Runs every save scheduled by `saveLater` now (for callers that read the cache file themselves). `atExit`: the
 * process is ending, nothing reads these caches again in it.
 */
export function flushParseCacheSaves(atExit = false): void {
  for (const run of [...pendingSaves.values()]) run(atExit);
}

/** Deferred saves still serializing or being written (`saveInBackground`). */
let writing = 0;

/** Whether a deferred save is still under way (the check daemon collects garbage once they are done). */
export function parseCacheSavesPending(): boolean {
  return pendingSaves.size > 0 || writing > 0;
}

/** A key → JSON-text store in one file; `T` is what a line holds (a file's parse unless said otherwise). */
export class ParseCache<T = ParsedData> {
  private readonly lines = new Map<string, string>();
  private readonly used = new Map<string, string>();
  private dirty = false;
  /** Lines found in the file (for tests and diagnostics of the cache itself). */
  readonly loadedEntries: number;

  private constructor(
    readonly file: string,
    text: string | undefined,
    /** The first line: the cache's format and the stamp of the code its entries come from. */
    private readonly header: string,
  ) {
    const first = `${header}\n`;
    if (text !== undefined && text.startsWith(first)) {
      let pos = first.length;
      while (pos < text.length) {
        let end = text.indexOf('\n', pos);
        if (end === -1) end = text.length;
        const tab = text.indexOf('\t', pos);
        if (tab > pos && tab < end) this.lines.set(text.slice(pos, tab), text.slice(tab + 1, end));
        pos = end + 1;
      }
    }
    this.loadedEntries = this.lines.size;
    // A stale or foreign file is rewritten on save even if every file misses.
    if (text !== undefined && this.lines.size === 0) this.dirty = true;
  }

  /**
   * Opens (reads) the cache file; a missing or unreadable file gives an empty cache. `kind` names another store
   * than the parse cache (its format, and the code its entries depend on).
   */
  static open<T = ParsedData>(file: string, kind: { format: string; code: CodeScope } = { format: FORMAT, code: 'parser' }): ParseCache<T> {
    pendingSaves.get(file)?.();
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    return new ParseCache<T>(file, text, `${kind.format} ${codeStamp(kind.code)}`);
  }

  /** The cached parse for `key`, or undefined. A line that does not parse counts as a miss. */
  get(key: string): T | undefined {
    const line = this.lines.get(key);
    if (line === undefined) return undefined;
    try {
      const data = JSON.parse(line) as T;
      this.used.set(key, line);
      return data;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps `key`'s line on save without reading it: a file open in the editor is parsed from its buffer,
   * but the parse of its text on disk stays valid for the next process.
   */
  retain(key: string): void {
    const line = this.lines.get(key);
    if (line !== undefined) this.used.set(key, line);
  }

  /** Records a fresh parse; `json` is `JSON.stringify(data)` made before the data was hydrated. */
  set(key: string, json: string): void {
    this.used.set(key, json);
    if (this.lines.get(key) !== json) this.dirty = true;
  }

  /**
   * Records `entries` (parses made now, serialized only when they are JSON-safe) and saves, after the load
   * that made them has returned: serializing is done in slices of a few milliseconds between other work (a
   * language server keeps answering requests), then the file is written. Opening the same cache file, or the
   * process exiting, finishes it at once.
   */
  saveLater(entries: readonly { key: string; data: unknown }[]): void {
    if (entries.length === 0) {
      this.save();
      return;
    }
    pendingSaves.get(this.file)?.();
    let next = 0;
    let done = false;
    const serialize = (budgetMs: number) => {
      const until = performance.now() + budgetMs;
      while (next < entries.length && performance.now() < until) {
        const e = entries[next++];
        if (jsonSafe(e.data)) this.set(e.key, JSON.stringify(e.data));
      }
    };
    const settle = () => {
      done = true;
      if (pendingSaves.get(this.file) === finish) pendingSaves.delete(this.file);
    };
    // Asked for now (the cache is opened again, or the process exits): finish synchronously.
    const finish = (atExit = false) => {
      if (done) return;
      settle();
      if (atExit) {
        this.saveNow(entries.slice(next));
        return;
      }
      serialize(Infinity);
      this.save();
    };
    const step = () => {
      if (done) return;
      serialize(SLICE_MS);
      if (next < entries.length) {
        setImmediate(step);
        return;
      }
      settle();
      void this.saveInBackground();
    };
    pendingSaves.set(this.file, finish);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', flushAtExit);
    }
    setTimeout(step, parseCacheTuning.saveDelayMs).unref();
  }

  /**
   * Writes the entries used by this load (so deleted or edited files' lines go away), when anything
   * changed. Atomic (temp file + rename) so a concurrent reader never sees half a file; failures (a
   * read-only project) are ignored — the cache is only an accelerator. Written in chunks: the file is never one
   * string (12 MB for a 10,000-model project, and as much again in the buffer written).
   */
  save(): boolean {
    return this.changed() && this.writeNow(this.used);
  }

  /**
   * Records `pending` and saves now, for a cache nothing saves again (a one-shot load's, or any at the process's
   * exit): each entry is serialized as it is written and then dropped, so the 12.6 MB of a 10,000-model project's
   * schema parses are never all held as lines.
   */
  saveNow(pending: readonly { key: string; data: unknown }[]): void {
    pendingSaves.get(this.file)?.();
    const safe = pending.filter((e) => jsonSafe(e.data));
    if (safe.length === 0) {
      this.save();
      return;
    }
    const replaced = new Set(safe.map((e) => e.key));
    const used = this.used;
    this.writeNow(
      (function* (): Generator<[string, string]> {
        for (const entry of used) if (!replaced.has(entry[0])) yield entry;
        for (const e of safe) yield [e.key, JSON.stringify(e.data)];
      })(),
    );
  }

  /** Writes the header and `lines` to the file (a temp file renamed over it); false when that failed. */
  private writeNow(lines: Iterable<[string, string]>): boolean {
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = openSync(tmp, 'w');
      try {
        for (const chunk of this.chunks(lines)) {
          const bytes = Buffer.from(chunk);
          for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
        }
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      this.dirty = false;
      return true;
    } catch {
      return false;
    }
  }

  /** `save` without blocking the thread (for the deferred save): a chunk per turn of the event loop. */
  async saveInBackground(): Promise<boolean> {
    if (!this.changed()) return false;
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    writing++;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const fh = await open(tmp, 'w');
      try {
        for (const chunk of this.chunks(this.used)) {
          const bytes = Buffer.from(chunk);
          for (let at = 0; at < bytes.length; ) at += (await fh.write(bytes, at)).bytesWritten;
        }
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
      this.dirty = false;
      return true;
    } catch {
      return false;
    } finally {
      writing--;
    }
  }

  /** Whether the file's text would change: a new or changed line, or a line of the file no longer used. */
  private changed(): boolean {
    return this.dirty || this.used.size !== this.lines.size;
  }

  /** The file's text (header, then a line per entry) in pieces of about CHUNK_CHARS (or one line, when longer). */
  private *chunks(lines: Iterable<[string, string]>): Generator<string> {
    let parts: string[] = [`${this.header}\n`];
    let size = parts[0].length;
    for (const [k, line] of lines) {
      const n = k.length + line.length + 2;
      if (size > 0 && size + n > CHUNK_CHARS) {
        yield parts.join('');
        parts = [];
        size = 0;
      }
      parts.push(k, '\t', line, '\n');
      size += n;
    }
    if (parts.length > 0) yield parts.join('');
  }
}
