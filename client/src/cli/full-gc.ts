// A full garbage collection on request, for a long-lived process that has just become idle (the check daemon after
// a load). V8's memory reducer does not shrink such a heap on its own: measured on the generated 10,000-model project
// the daemon still held ~365 MB 40 s after its first load, ~240 MB after one full collection (bench/daemon-memory.ts).
// `gc` is V8's `--expose-gc` extension; the flag is set only while a fresh context is made to fetch it, so no other
// context (nor this process's global object) gets a `gc`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return (collect = own as () => void);
  try {
    setFlagsFromString('--expose-gc');
    const fetched: unknown = runInNewContext('gc');
    collect = typeof fetched === 'function' ? (fetched as () => void) : null;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/** Runs a full (major, compacting) collection now; false when this V8 offers none. */
export function fullGc(): boolean {
  const gc = collector();
  if (!gc) return false;
  gc();
  return true;
}
