// Functions DuckDB has and Snowflake does not. DuckDB runs a call of any of its built-in functions, so a Snowflake
// statement calling, say, LIST_REDUCE or STRFTIME would run on the twin with DuckDB's meaning where Snowflake fails it
// ("SQL compilation error: Unknown function STRFTIME"): the translator refuses such a call by name instead
// (translate.ts). A name is Snowflake's when the function reference lists it
// (https://docs.snowflake.com/en/sql-reference/functions-all, snowflake-functions.ts) or the translator has a handler
// for it; a name that is neither Snowflake's nor DuckDB's fails in DuckDB already (duckdb-errors.ts names it).
import { DUCKDB_FUNCTIONS } from './duckdb-functions';
import { SNOWFLAKE_FUNCTIONS } from './snowflake-functions';

/**
 * DuckDB functions the translator's own output calls. The translator passes DuckDB SQL through unchanged (Bronze's
 * own SQL and a second translation pass rely on it), so a call of one of these cannot be told from the translator's
 * and is left to run. test/unit/unknown-functions.test.ts checks the list against the translator's sources. STRFTIME
 * is not among them: the translator writes bz_strftime (FORMAT_MACROS), so a STRFTIME in the input is the user's.
 */
export const EMITTED_DUCKDB_FUNCTIONS: ReadonlySet<string> = new Set(
  `datepart datetrunc duckdb_columns duckdb_constraints duckdb_tables duckdb_variables duckdb_views encode error
  from_base64 generate_subscripts hex isodow isoyear json_array_length json_each json_extract json_keys json_object
  json_quote json_tree json_type list list_append list_concat list_contains list_distinct list_extract list_filter
  list_position list_prepend list_reduce list_slice list_sort list_transform list_value make_timestamp map
  map_from_entries md5_number_lower multiply now printf quantile_cont range regexp_extract regexp_extract_all
  regexp_full_match regexp_matches row starts_with string_agg string_split strpos strptime struct_extract struct_pack
  timezone to_base64 to_days to_minutes to_months to_years try_strptime unhex unnest uuid`.split(/\s+/),
);

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

/** Runs `f` with the refusal of DuckDB-only functions on or off (nested translations inherit it when `on` is undefined). */
export function underDuckDbOnlyRefusal<T>(on: boolean | undefined, f: () => T): T {
  const before = refusing;
  refusing = on ?? before;
  try {
    return f();
  } finally {
    refusing = before;
  }
}

/** Whether the translation under way refuses DuckDB-only functions. */
export const refusesDuckDbOnlyFunctions = (): boolean => refusing;

/** Whether a call of `fn` (unqualified, any case) runs on DuckDB but fails on Snowflake as an unknown function. */
export function isDuckDbOnlyFunction(fn: string): boolean {
  const name = fn.toLowerCase();
  return DUCKDB_FUNCTIONS.has(name) && !SNOWFLAKE_FUNCTIONS.has(name) && !EMITTED_DUCKDB_FUNCTIONS.has(name);
}

/** The construct a refusal of a call of `fn` names: Snowflake has no function of that name. */
export function notSnowflakeFunction(fn: string): string {
  const upper = fn.toUpperCase();
  const instead = INSTEAD[fn.toLowerCase()];
  // Snowflake's own text is "SQL compilation error: Unknown function NAME".
  return `${upper} (not a Snowflake function: Snowflake fails it as an unknown function${instead ? `; ${instead}` : ''})`;
}

/**
 * For DuckDB's refusal of a call of `fn`: the construct to name when `source` (the user's SQL) calls `fn` itself and
 * Snowflake has no function of that name (one the translator also emits, so it was left to run), else undefined.
 */
export function notSnowflakeCall(fn: string, source: string): string | undefined {
  const name = fn.toLowerCase();
  if (!DUCKDB_FUNCTIONS.has(name) || SNOWFLAKE_FUNCTIONS.has(name)) return undefined;
  return new RegExp(`(?<![\\w$."])${name}\\s*\\(`, 'i').test(source) ? notSnowflakeFunction(fn) : undefined;
}
