// Snowflake date functions whose result has their argument's type (DATEADD, DATE_TRUNC, ADD_MONTHS: a DATE stays a
// DATE, a TIMESTAMP_NTZ an NTZ, a TIMESTAMP_TZ keeps its offset) need one body per type. DuckDB chooses a typed macro
// overload before it binds an aggregate or window argument, so it cannot choose one for `DATEADD(day, 1, MAX(d))`.
// A macro built here decides while binding instead, as bz_quot does (quotient.ts): typeof() folds to a constant, and
// the struct field named by that constant gives the body of the argument's type. Every other field is a CASE on the
// same constant, false, so it is never evaluated; its TRY_CAST only lets it bind. An argument of a type with no body
// fails to bind on a key naming the function and the type, which duckdb-errors.ts reports by name.
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';
import { TIMESTAMP_TZ_STRUCT } from './timestamp-tz';

/** The temporal types a dispatching macro tells apart (TIMESTAMP_TZ is the layer's struct, timestamp-tz.ts). */
export type TemporalKind = 'date' | 'ntz' | 'ltz' | 'tz' | 'time';

const DUCKDB_TYPE: Record<TemporalKind, string> = {
  date: 'DATE',
  ntz: 'TIMESTAMP',
  ltz: DUCKDB_TIMESTAMPTZ,
  tz: TIMESTAMP_TZ_STRUCT,
  time: 'TIME',
};

/** Created before the macros that dispatch. */
export const TYPE_DISPATCH_MACROS: string[] = [
  // A value's temporal kind, or its DuckDB type name when it has none (then no field has it as key). The type is read
  // of a list of the value, as bz_num_scale does (quotient.ts): that typeof() also lets the macros that use this one
  // be created before their argument has a type.
  `bz_temporal_kind(x) AS CASE WHEN typeof([x]) = 'DATE[]' THEN 'date' ` +
    `WHEN typeof([x]) IN ('TIMESTAMP[]', 'TIMESTAMP_S[]', 'TIMESTAMP_MS[]', 'TIMESTAMP_NS[]') THEN 'ntz' ` +
    `WHEN typeof([x]) = 'TIMESTAMP WITH TIME ZONE[]' THEN 'ltz' WHEN typeof([x]) = 'TIME[]' THEN 'time' ` +
    `WHEN typeof([x]) LIKE 'STRUCT(bz_tz_utc %' THEN 'tz' ELSE regexp_replace(typeof([x]), '\\[\\]$', '') END`,
];

/** How the DuckDB binding error for an argument without a body names the key: `<function>:<type>`. */
export const DISPATCH_KEY_ERROR = /^Could not find key "([a-z_]+):(.*)" in struct/;

/**
 * A macro body applying `bodies[kind]` to `x` (a parameter name) by `x`'s type. `fn` is the Snowflake function the
 * macro stands for, lower case: it names the construct when `x` has a type without a body. `other`, when given, is
 * the body for every other type (it must bind whatever the type of `x`).
 */
export function byTemporalType(
  fn: string,
  x: string,
  bodies: Partial<Record<TemporalKind, (v: string) => string>>,
  other?: string,
): string {
  const kinds = Object.keys(bodies) as TemporalKind[];
  const fields = kinds.map(
    (kind) => `'${fn}:${kind}': CASE WHEN bz_temporal_kind(${x}) = '${kind}' THEN ${bodies[kind]?.(`TRY_CAST(${x} AS ${DUCKDB_TYPE[kind]})`)} END`,
  );
  if (other === undefined) return `struct_extract({${fields.join(', ')}}, '${fn}:' || bz_temporal_kind(${x}))`;
  const listed = kinds.map((k) => `'${k}'`).join(', ');
  fields.push(`'${fn}:other': CASE WHEN bz_temporal_kind(${x}) NOT IN (${listed}) THEN ${other} END`);
  return `struct_extract({${fields.join(', ')}}, '${fn}:' || CASE WHEN bz_temporal_kind(${x}) IN (${listed}) THEN bz_temporal_kind(${x}) ELSE 'other' END)`;
}
