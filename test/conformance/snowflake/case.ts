// The shape of one Snowflake conformance case: a statement, the result Snowflake's documentation gives for it, and
// the page that says so. Cases live in ./cases/*.ts (each exports `cases: ConformanceCase[]`); the runner executes
// them on the DuckDB target (through the snowflake-on-duckdb layer) and through the Snowflake emulator.

/** Snowflake's result column types, as Snowflake reports them (synonyms folded: TEXT/STRING → VARCHAR, INT → NUMBER). */
export type SnowflakeType =
  | 'NUMBER'
  | 'FLOAT'
  | 'VARCHAR'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP_NTZ'
  | 'TIMESTAMP_LTZ'
  | 'TIMESTAMP_TZ'
  | 'VARIANT'
  | 'OBJECT'
  | 'ARRAY'
  | 'BINARY';

export interface ExpectedColumn {
  type: SnowflakeType;
  /** NUMBER only: the scale Snowflake documents for the result (0 for integers), when the case asserts it. */
  scale?: number;
}

/**
 * One result cell in canonical text, so a case reads like the documentation's result table:
 * - NULL → null; BOOLEAN → true/false;
 * - NUMBER with scale 0 → a JS number (a string when beyond 2^53); NUMBER with scale > 0 → a string with exactly
 *   that many decimals, as Snowflake displays it ('1.500'); FLOAT → a JS number;
 * - VARCHAR → the string; BINARY → upper-case hex;
 * - DATE → 'YYYY-MM-DD'; TIME → 'HH:MI:SS' plus '.' and the fractional digits only when they are not all zero;
 * - TIMESTAMP_NTZ → 'YYYY-MM-DD HH:MI:SS.FFF' (always 3 fractional digits);
 * - TIMESTAMP_LTZ / TIMESTAMP_TZ → 'YYYY-MM-DD HH:MI:SS.FFF +HHMM' (the offset the value carries; LTZ in the session
 *   time zone);
 * - VARIANT / OBJECT / ARRAY → the JSON text; compared as parsed JSON (object key order ignored; a VARIANT holding a
 *   string is '"text"').
 */
export type Cell = string | number | boolean | null;

export interface ExpectedRows {
  /** Column types in select order, when the case asserts them (cases about types must). */
  types?: ExpectedColumn[];
  rows: Cell[][];
  /**
   * Result column names as Snowflake returns them, when the case asserts them (identifier case rules: an unquoted
   * name comes back upper-cased, a quoted one as written).
   */
  columns?: string[];
  /** Rows compared in order (default: true when the statement has ORDER BY, else compared as a multiset). */
  ordered?: boolean;
}

export interface ExpectedError {
  /** Snowflake rejects the statement; a part of the documented error text, or '' when the page only says it fails. */
  error: string;
}

export interface ConformanceCase {
  /** Unique across all case files: '<function or construct>.<what>' in lower case, e.g. 'monthname.date'. */
  id: string;
  /** The construct under test as users write it: 'MONTHNAME', 'PARSE_JSON', ':: cast', 'QUALIFY', 'CREATE TABLE'. */
  construct: string;
  /** The Snowflake documentation page the expected result comes from (https://docs.snowflake.com/...). */
  doc: string;
  /** Statements run first, in order, in a fresh schema (CREATE TABLE …, INSERT …). */
  setup?: string[];
  /** Session parameters set before the statement (e.g. { TIMEZONE: 'America/Los_Angeles' }). */
  session?: Record<string, string>;
  /** The statement under test (one statement, Snowflake SQL as the documentation writes it). */
  sql: string;
  expect: ExpectedRows | ExpectedError;
  /** Why the expectation is what it is, when the page states it in prose rather than in a result table. */
  note?: string;
}
