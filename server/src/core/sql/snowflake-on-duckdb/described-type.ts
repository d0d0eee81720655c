// The type text Snowflake's DESCRIBE TABLE gives (what dbt-snowflake's get_columns_in_relation parses into a Column)
// for a column the twin holds as a DuckDB type, named as INFORMATION_SCHEMA names it (information-schema.ts). A
// parameter DuckDB does not keep is left out rather than guessed: a VARCHAR's length (dbt then takes Snowflake's
// default, 16777216), an integer's NUMBER precision, a BINARY's length. Times carry Snowflake's default (9): DuckDB
// keeps microseconds whatever was declared.
import { isTimestampTzStruct, TIMESTAMP_TZ_DATA_TYPE } from './timestamp-tz';

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

/** The integer types and literal kinds DuckDB's binder names: each a NUMBER of scale 0 to Snowflake. */
const INTEGER_WORDS = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|INTEGER_LITERAL)$/;

/**
 * A DuckDB type, as a binder message, a query plan or the catalog spells it, under its Snowflake name without
 * parameters, for a Bronze message (a refusal must name Snowflake's type: a FLOAT, not DuckDB's DOUBLE): every integer
 * and DECIMAL is NUMBER, DOUBLE FLOAT, JSON VARIANT, a list ARRAY, a MAP or STRUCT OBJECT, the layer's TIMESTAMP_TZ
 * struct TIMESTAMP_TZ. The one mapping of type names for messages; a type Snowflake has no name for is given as DuckDB
 * spells it, upper-cased.
 */
export function snowflakeTypeWord(duckType: string): string {
  const t = duckType.trim().replace(/^"(.*)"$/, '$1').toUpperCase();
  if (/\[\d*\]$/.test(t)) return 'ARRAY';
  if (INTEGER_WORDS.test(t) || /^DECIMAL\b/.test(t)) return 'NUMBER';
  if (t === 'STRING_LITERAL') return 'VARCHAR';
  if (/^TIMESTAMP_(S|MS|NS)$/.test(t)) return 'TIMESTAMP_NTZ';
  if (t === 'TIMESTAMPTZ') return 'TIMESTAMP_LTZ';
  if (isTimestampTzStruct(t) || /^STRUCT\(\s*"?BZ_TZ_UTC"?\s/.test(t)) return 'TIMESTAMP_TZ';
  return snowflakeDescribedType(t).replace(/\(\d+\)$/, '');
}
