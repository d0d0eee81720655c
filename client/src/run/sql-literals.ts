// SQL literal and name rendering shared by the runner's own statements (audit rows, show, freshness).
import type { TargetType } from '../../../server/src/core/types';

/**
 * A single-quoted SQL string. Snowflake reads backslash as an escape inside quotes; DuckDB does not, so only
 * Snowflake gets backslashes doubled. Quotes are doubled in both.
 */
export function sqlString(value: string, dialect: TargetType): string {
  const escaped = dialect === 'snowflake' ? value.replace(/\\/g, '\\\\') : value;
  return `'${escaped.replace(/'/g, "''")}'`;
}
