// The check daemon's state: one project loaded once and kept (as the language server keeps it), answering
// `bronze check --daemon` requests. Each answer must be what a fresh `bronze check` of the tree would print, so each
// request first finds what changed since the last answer without reading every file:
//   - every file the project read is stat'ed and compared with its identity when it was read (inode, size, mtime,
//     ctime; input-log.ts `fileIdentity`); a file modified within daemonTuning.timestampSlackMs of its read is hashed again
//     (a second write within one timestamp tick need not show in the stat: git's "racy clean" problem);
//   - every folder the project listed is listed again (new and deleted files);
//   - seeds' stats and existence probes are compared as check-cache.ts compares them;
//   - the environment variables the project read are compared with the client's.
// Changed files go through ProjectState.update (the language server's incremental path); anything else that changed
// (an existence probe, a folder appearing, a file outside the project, a variable) reloads the project.
import { existsSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { Workspace, type ProjectState } from '../../../server/src/analysis/workspace';
import { md5 } from '../../../server/src/project/hash';
import { parseCacheSavesPending } from '../../../server/src/project/parse-cache';
import { InputLog, readIdentified, readTextFile, recordingEnv, relist, statValue, withInputLog, type Input } from '../../../server/src/project/input-log';
import { stateDiagnostics, type CheckDiagnostic } from './check';
import { DaemonReads, type FileRead } from './daemon-reads';
import { fullGc } from './full-gc';

/**
 * `timestampSlackMs`: how close to its read a file's modification time must be for its stat not to vouch for its
 * text. Linux file systems keep nanoseconds but stamp writes from a clock that ticks in milliseconds; FAT keeps 2 s,
 * HFS+ 1 s. Exported for tests (0: every change must show in the stat).
 * `idleGcMs`, `idleGcRounds`: how long the daemon must have been idle after a load or an update (and the caches'
 * deferred saves done) before each full collection of the garbage that work left (full-gc.ts), and at most how many
 * optimized for size (one plain collection follows them).
 */
export const daemonTuning = { timestampSlackMs: 2000, idleGcMs: 1000, idleGcRounds: 8 };

/** The project and options a daemon serves (CheckCacheKey's fields, profilesDir absolute). */
export interface DaemonProject {
  root: string;
  profilesDir?: string;
  target?: string;
  vars: Record<string, unknown>;
}

type Env = Record<string, string | undefined>;

interface ListTrack {
  input: Extract<Input, { k: 'list' }>;
  digest: string | null;
  /** The entries the digest is of; undefined when the folder changed while the project was read (reload next). */
  entries: Set<string> | undefined;
}

/** How each answer was reached (tests and benches). */
export interface DaemonCounters {
  loads: number;
  updates: number;
  unchanged: number;
}

export class CheckDaemon {
  readonly counters: DaemonCounters = { loads: 0, updates: 0, unchanged: 0 };
  private state: ProjectState | undefined;
  /** The environment the project reads: the last client's, behind a recorder of the names read. */
  private envBox: Env = {};
  private recorder: ReturnType<typeof recordingEnv> | undefined;
  /** Every file read: md5 of its text and its identity when read (daemon-reads.ts). */
  private readonly reads = new DaemonReads();
  private stats = new Map<string, string | null>();
  private probes = new Map<string, boolean>();
  private lists = new Map<string, ListTrack>();
  private last: CheckDiagnostic[] = [];
  /** The serial queue: one request at a time (an update must not interleave with the next change scan). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Requests queued or running. */
  private busy = 0;
  /** A load or an update left garbage that no full collection has taken since. */
  private garbage = false;
  private gcTimer: NodeJS.Timeout | undefined;
  /** Full collections run once idle (tests and benches). */
  idleCollections = 0;
  /** Their total duration (the daemon's log). */
  private collectMs = 0;
  /** Told when a series of idle collections ends (the daemon's log): how many, and how long they blocked in all. */
  onCollected: ((rounds: number, ms: number) => void) | undefined;

  constructor(readonly project: DaemonProject) {}

  /** The project's diagnostics now, sorted and unfiltered (what runCheck prints before --min-severity). */
  check(env: Env): Promise<CheckDiagnostic[]> {
    this.busy++;
    clearTimeout(this.gcTimer);
    this.gcTimer = undefined;
    const next = this.queue.then(() => this.checkNow(env));
    this.queue = next.catch(() => undefined).then(() => {
      this.busy--;
      if (this.busy === 0 && this.garbage) this.collectWhenIdle();
    });
    return next;
  }

  /**
   * A load leaves its garbage (every file's scan and parse, the node building's temporaries) in a heap V8 grew for
   * it. V8's memory reducer gives it back only 1.5–3 minutes later (measured at 10,000 models: 388 → 300 → 223 MB
   * RSS; it waits for the load's allocation rate to fade from its samples, or for its 100 s watchdog), so for minutes
   * after each load the daemon held ~360 MB. Full collections once nothing is asked and the caches are saved do it within
   * seconds: up to `idleGcRounds`, each after `idleGcMs` of quiet, while the heap shrinks by 2 MB or more (V8 shrinks
   * the old generation's pages and the young generation over successive collections: 352 MB → 280 after three,
   * 233 after seven, where it stops shrinking). Then one plain collection: a collection optimized for size leaves V8
   * a next-collection limit just above the live heap, which cost the next schema.yml update one more mark-compact
   * (+60 % CPU in one probe); a plain one sets the usual limit. Each blocks this thread while it runs; a request
   * arriving meanwhile ends the rounds (its own end starts them again).
   */
  private collectWhenIdle(round = 0, last = false): void {
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      if (this.busy > 0 || !this.garbage) return;
      if (parseCacheSavesPending()) {
        this.collectWhenIdle(round, last);
        return;
      }
      const before = process.memoryUsage().heapTotal;
      const t0 = performance.now();
      if (!fullGc(!last)) {
        this.garbage = false;
        return;
      }
      if (round === 0) this.collectMs = 0;
      this.collectMs += performance.now() - t0;
      this.idleCollections++;
      if (last) {
        this.garbage = false;
        this.onCollected?.(round + 1, this.collectMs);
        return;
      }
      const shrank = before - process.memoryUsage().heapTotal >= 2 << 20;
      this.collectWhenIdle(round + 1, !(round + 1 < daemonTuning.idleGcRounds && shrank));
    }, daemonTuning.idleGcMs);
    this.gcTimer.unref();
  }

  private async checkNow(env: Env): Promise<CheckDiagnostic[]> {
    if (!this.state || this.envDiffers(env)) return this.load(env);
    this.useEnv(env);
    const changed = this.changes();
    if (changed === 'reload') return this.load(env);
    if (changed.length === 0) {
      this.counters.unchanged++;
      return this.last;
    }
    const state = this.state;
    const log = new InputLog(true);
    this.garbage = true;
    await withInputLog(log, () => {
      this.feedOverlay(state, changed);
      return state.update(changed);
    });
    // The language server keeps showing the last state that loaded; a check must say what a fresh load says.
    if (state.loadFailed) return this.load(env);
    this.track(log.list());
    this.counters.updates++;
    this.last = stateDiagnostics(this.project.root, state);
    return this.last;
  }

  /**
   * A saved model is handed to the workspace as an editor buffer holding the file's text, so a body or ref() edit
   * takes the language server's fast path (one node swapped, no reload of the project). A file once given stays an
   * overlay and is kept equal to the disk at each request (deleted: dropped), so the loader and the rules read what
   * a fresh load reads.
   */
  private feedOverlay(state: ProjectState, changed: string[]): void {
    const overlay = state.ws.overlay;
    for (const f of changed) {
      if (!overlay.has(f) && !(changed.length === 1 && state.index.modelByFile.has(f))) continue;
      const text = readTextFile(f);
      if (text === undefined) overlay.delete(f);
      else overlay.set(f, text);
    }
  }

  private async load(env: Env): Promise<CheckDiagnostic[]> {
    this.state = undefined;
    this.garbage = true;
    this.envBox = { ...env };
    this.recorder = recordingEnv(this.envBox);
    this.reads.clear();
    this.stats.clear();
    this.probes.clear();
    this.lists.clear();
    const { root, profilesDir, target, vars } = this.project;
    const ws = new Workspace({ target, profilesDir, cliVars: vars, env: this.recorder.env, reloadable: true, holdBrokenSchemas: false });
    const log = new InputLog(true);
    const state = await withInputLog(log, () => ws.openProject(root));
    this.track(log.list());
    this.state = state;
    this.counters.loads++;
    this.last = stateDiagnostics(root, state);
    return this.last;
  }

  /** Whether a variable the project read has another value in `env` (every variable, if it enumerated them). */
  private envDiffers(env: Env): boolean {
    const rec = this.recorder;
    if (!rec) return true;
    if (rec.all()) {
      const a = Object.keys(this.envBox).filter((k) => this.envBox[k] !== undefined);
      const b = Object.keys(env).filter((k) => env[k] !== undefined);
      return a.length !== b.length || a.some((k) => env[k] !== this.envBox[k]);
    }
    for (const [name, value] of rec.seen) if (env[name] !== value) return true;
    return false;
  }

  /** The client's values for what an update reads next (those read so far are equal: envDiffers). */
  private useEnv(env: Env): void {
    for (const k of Object.keys(this.envBox)) delete this.envBox[k];
    Object.assign(this.envBox, env);
  }

  /** Inputs read since the last answer replace what was known of them. */
  private track(inputs: Input[]): void {
    for (const i of inputs) {
      switch (i.k) {
        case 'read':
          this.reads.set(i.p, { v: i.v, s: i.s ?? null, t: i.t ?? 0 });
          break;
        case 'stat':
          this.stats.set(i.p, i.v);
          break;
        case 'exists':
          this.probes.set(i.p, i.v);
          break;
        case 'list': {
          const now = relist(i);
          const same = (now?.digest ?? null) === i.v;
          this.lists.set(listKey(i), { input: i, digest: i.v, entries: same && now ? new Set(now.entries) : undefined });
          break;
        }
      }
    }
  }

  /** Files changed since they were read ('reload' when a change is not one the incremental update follows). */
  private changes(): string[] | 'reload' {
    const root = this.project.root + path.sep;
    const changed = new Set<string>();
    for (const p of this.reads.paths()) {
      let st: Stats | undefined;
      try {
        st = statSync(p);
      } catch {
        st = undefined;
      }
      if (this.reads.sameIdentity(p, st) && (st === undefined || st.mtimeMs + daemonTuning.timestampSlackMs < this.reads.readAt(p)!)) continue;
      const now = readNow(p);
      if (!this.reads.sameText(p, now.v)) changed.add(p);
      this.reads.set(p, now);
    }
    for (const [p, v] of this.stats) {
      const now = statValue(p);
      if (now === v) continue;
      changed.add(p);
      this.stats.set(p, now);
    }
    for (const [p, v] of this.probes) if (existsSync(p) !== v) return 'reload';
    for (const list of this.lists.values()) {
      const now = relist(list.input);
      if ((now?.digest ?? null) === list.digest) continue;
      if (!now || !list.entries) return 'reload';
      const after = new Set(now.entries);
      for (const [from, to] of [
        [list.entries, after],
        [after, list.entries],
      ]) {
        for (const e of from) {
          if (to.has(e)) continue;
          // A folder coming or going changes what is walked, not only which files: the loader's to work out.
          if (!e.endsWith('\u0000f')) return 'reload';
          changed.add(path.join(list.input.p, e.slice(0, -2)));
        }
      }
      list.digest = now.digest;
      list.entries = after;
    }
    for (const f of changed) if (!f.startsWith(root)) return 'reload';
    return [...changed].sort();
  }
}

function listKey(i: Extract<Input, { k: 'list' }>): string {
  return `${i.r ? 'r' : ''}:${i.p}`;
}

/** A file's text hash and identity now, read through one descriptor (as input-log.ts reads with identity). */
function readNow(p: string): FileRead {
  const { text, s, t } = readIdentified(p);
  return { v: text === undefined ? null : md5(text), s, t };
}
