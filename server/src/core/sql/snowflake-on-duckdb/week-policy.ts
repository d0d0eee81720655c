// Snowflake's WEEK_START and WEEK_OF_YEAR_POLICY session parameters on DuckDB. ALTER SESSION stores them as DuckDB
// session variables (per connection, like Snowflake's per-session parameters); the week functions are rewritten to
// macros that read them at run time, so one translation serves every session.
import type { Handler, Template } from './template';
import { wallclockArg } from './timestamp-tz';
import { byTemporalType } from './type-dispatch';

export const WEEK_START_VARIABLE = 'bz_week_start';
export const WEEK_POLICY_VARIABLE = 'bz_week_of_year_policy';

/** The session variable an ALTER SESSION parameter sets, and the values Snowflake accepts for it. */
export const WEEK_PARAMETERS: Record<string, { variable: string; max: number }> = {
  WEEK_START: { variable: WEEK_START_VARIABLE, max: 7 },
  WEEK_OF_YEAR_POLICY: { variable: WEEK_POLICY_VARIABLE, max: 1 },
};

/**
 * The DuckDB statement for `ALTER SESSION SET|UNSET <week parameter>`, or undefined when the value is not one
 * Snowflake accepts (an integer 0…max).
 */
export function weekParameterStatement(name: string, value: string, unset: boolean): string | undefined {
  const p = WEEK_PARAMETERS[name];
  if (!p) return undefined;
  if (unset) return `RESET VARIABLE ${p.variable}`;
  if (!/^\d+$/.test(value.trim()) || Number(value) > p.max) return undefined;
  return `SET VARIABLE ${p.variable} = ${Number(value)}`;
}

// The macros (installed per connection with the other shims). WEEK_START 0 is Snowflake's legacy behaviour: weeks
// start on Monday, but DAYOFWEEK counts 0 (Sunday) … 6; 1…7 name the first day (1 = Monday … 7 = Sunday).
export const WEEK_MACROS: string[] = [
  `bz_week_start() AS coalesce(getvariable('${WEEK_START_VARIABLE}'), 0)`,
  `bz_week_policy() AS coalesce(getvariable('${WEEK_POLICY_VARIABLE}'), 0)`,
  // Days since the start of x's week.
  `bz_week_offset(x) AS (isodow(x) - greatest(bz_week_start(), 1) + 7) % 7`,
  `bz_dayofweek(x) AS CASE WHEN bz_week_start() = 0 THEN dayofweek(x) ELSE bz_week_offset(x) + 1 END`,
  // The first day of x's week, keeping x's type.
  `bz_trunc_week(x) AS ${byTemporalType('date_trunc', 'x', {
    date: (v) => `CAST(${v} - CAST(bz_week_offset(${v}) AS INTEGER) AS DATE)`,
    ntz: (v) => `date_trunc('day', ${v}) - to_days(CAST(bz_week_offset(${v}) AS INTEGER))`,
    ltz: (v) => `date_trunc('day', ${v}) - to_days(CAST(bz_week_offset(${v}) AS INTEGER))`,
  })}`,
  `bz_week_first_day(d) AS CAST(d - CAST(bz_week_offset(d) AS INTEGER) AS DATE)`,
  // Policy 0: a week belongs to the year holding its 4th day (ISO-like, with the session's first day). Policy 1:
  // week 1 holds January 1st and weeks are counted from the week start before it.
  `bz_week_of_date(d) AS CASE WHEN bz_week_policy() = 1 ` +
    `THEN (dayofyear(d) - 1 + bz_week_offset(CAST(date_trunc('year', d) AS DATE))) // 7 + 1 ` +
    `ELSE (dayofyear(bz_week_first_day(d) + 3) - 1) // 7 + 1 END`,
  `bz_year_of_week_date(d) AS CASE WHEN bz_week_policy() = 1 THEN year(d) ELSE year(bz_week_first_day(d) + 3) END`,
  `bz_week(x) AS bz_week_of_date(CAST(x AS DATE))`,
  `bz_yearofweek(x) AS bz_year_of_week_date(CAST(x AS DATE))`,
  `bz_last_day_of_week(x) AS CAST(bz_week_first_day(CAST(x AS DATE)) + 6 AS DATE)`,
  // DATEDIFF(week, a, b): week starts crossed between the two dates.
  `bz_week_diff(a, b) AS (bz_week_first_day(CAST(b AS DATE)) - bz_week_first_day(CAST(a AS DATE))) // 7`,
];

/** Extraction parts that follow the week parameters → the macro computing them. */
const WEEK_PART_MACROS: Record<string, string> = {
  week: 'bz_week',
  dayofweek: 'bz_dayofweek',
  weekday: 'bz_dayofweek',
  dow: 'bz_dayofweek',
  dw: 'bz_dayofweek',
  yearofweek: 'bz_yearofweek',
};

/** The macro for DATE_PART/EXTRACT of `part` (a canonical or raw lower-case part name), if it follows the parameters. */
export function weekPartMacro(part: string): string | undefined {
  return WEEK_PART_MACROS[part];
}

const oneArg = (macro: string): Handler => (args, ctx) => (args.length === 1 ? [`${macro}(`, ...wallclockArg(args[0], 0, ctx.aliases), ')'] : null);

/** Functions whose result depends on WEEK_START / WEEK_OF_YEAR_POLICY. */
export const WEEK_HANDLERS: Record<string, Handler> = {
  dayofweek: oneArg('bz_dayofweek'),
  week: oneArg('bz_week'),
  weekofyear: oneArg('bz_week'),
  yearofweek: oneArg('bz_yearofweek'),
};

/** DATEDIFF(week, a, b) under WEEK_START (arguments 1 and 2 of the call). */
export const WEEK_DIFF: Template = ['bz_week_diff(', 1, ', ', 2, ')'];
