// The session parameters that change how a statement is translated (TIMESTAMP_TYPE_MAPPING, timestamp-type-mapping.ts)
// or how its quoted names are read (QUOTED_IDENTIFIERS_IGNORE_CASE: quoted identifiers fold to upper case like
// unquoted ones, in lookups and in the names objects get; https://docs.snowflake.com/en/sql-reference/identifiers-syntax).
// ALTER SESSION keeps them in DuckDB session variables, per connection as Snowflake keeps them per session; the
// session reads them back after such a statement and passes them to the translator and to the name folding.
import { quote } from './template';
import { UnsupportedOnDuckDb } from './unsupported';
import { TIMESTAMP_MAPPINGS, type TimestampMapping } from './timestamp-type-mapping';

const MAPPING_VARIABLE = 'bz_timestamp_type_mapping';
const IGNORE_CASE_VARIABLE = 'bz_quoted_identifiers_ignore_case';

export interface SessionState {
  timestampTypeMapping: TimestampMapping;
  quotedIdentifiersIgnoreCase: boolean;
}

export const DEFAULT_SESSION_STATE: SessionState = { timestampTypeMapping: 'TIMESTAMP_NTZ', quotedIdentifiersIgnoreCase: false };

const BOOLEAN: Record<string, boolean> = { TRUE: true, FALSE: false };

/**
 * The DuckDB statement for `ALTER SESSION SET|UNSET` of one of these parameters (undefined for other parameters);
 * throws for a value Snowflake does not take.
 */
export function sessionStateStatement(name: string, value: string, unset: boolean, at: number): string | undefined {
  const v = value.trim().toUpperCase();
  if (name === 'TIMESTAMP_TYPE_MAPPING') {
    if (unset) return `RESET VARIABLE ${MAPPING_VARIABLE}`;
    if (!(TIMESTAMP_MAPPINGS as readonly string[]).includes(v)) throw new UnsupportedOnDuckDb(`ALTER SESSION SET ${name} = ${value}`, at);
    return `SET VARIABLE ${MAPPING_VARIABLE} = ${quote(v)}`;
  }
  if (name === 'QUOTED_IDENTIFIERS_IGNORE_CASE') {
    if (unset) return `RESET VARIABLE ${IGNORE_CASE_VARIABLE}`;
    if (BOOLEAN[v] === undefined) throw new UnsupportedOnDuckDb(`ALTER SESSION SET ${name} = ${value}`, at);
    return `SET VARIABLE ${IGNORE_CASE_VARIABLE} = ${BOOLEAN[v]}`;
  }
  return undefined;
}

/** Whether a translated statement may have changed the session state (then read it again with SESSION_STATE_QUERY). */
export function changesSessionState(translated: string): boolean {
  const text = translated.toLowerCase();
  return text.includes(MAPPING_VARIABLE) || text.includes(IGNORE_CASE_VARIABLE);
}

/** The query reading the session state back; its one row goes to sessionStateOf. */
export const SESSION_STATE_QUERY = `SELECT getvariable('${MAPPING_VARIABLE}'), getvariable('${IGNORE_CASE_VARIABLE}')`;

export function sessionStateOf(row: readonly unknown[] | undefined): SessionState {
  const mapping = String(row?.[0] ?? DEFAULT_SESSION_STATE.timestampTypeMapping) as TimestampMapping;
  return {
    timestampTypeMapping: TIMESTAMP_MAPPINGS.includes(mapping) ? mapping : DEFAULT_SESSION_STATE.timestampTypeMapping,
    quotedIdentifiersIgnoreCase: row?.[1] === true,
  };
}
