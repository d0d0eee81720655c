// Two-digit years (YY) in TO_DATE / TO_TIMESTAMP formats, read as Snowflake reads them: into the 100 years from the
// TWO_DIGIT_CENTURY_START session parameter (1970 by default: 69 is 2069, 70 is 1970). DuckDB's strptime pivots
// elsewhere (69 → 1969), so the parsed year is moved into the window. ALTER SESSION stores the parameter in a
// DuckDB session variable, as week-policy.ts does for the week parameters.
import type { Template } from './template';

const VARIABLE = 'bz_two_digit_century_start';

/** The DuckDB statement for `ALTER SESSION SET|UNSET TWO_DIGIT_CENTURY_START`, or undefined for a value Snowflake refuses. */
export function centuryStartStatement(value: string, unset: boolean): string | undefined {
  if (unset) return `RESET VARIABLE ${VARIABLE}`;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1900 || n > 2100) return undefined;
  return `SET VARIABLE ${VARIABLE} = ${n}`;
}

/** `parsed` (a strptime call of a format with %y and no %Y) with its year moved into the session's window. */
export const inCenturyWindow = (parsed: Template): Template => ['bz_yy_century(', ...parsed, ')'];

export const TWO_DIGIT_CENTURY_MACROS: string[] = [
  `bz_yy_century_start() AS coalesce(getvariable('${VARIABLE}'), 1970)`,
  `bz_yy_century(t) AS t + to_years(CAST((year(t) % 100 - bz_yy_century_start() % 100 + 100) % 100 + bz_yy_century_start() - year(t) AS INTEGER))`,
];
