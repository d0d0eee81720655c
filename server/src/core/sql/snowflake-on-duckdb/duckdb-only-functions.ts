// Functions DuckDB has and Snowflake does not. DuckDB runs a call of any of its built-in functions, so a Snowflake
// statement calling, say, LIST_REDUCE or STRFTIME would run on the twin with DuckDB's meaning where Snowflake fails it
// ("SQL compilation error: Unknown function STRFTIME"): the translator refuses such a call by name instead
// (translate.ts). A name is Snowflake's when the function reference lists it
// (https://docs.snowflake.com/en/sql-reference/functions-all, snowflake-functions.ts) or the translator has a handler
// for it; a name that is neither Snowflake's nor DuckDB's fails in DuckDB already (duckdb-errors.ts names it).
//
// The call is judged in the statement as the user wrote it, before translation: the translator never reads its own
// output within a translation, so a DuckDB function it writes itself (LIST_TRANSFORM for TRANSFORM, REGEXP_FULL_MATCH
// for RLIKE, …) is still refused where the user calls it. The price: on the twin a translation is not read again (a
// second pass of its output would be refused); the translator stays idempotent where nothing is refused.
import { DUCKDB_FUNCTIONS } from './duckdb-functions';
import { SNOWFLAKE_FUNCTIONS } from './snowflake-functions';
import { UnsupportedOnDuckDb } from './unsupported';

/** What Snowflake has instead of a DuckDB function users reach for, when there is one. */
const INSTEAD: Record<string, string> = {
  strftime: 'use TO_CHAR(value, format)',
};

/** The translator's own name for DuckDB's strftime, so that a STRFTIME in the input is known to be the user's. */
export const FORMAT_MACROS: string[] = ['bz_strftime(value, format) AS strftime(value, format)'];

/**
 * Whether calls of DuckDB-only functions are refused in the translation under way: on the local twin, whose SQL is a
 * Snowflake project's, not on a `type: duckdb` target, where dbt's duckdb__ macros (generate_series, make_date, …) and
 * a dbt-duckdb project's own SQL call DuckDB's functions by design (translate.ts's TranslationOptions).
 */
let refusing = false;

/**
 * Functions of DuckDB-only names the session itself defines (a project's `CREATE FUNCTION levenshtein(…)`, a DuckDB
 * macro in the current schema, which an unqualified call reaches before DuckDB's built-in): their calls are the
 * user's functions, as on Snowflake, not DuckDB's. Lower case.
 */
let sessionFunctions: ReadonlySet<string> = new Set();

/**
 * Runs `f` with the refusal of DuckDB-only functions on or off and the session's own functions of such names (nested
 * translations inherit what is undefined).
 */
export function underDuckDbOnlyRefusal<T>(on: boolean | undefined, f: () => T, userFunctions?: ReadonlySet<string>): T {
  const before = refusing;
  const beforeFunctions = sessionFunctions;
  refusing = on ?? before;
  sessionFunctions = userFunctions ?? beforeFunctions;
  try {
    return f();
  } finally {
    refusing = before;
    sessionFunctions = beforeFunctions;
  }
}

/** Whether the translation under way refuses DuckDB-only functions. */
export const refusesDuckDbOnlyFunctions = (): boolean => refusing;

/**
 * Whether a call of `fn` (unqualified, any case) as the user wrote it runs on DuckDB but fails on Snowflake as an
 * unknown function: a DuckDB built-in Snowflake has not, which the session does not define itself.
 */
export function isDuckDbOnlyFunction(fn: string): boolean {
  const name = fn.toLowerCase();
  return DUCKDB_FUNCTIONS.has(name) && !SNOWFLAKE_FUNCTIONS.has(name) && !sessionFunctions.has(name);
}

/** The construct a refusal of a call of `fn` names: Snowflake has no function of that name. */
export function notSnowflakeFunction(fn: string): string {
  const upper = fn.toUpperCase();
  const instead = INSTEAD[fn.toLowerCase()];
  // Snowflake's own text is "SQL compilation error: Unknown function NAME".
  return `${upper} (not a Snowflake function: Snowflake fails it as an unknown function${instead ? `; ${instead}` : ''})`;
}

/** The refusal of a call of `fn`, a DuckDB-only function, at `offset`: it names the function (`fn`, lower case). */
export class NotSnowflakeFunction extends UnsupportedOnDuckDb {
  readonly fn: string;
  constructor(written: string, offset: number) {
    super(notSnowflakeFunction(written), offset);
    this.fn = written.toLowerCase();
  }
}

/**
 * For DuckDB's refusal of a call of `fn`: the construct to name when `source` (the user's SQL) calls `fn` itself and
 * Snowflake has no function of that name (a call the translation left to run, with the refusal off), else undefined.
 */
export function notSnowflakeCall(fn: string, source: string): string | undefined {
  const name = fn.toLowerCase();
  if (!DUCKDB_FUNCTIONS.has(name) || SNOWFLAKE_FUNCTIONS.has(name)) return undefined;
  return new RegExp(`(?<![\\w$."])${name}\\s*\\(`, 'i').test(source) ? notSnowflakeFunction(fn) : undefined;
}
