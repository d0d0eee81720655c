// AVG as Snowflake types it. Snowflake's AVG of a NUMBER(p, s) is a NUMBER with the scale of a division by an
// integer, max(s, min(s + 6, 12)), rounded half away from zero (docs.snowflake.com/en/sql-reference/operators-arithmetic,
// "Division"; the examples on docs.snowflake.com/en/sql-reference/functions/avg show scale 6 for an INTEGER column and
// 11 for a DECIMAL(10,5) one); of a FLOAT, or of a VARCHAR read as FLOAT, it is a FLOAT. DuckDB's avg gives a DOUBLE
// for all of them. The argument's type is known only when DuckDB binds the query, so the translation hands the
// choice to the bz_avg macro: typeof() and the precision of round() are folded while binding, which lets one
// expression take the result type from the argument's. The value is the exact sum divided on integer units.
import type { Piece, Template } from './template';

/** The scale of a SUM's type: DECIMAL(38, s) gives s; an integer type (HUGEINT) 0. */
const SUM_SCALE = `coalesce(TRY_CAST(nullif(regexp_extract(typeof(total), ',(\\d+)\\)$', 1), '') AS INTEGER), 0)`;

/**
 * One unit of the result's scale (10^-scale) typed DECIMAL(38, scale): 1 - 9 × 0.11…1 rounded to that scale. Written
 * into bz_avg itself: as a macro of its own, DuckDB binds the round() when the macro is created, without its argument.
 */
const UNIT = '(1 - 9 * round(0.1111111111111111111111111111111111111, bz_avg_scale(total)))';

export const AVERAGE_MACROS: string[] = [
  `bz_avg_sum_scale(total) AS ${SUM_SCALE}`,
  `bz_avg_scale(total) AS greatest(bz_avg_sum_scale(total), least(bz_avg_sum_scale(total) + 6, 12))`,
  // The sum's digits as an integer (its text without the point), scaled up to the result's scale.
  `bz_avg_units(total) AS CAST(replace(CAST(total AS VARCHAR), '.', '') AS HUGEINT) * ` +
    `CAST(pow(10, bz_avg_scale(total) - bz_avg_sum_scale(total)) AS HUGEINT)`,
  // `mean`: DuckDB's own average (FLOAT input). The struct field is chosen by a key folded while binding, so the
  // result has the FLOAT field's type or the NUMBER field's; the unused field is NULL-guarded, never an error.
  `bz_avg(mean, total, n) AS struct_extract({'float': mean, 'fixed': CASE WHEN typeof(total) NOT IN ('DOUBLE', 'FLOAT') AND n > 0 ` +
    `THEN CAST(bz_div_units(bz_avg_units(total), n) AS DECIMAL(38,0)) * ${UNIT} END}, ` +
    `CASE WHEN typeof(total) IN ('DOUBLE', 'FLOAT') THEN 'float' ELSE 'fixed' END)`,
];

/**
 * `AVG([DISTINCT] value) [OVER (…)]` → bz_avg over DuckDB's average, sum and count of the same values, each with the
 * call's window clause. `mean` is DuckDB's name for avg, so a second translation pass leaves the output alone.
 */
export function averageTemplate(value: Template, distinct: boolean, over: Piece[]): Template {
  const call = (fn: string): Template => [`${fn}(${distinct ? 'DISTINCT ' : ''}`, ...value, ')', ...(over.length ? [' ', over] : [])];
  return ['bz_avg(', ...call('mean'), ', ', ...call('sum'), ', ', ...call('count'), ')'];
}
