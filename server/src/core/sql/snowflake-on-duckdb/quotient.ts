// `a / b`, DIV0 and DIV0NULL when the operands' scales are not in the text (columns, aggregates): Snowflake gives a
// FLOAT when either operand is a FLOAT, otherwise a NUMBER of scale max(S1, min(S1 + 6, 12)) rounded half away from
// zero (docs.snowflake.com/en/sql-reference/operators-arithmetic, "Division"); DuckDB divides into a DOUBLE. The
// operands' types are known only when DuckDB binds the query, so the bz_quot macro decides then: typeof() and the
// precision of round() fold while binding, and a struct field chosen by a folded key gives the FLOAT result or the
// NUMBER one. The NUMBER value is computed exactly on HUGEINT units by bz_div_units (shims.ts). AVG (average.ts)
// divides its sum by its count with the same macros.
import type { Template } from './template';

/** What a zero divisor gives: Snowflake's "Division by zero" (`/`), 0 (DIV0), 0 also for a NULL divisor (DIV0NULL). */
export type ZeroDivisor = 'error' | 'zero' | 'zero-or-null';

const ZERO_MODE: Record<ZeroDivisor, number> = { error: 0, zero: 1, 'zero-or-null': 2 };

/**
 * The NUMBER quotient of `a` by `b` at the scale of `a`'s type, typed DECIMAL(38, scale). The unit 10^-scale is
 * 1 - 9 × 0.11…1 rounded to that scale; it is written here, in the macro given the operand, because DuckDB binds a
 * round() in a macro of its own when the macro is created, without its argument.
 */
const fixedQuotient = (a: string, b: string, z: string): string =>
  `CAST(CASE WHEN ${z} > 0 AND (${b} = 0 OR (${z} = 2 AND ${b} IS NULL)) THEN 0 ` +
  `ELSE bz_div_units(bz_num_units(${a}) * bz_pow10(bz_quot_scale(${a}) - bz_num_scale(${a}) + bz_num_scale(${b})), bz_num_units(${b})) END ` +
  `AS DECIMAL(38,0)) * (1 - 9 * round(0.1111111111111111111111111111111111111, bz_quot_scale(${a})))`;

/** Whether bz_quot_variant's `x` is a VARIANT (JSON) and `other` a FLOAT, folded while binding. */
const variantBesideFloat = `(typeof([x]) = 'JSON[]' AND typeof([other]) IN ('DOUBLE[]', 'FLOAT[]'))`;

/** Created after bz_div_units and before the AVG macros, which use them. */
export const QUOTIENT_MACROS: string[] = [
  // The scale of a value's type: DECIMAL(p, s) gives s, an integer type (or NULL) 0. The type is read of a list of
  // the value: DuckDB folds typeof() of an untyped NULL column only there (the list's type is "NULL"[]).
  `bz_num_scale(x) AS coalesce(TRY_CAST(nullif(regexp_extract(typeof([x]), ',(\\d+)\\)\\[\\]$', 1), '') AS INTEGER), 0)`,
  `bz_quot_scale(x) AS greatest(bz_num_scale(x), least(bz_num_scale(x) + 6, 12))`,
  // A fixed-point value's digits as an integer: its text without the point (exact, whatever the scale).
  `bz_num_units(x) AS CAST(replace(CAST(x AS VARCHAR), '.', '') AS HUGEINT)`,
  // 10^k exactly (pow() is a DOUBLE, inexact past 10^22).
  `bz_pow10(k) AS CAST('1' || repeat('0', k) AS HUGEINT)`,
  `bz_fixed(x) AS regexp_full_match(typeof([x]), '(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DECIMAL\\(\\d+,\\d+\\)|"NULL")\\[\\]')`,
  `bz_quot_fixed(a, b, z) AS ${fixedQuotient('a', 'b', 'z')}`,
  // A VARIANT operand as written (a `:` path, a ::VARIANT cast…) beside a FLOAT: the semi-structured data types page
  // lets a VARIANT holding a number take part in arithmetic without a cast, and beside a FLOAT the quotient is a FLOAT
  // whichever numeric type the number is coerced to, so the number is read as a FLOAT (a JSON null or SQL NULL gives
  // NULL, as TO_DOUBLE documents). A VARIANT holding text, a boolean, an array or an object is refused by name when it
  // is read (how Snowflake coerces it in arithmetic is not documented); beside anything but a FLOAT (a NUMBER, whose
  // scale would decide the result's) the VARIANT is left as it is and bz_quot fails to bind, refused by name as before.
  `bz_quot_variant(x, other, op_at) AS struct_extract({'float': CASE WHEN ${variantBesideFloat} THEN ` +
    `list_transform([TRY_CAST(x AS JSON)], lambda bz_j: CASE WHEN bz_j IS NULL OR json_type(bz_j) IN ('NULL', 'UBIGINT', 'BIGINT', 'DOUBLE') ` +
    `THEN CAST(bz_j AS DOUBLE) ELSE CAST('bz_unsupported@' || op_at || ': Arithmetic (/) on a VARIANT holding a ' || json_type(bz_j) || ` +
    `' value (cast it first, e.g. v::NUMBER)' AS DOUBLE) END)[1] END, 'variant': CASE WHEN NOT ${variantBesideFloat} THEN x END}, ` +
    `CASE WHEN ${variantBesideFloat} THEN 'float' ELSE 'variant' END)`,
  // Any other operand type takes DuckDB's `/`: a FLOAT stays a FLOAT, and a VARCHAR or VARIANT operand fails to bind
  // as it did before (refused by name in duckdb-errors.ts). A FLOAT divided by zero is Snowflake's error, not NULL.
  `bz_quot(a, b, z) AS struct_extract({'float': CASE WHEN z > 0 AND (b = 0 OR (z = 2 AND b IS NULL)) THEN 0 ` +
    `WHEN b = 0 THEN CAST(bz_div_units(CASE WHEN a IS NULL THEN NULL ELSE 1 END, 0) AS DOUBLE) ELSE (a) / (b) END, ` +
    `'fixed': CASE WHEN bz_fixed(a) AND bz_fixed(b) THEN bz_quot_fixed(a, b, z) END}, ` +
    `CASE WHEN bz_fixed(a) AND bz_fixed(b) THEN 'fixed' ELSE 'float' END)`,
];

/** How a bound quotient starts in translated SQL (or `bz_quot__once(`); its text maps back to the user's `/` (or DIV0 call). */
export const BOUND_QUOTIENT_CALL = 'bz_quot(';

/**
 * `a / b` (DIV0, DIV0NULL with `zero`) typed at bind time by bz_quot. `variant` names the operands that are VARIANTs
 * as written, and `at` the offset of the `/` a refusal of their value points at (bz_quot_variant); `plain`, that both operands are plain.
 */
export function boundQuotientTemplate(zero: ZeroDivisor, variant?: { left: boolean; right: boolean; at: number }, plain = false): Template {
  const operand = (k: 0 | 1): Template =>
    (k === 0 ? variant?.left : variant?.right) ? ['bz_quot_variant(', k, ', ', 1 - k, `, ${variant?.at ?? 0})`] : [k];
  // Plain operands (isPlainOperand) go straight to the folded body; others through the lambda binding them once.
  return [plain && !variant ? 'bz_quot__once(' : BOUND_QUOTIENT_CALL, ...operand(0), ', ', ...operand(1), `, ${ZERO_MODE[zero]})`];
}
