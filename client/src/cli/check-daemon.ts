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
import { InputLog, readIdentified, readTextFile, recordingEnv, relist, statValue, withInputLog, type Input } from '../../../server/src/project/input-log';
import { stateDiagnostics, type CheckDiagnostic } from './check';
import { DaemonReads, type FileRead } from './daemon-reads';
import { IdleCollector } from '../../../server/src/core/idle-collector';

/**
 * `timestampSlackMs`: how close to its read a file's modification time must be for its stat not to vouch for its
 * text. Linux file systems keep nanoseconds but stamp writes from a clock that ticks in milliseconds; FAT keeps 2 s,
 * HFS+ 1 s. Exported for tests (0: every change must show in the stat).
 * `idleGcMs`, `idleGcRounds`: how long the daemon must have been idle after a load or an update (and the caches'
 * deferred saves done) before each full collection of the garbage that work left (idle-collector.ts), and at most how
 * many optimized for size (one plain collection follows them).
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
  /** The request under way is a load or an update, which leaves garbage (idle-collector.ts). */
  private garbage = false;
  /** Full collections once idle after a load or an update. */
  readonly collector = new IdleCollector({
    get idleMs() {
      return daemonTuning.idleGcMs;
    },
    get rounds() {
      return daemonTuning.idleGcRounds;
    },
  });

  constructor(readonly project: DaemonProject) {}

  /** The project's diagnostics now, sorted and unfiltered (what runCheck prints before --min-severity). */
  check(env: Env): Promise<CheckDiagnostic[]> {
    this.busy++;
    this.collector.interrupt();
    const next = this.queue.then(() => this.checkNow(env));
    this.queue = next.catch(() => undefined).then(() => {
      this.busy--;
      if (this.busy > 0) return;
      if (this.garbage) this.collector.leftGarbage();
      else this.collector.resume();
      this.garbage = false;
    });
    return next;
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
