// A VARCHAR compared with a DATE: Snowflake reads the string as a date (docs.snowflake.com/en/user-guide/date-time-examples,
// "WHERE timestamp1 < '2014-01-01'::DATE" on a STRING column); DuckDB refuses the comparison. When one side of the
// comparison is a DATE as written (`…::DATE`, CAST(… AS DATE), TO_DATE(…), DATE '…') the other goes through
// bz_date_operand, which converts text as TO_DATE does and leaves any other type as it is. A VARCHAR compared with a
// TIMESTAMP_NTZ or TIMESTAMP_LTZ as written (`…::TIMESTAMP`, TO_TIMESTAMP(…), CURRENT_TIMESTAMP) is converted to that
// type as its cast converts it (docs.snowflake.com/en/sql-reference/data-type-conversion: VARCHAR coerces to TIMESTAMP). Only a comparison standing
// on its own (`WHERE a < b AND …`) is rewritten, so an operator that binds tighter never takes the converted value.
import type { Lexeme } from '../tokenize';
import { refusalCast } from './errors';
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';
import { isPunct, isWord, type TemporalType } from './template';

export const COMPARISON_OPERATORS = new Set(['<', '<=', '>', '>=', '=', '<>', '!=']);

/** Words a comparison can follow at its start. */
const BEFORE = new Set(['select', 'where', 'and', 'or', 'on', 'when', 'then', 'else', 'not', 'having', 'qualify']);

/** Words a comparison can be followed by at its end. */
const AFTER = new Set([
  'and', 'or', 'then', 'when', 'else', 'end', 'as', 'from', 'order', 'group', 'limit', 'having', 'qualify', 'union',
  'except', 'intersect', 'minus', 'window', 'offset', 'fetch',
]);

/** Whether lexeme `l` (undefined at the edge of its scope) ends an expression before a comparison (`=` not after a comma: SET a = …). */
export function comparisonStartsAfter(l: Lexeme | undefined, operator: string): boolean {
  if (!l || isPunct(l, '(') || isPunct(l, ';')) return true;
  if (isPunct(l, ',')) return operator !== '=';
  return isWord(l) && BEFORE.has(l.text.toLowerCase());
}

/** Whether lexeme `l` (undefined at the edge of its scope) ends a comparison. */
export function comparisonEndsBefore(l: Lexeme | undefined): boolean {
  if (!l || isPunct(l, ')') || isPunct(l, ',') || isPunct(l, ';')) return true;
  return isWord(l) && AFTER.has(l.text.toLowerCase());
}

/** The macro converting the operand compared with a value of each type as written. */
export const TEMPORAL_OPERAND_MACROS: Partial<Record<TemporalType, string>> = {
  DATE: 'bz_date_operand',
  TIMESTAMP: 'bz_ntz_operand',
  TIMESTAMPTZ: 'bz_ltz_operand',
};

/**
 * Text as TO_DATE reads it (date-formats.ts bz_to_date), or Snowflake's error when it is no date; text compared with a
 * timestamp as its cast reads it (`s::TIMESTAMP_NTZ`, `s::TIMESTAMP_LTZ`); any other type unchanged.
 */
export const DATE_COMPARISON_MACROS: string[] = [
  `bz_ntz_operand(x VARCHAR) AS CAST(x AS TIMESTAMP), (x) AS x`,
  `bz_ltz_operand(x VARCHAR) AS CAST(x AS ${DUCKDB_TIMESTAMPTZ}), (x) AS x`,
  `bz_date_operand(x VARCHAR) AS CASE WHEN x IS NOT NULL AND bz_try_to_date(x) IS NULL ` +
    `THEN CAST(CAST(${refusalCast("'Date ''' || x || ''' is not recognized'", 'INTEGER')} AS VARCHAR) AS DATE) ELSE bz_to_date(x) END, (x) AS x`,
];
