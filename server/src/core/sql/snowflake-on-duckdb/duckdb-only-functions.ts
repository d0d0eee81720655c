// Functions DuckDB has and Snowflake does not. The translator passes DuckDB SQL through unchanged (Bronze's own SQL
// and a second translation pass rely on it), so a call that binds runs with DuckDB's meaning; when DuckDB refuses the
// call, the refusal says that Snowflake has no such function, not that a cast would make it work. STRFTIME is not in
// Snowflake's function reference (https://docs.snowflake.com/en/sql-reference/functions-all); Snowflake formats a
// date or timestamp with TO_CHAR / TO_VARCHAR and a format model.
const NOT_SNOWFLAKE: Record<string, string> = {
  strftime: 'use TO_CHAR(value, format)',
};

/** The construct a DuckDB refusal of `fn` names when Snowflake has no function of that name, else undefined. */
export function notSnowflakeFunction(fn: string): string | undefined {
  const instead = NOT_SNOWFLAKE[fn.toLowerCase()];
  return instead === undefined ? undefined : `${fn.toUpperCase()} (not a Snowflake function: Snowflake fails it as an unknown function; ${instead})`;
}
