// A full garbage collection on request, for a long-lived process that has just become idle (the check daemon or the
// language server after a load), whose heap V8's memory reducer shrinks only minutes later (idle-collector.ts).
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

/**
 * Runs a full collection now; false when this V8 offers none. `reduceMemory`: while it runs, V8 optimizes for size
 * (`--optimize-for-size`, only for this collection): it then moves the objects off sparsely used pages and gives the
 * pages back, and shrinks the young generation — a plain collection only frees wholly empty pages (measured at
 * 10,000 models, three collections: old space 171 MB committed plain, 144 MB so; RSS 275 → 246 MB).
 */
export function fullGc(reduceMemory = false): boolean {
  const gc = collector();
  if (!gc) return false;
  // Already so for the whole process (node's own flags): nothing to set, nor to undo.
  if (!reduceMemory || /^--optimize[-_]for[-_]size$/.test(process.execArgv.find((a) => /optimize[-_]for[-_]size/.test(a)) ?? '')) {
    gc();
    return true;
  }
  setFlagsFromString('--optimize-for-size');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-optimize-for-size');
  }
  return true;
}
