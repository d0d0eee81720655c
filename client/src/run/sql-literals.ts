// SQL literal rendering for the statements Bronze writes itself: audit rows, the demo loader, the Snowflake warehouse's own queries.
import type { TargetType } from '../../../server/src/core/types';

/**
 * A single-quoted string for a statement sent straight to a connection (not through a warehouse session): Snowflake
 * reads backslash as an escape inside quotes and native DuckDB does not, so only Snowflake gets backslashes doubled.
 */
export function sqlString(value: string, dialect: TargetType): string {
  const escaped = dialect === 'snowflake' ? value.replace(/\\/g, '\\\\') : value;
  return `'${escaped.replace(/'/g, "''")}'`;
}

/**
 * A single-quoted string for a statement sent through a warehouse session, on either target: the DuckDB session
 * reads the statement as Snowflake SQL, so backslashes are doubled there too (a message's `C:\new` came back with a
 * newline in it); a NUL, which ends DuckDB's statement text, goes as the escape \x00, whose two hexadecimal digits
 * no following digit can join (docs.snowflake.com/en/sql-reference/data-types-text, escape sequences).
 */
export function sessionString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\x00')}'`;
}
