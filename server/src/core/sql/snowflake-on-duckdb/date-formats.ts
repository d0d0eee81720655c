// Parsing dates and timestamps with Snowflake format strings (TO_DATE / TO_TIMESTAMP / TRY_… with a format) on
// DuckDB's strptime, and TO_DATE of text without one.
import type { Lexeme } from '../tokenize';
import { snowflakeFormatToStrftime } from './date-parts';
import { isIntLiteral, literalValue, quote, type Arg, type HandlerContext, type Template } from './template';
import { refusalMessage } from './timestamp-tz';
import { UnsupportedOnDuckDb } from './unsupported';
import { inCenturyWindow } from './two-digit-century';

/** Whether an expression's text makes it a VARIANT: PARSE_JSON(…), TO_VARIANT(…), `x::VARIANT`. */
export function isVariantExpression(sig: Lexeme[]): boolean {
  const head = sig[0]?.kind === 'word' ? sig[0].text.toLowerCase() : '';
  const last = sig[sig.length - 1];
  const castToVariant = sig.length > 2 && sig[sig.length - 2].text === '::' && last.kind === 'word' && last.text.toLowerCase() === 'variant';
  return castToVariant || ((head === 'parse_json' || head === 'try_parse_json' || head === 'to_variant') && sig[1]?.text === '(' && sig[sig.length - 1].text === ')');
}

/** Whether the format argument is 'AUTO' (the same as no format). */
export const isAutoFormat = (arg: Arg): boolean => literalValue(arg)?.trim().toUpperCase() === 'AUTO';

/**
 * The strptime formats for a Snowflake parse format: MON and MMMM each accept the abbreviated or the full month
 * name when parsing, so a format with a month name is tried both ways.
 */
export function parseFormats(format: string, onUnknown: (element: string) => void): string[] {
  const f = snowflakeFormatToStrftime(format, onUnknown);
  if (!/%[bB]/.test(f)) return [f];
  return [f.replace(/%[bB]/g, '%b'), f.replace(/%[bB]/g, '%B')];
}

/**
 * `strptime(value, format)` for a Snowflake format literal, as a TIMESTAMP. Fields the format lacks default to
 * 1970-01-01 as in Snowflake (strptime's default year is 1900).
 */
export function parseWithFormat(value: Template, formatArg: Arg, ctx: HandlerContext, fn: string, tryIt: boolean): Template {
  const fmt = literalValue(formatArg);
  if (fmt === undefined) throw new UnsupportedOnDuckDb(`${fn} with a format that is not a string literal`, ctx.at);
  return parseFormatText(value, fmt, ctx, fn, tryIt);
}

/** parseWithFormat of the format's text. */
export function parseFormatText(value: Template, fmt: string, ctx: HandlerContext, fn: string, tryIt: boolean): Template {
  const formats = parseFormats(fmt, (element) => {
    throw new UnsupportedOnDuckDb(`${fn} format element '${element}'`, ctx.at);
  });
  const list = formats.length === 1 ? quote(formats[0]) : `[${formats.map(quote).join(', ')}]`;
  const call: Template = [tryIt ? 'try_strptime(' : 'strptime(', ...value, `, ${list})`];
  if (/%y/.test(formats[0]) && !/%Y/.test(formats[0])) return inCenturyWindow(call);
  return /%Y/.test(formats[0]) ? call : ['(', ...call, ' + INTERVAL 70 YEAR)'];
}

/**
 * TO_TIMESTAMP[_NTZ|_LTZ](n, scale): n counts units of 10^-scale seconds since the epoch (argument 0; `scale` an
 * integer literal 0…9). Undefined for another scale. DuckDB keeps microseconds: finer digits that are not zero are
 * refused when the query runs.
 */
export function epochWithScale(scaleArg: Arg, ctx: HandlerContext, ltz: boolean): Template | undefined {
  if (!isIntLiteral(scaleArg) || Number(scaleArg.sig[0].text) > 9) return undefined;
  const s = Number(scaleArg.sig[0].text);
  const refusal = quote(refusalMessage('TO_TIMESTAMP of a value with digits finer than microseconds', ctx));
  const micros: Template = s <= 6 ? ['CAST(CAST((', 0, `) AS DECIMAL(38,9)) * ${10 ** (6 - s)} AS BIGINT)`] : ['bz_epoch_micros(', 0, `, ${10 ** (s - 6)}, ${refusal})`];
  const ntz: Template = ['make_timestamp(', ...micros, ')'];
  // An epoch is an instant: as TIMESTAMP_LTZ it is read in UTC, not in the session zone.
  return ltz ? ["timezone('UTC', ", ...ntz, ')'] : ntz;
}

/** A timestamp in RFC 2822's form, which AUTO detection reads ('Fri, 05 Apr 2013 00:00:00 -0700'). */
const RFC_TIMESTAMP = "'[A-Za-z]{3}, [0-9]{1,2} [A-Za-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}'";

/** Its date as written (the wallclock date, whatever the offset), with strptime or try_strptime. */
const rfcDate = (parse: 'strptime' | 'try_strptime'): string =>
  `WHEN regexp_full_match(CAST(x AS VARCHAR), ${RFC_TIMESTAMP}) ` +
  `THEN CAST(${parse}(regexp_extract(CAST(x AS VARCHAR), '^[A-Za-z]{3}, ([0-9]{1,2} [A-Za-z]{3} [0-9]{4})', 1), '%d %b %Y') AS DATE) `;

export const DATE_FORMAT_MACROS: string[] = [
  // DATE_PART(EPOCH_MILLISECOND | EPOCH_MICROSECOND, x) (functions.ts epochPart): an error for a DATE, as in Snowflake.
  `bz_epoch_part_ms(x, refusal) AS CASE WHEN typeof(x) = 'DATE' THEN error(refusal) ELSE epoch_ms(x) END`,
  `bz_epoch_part_us(x, refusal) AS CASE WHEN typeof(x) = 'DATE' THEN error(refusal) ELSE epoch_us(x) END`,
  `bz_epoch_micros(n, d, refusal) AS CASE WHEN CAST(n AS HUGEINT) % d <> 0 THEN error(refusal) ELSE CAST(CAST(n AS HUGEINT) // d AS BIGINT) END`,
  // TO_DATE of text holding an integer reads it as epoch seconds, milliseconds, … (as TO_TIMESTAMP does).
  `bz_to_date(x) AS CASE WHEN regexp_full_match(CAST(x AS VARCHAR), '\\s*-?[0-9]+\\s*') ` +
    `THEN CAST(bz_to_timestamp(x) AS DATE) ${rfcDate('strptime')}ELSE CAST(x AS DATE) END`,
  `bz_try_to_date(x) AS CASE WHEN regexp_full_match(CAST(x AS VARCHAR), '\\s*-?[0-9]+\\s*') ` +
    `THEN CAST(bz_try_to_timestamp(x) AS DATE) ${rfcDate('try_strptime')}ELSE TRY_CAST(x AS DATE) END`,
];
