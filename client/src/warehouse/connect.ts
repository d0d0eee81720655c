// Picks the warehouse implementation for a target. Drivers load lazily: snowflake-sdk alone costs ~260 ms
// and pulls in the AWS and Azure SDKs, which a DuckDB run never needs.
import type { TargetConfig } from '../../../server/src/core/types';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from './file-lock';
import type { Warehouse } from './warehouse';

/** The target key `--lock-timeout` sets (seconds to wait for a DuckDB file another process holds). */
export const LOCK_TIMEOUT_KEY = 'lock_timeout';

/** `target.lock_timeout` when it is a number of seconds ≥ 0, else the default. */
export function lockTimeoutOf(target: TargetConfig): number {
  const v = Number(target[LOCK_TIMEOUT_KEY]);
  return target[LOCK_TIMEOUT_KEY] !== undefined && Number.isFinite(v) && v >= 0 ? v : DEFAULT_LOCK_TIMEOUT_SECONDS;
}

/**
 * `projectDir` anchors relative DuckDB paths (profiles.yml paths are relative to the project). `onLockWait` gets
 * the line saying whose lock a DuckDB file waits for; by default it goes to stderr, so it never mixes with a
 * command's output (the editor passes its progress notification instead).
 */
export async function openWarehouse(target: TargetConfig, projectDir: string, options: { onLockWait?: (message: string) => void } = {}): Promise<Warehouse> {
  if (target.type === 'duckdb') {
    const { createDuckDbWarehouse } = await import('./duckdb');
    return createDuckDbWarehouse(target, {
      baseDir: projectDir,
      lockTimeoutSeconds: lockTimeoutOf(target),
      onLockWait: options.onLockWait ?? ((message) => process.stderr.write(`${message}\n`)),
    });
  }
  const { createSnowflakeWarehouse } = await import('./snowflake');
  return createSnowflakeWarehouse(target);
}
