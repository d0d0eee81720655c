// Gives back the memory a project load leaves behind, once the process is idle. A load (every file's scan and parse,
// the node building's temporaries) grows V8's heap, and V8's memory reducer shrinks it only 1.5–3 minutes later
// (measured at 10,000 models in the check daemon: 388 → 300 → 223 MB RSS; it waits for the load's allocation rate to
// fade from its samples, or for its 100 s watchdog), so a long-lived process held ~360 MB for minutes after each load.
// Full collections once nothing is asked and the caches are saved do it within seconds: up to `rounds`, each after
// `idleMs` of quiet, while the heap shrinks by 2 MB or more (V8 shrinks the old generation's pages and the young
// generation over successive collections: 352 MB → 280 after three, 233 after seven, where it stops shrinking). Then
// one plain collection: a collection optimized for size leaves V8 a next-collection limit just above the live heap,
// which cost the next update one more mark-compact (+60 % CPU in one probe); a plain one sets the usual limit. Each
// blocks the thread while it runs; work arriving meanwhile ends the rounds (`interrupt`), and its end starts them
// again while garbage is left (`resume`).
import { parseCacheSavesPending } from '../project/parse-cache';
import { fullGc } from './full-gc';

export interface IdleCollectorTuning {
  /** Quiet before each collection, in ms. */
  idleMs: number;
  /** At most this many collections optimized for size (one plain collection follows them). */
  rounds: number;
}

export class IdleCollector {
  /** Full collections run (tests and benches). */
  collections = 0;
  /** Told when a series ends: how many collections, and how long they blocked in all. */
  onCollected: ((rounds: number, ms: number) => void) | undefined;
  private garbage = false;
  private timer: NodeJS.Timeout | undefined;
  private ms = 0;

  /**
   * `tuning` is read at each wait, so a caller may change it live; `waiting` says the collection must wait longer
   * (by default: a parse cache's deferred save is pending, whose buffers the collection would only copy).
   */
  constructor(
    private readonly tuning: IdleCollectorTuning,
    private readonly waiting: () => boolean = parseCacheSavesPending,
  ) {}

  /** Work that left garbage has ended and nothing else runs: collect once idle. */
  leftGarbage(): void {
    this.garbage = true;
    this.resume();
  }

  /** Work begins: any wait or series under way stops (the garbage stays owed). */
  interrupt(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Nothing runs any more: collect once idle if garbage is owed. */
  resume(): void {
    if (this.garbage && !this.timer) this.schedule(0, false);
  }

  /** No collection is owed nor waiting (tests). */
  get settled(): boolean {
    return !this.garbage && !this.timer;
  }

  private schedule(round: number, last: boolean): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.garbage) return;
      if (this.waiting()) {
        this.schedule(round, last);
        return;
      }
      const before = process.memoryUsage().heapTotal;
      const t0 = performance.now();
      if (!fullGc(!last)) {
        this.garbage = false;
        return;
      }
      if (round === 0) this.ms = 0;
      this.ms += performance.now() - t0;
      this.collections++;
      if (last) {
        this.garbage = false;
        this.onCollected?.(round + 1, this.ms);
        return;
      }
      const shrank = before - process.memoryUsage().heapTotal >= 2 << 20;
      this.schedule(round + 1, !(round + 1 < this.tuning.rounds && shrank));
    }, this.tuning.idleMs);
    this.timer.unref();
  }
}
