// TIMESTAMP_TZ on DuckDB. Snowflake's TIMESTAMP_TZ keeps each value's own UTC offset; DuckDB's TIMESTAMPTZ keeps
// only the instant and shows it in the session time zone (Snowflake's TIMESTAMP_LTZ). So the layer holds a
// TIMESTAMP_TZ as a struct of the instant and the offset (TIMESTAMP_TZ_STRUCT), made by `::TIMESTAMP_TZ`,
// TO_TIMESTAMP_TZ(x) and CONVERT_TIMEZONE(zone, x), printed by bz_varchar and by the result readers
// (client/src/warehouse/snowflake-on-duckdb/timestamp-tz-values.ts), stored into a column by INSERT through bz_to_tz
// (insert-conversions.ts). Date/time functions read it through bz_wallclock / bz_instant (wallclockArg), DATEADD and
// DATE_TRUNC through their typed macros; what DuckDB still has no overload of for the struct (DATEDIFF, casts to other
// types, comparison with another type…) fails and is re-read as a located refusal (duckdb-errors.ts).
import { aliasKey, isPunct, isWord, lateTypes, literalValue, quote, staticTemporalType, type Arg, type Handler, type HandlerContext, type Template } from './template';
import type { Lexeme } from '../tokenize';
import { UnsupportedOnDuckDb } from './unsupported';
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';

export const TIMESTAMP_TZ_REFUSAL =
  'TRY_CAST(… AS TIMESTAMP_TZ), or a cast to TIMESTAMP_TZ(n) with `::` (write x::TIMESTAMP_TZ, CAST(x AS TIMESTAMP_TZ) or TO_TIMESTAMP_TZ(x))';

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

/**
 * The argument as a TIMESTAMPTZ instant (NTZ and DATE read in the session time zone, as Snowflake does; a TIMESTAMP_TZ
 * by its own instant, which DuckDB has no cast of the struct for).
 */
function instantOf(arg: Arg, i: number): Template {
  const lit = literalValue(arg);
  if (lit !== undefined) return [`CAST(${quote(duckDbTimestampText(lit))} AS ${DUCKDB_TIMESTAMPTZ})`];
  return ['CAST(', ...instantArg(arg, i), ` AS ${DUCKDB_TIMESTAMPTZ})`];
}

/**
 * Argument `i` of a date/time function that Snowflake reads by its wallclock (HOUR, DATE_PART, TO_CHAR…): a TIMESTAMP_TZ
 * value at its own offset, a string literal as a TIMESTAMP_NTZ. Passed as it is when the text gives its type, or when
 * DuckDB knows the type only after binding (it could not choose bz_wallclock's overload: a TIMESTAMP_TZ there stays
 * refused by name, duckdb-errors.ts); so is a name the statement gives with AS (`aliases`: it may be a select-list
 * alias, whose type DuckDB also knows only after binding).
 */
export function wallclockArg(arg: Arg, i: number, aliases?: ReadonlySet<string>): Template {
  return readingArg(arg, i, 'bz_wallclock', aliases);
}

/** Argument `i` read as its instant (EXTRACT of an epoch): a TIMESTAMP_TZ's UTC instant; see wallclockArg. */
export function instantArg(arg: Arg, i: number, aliases?: ReadonlySet<string>): Template {
  return readingArg(arg, i, 'bz_instant', aliases);
}

/**
 * The macro a cast of `operand` to `type` reads it through: a TIMESTAMP_TZ cast to TIMESTAMP_NTZ, DATE or TIME keeps
 * its wallclock (the offset dropped), to TIMESTAMP_LTZ its instant. Undefined for other types, and where wallclockArg
 * passes the operand as it is (its type known from its text, or only after binding).
 */
export function castReading(type: string, operand: Lexeme[], aliases: ReadonlySet<string>): string | undefined {
  const t = type.toLowerCase();
  const macro = WALLCLOCK_TYPES.has(t) ? 'bz_wallclock' : t === 'timestamp_ltz' ? 'bz_instant' : undefined;
  // Only a column (`ts`, `t."Ts"`) or a TIMESTAMP_TZ cast (`x::TIMESTAMP_TZ::DATE`): the casts the translator writes
  // itself around other expressions (CAST(… AS DATE) keeping DATEADD's type) must read the same on a second pass.
  const column = operand.every((l, k) => (k % 2 === 0 ? l.kind === 'word' || l.kind === 'quoted-identifier' : isPunct(l, '.')));
  const tzCastOperand = operand.length > 2 && isPunct(operand[operand.length - 2], '::') && isWord(operand[operand.length - 1], 'timestamp_tz');
  // CAST(x AS TIMESTAMP_TZ) as a whole (the macro passes any other type through unchanged, so a CAST that only ends so
  // reads the same).
  const tzCastCall = isWord(operand[0], 'cast') && isPunct(operand[1], '(') && isWord(operand[operand.length - 2], 'timestamp_tz') && isPunct(operand[operand.length - 1], ')');
  if (macro === undefined || !operand.length || !(column || tzCastOperand || tzCastCall)) return undefined;
  const read = readingArg({ from: 0, to: 0, sig: operand, pieces: [] }, 0, macro, aliases);
  return read[0] === macro + '(' ? macro : undefined;
}

function readingArg(arg: Arg, i: number, macro: string, aliases?: ReadonlySet<string>): Template {
  if (arg.sig.length === 1 && arg.sig[0].kind === 'string') return ['CAST(', i, ' AS TIMESTAMP)'];
  // (Already read through the macro: a second translation pass changes nothing.)
  if (staticTemporalType(arg.sig) !== undefined || lateTypes(arg.sig) || isWord(arg.sig[0], macro)) return [i];
  if (arg.sig.length === 1 && aliases?.has(aliasKey(arg.sig[0]))) return [i];
  // A bare NULL has no type to choose the macro's overload by (DuckDB would take the TIMESTAMP_TZ one).
  if (arg.sig.length === 1 && (isWord(arg.sig[0], 'null') || isWord(arg.sig[0], 'true') || isWord(arg.sig[0], 'false'))) return [i];
  return [`${macro}(`, i, ')'];
}

/**
 * The refusal of a VARIANT holding a TIMESTAMP_TZ (or an ARRAY or OBJECT holding one) cast to text (client
 * json-functions.ts bz_tz_free): the twin holds it as its instant and offset (`{"bz_tz_utc": …, "bz_tz_offset": …}`), and no page
 * gives the text Snowflake makes of one inside a VARIANT. Raised with no offset: duckdb-errors.ts locates it at the
 * statement's first cast to text.
 */
export const CAST_TO_TEXT_OF_VARIANT_TZ = 'A cast to text (::VARCHAR, TO_VARCHAR) of a VARIANT, ARRAY or OBJECT holding a TIMESTAMP_TZ (the DuckDB target holds it as its instant and offset: put its text in the VARIANT, e.g. TO_VARIANT(ts::VARCHAR))';

/** The message of a DuckDB error() that duckdb-errors.ts reads back as a located Bronze refusal. */
export function refusalMessage(construct: string, ctx: Pick<HandlerContext, 'at'>): string {
  return `bz_unsupported@${ctx.at}: ${construct}`;
}

/**
 * How a TIMESTAMP_TZ value is held on DuckDB: the instant, and the value's own UTC offset in minutes `m` encoded as
 * the interval (30·m days − m months). DuckDB compares and hashes intervals by their normalized length, which is zero
 * for every offset, so `=`, `<`, GROUP BY, DISTINCT, MIN/MAX and ORDER BY see the instant alone, as Snowflake
 * compares TIMESTAMP_TZ values by their UTC time; the offset is still there to read back (DATEPART day / 30).
 */
// (Field names quoted: the DuckDB target upper-cases unquoted names in DDL.)
export const TIMESTAMP_TZ_STRUCT = `STRUCT("bz_tz_utc" ${DUCKDB_TIMESTAMPTZ}, "bz_tz_offset" INTERVAL)`;

/** The struct's type as DuckDB's catalog (information_schema, duckdb_columns) writes it. */
export const TIMESTAMP_TZ_DATA_TYPE = 'STRUCT(bz_tz_utc TIMESTAMP WITH TIME ZONE, bz_tz_offset INTERVAL)';

/** Whether a DuckDB column type (as a result or the catalog reports it) is the TIMESTAMP_TZ struct. */
export function isTimestampTzStruct(duckType: string): boolean {
  return /^STRUCT\("?bz_tz_utc"? TIMESTAMP WITH TIME ZONE, "?bz_tz_offset"? INTERVAL\)$/i.test(duckType.trim());
}

/**
 * The construct a DuckDB error about the TIMESTAMP_TZ struct stands for (a function, operator or cast DuckDB has no
 * overload of for it), or undefined when the error is not about one.
 */
export function timestampTzErrorConstruct(message: string): string | undefined {
  if (/Macro bz_to_tz\(\) (?:has multiple overloads|does not support)/i.test(message)) {
    return 'TIMESTAMP_TZ of a value of this type (text, TIMESTAMP_NTZ, TIMESTAMP_LTZ and DATE convert)';
  }
  // Another translator macro's overload error lists the TIMESTAMP_TZ overload among its candidates; it is not about
  // a TIMESTAMP_TZ value (duckdb-errors.ts names that macro's construct).
  if (/Macro bz_\w+\(\) (?:has multiple overloads|does not support)/i.test(message)) return undefined;
  if (!/STRUCT\("?bz_tz_utc"?/i.test(message)) return undefined;
  // A value compared with a TIMESTAMP_TZ, or stored into a TIMESTAMP_TZ column other than by INSERT (UPDATE, MERGE:
  // an INSERT converts, insert-conversions.ts), is cast implicitly, which DuckDB has no form for.
  if (/(?:destination type |-> )STRUCT\("?bz_tz_utc"?/i.test(message)) {
    return 'A value of another type compared with a TIMESTAMP_TZ, or stored into a TIMESTAMP_TZ column by UPDATE or MERGE, without a cast (write x::TIMESTAMP_TZ)';
  }
  const fn = /argument types '([^(']+)\(/.exec(message)?.[1];
  const cast = /cast \(STRUCT[^)]*\)\s*-> ([A-Z ]+)/i.exec(message)?.[1];
  if (cast) return `A cast of a TIMESTAMP_TZ value to ${cast.trim()}`;
  return fn && !/^bz_/i.test(fn) ? `${fn.toUpperCase()} of a TIMESTAMP_TZ value` : 'This operation on a TIMESTAMP_TZ value';
}

const OFFSET_TEXT = "'\\s*(Z|([+-])([0-9]{2}):?([0-9]{2}))\\s*$'";
/** An offset of whole hours after a time (`10:00:00+02`), which DuckDB's TIMESTAMPTZ reads as +02:00: made +HH:MM. */
const HOURS_OFFSET_TEXT = "'([0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*[+-][0-9]{2})\\s*$'";

export const TIMESTAMP_TZ_MACROS: string[] = [
  // A TIMESTAMP_TZ from its instant u and offset m (minutes); NULL when either is.
  `bz_tz_pack(u, m) AS CASE WHEN u IS NULL OR m IS NULL THEN NULL ELSE CAST(struct_pack(bz_tz_utc := CAST(u AS ${DUCKDB_TIMESTAMPTZ}), ` +
    `bz_tz_offset := to_days(30 * CAST(m AS INTEGER)) + to_months(-CAST(m AS INTEGER))) AS ${TIMESTAMP_TZ_STRUCT}) END`,
  // The fields are cast to their types: of a NULL constant TIMESTAMP_TZ, DuckDB types them NULL, which datepart() and
  // timezone() cannot choose an overload for.
  `bz_tz_offset_minutes(z) AS CAST(datepart('day', CAST(z.bz_tz_offset AS INTERVAL)) // 30 AS INTEGER)`,
  // The offset of the session time zone at instant u, in minutes.
  `bz_session_offset(u) AS datediff('minute', timezone('UTC', u), CAST(u AS TIMESTAMP))`,
  // The wallclock time a TIMESTAMP_TZ shows (its instant at its own offset).
  `bz_tz_wallclock(z) AS timezone('UTC', CAST(z.bz_tz_utc AS ${DUCKDB_TIMESTAMPTZ})) + to_minutes(bz_tz_offset_minutes(z))`,
  // An offset of m minutes as +HH<sep>MM (TZH:TZM, TZHTZM).
  `bz_offset_text(m, sep) AS CASE WHEN m < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(m) // 60 AS VARCHAR), 2, '0') || sep || ` +
    `lpad(CAST(abs(m) % 60 AS VARCHAR), 2, '0')`,
  // Text as Snowflake's default TIMESTAMP_TZ_OUTPUT_FORMAT prints it: YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM.
  `bz_tz_text(z) AS strftime(bz_tz_wallclock(z), '%Y-%m-%d %H:%M:%S.%g ') || bz_offset_text(bz_tz_offset_minutes(z), '')`,
  // A wallclock time read in the session time zone (NTZ, DATE and text without an offset).
  `bz_tz_from_wallclock(w) AS bz_tz_pack(CAST(w AS ${DUCKDB_TIMESTAMPTZ}), bz_session_offset(CAST(w AS ${DUCKDB_TIMESTAMPTZ})))`,
  // Text with an offset (+HHMM, +HH:MM, Z) keeps it; without one it is read in the session time zone.
  `bz_text_offset(x) AS CASE WHEN regexp_extract(x, ${OFFSET_TEXT}, 1) = 'Z' THEN 0 ` +
    `ELSE (CASE WHEN regexp_extract(x, ${OFFSET_TEXT}, 2) = '-' THEN -1 ELSE 1 END) * ` +
    `(CAST(regexp_extract(x, ${OFFSET_TEXT}, 3) AS INTEGER) * 60 + CAST(regexp_extract(x, ${OFFSET_TEXT}, 4) AS INTEGER)) END`,
  `bz_tz_from_text(x) AS CASE WHEN regexp_extract(x, ${OFFSET_TEXT}, 1) = '' THEN bz_tz_from_wallclock(CAST(x AS TIMESTAMP)) ` +
    `ELSE bz_tz_pack(timezone('UTC', CAST(trim(regexp_replace(x, ${OFFSET_TEXT}, '')) AS TIMESTAMP) - to_minutes(bz_text_offset(x))), bz_text_offset(x)) END`,
  // x::TIMESTAMP_TZ / TO_TIMESTAMP_TZ(x) by the type of x; an LTZ instant takes the session zone's offset.
  `bz_to_tz(x ${TIMESTAMP_TZ_STRUCT}) AS x, ` +
    `(x VARCHAR) AS bz_tz_from_text(regexp_replace(x, ${HOURS_OFFSET_TEXT}, '\\1:00')), ` +
    `(x TIMESTAMP) AS bz_tz_from_wallclock(x), (x DATE) AS bz_tz_from_wallclock(CAST(x AS TIMESTAMP)), ` +
    `(x ${DUCKDB_TIMESTAMPTZ}) AS bz_tz_pack(x, bz_session_offset(x))`,
  // A TIMESTAMP_TZ whose wallclock is w (a TIMESTAMP) at offset m: DATEADD and DATE_TRUNC work on the wallclock and
  // keep the offset (an offset, not a zone: no daylight-saving shift).
  `bz_tz_at_offset(w, m) AS bz_tz_pack(timezone('UTC', w - to_minutes(m)), m)`,
  `bz_tz_plus(z, i) AS bz_tz_at_offset(bz_tz_wallclock(z) + i, bz_tz_offset_minutes(z))`,
  `bz_tz_trunc(p, z) AS bz_tz_at_offset(date_trunc(p, bz_tz_wallclock(z)), bz_tz_offset_minutes(z))`,
  // (bz_wallclock and bz_instant, which wallclockArg and instantArg write, dispatch on their argument's type while
  // binding: shims.ts builds them with type-dispatch.ts.)
  // The UTC offset (minutes) TO_CHAR's TZH:TZM prints: a TIMESTAMP_TZ's own, the session zone's for a TIMESTAMP_LTZ;
  // a TIMESTAMP_NTZ or DATE raises the refusal r (refusalMessage).
  `bz_value_offset(x ${TIMESTAMP_TZ_STRUCT}, r) AS bz_tz_offset_minutes(x), (x ${DUCKDB_TIMESTAMPTZ}, r) AS bz_session_offset(x), ` +
    `(x TIMESTAMP, r) AS CAST(error(r) AS INTEGER), (x DATE, r) AS CAST(error(r) AS INTEGER)`,
  // CONVERT_TIMEZONE(tz, x) with z = bz_to_tz(x): the same instant with the offset zone tz has then.
  // (The instant is cast again: a NULL struct's field would leave timezone() without a type to choose by.)
  `bz_tz_in_zone(tz, z) AS bz_tz_pack(z.bz_tz_utc, datediff('minute', timezone('UTC', CAST(z.bz_tz_utc AS ${DUCKDB_TIMESTAMPTZ})), ` +
    `timezone(CAST(tz AS VARCHAR), CAST(z.bz_tz_utc AS ${DUCKDB_TIMESTAMPTZ}))))`,
];

/**
 * CONVERT_TIMEZONE(source_tz, target_tz, ntz) → the wallclock in the target zone (TIMESTAMP_NTZ);
 * CONVERT_TIMEZONE(target_tz, ts) → a TIMESTAMP_TZ in the target zone (see the file comment).
 */
export const convertTimezone: Handler = (args, ctx) => {
  if (args.length === 3) {
    const lit = literalValue(args[2]);
    const ntz: Template = lit !== undefined ? [`CAST(${quote(lit)} AS TIMESTAMP)`] : [2];
    // The zone names as VARCHAR: a bare NULL would leave DuckDB choosing timezone()'s TIME WITH TIME ZONE overload.
    return ['timezone(CAST(', 1, ' AS VARCHAR), timezone(CAST(', 0, ' AS VARCHAR), ', ...ntz, '))'];
  }
  if (args.length !== 2) return null;
  const instant = instantOf(args[1], 1);
  const { castTo, argOf } = ctx.outer ?? {};
  if ((castTo && WALLCLOCK_TYPES.has(castTo)) || (argOf && WALLCLOCK_FUNCTIONS.has(argOf))) return ['timezone(', 0, ', ', ...instant, ')'];
  if (castTo === 'timestamp_ltz' || argOf === 'to_timestamp_ltz') return instant;
  // A TIMESTAMP_TZ: the instant with the offset the target zone has then.
  return ['bz_tz_in_zone(', 0, ', ', ...tzCast(args[1], 1), ')'];
};

/** A string read as TIMESTAMP_TZ: refused when it has digits finer than microseconds (DuckDB keeps microseconds). */
function tzLiteral(text: string, arg: Arg): string {
  if (/:\d{2}\.\d{6}\d*[1-9]/.test(text)) {
    throw new UnsupportedOnDuckDb('A timestamp with digits finer than microseconds (DuckDB keeps microseconds)', arg.sig[0]?.start ?? 0);
  }
  return text;
}

/**
 * TO_TIMESTAMP_TZ(x): a string (its offset kept, else the session zone's), a TIMESTAMP_NTZ or DATE (read in the
 * session zone) or a TIMESTAMP_LTZ; with a format, functions.ts. A scale, and TRY_TO_TIMESTAMP_TZ, are refused.
 */
export const toTimestampTz: Handler = (args, ctx) => {
  if (args.length !== 1) throw new UnsupportedOnDuckDb('TO_TIMESTAMP_TZ with a scale, or with a format that has time zone elements (TZH, TZM, TZR)', ctx.at);
  return tzCast(args[0], 0);
};

/** TRY_TO_TIMESTAMP_TZ: refused (DuckDB's casts in bz_to_tz fail rather than give NULL). */
export const tryToTimestampTz: Handler = (_args, ctx) => {
  throw new UnsupportedOnDuckDb('TRY_TO_TIMESTAMP_TZ', ctx.at);
};

/** `x::TIMESTAMP_TZ` (and TO_TIMESTAMP_TZ(x)): the TIMESTAMP_TZ struct (TIMESTAMP_TZ_STRUCT) of x. */
export function tzCast(arg: Arg, i: number): Template {
  const lit = literalValue(arg);
  if (lit !== undefined) return [`bz_to_tz(${quote(tzLiteral(lit, arg))})`];
  // A bare NULL has no type to choose bz_to_tz's overload by.
  if (arg.sig.length === 1 && arg.sig[0].kind === 'word' && arg.sig[0].text.toLowerCase() === 'null') return [`CAST(NULL AS ${TIMESTAMP_TZ_STRUCT})`];
  return ['bz_to_tz(', i, ')'];
}
