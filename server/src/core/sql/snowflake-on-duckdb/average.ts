// AVG as Snowflake types it. Snowflake's AVG of a NUMBER(p, s) is a NUMBER with the scale of a division by an
// integer, max(s, min(s + 6, 12)), rounded half away from zero (docs.snowflake.com/en/sql-reference/operators-arithmetic,
// "Division"; the examples on docs.snowflake.com/en/sql-reference/functions/avg show scale 6 for an INTEGER column and
// 11 for a DECIMAL(10,5) one); of a FLOAT, or of a VARCHAR read as FLOAT, it is a FLOAT. DuckDB's avg gives a DOUBLE
// for all of them. The argument's type is known only when DuckDB binds the query, so the translation hands the
// choice to the bz_avg macro, which divides the exact sum by the count with `/`'s bind-time macros (quotient.ts).
import type { Piece, Template } from './template';

export const AVERAGE_MACROS: string[] = [
  // `mean`: DuckDB's own average (FLOAT input). The struct field is chosen by a key folded while binding, so the
  // result has the FLOAT field's type or the NUMBER field's (the sum divided by the count as `/` divides, quotient.ts);
  // the unused field is NULL-guarded, never an error.
  `bz_avg(mean, total, n) AS struct_extract({'float': mean, 'fixed': CASE WHEN typeof(total) NOT IN ('DOUBLE', 'FLOAT') AND n > 0 ` +
    `THEN bz_quot_fixed(total, n, 0) END}, CASE WHEN typeof(total) IN ('DOUBLE', 'FLOAT') THEN 'float' ELSE 'fixed' END)`,
];

/**
 * `AVG([DISTINCT] value) [OVER (…)]` → bz_avg over DuckDB's average, sum and count of the same values, each with the
 * call's window clause. `mean` is DuckDB's name for avg, so a second translation pass leaves the output alone.
 */
export function averageTemplate(value: Template, distinct: boolean, over: Piece[]): Template {
  const call = (fn: string): Template => [`${fn}(${distinct ? 'DISTINCT ' : ''}`, ...value, ')', ...(over.length ? [' ', over] : [])];
  return ['bz_avg(', ...call('mean'), ', ', ...call('sum'), ', ', ...call('count'), ')'];
}
