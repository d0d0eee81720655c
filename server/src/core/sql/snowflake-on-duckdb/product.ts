// `a * b` when the operands' scales are not in the text (columns, aggregates): Snowflake gives a NUMBER product the
// scale min(S1 + S2, max(S1, S2, 12)), rounded half away from zero (docs.snowflake.com/en/sql-reference/
// operators-arithmetic, "Multiplication"); DuckDB keeps S1 + S2. The scales are known only when DuckDB binds the
// query, so bz_prod decides then, as bz_quot does for `/` (quotient.ts): typeof() folds while binding and a struct
// field chosen by a folded key gives DuckDB's own product (any product Snowflake does not cap, FLOATs, intervals) or
// the capped one, computed exactly on HUGEINT units.
import type { Template } from './template';

/** Whether Snowflake caps the scale of `a * b` (both fixed-point, scales adding past max(S1, S2, 12)). */
const capped = (a: string, b: string): string =>
  `(bz_fixed(${a}) AND bz_fixed(${b}) AND bz_num_scale(${a}) + bz_num_scale(${b}) > greatest(bz_num_scale(${a}), bz_num_scale(${b}), 12))`;

/**
 * The capped product at scale max(S1, S2, 12), typed DECIMAL(38, scale): the units' product divided by 10^(dropped
 * digits) half away from zero (bz_div_units), times 10^-scale written as in quotient.ts (a round() folded in place).
 */
const cappedProduct = (a: string, b: string): string =>
  `CAST(bz_div_units(bz_num_units(${a}) * bz_num_units(${b}), ` +
  `bz_pow10(bz_num_scale(${a}) + bz_num_scale(${b}) - greatest(bz_num_scale(${a}), bz_num_scale(${b}), 12))) AS DECIMAL(38,0)) ` +
  `* (1 - 9 * round(0.1111111111111111111111111111111111111, greatest(bz_num_scale(${a}), bz_num_scale(${b}), 12)))`;

/** Created after QUOTIENT_MACROS, whose bz_fixed, bz_num_scale, bz_num_units and bz_pow10 they use. */
export const PRODUCT_MACROS: string[] = [
  // Each field is computed only for the operands it is chosen for: a struct evaluates all its fields.
  `bz_prod(a, b) AS struct_extract({'native': CASE WHEN ${capped('a', 'b')} THEN NULL ELSE (a) * (b) END, ` +
    `'capped': CASE WHEN ${capped('a', 'b')} THEN ${cappedProduct('a', 'b')} END}, ` +
    `CASE WHEN ${capped('a', 'b')} THEN 'capped' ELSE 'native' END)`,
];

/** How a bound product starts in translated SQL; its text maps back to the user's `*`. */
export const BOUND_PRODUCT_CALL = 'bz_prod(';

/** `a * b` typed at bind time by bz_prod; plain operands (isPlainOperand) go straight to its folded body. */
export function boundProductTemplate(plain = false): Template {
  return [plain ? 'bz_prod__once(' : BOUND_PRODUCT_CALL, 0, ', ', 1, ')'];
}
