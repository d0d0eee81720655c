// A VARIANT converted to a timestamp (TO_TIMESTAMP[_NTZ|_LTZ](v), v::TIMESTAMP_NTZ). Snowflake reads an integer inside
// a VARIANT as epoch seconds and gives the wallclock of that instant in the session time zone (TO_TIMESTAMP_NTZ of
// PARSE_JSON(0) in America/Los_Angeles is 1969-12-31 16:00:00, where TO_TIMESTAMP_NTZ(0) is 1970-01-01 00:00:00);
// a string inside it converts as the string would. What the pages leave open is refused when it is met: an integer
// outside the seconds range (which magnitude rule applies is not documented for a VARIANT), a string holding an
// integer, a fraction, a boolean, an object or an array.
import { quote, type HandlerContext, type Template } from './template';
import { refusalMessage } from './timestamp-tz';

/** Integers below this magnitude are seconds whichever epoch rule applies (Snowflake's first magnitude bound). */
const SECONDS_BOUND = 31536000000;

const body = (toTimestamp: string): string => {
  const j = 'CAST(v AS JSON)';
  return (
    `(v, refusal) AS CASE WHEN v IS NULL OR json_type(${j}) = 'NULL' THEN NULL ` +
    // TIMESTAMPTZ → TIMESTAMP is the wallclock in DuckDB's TimeZone, which ALTER SESSION SET TIMEZONE sets.
    `WHEN json_type(${j}) IN ('BIGINT', 'UBIGINT') AND abs(TRY_CAST(${j} AS DOUBLE)) < ${SECONDS_BOUND} ` +
    `THEN CAST(to_timestamp(CAST(${j} AS BIGINT)) AS TIMESTAMP) ` +
    `WHEN json_type(${j}) = 'VARCHAR' AND NOT regexp_full_match(${j} ->> '$', '\\s*[-+]?[0-9]+(\\.[0-9]*)?\\s*') ` +
    `THEN ${toTimestamp}(${j} ->> '$') ELSE error(refusal) END`
  );
};

export const VARIANT_TIMESTAMP_MACROS: string[] = [
  `bz_variant_timestamp${body('bz_to_timestamp')}`,
  `bz_try_variant_timestamp${body('bz_try_to_timestamp')}`,
  // TO_TIMESTAMP(x) of any argument: a VARIANT column or path is JSON only once bound, so the choice is made then
  // (typeof is constant, and DuckDB evaluates neither the branch not taken nor a constant that fails to fold).
  `bz_timestamp_of(x, refusal) AS CASE WHEN typeof(x) = 'JSON' THEN bz_variant_timestamp(x, refusal) ELSE bz_to_timestamp(x) END`,
  `bz_try_timestamp_of(x, refusal) AS CASE WHEN typeof(x) = 'JSON' THEN bz_try_variant_timestamp(x, refusal) ELSE bz_try_to_timestamp(x) END`,
];

/** The refusal raised for a VARIANT value whose conversion is not supported, located at `at`. */
export function variantTimestampRefusal(at: number): string {
  const construct = 'A timestamp from a VARIANT holding a number outside the seconds range, a fraction, an integer string or a non-string value';
  return quote(refusalMessage(construct, { at }));
}

/** TO_TIMESTAMP_NTZ(x) of one argument (index 0 of the handler's arguments), read as a VARIANT when it is one. */
export function timestampOf(tryIt: boolean, ctx: HandlerContext): Template {
  return [tryIt ? 'bz_try_timestamp_of(' : 'bz_timestamp_of(', 0, `, ${variantTimestampRefusal(ctx.at)})`];
}

/**
 * The cast types whose `path::type` reads the path's VARIANT (JSON, not its text) through bz_variant_timestamp:
 * those the `::` rewrite gives Snowflake's NTZ/LTZ epoch reading (TIMESTAMP_TZ is timestamp-tz.ts's).
 */
export const VARIANT_READ_TIMESTAMP_TYPES: ReadonlySet<string> = new Set(['timestamp', 'timestamp_ntz', 'timestamp_ltz', 'datetime']);

