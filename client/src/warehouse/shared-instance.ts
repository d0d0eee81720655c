// One DuckDB instance per database file in this process. DuckDB's file lock only keeps other processes out: two
// instances on one file in the same process both open it, the second reads stale data and their checkpoints can
// overwrite each other (e.g. the extension's audit panel reading while a run writes). So opens of the same file
// share one instance, closed when the last user lets go.
import type { DuckDBInstance } from '@duckdb/node-api';

interface Shared {
  instance: Promise<DuckDBInstance>;
  users: number;
}

const byFile = new Map<string, Shared>();

export interface InstanceLease {
  instance: DuckDBInstance;
  /** Whether this lease opened the instance (false: it joined one already open in this process). */
  opened: boolean;
  /** Lets go of the instance; the last lease closes it. Calling it twice is harmless. */
  release(): void;
}

/** The process's instance for `file` (an absolute path), opened with `open` when there is none. */
export async function leaseInstance(file: string, open: () => Promise<DuckDBInstance>): Promise<InstanceLease> {
  let shared = byFile.get(file);
  const opened = shared === undefined;
  if (!shared) {
    const created: Shared = { instance: open(), users: 0 };
    shared = created;
    byFile.set(file, created);
    // A failed open leaves nothing behind: the next caller tries afresh.
    created.instance.catch(() => {
      if (byFile.get(file) === created) byFile.delete(file);
    });
  }
  const entry = shared;
  entry.users++;
  let instance: DuckDBInstance;
  try {
    instance = await entry.instance;
  } catch (e) {
    entry.users--;
    throw e;
  }
  let released = false;
  return {
    instance,
    opened,
    release: () => {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      if (byFile.get(file) === entry) byFile.delete(file);
      instance.closeSync();
    },
  };
}

/** How many leases hold `file` in this process (for tests). */
export function leasesOf(file: string): number {
  return byFile.get(file)?.users ?? 0;
}
