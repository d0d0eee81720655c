// TIMESTAMP_TZ on DuckDB. Snowflake's TIMESTAMP_TZ keeps each value's own UTC offset; DuckDB's TIMESTAMPTZ keeps
// only the instant and shows it in the session time zone (Snowflake's TIMESTAMP_LTZ). So a TIMESTAMP_TZ is refused
// by name, except where its offset cannot show: CONVERT_TIMEZONE's two-argument form cast to a wallclock type
// (TIMESTAMP_NTZ, DATE, TIME) or to TIMESTAMP_LTZ, and otherwise only while the target zone's offset is the session's
// (checked per value when the query runs; dbt's current_timestamp() is CONVERT_TIMEZONE('UTC', …)).
import { literalValue, quote, type Arg, type Handler, type HandlerContext, type Template } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

export const TIMESTAMP_TZ_REFUSAL =
  'TIMESTAMP_TZ (a timestamp that keeps its own UTC offset; DuckDB keeps only the instant: use TIMESTAMP_LTZ or TIMESTAMP_NTZ)';

const CONVERT_TZ_REFUSAL =
  "CONVERT_TIMEZONE with two arguments where the target zone's offset differs from the session TIMEZONE's (its TIMESTAMP_TZ " +
  'result keeps that offset, which DuckDB cannot hold: cast the result to TIMESTAMP_NTZ, or use the three-argument form)';

/** Casts that read a TIMESTAMP_TZ by its wallclock time (the offset dropped). */
const WALLCLOCK_TYPES = new Set(['timestamp_ntz', 'timestamp', 'datetime', 'date', 'time']);
/** Functions that read a TIMESTAMP_TZ argument by its wallclock time (TO_TIMESTAMP: TIMESTAMP_TYPE_MAPPING is NTZ). */
const WALLCLOCK_FUNCTIONS = new Set(['to_timestamp_ntz', 'to_timestamp', 'to_date', 'date', 'to_time', 'time']);

/**
 * A timestamp string as DuckDB's TIMESTAMPTZ reads it: Snowflake allows a space before the UTC offset
 * ('2024-01-02 16:00:00 +00:00'), DuckDB would read the offset as a zone name.
 */
export function duckDbTimestampText(text: string): string {
  return text.replace(/(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s+([+-]\d{2}(?::?\d{2})?)\s*$/, '$1$2');
}

const NTZ_TYPES = new Set(['timestamp_ntz', 'timestamp', 'datetime']);
const OFFSET = /(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([+-]\d{2}(?::?\d{2})?|Z)\s*$/;

/**
 * The DuckDB literal for a timestamp string cast to `type` (the type word after `::`), when it must change:
 * TIMESTAMP_NTZ keeps the wallclock and drops a UTC offset (DuckDB refuses one that is not zero); TIMESTAMP_LTZ reads
 * an offset written after a space; a non-ISO date AUTO reads becomes YYYY-MM-DD. Undefined when the literal is fine as
 * it is; refused when it has nanoseconds.
 */
export function timestampLiteral(text: string, type: string, at: number): string | undefined {
  const t = type.toLowerCase();
  // DuckDB keeps microseconds: finer digits that are not zero would be dropped without a word.
  if ((NTZ_TYPES.has(t) || t === 'timestamp_ltz') && /:\d{2}\.\d{6}\d*[1-9]/.test(text)) {
    throw new UnsupportedOnDuckDb('A timestamp with digits finer than microseconds (DuckDB keeps microseconds)', at);
  }
  let out: string | undefined;
  if (NTZ_TYPES.has(t) || t === 'timestamp_ltz' || t === 'date') out = isoDateText(text);
  if (NTZ_TYPES.has(t) && OFFSET.test(text)) out = text.replace(OFFSET, '$1').trimEnd();
  else if (t === 'timestamp_ltz') out = duckDbTimestampText(out ?? text);
  return out === undefined || out === text ? undefined : quote(out);
}

/**
 * `<number>::TIMESTAMP_NTZ|TIMESTAMP_LTZ`: Snowflake reads a number cast to a timestamp as seconds since the epoch
 * (DuckDB has no such cast). Undefined for other types.
 */
export function numberCastToTimestamp(num: string, type: string): string | undefined {
  const t = type.toLowerCase();
  const ntz = `make_timestamp(CAST(CAST(${num} AS DECIMAL(38,9)) * 1000000 AS BIGINT))`;
  if (NTZ_TYPES.has(t)) return ntz;
  return t === 'timestamp_ltz' ? `timezone('UTC', ${ntz})` : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A whole-string date in the non-ISO forms Snowflake's AUTO detection reads (DD-MON-YYYY, the month abbreviated or in
 * full, and MM/DD/YYYY) as YYYY-MM-DD, which DuckDB reads; undefined for anything else.
 */
export function isoDateText(text: string): string | undefined {
  const pad = (n: string): string => n.padStart(2, '0');
  const mon = /^\s*(\d{1,2})-([A-Za-z]{3,9})-(\d{4})\s*$/.exec(text);
  if (mon) {
    const name = mon[2].toLowerCase();
    const k = MONTHS.indexOf(name.slice(0, 3));
    const full = new Date(Date.UTC(2000, k, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }).toLowerCase();
    if (k < 0 || (name.length > 3 && name !== full)) return undefined;
    return `${mon[3]}-${pad(String(k + 1))}-${pad(mon[1])}`;
  }
  const us = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  return us ? `${us[3]}-${pad(us[1])}-${pad(us[2])}` : undefined;
}

/** The argument as a TIMESTAMPTZ instant (NTZ and DATE read in the session time zone, as Snowflake does). */
function instantOf(arg: Arg, i: number): Template {
  const lit = literalValue(arg);
  if (lit !== undefined) return [`CAST(${quote(duckDbTimestampText(lit))} AS TIMESTAMPTZ)`];
  return ['CAST(', i, ' AS TIMESTAMPTZ)'];
}

/** The message of a DuckDB error() that duckdb-errors.ts reads back as a located Bronze refusal. */
export function refusalMessage(construct: string, ctx: HandlerContext): string {
  return `bz_unsupported@${ctx.at}: ${construct}`;
}

export const TIMESTAMP_TZ_MACROS: string[] = [
  // t is a TIMESTAMPTZ: kept while zone tz shows it with the session zone's offset, else the refusal.
  `bz_convert_tz_session(tz, t, refusal) AS CASE WHEN tz IS NULL OR t IS NULL THEN NULL::TIMESTAMPTZ ` +
    `WHEN timezone(tz, t) = CAST(t AS TIMESTAMP) THEN t ELSE error(refusal) END`,
];

/**
 * CONVERT_TIMEZONE(source_tz, target_tz, ntz) → the wallclock in the target zone (TIMESTAMP_NTZ);
 * CONVERT_TIMEZONE(target_tz, ts) → a TIMESTAMP_TZ in the target zone (see the file comment).
 */
export const convertTimezone: Handler = (args, ctx) => {
  if (args.length === 3) {
    const lit = literalValue(args[2]);
    const ntz: Template = lit !== undefined ? [`CAST(${quote(lit)} AS TIMESTAMP)`] : [2];
    return ['timezone(', 1, ', timezone(', 0, ', ', ...ntz, '))'];
  }
  if (args.length !== 2) return null;
  const instant = instantOf(args[1], 1);
  const { castTo, argOf } = ctx.outer ?? {};
  if ((castTo && WALLCLOCK_TYPES.has(castTo)) || (argOf && WALLCLOCK_FUNCTIONS.has(argOf))) return ['timezone(', 0, ', ', ...instant, ')'];
  if (castTo === 'timestamp_ltz' || argOf === 'to_timestamp_ltz') return instant;
  // The instant, while the target zone shows it with the session zone's offset (then it reads the same everywhere).
  return ['bz_convert_tz_session(', 0, ', ', ...instant, `, ${quote(refusalMessage(CONVERT_TZ_REFUSAL, ctx))})`];
};

/** TO_TIMESTAMP_TZ / TRY_TO_TIMESTAMP_TZ: refused (TIMESTAMP_TZ). */
export const toTimestampTz: Handler = (_args, ctx) => {
  throw new UnsupportedOnDuckDb(TIMESTAMP_TZ_REFUSAL, ctx.at);
};
