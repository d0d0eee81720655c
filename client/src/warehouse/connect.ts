// Picks the warehouse implementation for a target. Drivers load lazily: snowflake-sdk alone costs ~260 ms
// and pulls in the AWS and Azure SDKs, which a DuckDB run never needs.
import type { TargetConfig } from '../../../server/src/core/types';
import type { Warehouse } from './warehouse';

/** `projectDir` anchors relative DuckDB paths (profiles.yml paths are relative to the project). */
export async function openWarehouse(target: TargetConfig, projectDir: string): Promise<Warehouse> {
  if (target.type === 'duckdb') {
    const { createDuckDbWarehouse } = await import('./duckdb');
    return createDuckDbWarehouse(target, { baseDir: projectDir });
  }
  const { createSnowflakeWarehouse } = await import('./snowflake');
  return createSnowflakeWarehouse(target);
}
