// The Snowflake data_type to write in schema.yml for a column type a warehouse reported. Snowflake's driver
// already speaks Snowflake (NUMBER(38,0), VARCHAR, TIMESTAMP_NTZ); DuckDB's names are mapped onto the Snowflake
// type the snowflake-on-duckdb layer stands in for. A type with no exact Snowflake counterpart gives undefined:
// the entry then carries no data_type rather than a wrong one.

import { isTimestampTzStruct } from '../../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';

const SNOWFLAKE_NAMES = new Set([
  'VARCHAR', 'TEXT', 'STRING', 'FLOAT', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ',
  'VARIANT', 'OBJECT', 'ARRAY', 'BINARY', 'GEOGRAPHY', 'GEOMETRY',
]);

/** Snowflake's one-word synonyms of its timestamp variations. */
const SNOWFLAKE_SYNONYMS: Readonly<Record<string, string>> = {
  TIMESTAMPTZ: 'TIMESTAMP_TZ',
  TIMESTAMPLTZ: 'TIMESTAMP_LTZ',
  TIMESTAMPNTZ: 'TIMESTAMP_NTZ',
};

const DUCKDB_INTEGERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

export function snowflakeTypeName(warehouseType: string): string | undefined {
  const t = warehouseType.trim().toUpperCase().replace(/\s+/g, ' ');
  const number = /^(?:NUMBER|DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(t);
  if (number) return `NUMBER(${number[1]},${number[2]})`;
  if (SNOWFLAKE_NAMES.has(t)) return t === 'TEXT' || t === 'STRING' ? 'VARCHAR' : t;
  // Snowflake stores every integer type as NUMBER(38,0).
  if (DUCKDB_INTEGERS.has(t)) return 'NUMBER(38,0)';
  if (t === 'DOUBLE' || t === 'REAL') return 'FLOAT';
  if (t === 'TIMESTAMP') return 'TIMESTAMP_NTZ';
  // DuckDB's TIMESTAMPTZ is an instant shown in the session zone: Snowflake's TIMESTAMP_LTZ. DuckDB reports it as
  // TIMESTAMP WITH TIME ZONE, never as TIMESTAMPTZ.
  if (t === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMP_LTZ';
  // A Snowflake name for a variation (https://docs.snowflake.com/en/sql-reference/data-types-datetime): TIMESTAMPTZ is
  // TIMESTAMP_TZ, a wallclock time with its own offset.
  if (SNOWFLAKE_SYNONYMS[t] !== undefined) return SNOWFLAKE_SYNONYMS[t];
  if (t === 'JSON') return 'VARIANT';
  if (t === 'BLOB') return 'BINARY';
  // The DuckDB target's TIMESTAMP_TZ is a struct of the instant and the offset.
  if (isTimestampTzStruct(warehouseType)) return 'TIMESTAMP_TZ';
  if (/^(STRUCT|MAP)\s*\(/.test(t)) return 'OBJECT';
  if (/\[\d*\]$/.test(t)) return 'ARRAY';
  return undefined;
}
