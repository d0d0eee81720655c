// Snowflake functions → DuckDB expressions, one handler per function name. A handler returns null to leave the call
// as written, or throws UnsupportedOnDuckDb for a form the DuckDB target cannot run exactly.
import { canonicalDatePart, DATE_SIZED_PARTS, snowflakeFormatToStrftime } from './date-parts';
import { NEXT_DAY_HANDLERS } from './next-day';
import { ARRAY_EXCEPT_HANDLERS } from './array-except';
import { ARRAY_TO_STRING_HANDLERS } from './array-to-string';
import { ARRAY_CONTAINS_HANDLERS } from './array-contains';
import { ARRAY_REMOVE_HANDLERS } from './array-remove';
import { ARRAY_APPEND_HANDLERS } from './array-append';
import { PARSE_IP_HANDLERS } from './parse-ip';
import { HIGHER_ORDER_HANDLERS } from './higher-order';
import { toVariant } from './variant-float';
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';
import { asTimestamp, asTimestampT, datePartOf, isIntLiteral, isPlainOperand, isTextRenderingShim, isWord, literalValue, quote, type Arg, type Handler, type HandlerContext, type Template, lateTypes, staticTemporalType } from './template';
import { duckDbStringLiteral } from './string-literals';
import { GENERATOR_COLUMN } from './table-functions';
import { countJsonNull, VARIANT_HANDLERS } from './variant';
import { round } from './round';
import { uniform } from './uniform';
import { BINARY_HANDLERS, binaryToText } from './binary';
import { BASE64_HANDLERS } from './base64';
import { EVENT_WINDOW_HANDLERS } from './event-windows';
import { GEOSPATIAL_HANDLERS } from './geospatial';
import { regexpCount, regexpInstr, regexpLike, regexpReplace, regexpSubstr } from './regexp';
import { timestampOf } from './variant-timestamp';
import { UnsupportedOnDuckDb } from './unsupported';
import { lastQueryIdSource } from './query-history';
import { quotientTemplate, staticScale } from './number-scale';
import { boundQuotientTemplate } from './quotient';
import { STRING_HANDLERS } from './string-functions';
import { countColumns, countStar } from './count-star';
import { average, coalesceNumberMix, numberMixResults, sumOfText } from './string-coercion';
import { compileNumberFormat } from './number-format';
import { parseNumberSql } from './number-parse';
import { WEEK_DIFF, WEEK_HANDLERS, weekPartMacro } from './week-policy';
import { convertTimezone, instantArg, refusalMessage, toTimestampTz, tryToTimestampTz, wallclockArg } from './timestamp-tz';
import { epochWithScale, isAutoFormat, isVariantExpression, parseFormatText, parseWithFormat } from './date-formats';
import { offsetSegments, printWithOffset, trailingOffsetFormat } from './offset-formats';
import { CURRENT_WAREHOUSE_SQL } from './session-variables';

function numberCast(fn: 'CAST' | 'TRY_CAST'): Handler {
  return (args, ctx) => {
    if (args.length < 1 || args.length > 4) return null;
    // TO_NUMBER(expr [, format] [, precision [, scale]]): a format model is read by number-parse.ts.
    const model = args[1] ? literalValue(args[1]) : undefined;
    const rest = args.slice(model === undefined ? 1 : 2);
    if (rest.some((a) => literalValue(a) !== undefined)) throw new UnsupportedOnDuckDb('TO_NUMBER with a format', ctx.at);
    if (!rest.every(isIntLiteral)) return null;
    const p = rest[0]?.sig[0].text ?? '38';
    const s = rest[1]?.sig[0].text ?? '0';
    if (model !== undefined) {
      const sql = parseNumberSql('\u0000', model, p, s, fn === 'TRY_CAST');
      if (sql === undefined) throw new UnsupportedOnDuckDb(`TO_NUMBER with the format '${model}'`, ctx.at);
      const [head, tail] = sql.split('\u0000');
      return [head, 0, tail];
    }
    return [`${fn}(`, 0, ` AS DECIMAL(${p},${s}))`];
  };
}

const simpleCast = (fn: 'CAST' | 'TRY_CAST', type: string): Handler => (args) =>
  args.length === 1 ? [`${fn}(`, 0, ` AS ${type})`] : null;

/** A literal Snowflake date/time output format as a quoted strftime format; refuses what has no exact equivalent. */
function dateFormat(arg: Arg, ctx: HandlerContext, fn: string): string {
  const fmt = literalValue(arg);
  if (fmt === undefined) throw new UnsupportedOnDuckDb(`${fn} with a format that is not a string literal`, ctx.at);
  return quote(outputFormat(fmt, ctx, fn));
}

/** A Snowflake output format as strftime's, refusing elements it has no form of. */
function outputFormat(fmt: string, ctx: HandlerContext, fn: string): string {
  return snowflakeFormatToStrftime(
    fmt,
    (element) => {
      throw new UnsupportedOnDuckDb(`${fn} format element '${element}'`, ctx.at);
    },
    true,
  );
}

function toTimestamp(tryIt: boolean, wrapType?: string): Handler {
  return (args, ctx) => {
    let inner: Template;
    // Snowflake reads a number inside a VARIANT through the session time zone (the VARIANT's text is not the value).
    if (args.length > 1 && isVariantExpression(args[0].sig)) throw new UnsupportedOnDuckDb('TO_TIMESTAMP of a VARIANT with a format or scale', ctx.at);
    if (args.length === 1) inner = timestampOf(tryIt, ctx);
    else if (args.length === 2 && args[1].sig[0]?.kind === 'number') {
      const scaled = epochWithScale(args[1], ctx, wrapType !== undefined);
      if (!scaled) throw new UnsupportedOnDuckDb(`${tryIt ? 'TRY_' : ''}TO_TIMESTAMP with a scale`, ctx.at);
      return scaled;
    } else if (args.length === 2 && isAutoFormat(args[1])) inner = [tryIt ? 'bz_try_to_timestamp(' : 'bz_to_timestamp(', 0, ')'];
    else if (args.length === 2) {
      inner = parseWithFormat([0], args[1], ctx, 'TO_TIMESTAMP', tryIt);
    } else return null;
    return wrapType ? [`${tryIt ? 'TRY_CAST' : 'CAST'}(`, ...inner, ` AS ${wrapType})`] : inner;
  };
}

/**
 * TO_TIMESTAMP_TZ(text, format) with a format that has no time zone element: the wallclock it parses, in the session
 * time zone (as Snowflake reads text without an offset); the other forms are timestamp-tz.ts's.
 */
const toTimestampTzWithFormat: Handler = (args, ctx) => {
  const fmt = args.length === 2 ? literalValue(args[1]) : undefined;
  // A trailing TZHTZM / TZH:TZM: the instant strptime reads with its offset, and that offset kept (offset-formats.ts).
  const withOffset = fmt === undefined ? undefined : trailingOffsetFormat(fmt);
  if (withOffset !== undefined) {
    return ['bz_tz_pack(', ...parseFormatText([0], withOffset, ctx, 'TO_TIMESTAMP_TZ', false), ', bz_text_offset(', 0, '))'];
  }
  if (fmt === undefined || /TZ/i.test(fmt) || isAutoFormat(args[1])) return toTimestampTz(args, ctx);
  return ['bz_to_tz(', ...parseWithFormat([0], args[1], ctx, 'TO_TIMESTAMP_TZ', false), ')'];
};

function toDate(tryIt: boolean): Handler {
  return (args, ctx) => {
    const cast = tryIt ? 'TRY_CAST' : 'CAST';
    // Snowflake's TRY_ conversions take text only: TRY_TO_DATE of a DATE or timestamp is an error there.
    if (tryIt && args.length && staticTemporalType(args[0].sig)) throw new UnsupportedOnDuckDb('TRY_TO_DATE of a date or timestamp (Snowflake accepts text only)', ctx.at);
    // The shim binds an expression argument once (client bind-once.ts); a column goes straight to its folded body.
    if (args.length === 1 || (args.length === 2 && isAutoFormat(args[1]))) return [`${bindOnceName(tryIt ? 'bz_try_to_date' : 'bz_to_date', args[0], ctx)}(`, 0, ')'];
    if (args.length !== 2) return null;
    return [`${cast}(`, ...parseWithFormat([0], args[1], ctx, 'TO_DATE', tryIt), ' AS DATE)'];
  };
}

const toVarchar: Handler = (args, ctx) => {
  // Snowflake's default rendering (a TIMESTAMP_NTZ with …SS.FF3), chosen by type when DuckDB binds.
  // Text bz_varchar already rendered (a `::VARCHAR` inside) is only cast.
  if (args.length === 1) return args[0].sig.some(isTextRenderingShim) ? ['CAST(', 0, ' AS VARCHAR)'] : ['bz_varchar(', 0, ')'];
  if (args.length !== 2) return null;
  const fmt = literalValue(args[1]);
  // 'HEX', 'BASE64', 'UTF-8': the argument is a BINARY (binary.ts).
  const binary = fmt === undefined ? undefined : binaryToText(fmt, ctx);
  if (binary) return binary;
  const numberFormat = fmt === undefined ? undefined : compileNumberFormat(fmt);
  if (typeof numberFormat === 'string') throw new UnsupportedOnDuckDb(`TO_CHAR number format with ${numberFormat}`, ctx.at);
  if (numberFormat) return numberFormat.template;
  // Numeric format models ('999.99', 'S9,999', 'TM9', 'XXXX') have no DuckDB equivalent.
  if (fmt !== undefined && /^[0-9.,$SMDGLXVBEIT ]*$/i.test(fmt) && /[09X]|TM/i.test(fmt)) {
    throw new UnsupportedOnDuckDb('TO_CHAR with a number format', ctx.at);
  }
  // TZH:TZM and TZHTZM print the value's UTC offset (offset-formats.ts).
  const segments = fmt === undefined ? undefined : offsetSegments(fmt);
  if (segments) return printWithOffset(segments, wallclockArg(args[0], 0, ctx.aliases), 0, (text) => outputFormat(text, ctx, 'TO_CHAR'), ctx);
  return ['bz_strftime(', ...wallclockArg(args[0], 0, ctx.aliases), ', ', dateFormat(args[1], ctx, 'TO_CHAR'), ')'];
};

/**
 * A DATEDIFF operand: Snowflake reads a string (a literal or a VARCHAR column) as a timestamp, which DuckDB's
 * date_diff does not; bz_temporal casts a VARCHAR and passes a date or timestamp through.
 */
const temporalOperand = (arg: Arg, i: number): Template =>
  arg.sig.length === 1 && arg.sig[0].kind === 'string'
    ? asTimestamp(arg, i)
    : staticTemporalType(arg.sig) !== undefined || lateTypes(arg.sig)
      ? [i]
      : ['bz_temporal(', i, ')'];

const dateDiff: Handler = (args) => {
  if (args.length !== 3) return null;
  const part = datePartOf(args[0]);
  if (!part) return null;
  const isLiteral = (a: Arg): boolean => a.sig.length === 1 && a.sig[0].kind === 'string';
  // Already DuckDB-shaped (canonical quoted part, no bare literals): leave the call as written.
  // Snowflake counts week boundaries crossed (weeks start on the WEEK_START day); DuckDB counts whole 7-day spans.
  if (part === 'week') return WEEK_DIFF;
  if (args[0].sig[0].text === `'${part}'` && !isLiteral(args[1]) && !isLiteral(args[2])) return null;
  return [`date_diff('${part}', `, ...temporalOperand(args[1], 1), ', ', ...temporalOperand(args[2], 2), ')'];
};

/**
 * The name a bind-once shim (client bind-once.ts) is called by for this argument: a plain operand (isPlainOperand: a
 * column, not a select-list alias DuckDB would copy) goes straight to its folded body; an expression — perhaps another
 * such call, whose copies would multiply in the plan — goes through the lambda that binds it once.
 */
const bindOnceName = (fn: string, arg: Arg, ctx: HandlerContext): string => (isPlainOperand(arg.sig, ctx.aliases) ? `${fn}__once` : fn);

/** Both operands plain (isPlainOperand): the quotient or product calls its folded body directly. */
const plainOperands = (args: Arg[], ctx: HandlerContext): boolean => args.every((a) => isPlainOperand(a.sig, ctx.aliases));

const dateAdd: Handler = (args, ctx) => {
  if (args.length !== 3) return null;
  const part = datePartOf(args[0]);
  if (!part) return null;
  const fn = DATE_SIZED_PARTS.has(part) ? 'bz_dateadd' : 'bz_timeadd';
  const interval: Template = part === 'nanosecond' ? ['INTERVAL ((', 1, ') / 1000) MICROSECOND'] : ['INTERVAL (', 1, `) ${part.toUpperCase()}`];
  // When the text gives the type, the typed form is written out (no overload for DuckDB to choose).
  const known = staticTemporalType(args[2].sig);
  if (known === 'DATE') return fn === 'bz_dateadd' ? ['CAST(', 2, ' + ', ...interval, ' AS DATE)'] : ['(CAST(', 2, ' AS TIMESTAMP) + ', ...interval, ')'];
  if (known) return ['(', 2, ' + ', ...interval, ')'];
  return [`${bindOnceName(fn, args[2], ctx)}(`, ...asTimestampT(args[2], [2]), ', ', ...interval, ')'];
};

/**
 * TRUNC(date_or_time, '<part>'): DATE_TRUNC with its arguments the other way round. TRUNC of a number (a scale, not a
 * part string) stays DuckDB's trunc.
 */
const truncDateOrTime: Handler = (args, ctx) => {
  if (args.length !== 2 || args[1].sig.length !== 1 || args[1].sig[0].kind !== 'string') return null;
  const t = dateTrunc([args[1], args[0]], ctx);
  // The template numbers the swapped arguments: number them as the call writes them.
  return t && t.map((p) => (p === 0 ? 1 : p === 1 ? 0 : p));
};

/** DATE_TRUNC keeps its input's type (a DATE stays a DATE); the part may be a bare word or a string. */
const dateTrunc: Handler = (args, ctx) => {
  if (args.length !== 2) return null;
  const part = datePartOf(args[0]);
  if (!part) return null;
  if (part === 'nanosecond') throw new UnsupportedOnDuckDb('DATE_TRUNC to nanoseconds', ctx.at);
  const known = staticTemporalType(args[1].sig);
  // A week starts on the WEEK_START day (a session parameter, read when the query runs).
  if (part === 'week' && known === 'TIME') return null;
  if (part === 'week' && known) return ['bz_trunc_week(', 1, ')'];
  if (part === 'week') return ['bz_trunc_week(', ...asTimestampT(args[1], [1]), ')'];
  // DuckDB's `datetrunc` spelling: not a Snowflake function, so a second pass leaves it alone.
  if (known === 'DATE') return [`CAST(datetrunc('${part}', `, 1, ') AS DATE)'];
  if (known === 'TIME') return [`CAST(datetrunc('${part}', DATE '1970-01-01' + `, 1, ') AS TIME)'];
  if (known) return [`datetrunc('${part}', `, 1, ')'];
  return [`${bindOnceName('bz_date_trunc', args[1], ctx)}('${part}', `, ...asTimestampT(args[1], [1]), ')'];
};

/** Snowflake extraction parts DuckDB names differently. */
const EXTRACT_PARTS: Record<string, string> = {
  dayofweekiso: 'isodow',
  dayofweek_iso: 'isodow',
  weekiso: 'week',
  week_iso: 'week',
  yearofweekiso: 'isoyear',
  epoch_second: 'epoch',
  epoch_seconds: 'epoch',
  dayofyear: 'doy',
};

/**
 * The epoch parts (docs.snowflake.com/en/sql-reference/functions-date-time#label-supported-date-time-parts): a whole
 * NUMBER of seconds, milliseconds or microseconds since 1970-01-01 00:00:00 UTC, where DuckDB's 'epoch' gives a
 * DOUBLE with the fraction (DATE_PART(EPOCH_SECOND, …) of 23:39:20.123 is 1712619560, not 1712619560.123) and has no
 * millisecond or microsecond part. Milliseconds and microseconds of a DATE are an error in Snowflake
 * (docs.snowflake.com/en/sql-reference/functions/date_part); nanoseconds are refused as the twin keeps microseconds.
 */
const EPOCH_UNITS: Record<string, 's' | 'ms' | 'us' | 'ns'> = {
  epoch: 's',
  epoch_second: 's',
  epoch_seconds: 's',
  epoch_millisecond: 'ms',
  epoch_milliseconds: 'ms',
  epoch_microsecond: 'us',
  epoch_microseconds: 'us',
  epoch_nanosecond: 'ns',
  epoch_nanoseconds: 'ns',
};

/** DATE_PART / EXTRACT of an epoch part `raw` of the instant `operand`; undefined when `raw` is not one. */
function epochPart(raw: string, operand: Template, at: number): Template | undefined {
  const unit = EPOCH_UNITS[raw];
  if (!unit) return undefined;
  if (unit === 'ns') throw new UnsupportedOnDuckDb('Extracting EPOCH_NANOSECOND', at);
  if (unit === 's') return ['CAST(floor(date_part(\'epoch\', ', ...operand, ')) AS BIGINT)'];
  const name = `DATE_PART(${raw.toUpperCase()}, <DATE>)`;
  return [`bz_epoch_part_${unit}(`, ...operand, `, ${quote(`${name} is not supported by Snowflake for a DATE (only EPOCH_SECOND is)`)})`];
}

/** The part named by a bare word or string literal, lower case. */
function rawPart(arg: Arg): string | undefined {
  if (arg.sig.length !== 1 || (arg.sig[0].kind !== 'word' && arg.sig[0].kind !== 'string')) return undefined;
  return (arg.sig[0].kind === 'string' ? arg.sig[0].text.slice(1, -1) : arg.sig[0].text).toLowerCase();
}

/** The DuckDB part for a Snowflake DATE_PART/EXTRACT part (bare word or string), refusing nanoseconds. */
function extractPart(arg: Arg, at: number): string | undefined {
  const raw = rawPart(arg);
  if (raw === undefined) return undefined;
  const part = EXTRACT_PARTS[raw] ?? canonicalDatePart(raw) ?? raw;
  if (part === 'nanosecond') throw new UnsupportedOnDuckDb('Extracting nanoseconds', at);
  return part;
}

/** The week macro for a part that follows WEEK_START / WEEK_OF_YEAR_POLICY (week, dayofweek, yearofweek). */
function weekMacroOf(arg: Arg): string | undefined {
  const raw = rawPart(arg);
  return raw === undefined ? undefined : weekPartMacro(canonicalDatePart(raw) ?? raw);
}

/**
 * The operand of DATE_PART/EXTRACT of `part` as Snowflake reads it: an epoch from the instant, a time zone part from
 * the value itself (a TIMESTAMP_TZ there stays refused by name), any other part from the wallclock (timestamp-tz.ts).
 */
function partOperand(part: string, arg: Arg, i: number, ctx: HandlerContext): Template {
  if (part.startsWith('epoch')) return instantArg(arg, i, ctx.aliases);
  if (part.startsWith('timezone')) return asTimestamp(arg, i);
  return wallclockArg(arg, i, ctx.aliases);
}

/** DATE_PART takes a bare part in Snowflake; DuckDB wants a string. */
const quotePart = (name: string): Handler => (args, ctx) => {
  if (args.length !== 2) return null;
  const week = weekMacroOf(args[0]);
  if (week) return [`${week}(`, ...wallclockArg(args[1], 1, ctx.aliases), ')'];
  const epoch = epochPart(rawPart(args[0]) ?? '', instantArg(args[1], 1, ctx.aliases), ctx.at);
  if (epoch) return epoch;
  const part = extractPart(args[0], ctx.at);
  return part ? [`${name}('${part}', `, ...partOperand(part, args[1], 1, ctx), ')'] : null;
};

/** TO_TIME(x) / TIME(x): a string as it is, a timestamp by its wallclock (a TIMESTAMP_TZ at its own offset). */
const timeOf: Handler = (args, ctx) => {
  if (args.length !== 1) return null;
  const text = args[0].sig.length === 1 && args[0].sig[0].kind === 'string';
  return ['CAST(', ...(text ? [0] : wallclockArg(args[0], 0, ctx.aliases)), ' AS TIME)'];
};

/** YEAR(x), HOUR(x)…: the part of x's wallclock (a TIMESTAMP_TZ at its own offset, timestamp-tz.ts). */
const wallclockPart = (name: string): Handler => (args, ctx) => (args.length === 1 ? [`${name}(`, ...wallclockArg(args[0], 0, ctx.aliases), ')'] : null);

/** EXTRACT(part, x) — the comma form; `EXTRACT(part FROM x)` is DuckDB's own except for the week parts. */
const extractComma: Handler = (args, ctx) => {
  if (args.length === 1) return extractFrom(args[0], ctx);
  if (args.length !== 2) return null;
  return quotePart('date_part')(args, ctx);
};

/** `EXTRACT(week FROM x)` and the other parts that follow the week parameters; null leaves the rest to DuckDB. */
function extractFrom(arg: Arg, ctx: HandlerContext): Template | null {
  const at = ctx.at;
  const fromAt = arg.sig.findIndex((l, i) => i > 0 && l.kind === 'word' && l.text.toLowerCase() === 'from');
  if (fromAt !== 1) return null;
  if (canonicalDatePart(arg.sig[0].text) === 'nanosecond') throw new UnsupportedOnDuckDb('Extracting nanoseconds', at);
  const raw = arg.sig[0].text.toLowerCase();
  const week = weekPartMacro(canonicalDatePart(raw) ?? raw);
  // The translated operand: the pieces after the FROM keyword.
  const k = arg.pieces.findIndex((p) => p.exact && p.src === arg.sig[1].start);
  if (k < 0) return null;
  const pieces = arg.pieces.slice(k + 1);
  while (pieces.length && /^\s*$/.test(pieces[0].text)) pieces.shift();
  const operand: Arg = { from: arg.sig[2]?.start ?? arg.to, to: arg.to, sig: arg.sig.slice(2), pieces };
  // The operand as the part reads it (partOperand): unchanged when it needs nothing, so DuckDB's EXTRACT stays.
  const part = EXTRACT_PARTS[raw] ?? canonicalDatePart(raw) ?? raw;
  const epoch = week ? undefined : epochPart(raw, instantArg(operand, 0, ctx.aliases), at);
  if (epoch) return epoch.map((p) => (p === 0 ? pieces : p));
  const read = week ? wallclockArg(operand, 0, ctx.aliases) : partOperand(part, operand, 0, ctx);
  if (!week && read.length === 1) return null;
  const t = read.map((p) => (p === 0 ? pieces : p));
  return week ? [`${week}(`, ...t, ')'] : [`date_part('${part}', `, ...t, ')'];
}

/** Three-letter month and day names (DuckDB's MONTHNAME/DAYNAME give the full name). */
const nameOf = (format: string): Handler => (args, ctx) => (args.length === 1 ? ['bz_strftime(', ...wallclockArg(args[0], 0, ctx.aliases), `, '${format}')`] : null);

/** DECODE compares with NULL-safe equality: DECODE(NULL, NULL, 'x') is 'x'. */
const decode: Handler = (args) => {
  if (args.length < 3) return null;
  const t: Template = ['(CASE'];
  let k = 1;
  for (; k + 1 < args.length; k += 2) t.push(' WHEN (', 0, ') IS NOT DISTINCT FROM (', k, ') THEN ', k + 1);
  if (k < args.length) t.push(' ELSE ', k);
  t.push(' END)');
  return t;
};

/** LAST_DAY(d [, part]): the last day of the month/quarter/year/week holding d, as a DATE. */
const lastDay: Handler = (args, ctx) => {
  if (args.length === 1) return ['last_day(', ...asTimestamp(args[0], 0), ')'];
  if (args.length !== 2) return null;
  const part = datePartOf(args[1]);
  if (!part || !['year', 'quarter', 'month', 'week'].includes(part)) throw new UnsupportedOnDuckDb('LAST_DAY with this date part', ctx.at);
  if (part === 'week') return ['bz_last_day_of_week(', 0, ')'];
  return [`CAST(datetrunc('${part}', `, ...asTimestamp(args[0], 0), `) + INTERVAL 1 ${part.toUpperCase()} - INTERVAL 1 DAY AS DATE)`];
};

const nullIfAnyNull = (name: string): Handler => (a) => {
  if (a.length < 2) return null;
  // GREATEST/LEAST pages: a first argument that is text makes the comparison and the result text, the other
  // arguments converted as TO_VARCHAR converts them (GREATEST('10', 9) is '9'). Seen here when it is a literal; any
  // other text first argument beside another type is refused by name (variant-implicit-cast.ts).
  const textFirst = a[0].sig.length === 1 && a[0].sig[0].kind === 'string';
  const t: Template = ['(CASE WHEN '];
  a.forEach((_, i) => t.push(...(i ? [' OR ', i, ' IS NULL'] : [i, ' IS NULL'])));
  t.push(` THEN NULL ELSE ${name}(`);
  a.forEach((_, i) => t.push(...(i ? (textFirst ? [', bz_varchar(', i, ')'] : [', ', i]) : [i])));
  t.push(') END)');
  return t;
};

/** SUBSTR: a start of 0 counts as 1 and a negative length gives '' (DuckDB reads both differently). */
const substring: Handler = (a) =>
  a.length === 2 ? ['substr(', 0, ', bz_substr_start(', 1, '))'] : a.length === 3 ? ['substr(', 0, ', bz_substr_start(', 1, '), bz_substr_length(', 2, '))'] : null;

/** The Snowflake default INITCAP delimiters: whitespace and these punctuation marks. */
const INITCAP_DELIMITERS = ' \t\n\r\f\v!?@"^#$&~_,.:;+-*%/|\\[](){}<>';

const fixedCall = (name: string, arity: number[] | 'any'): Handler => (args) => {
  if (arity !== 'any' && !arity.includes(args.length)) return null;
  const t: Template = [`${name}(`];
  args.forEach((_, i) => t.push(...(i ? [', ', i] : [i])));
  t.push(')');
  return t;
};

const noArgs = (text: string): Handler => (args) => (args.length === 0 ? [text] : null);

export const HANDLERS: Record<string, Handler> = {
  ...WEEK_HANDLERS,
  datediff: dateDiff,
  date_diff: dateDiff,
  timestampdiff: dateDiff,
  timediff: dateDiff,
  dateadd: dateAdd,
  timeadd: dateAdd,
  timestampadd: dateAdd,
  date_trunc: dateTrunc,
  trunc: truncDateOrTime,
  extract: extractComma,
  monthname: nameOf('%b'),
  dayname: nameOf('%a'),
  decode,
  last_day: lastDay,
  date_from_parts: (a) => (a.length === 3 ? ['bz_date_from_parts(', 0, ', ', 1, ', ', 2, ')'] : null),
  datefromparts: (a) => (a.length === 3 ? ['bz_date_from_parts(', 0, ', ', 1, ', ', 2, ')'] : null),
  add_months: (a, ctx) => (a.length === 2 ? [`${bindOnceName('bz_add_months', a[0], ctx)}(`, ...asTimestampT(a[0], [0]), ', ', 1, ')'] : null),
  initcap: (a) => (a.length === 1 ? ['bz_initcap(', 0, `, ${duckDbStringLiteral(INITCAP_DELIMITERS)})`] : a.length === 2 ? ['bz_initcap(', 0, ', ', 1, ')'] : null),
  upper: (a) => (a.length === 1 ? ["upper(replace(", 0, ", 'ß', 'SS'))"] : null),
  date: toDate(false),
  to_time: timeOf,
  time: timeOf,
  weekiso: (a) => (a.length === 1 ? ['week(', ...asTimestamp(a[0], 0), ')'] : null),
  dayofweekiso: (a) => (a.length === 1 ? ['isodow(', ...asTimestamp(a[0], 0), ')'] : null),
  yearofweekiso: (a) => (a.length === 1 ? ['isoyear(', ...asTimestamp(a[0], 0), ')'] : null),
  date_part: quotePart('date_part'),
  year: wallclockPart('year'),
  quarter: wallclockPart('quarter'),
  month: wallclockPart('month'),
  day: wallclockPart('day'),
  dayofmonth: wallclockPart('dayofmonth'),
  dayofyear: wallclockPart('dayofyear'),
  hour: wallclockPart('hour'),
  minute: wallclockPart('minute'),
  second: wallclockPart('second'),
  iff: (a, ctx) => {
    if (a.length !== 3) return null;
    const [yes, no] = numberMixResults(a, [1, 2], ctx.at);
    return ['(CASE WHEN ', 0, ' THEN ', ...yes, ' ELSE ', ...no, ' END)'];
  },
  nvl: (a, ctx) => coalesceNumberMix('coalesce')(a, ctx) ?? fixedCall('coalesce', [2])(a, ctx),
  coalesce: (a, ctx) => coalesceNumberMix('coalesce')(a, ctx),
  ifnull: (a, ctx) => coalesceNumberMix('coalesce')(a, ctx),
  nvl2: (a, ctx) => {
    if (a.length !== 3) return null;
    const [yes, no] = numberMixResults(a, [1, 2], ctx.at);
    return ['(CASE WHEN (', 0, ') IS NOT NULL THEN ', ...yes, ' ELSE ', ...no, ' END)'];
  },
  zeroifnull: (a) => (a.length === 1 ? ['coalesce(', 0, ', 0)'] : null),
  nullifzero: (a) => (a.length === 1 ? ['nullif(', 0, ', 0)'] : null),
  equal_null: (a) => (a.length === 2 ? ['((', 0, ') IS NOT DISTINCT FROM (', 1, '))'] : null),
  div0: (a, ctx) => {
    if (a.length !== 2) return null;
    const s1 = staticScale(a[0].sig, new Map());
    const s2 = staticScale(a[1].sig, new Map());
    if (s1 !== undefined && s2 !== undefined) return quotientTemplate(0, s1, 1, s2, 'zero');
    return boundQuotientTemplate('zero', undefined, plainOperands(a, ctx));
  },
  div0null: (a, ctx) => (a.length === 2 ? boundQuotientTemplate('zero-or-null', undefined, plainOperands(a, ctx)) : null),
  regexp_like: regexpLike,
  rlike: regexpLike,
  regexp_replace: regexpReplace,
  regexp_substr: regexpSubstr,
  regexp_count: regexpCount,
  regexp_instr: regexpInstr,
  round,
  sum: sumOfText,
  avg: average,
  // MEDIAN of a NUMBER(p, s) has scale s + 3: the mean of the two middle values is computed at that scale.
  median: (a) => (a.length === 1 && a[0].sig[0]?.text.toLowerCase() !== 'distinct' ? ['quantile_cont((', 0, ') * 1.000, 0.5)'] : null),
  concat: (a) => (a.length >= 2 ? a.flatMap((_, i) => (i ? [' || ', i] : ['(', i])).concat(')') : null),
  // CONCAT_WS does not skip NULLs in Snowflake: any NULL argument, the separator too, makes it NULL (DuckDB's skips
  // them). docs.snowflake.com/en/sql-reference/functions/concat_ws
  concat_ws: (a) => {
    if (a.length === 2) return ['(CASE WHEN (', 0, ') IS NULL THEN NULL ELSE CAST((', 1, ') AS VARCHAR) END)'];
    if (a.length < 2) return null;
    return a.slice(1).flatMap((_, k) => (k ? [' || ', 0, ' || ', k + 1] : ['(', 1])).concat(')');
  },
  substr: substring,
  substring,
  // SPLIT: an empty separator gives an array holding only the source string, a NULL one NULL
  // (docs.snowflake.com/en/sql-reference/functions/split); DuckDB's split cut into characters and ignored a NULL.
  split: (a) =>
    a.length === 2 ? ['(CASE WHEN (', 1, ") IS NULL THEN NULL WHEN (", 1, ") = '' THEN [CAST((", 0, ') AS VARCHAR)] ELSE string_split((', 0, '), (', 1, ')) END)'] : null,
  // A FLOAT keeps its type (variant-float.ts); anything else as DuckDB's to_json writes it.
  to_variant: (a, ctx) => (a.length === 1 ? toVariant(0, 'TO_VARIANT', ctx.at, a[0]) : null),
  // Snowflake's LEAST/GREATEST are NULL when any argument is; DuckDB's skip NULLs.
  least: nullIfAnyNull('least'),
  greatest: nullIfAnyNull('greatest'),
  // Refused when a value is computed: DuckDB drops the columns no one reads, so a HASH column a model computes and
  // never selects (balboa's covid_location) does not stop the model, and any use of a value is refused at the call.
  hash: (_a, ctx) => [`CAST(error(${quote(refusalMessage("HASH (Snowflake's 64-bit hash differs from DuckDB's)", ctx))}) AS BIGINT)`],
  // ARRAY_SIZE of something that is not an array is NULL (DuckDB's json_array_length gives 0).
  array_size: (a) => (a.length === 1 ? ["(CASE WHEN json_type(json_quote(", 0, ")) = 'ARRAY' THEN json_array_length(json_quote(", 0, ')) END)'] : null),
  startswith: fixedCall('starts_with', [2]),
  endswith: fixedCall('ends_with', [2]),
  boolor_agg: fixedCall('bool_or', [1]),
  booland_agg: fixedCall('bool_and', [1]),
  seq4: (a) => (a.length <= 1 ? [GENERATOR_COLUMN] : null),
  seq8: (a) => (a.length <= 1 ? [GENERATOR_COLUMN] : null),
  // SEQ1/SEQ2 wrap around like signed 1- and 2-byte integers.
  seq2: (a) => (a.length <= 1 ? [`((${GENERATOR_COLUMN} + 32768) % 65536 - 32768)`] : null),
  seq1: (a) => (a.length <= 1 ? [`((${GENERATOR_COLUMN} + 128) % 256 - 128)`] : null),
  split_part: (a) => (a.length === 3 ? ['bz_split_part(', 0, ', ', 1, ', ', 2, ')'] : null),
  to_varchar: toVarchar,
  to_char: toVarchar,
  to_date: toDate(false),
  try_to_date: toDate(true),
  to_timestamp: toTimestamp(false),
  to_timestamp_ntz: toTimestamp(false),
  to_timestamp_ltz: toTimestamp(false, DUCKDB_TIMESTAMPTZ),
  to_timestamp_tz: toTimestampTzWithFormat,
  try_to_timestamp: toTimestamp(true),
  try_to_timestamp_ntz: toTimestamp(true),
  try_to_timestamp_ltz: toTimestamp(true, DUCKDB_TIMESTAMPTZ),
  try_to_timestamp_tz: tryToTimestampTz,
  to_number: numberCast('CAST'),
  to_decimal: numberCast('CAST'),
  to_numeric: numberCast('CAST'),
  try_to_number: numberCast('TRY_CAST'),
  try_to_decimal: numberCast('TRY_CAST'),
  try_to_numeric: numberCast('TRY_CAST'),
  to_double: simpleCast('CAST', 'DOUBLE'),
  try_to_double: simpleCast('TRY_CAST', 'DOUBLE'),
  to_boolean: (a) => (a.length === 1 ? ['CAST(bz_boolean_text(', 0, ') AS BOOLEAN)'] : null),
  try_to_boolean: (a) => (a.length === 1 ? ['TRY_CAST(bz_boolean_text(', 0, ') AS BOOLEAN)'] : null),
  // The text without a cast a second pass would rewrite (VARCHAR(n) gets a length check, VARCHAR a rendering).
  // The session's log answers it (query-history.ts): the id of an earlier statement of this session.
  last_query_id: (a, ctx) => [lastQueryIdSource(`last_query_id(${a.map((x) => x.sig.map((l) => l.text).join('')).join(',')})`, ctx.at)],
  uuid_string: (a) => (a.length === 0 ? ["printf('%s', uuid())"] : a.length === 2 ? ['bz_uuid_v5(', 0, ', ', 1, ')'] : null),
  current_timestamp: (a) => (a.length <= 1 ? ['current_timestamp'] : null),
  current_date: noArgs('current_date'),
  current_time: (a) => (a.length <= 1 ? ['current_time'] : null),
  localtimestamp: noArgs('localtimestamp'),
  current_warehouse: noArgs(CURRENT_WAREHOUSE_SQL),
  getdate: noArgs('current_timestamp'),
  sysdate: noArgs("CAST(timezone('UTC', now()) AS TIMESTAMP)"),
  convert_timezone: convertTimezone,
  ...VARIANT_HANDLERS,
  uniform,
  ...BINARY_HANDLERS,
  ...BASE64_HANDLERS,
  ...EVENT_WINDOW_HANDLERS,
  // COUNT(t.*) and COUNT(a, b, …) (count-star.ts), else COUNT(v:path) with a JSON null counted as NULL (variant.ts).
  count: (a, ctx) => countStar(a, ctx) ?? countColumns(a, ctx) ?? countJsonNull(a, ctx),
  ...STRING_HANDLERS,
  ...NEXT_DAY_HANDLERS,
  ...GEOSPATIAL_HANDLERS,
  ...ARRAY_EXCEPT_HANDLERS,
  ...ARRAY_TO_STRING_HANDLERS,
  ...ARRAY_CONTAINS_HANDLERS,
  ...ARRAY_REMOVE_HANDLERS,
  ...ARRAY_APPEND_HANDLERS,
  ...PARSE_IP_HANDLERS,
  ...HIGHER_ORDER_HANDLERS,
};

export const CAST_FUNCTIONS = new Set(['cast', 'try_cast']);

