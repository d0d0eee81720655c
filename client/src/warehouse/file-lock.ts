// DuckDB lets one process at a time write a database file. A second `bronze` command (or the extension while a
// command runs) waits for the holder to finish, saying who it waits for, instead of failing at once.
import { readFileSync } from 'node:fs';
import { isLockError, lockHolderPid } from './snowflake-on-duckdb';
import { WarehouseError } from './warehouse';

/** Seconds a command waits for a locked DuckDB file when `--lock-timeout` is not given. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 30;

export interface LockWaitOptions {
  /** How long to keep trying, in seconds; 0 fails at the first refusal. */
  timeoutSeconds: number;
  /** Told once, when the first attempt finds the file locked (a progress line for the user). */
  onWait?: (message: string) => void;
  /** Clock and sleep, replaceable in tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Who holds the lock, as DuckDB's message says: `PID 123 (/usr/bin/node bronze run)` when it can tell. */
export function lockHolder(raw: string): string | undefined {
  const pid = lockHolderPid(raw);
  if (pid === undefined) return undefined;
  const command = commandLineOf(pid) ?? /held in (.+?) \(PID \d+\)/.exec(raw)?.[1];
  return command ? `PID ${pid} (${command})` : `PID ${pid}`;
}

/** The holder's command line on Linux, shortened; undefined elsewhere or when the process is gone. */
function commandLineOf(pid: number): string | undefined {
  try {
    const parts = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (!parts.length) return undefined;
    const line = parts.join(' ');
    return line.length > 120 ? `${line.slice(0, 117)}...` : line;
  } catch {
    return undefined;
  }
}

/** The error a command ends with when the file stayed locked. */
export function lockedError(file: string, raw: string, waitedSeconds: number): WarehouseError {
  const pid = lockHolderPid(raw);
  const holder = lockHolder(raw);
  const waited = waitedSeconds > 0 ? ` Waited ${waitedSeconds} s for it (--lock-timeout).` : '';
  return new WarehouseError(
    `The DuckDB file ${file} is locked by another process${pid !== undefined ? ` (PID ${pid})` : ''}, for example a running ` +
      '`bronze` command or the VS Code extension.' +
      (holder && holder !== `PID ${pid}` ? ` The holder is ${holder}.` : '') +
      waited +
      " Close that process (or stop its run), wait longer with --lock-timeout SECONDS, or point this target's " +
      '`path` at a different file.',
    { code: 'bronze/duckdb-locked' },
  );
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `open` (which opens or attaches `file`) until it succeeds, retrying while DuckDB refuses the file lock,
 * for up to `timeoutSeconds`. Other errors pass through untouched.
 */
export async function waitForFileLock<T>(file: string, open: () => Promise<T>, options: LockWaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const started = now();
  const deadline = started + Math.max(0, options.timeoutSeconds) * 1000;
  let told = false;
  let pause = 50;
  for (;;) {
    try {
      return await open();
    } catch (e) {
      const raw = e instanceof Error ? e.message : String(e);
      if (!isLockError(raw)) throw e;
      const left = deadline - now();
      if (left <= 0) throw lockedError(file, raw, Math.round((now() - started) / 1000));
      if (!told) {
        told = true;
        const holder = lockHolder(raw);
        options.onWait?.(
          `Waiting for the DuckDB file ${file}: it is locked by ${holder ?? 'another process'}. ` +
            `Waiting up to ${options.timeoutSeconds} s (--lock-timeout).`,
        );
      }
      // Poll: DuckDB offers no way to be told when another process lets go of a file.
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, 500);
    }
  }
}
