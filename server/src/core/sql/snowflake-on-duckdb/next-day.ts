// NEXT_DAY / PREVIOUS_DAY: the first date strictly after (before) the input that falls on the named day of week, as a
// DATE whatever the input's type. The day is read from the first two letters of the string, case-insensitive, after
// leading spaces; the rest of the string is ignored (Snowflake's documented rule). DuckDB has neither function.
import { asTimestamp, type Handler } from './template';
import { refusalCast } from './errors';

/** The handlers the translator applies to Snowflake's calls. */
export const NEXT_DAY_HANDLERS: Record<string, Handler> = {
  next_day: (a) => (a.length === 2 ? ['bz_next_day(', ...asTimestamp(a[0], 0), ', ', 1, ')'] : null),
  previous_day: (a) => (a.length === 2 ? ['bz_previous_day(', ...asTimestamp(a[0], 0), ', ', 1, ')'] : null),
};

// DuckDB's dayofweek: Sunday is 0. A string that names no day fails the statement, as in Snowflake (a failing cast,
// since DuckDB refuses error() inside an expression a later select item names).
const DAY_INDEX =
  `CASE WHEN s IS NULL THEN NULL ` +
  `ELSE coalesce(list_position(['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'], lower(substr(ltrim(CAST(s AS VARCHAR)), 1, 2))) - 1, ` +
  `${refusalCast("'Invalid day of week ''' || CAST(s AS VARCHAR) || ''''", 'INTEGER')}) END`;

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts creates them). */
export const NEXT_DAY_MACROS: string[] = [
  `bz_day_index(s) AS ${DAY_INDEX}`,
  `bz_next_day(x, s) AS CAST(CAST(x AS DATE) + CAST((bz_day_index(s) - dayofweek(CAST(x AS DATE)) + 6) % 7 + 1 AS INTEGER) AS DATE)`,
  `bz_previous_day(x, s) AS CAST(CAST(x AS DATE) - CAST((dayofweek(CAST(x AS DATE)) - bz_day_index(s) + 6) % 7 + 1 AS INTEGER) AS DATE)`,
];
