// Snowflake's higher-order functions over arrays: TRANSFORM, FILTER and REDUCE take a lambda (`x -> …`,
// `(acc, val) -> …`, optionally typed: `a INT -> …`) (https://docs.snowflake.com/en/sql-reference/functions/transform,
// https://docs.snowflake.com/en/sql-reference/functions/filter, https://docs.snowflake.com/en/sql-reference/functions/reduce).
// DuckDB has functions of the same names with its own rules: its FILTER ran the lambda over DuckDB's list (whose
// elements are not the VARIANTs Snowflake passes, and whose result type is the list's, not an ARRAY), and its REDUCE
// takes other arguments (the call failed with a raw binder error). Until the twin gives the pages' values and types,
// each is refused by name where it is called.
import { isWord, type Handler } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** A call of `fn` refused as Snowflake's higher-order function; `FILTER (WHERE …)` after an aggregate is not a call. */
const higherOrder =
  (fn: string): Handler =>
  (a, ctx) => {
    if (fn === 'FILTER' && isWord(a[0]?.sig[0], 'where')) return null;
    throw new UnsupportedOnDuckDb(`${fn} (a Snowflake higher-order function with a lambda)`, ctx.at);
  };

export const HIGHER_ORDER_HANDLERS: Record<string, Handler> = {
  transform: higherOrder('TRANSFORM'),
  filter: higherOrder('FILTER'),
  reduce: higherOrder('REDUCE'),
};

