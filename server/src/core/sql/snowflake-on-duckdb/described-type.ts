// The type text Snowflake's DESCRIBE TABLE gives (what dbt-snowflake's get_columns_in_relation parses into a Column)
// for a column the twin holds as a DuckDB type, named as INFORMATION_SCHEMA names it (information-schema.ts). A
// parameter DuckDB does not keep is left out rather than guessed: a VARCHAR's length (dbt then takes Snowflake's
// default, 16777216), an integer's NUMBER precision, a BINARY's length. Times carry Snowflake's default (9): DuckDB
// keeps microseconds whatever was declared.
import { TIMESTAMP_TZ_DATA_TYPE } from './timestamp-tz';

const INTEGERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT']);
const NAMED: Record<string, string> = {
  VARCHAR: 'VARCHAR',
  DOUBLE: 'FLOAT',
  FLOAT: 'FLOAT',
  REAL: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  TIME: 'TIME(9)',
  TIMESTAMP: 'TIMESTAMP_NTZ(9)',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP_LTZ(9)',
  [TIMESTAMP_TZ_DATA_TYPE]: 'TIMESTAMP_TZ(9)',
  JSON: 'VARIANT',
  BLOB: 'BINARY',
};

/**
 * Snowflake's DESCRIBE type for a DuckDB `information_schema.columns.data_type`; a DuckDB type Snowflake has no name
 * for (no Snowflake statement makes one) is returned as it is.
 */
export function snowflakeDescribedType(duckType: string): string {
  const t = duckType.trim();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(t);
  if (decimal) return `NUMBER(${decimal[1]},${decimal[2]})`;
  if (INTEGERS.has(t.toUpperCase())) return 'NUMBER';
  if (NAMED[t] !== undefined) return NAMED[t];
  if (/^(MAP|STRUCT)\(/i.test(t)) return 'OBJECT';
  if (/\[\d*\]$/.test(t)) return 'ARRAY';
  return t;
}
