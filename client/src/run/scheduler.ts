// Runs a DAG of jobs on N threads: a job starts once every one of its upstream jobs has finished, and is
// skipped (not run) when any upstream job "blocks" its dependents. Order among ready jobs is the given order,
// so runs are deterministic for one thread.

export interface Job<R> {
  id: string;
  /** Upstream job ids among the scheduled ones (others are ignored). */
  upstream: string[];
}

export interface SchedulerOptions<R> {
  threads: number;
  signal?: AbortSignal;
  /** Runs a job on a thread (0-based index). Must not throw; failures are results. */
  run(job: Job<R>, thread: number): Promise<R>;
  /** A result that stops its downstream jobs (a failed model, a failing error-severity test). */
  blocksDownstream(result: R): boolean;
  /** The result recorded for a job that did not run; `cause` is the blocking job id, or 'cancelled'. */
  skipped(job: Job<R>, cause: string): R;
  /** Called as each job ends, in completion order. */
  onDone?(job: Job<R>, result: R): void;
}

export async function runScheduled<R>(jobs: Job<R>[], options: SchedulerOptions<R>): Promise<Map<string, R>> {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const results = new Map<string, R>();
  const blockedBy = new Map<string, string>();
  const remaining = new Map<string, number>();
  const downstream = new Map<string, string[]>();
  for (const job of jobs) {
    const ups = job.upstream.filter((u) => byId.has(u) && u !== job.id);
    remaining.set(job.id, ups.length);
    for (const u of ups) {
      if (!downstream.has(u)) downstream.set(u, []);
      downstream.get(u)!.push(job.id);
    }
  }
  const order = new Map(jobs.map((j, i) => [j.id, i]));
  const ready: string[] = jobs.filter((j) => remaining.get(j.id) === 0).map((j) => j.id);
  const freeThreads: number[] = Array.from({ length: Math.max(1, options.threads) }, (_, i) => i);
  let running = 0;

  return new Promise((resolve) => {
    const finish = (id: string, result: R): void => {
      results.set(id, result);
      options.onDone?.(byId.get(id)!, result);
      const blocking = options.blocksDownstream(result);
      for (const d of downstream.get(id) ?? []) {
        if (blocking && !blockedBy.has(d)) blockedBy.set(d, blockedBy.get(id) ?? id);
        if (!blocking && blockedBy.has(id) && !blockedBy.has(d)) blockedBy.set(d, blockedBy.get(id)!);
        const left = remaining.get(d)! - 1;
        remaining.set(d, left);
        if (left === 0) insertReady(d);
      }
    };
    const insertReady = (id: string): void => {
      // Keep `ready` in the caller's order so equal-priority jobs start deterministically.
      const pos = order.get(id)!;
      let i = ready.length;
      while (i > 0 && order.get(ready[i - 1])! > pos) i--;
      ready.splice(i, 0, id);
    };
    const pump = (): void => {
      while (ready.length > 0) {
        const id = ready[0];
        const job = byId.get(id)!;
        if (options.signal?.aborted) {
          ready.shift();
          finish(id, options.skipped(job, 'cancelled'));
          continue;
        }
        const cause = blockedBy.get(id);
        if (cause !== undefined) {
          ready.shift();
          finish(id, options.skipped(job, cause));
          continue;
        }
        if (freeThreads.length === 0) break;
        ready.shift();
        const thread = freeThreads.shift()!;
        running++;
        void options.run(job, thread).then((result) => {
          running--;
          freeThreads.push(thread);
          freeThreads.sort((a, b) => a - b);
          finish(id, result);
          pump();
        });
      }
      if (running === 0 && ready.length === 0) {
        // Jobs left with unfinished upstream can only come from a cycle among the scheduled jobs.
        for (const job of jobs) if (!results.has(job.id)) finishCycle(job);
        resolve(results);
      }
    };
    const finishCycle = (job: Job<R>): void => {
      results.set(job.id, options.skipped(job, 'cycle'));
      options.onDone?.(job, results.get(job.id)!);
    };
    pump();
  });
}
