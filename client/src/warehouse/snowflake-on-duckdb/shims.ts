// Per-connection helpers the translated SQL relies on, plus fallbacks so that Snowflake functions still work
// in SQL that did not go through the translator. They are TEMP objects: plain macros and types live in the
// default catalog and disappear from view after `USE other_db.schema`.
import type { DuckDBConnection } from '@duckdb/node-api';
import { JSON_MACROS, registerJsonFunctions } from './json-functions';
import { MACRO_TEXT_OFFSET, PLAN_STAND_IN_MACROS } from './variant-implicit-cast';
import { BIND_ONCE, bindingArgumentOnce, macroName } from './bind-once';
import { DIGEST_MACROS, registerDigestFunctions } from './digest-functions';
import { WEEK_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/week-policy';
import { TIMESTAMP_TZ_MACROS, TIMESTAMP_TZ_STRUCT } from '../../../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';
import { DATE_FORMAT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/date-formats';
import { AVERAGE_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/average';
import { QUOTIENT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/quotient';
import { DATE_COMPARISON_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/date-comparison';
import { HASH_COMPARISON_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/hash-comparison';
import { PRODUCT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/product';
import { BINARY_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/binary';
import { BASE64_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/base64';
import { refusalCast } from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';
import { NUMBER_FORMAT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/number-format';
import { OBJECT_STAR_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/object-star';
import { BINARY_POSITION_MACRO, PAD_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/string-functions';
import { ltzText, ntzText, tzText } from '../../../../server/src/core/sql/snowflake-on-duckdb/output-formats';
import { NEXT_DAY_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/next-day';
import { ARRAY_EXCEPT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/array-except';
import { ARRAY_TO_STRING_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/array-to-string';
import { ARRAY_CONTAINS_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/array-contains';
import { CAST_TO_TEXT_OF_FLOAT, EXPONENT_NUMBER, VARIANT_FLOAT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/variant-float';
import { quote } from '../../../../server/src/core/sql/snowflake-on-duckdb/template';
import { ARRAY_REMOVE_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/array-remove';
import { ARRAY_APPEND_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/array-append';
import { PARSE_IP_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/parse-ip';
import { VARIANT_TIMESTAMP_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/variant-timestamp';
import { byTemporalType, TYPE_DISPATCH_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/type-dispatch';
import { NUMBER_MIX_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/string-coercion';
import { SET_NUMBER_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/set-number-columns';
import { TWO_DIGIT_CENTURY_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/two-digit-century';
import { DUCKDB_TIMESTAMPTZ } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-instant';
import { FORMAT_MACROS } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-only-functions';

/**
 * Temp type aliases for Snowflake type names used without parameters (e.g. in column lists). TIMESTAMP_TZ has none:
 * the translator writes the layer's struct for it (timestamp-tz.ts), and DuckDB's TIMESTAMPTZ would drop each value's
 * offset, so a TIMESTAMP_TZ the translator did not see fails rather than running as an instant.
 */
const TYPES: [string, string][] = [
  ['timestamp_ntz', 'TIMESTAMP'],
  ['timestamp_ltz', DUCKDB_TIMESTAMPTZ],
  ['number', 'DECIMAL(38,0)'],
  ['object', 'MAP(VARCHAR, JSON)'],
];

// Epoch numbers in text: Snowflake reads seconds, milliseconds, microseconds or nanoseconds by magnitude.
const EPOCH_MICROS = (v: string): string =>
  `CAST(CAST(${v} AS DOUBLE) * (CASE WHEN abs(CAST(${v} AS DOUBLE)) < 31536000000 THEN 1000000 ` +
  `WHEN abs(CAST(${v} AS DOUBLE)) < 31536000000000 THEN 1000 ` +
  `WHEN abs(CAST(${v} AS DOUBLE)) < 31536000000000000 THEN 1 ELSE 0.001 END) AS BIGINT)`;

const toTimestampBody = (cast: 'CAST' | 'TRY_CAST'): string => {
  const v = 'CAST(x AS VARCHAR)';
  return (
    // A number (not text) is always seconds, whatever its size (TO_TIMESTAMP's numeric_expr; the magnitude rule is
    // for strings): told apart by typeof(), as a numeric overload would also take text DuckDB can cast.
    `(x) AS CASE WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', ` +
    `'UBIGINT', 'UHUGEINT', 'FLOAT', 'DOUBLE') OR typeof(x) LIKE 'DECIMAL%' ` +
    `THEN make_timestamp(CAST(round(CAST(${v} AS DOUBLE) * 1000000) AS BIGINT)) ` +
    `WHEN regexp_full_match(${v}, '\\s*-?[0-9]+(\\.[0-9]*)?\\s*') ` +
    `THEN make_timestamp(${EPOCH_MICROS(v)}) ELSE ${cast}(${v} AS TIMESTAMP) END`
  );
};

/** ADD_MONTHS of a timestamp: its time of day kept, also on a month's last day. */
const addMonthsTimestamp = (v: string): string =>
  `CASE WHEN CAST(${v} AS DATE) = last_day(${v}) THEN last_day(${v} + to_months(CAST(n AS INTEGER))) + (${v} - date_trunc('day', ${v})) ` +
  `ELSE ${v} + to_months(CAST(n AS INTEGER)) END`;

/**
 * A macro body reading the argument `x` through the name `v`, bound once: DuckDB copies a macro's argument to every
 * place the body names it and binds each copy, so a body naming a costly argument n times costs n bindings, and
 * nested such macros multiply. `lambda v:` rather than `v ->`, which DuckDB also tries as JSON's `->` and then reports
 * both binding errors in one message, hiding the one the layer reads (an alias in GROUP BY: group-by-alias.ts). Only
 * for bodies the optimizer need not fold: it leaves a lambda's body as written.
 */
const bindingOnce = (x: string, v: string, body: (v: string) => string): string => `list_transform([${x}], lambda ${v}: ${body(v)})[1]`;

/** bz_varchar of a value that is no date or timestamp. */
const VARCHAR_OF_OTHER_TYPES =
  // A FLOAT with up to 10 significant digits and no trailing zeros (TO_VARCHAR(LOG(3, 4)) is '1.261859507'); told
  // apart by typeof(), as a DOUBLE overload would also take DECIMAL and INTEGER arguments.
  `CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN bz_float_text(x) ` +
  // A VARIANT holding a string casts to the string itself, without its JSON quotes; a JSON null to 'null' (TO_CHAR's
  // page; a cast makes it SQL NULL: bz_varchar_cast); an OBJECT (a MAP) or an ARRAY constant (a list) to its JSON text.
  // One holding a FLOAT is refused: DuckDB's to_json writes the FLOAT as a plain number, and how Snowflake writes a
  // FLOAT in JSON text is not documented (variant-float.ts; located by duckdb-errors.ts, CAST_TO_TEXT_OF_FLOAT).
  `WHEN (typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE '%[]') AND bz_holds_float(x) THEN CAST(CAST(${quote(CAST_TO_TEXT_OF_FLOAT)} AS INTEGER) AS VARCHAR) ` +
  // One holding a TIMESTAMP_TZ (timestamp-tz.ts's struct, maybe in a VARIANT value) is refused (json-functions.ts bz_tz_free).
  `WHEN typeof(x) LIKE 'MAP(%' OR typeof(x) LIKE '%[]' THEN bz_tz_free(CAST(to_json(x) AS VARCHAR)) WHEN typeof(x) <> 'JSON' THEN CAST(x AS VARCHAR) ` +
  `ELSE bz_json_text(CAST(x AS JSON)) END`;

/**
 * The text of a JSON value (a VARIANT) as TO_VARCHAR gives it: a string without its quotes, a JSON null as 'null', a
 * number with a fraction without its trailing zeros (5.000 → '5', 1.50 → '1.5', as Snowflake prints one), anything else
 * as its JSON. And its cast to VARCHAR, which makes a JSON null SQL NULL. The translator writes the cast directly for a
 * `:` or `[]` path's value, which is JSON whatever it holds (translate.ts): bz_varchar_cast names its argument in one
 * body per type, each bound by DuckDB, so a path read as text (`v:a::string`, in every JSON-reading model) planned ~6
 * times larger through it.
 */
const JSON_TEXT_MACROS: string[] = [
  // A number written with an exponent is a DOUBLE (variant-float.ts): a FLOAT cast to VARCHAR, also inside a VARIANT
  // (https://docs.snowflake.com/en/sql-reference/data-type-conversion, convert_test_zeros).
  // A TIMESTAMP_TZ (timestamp-tz.ts holds it as a struct of its instant and offset), or an OBJECT or ARRAY holding one,
  // is refused (json-functions.ts bz_tz_free: the text read once, not one more copy of `j` to bind).
  `bz_json_text(j) AS CASE WHEN json_type(j) = 'NULL' THEN 'null' ` +
    `WHEN json_type(j) = 'DOUBLE' AND regexp_matches(CAST(j AS VARCHAR), ${quote(EXPONENT_NUMBER)}) THEN bz_float_text(CAST(j AS DOUBLE)) ` +
    `WHEN json_type(j) = 'DOUBLE' AND regexp_matches(j ->> '$', '^-?[0-9]+\\.[0-9]+$') ` +
    `THEN regexp_replace(regexp_replace(j ->> '$', '0+$', ''), '\\.$', '') ELSE bz_tz_free(j ->> '$') END`,
  `bz_json_varchar_cast(j) AS CASE WHEN json_type(j) = 'NULL' THEN NULL ELSE bz_json_text(j) END`,
];

const MACROS: string[] = [
  // TIMESTAMP_TZ (timestamp-tz.ts) first: bz_varchar renders one with bz_tz_text.
  ...TIMESTAMP_TZ_MACROS,
  // Date functions that keep their input's type, as Snowflake's do: one body per type, chosen while DuckDB binds
  // the argument, also an aggregate's or a window's (type-dispatch.ts).
  ...TYPE_DISPATCH_MACROS,
  // What a date/time function reads of its argument (wallclockArg, instantArg in timestamp-tz.ts): a TIMESTAMP_TZ gives
  // its wallclock at its own offset, or its instant; any other type passes through as it is. Chosen while binding, not
  // by typed overloads: DuckDB picked the TIMESTAMP_TZ overload for a select-list alias read later in the same SELECT
  // (`d::date as p, dayofmonth(dateadd(month, -1, p))`) and failed casting the DATE to it.
  `bz_wallclock(x) AS ${byTemporalType('wallclock', 'x', { tz: (v) => `bz_tz_wallclock(${v})` }, 'x')}`,
  `bz_instant(x) AS ${byTemporalType('instant', 'x', { tz: (v) => `${v}.bz_tz_utc` }, 'x')}`,
  `bz_dateadd(x, i) AS ${byTemporalType('dateadd', 'x', {
    date: (v) => `CAST(${v} + i AS DATE)`,
    ntz: (v) => `${v} + i`,
    ltz: (v) => `${v} + i`,
    time: (v) => `${v} + i`,
    tz: (v) => `bz_tz_plus(${v}, i)`,
  })}`,
  // A time part added to a DATE gives a TIMESTAMP_NTZ.
  `bz_timeadd(x, i) AS ${byTemporalType('dateadd', 'x', {
    date: (v) => `CAST(${v} AS TIMESTAMP) + i`,
    ntz: (v) => `${v} + i`,
    ltz: (v) => `${v} + i`,
    time: (v) => `${v} + i`,
    tz: (v) => `bz_tz_plus(${v}, i)`,
  })}`,
  // A string where Snowflake expects a date or timestamp (DATEDIFF's operands) is read as a TIMESTAMP_NTZ.
  `bz_temporal(x VARCHAR) AS CAST(x AS TIMESTAMP), (x) AS x`,
  // DATE_TRUNC of a DATE to a time part is the date itself; of a TIME, the time truncated.
  `bz_date_trunc(p, x) AS ${byTemporalType('date_trunc', 'x', {
    date: (v) => `CAST(date_trunc(p, ${v}) AS DATE)`,
    ntz: (v) => `date_trunc(p, ${v})`,
    ltz: (v) => `date_trunc(p, ${v})`,
    time: (v) => `CAST(date_trunc(p, DATE '1970-01-01' + ${v}) AS TIME)`,
    tz: (v) => `bz_tz_trunc(p, ${v})`,
  })}`,
  // NEXT_DAY / PREVIOUS_DAY (next-day.ts).
  ...NEXT_DAY_MACROS,
  // A FLOAT put in a VARIANT keeps its type (variant-float.ts).
  ...VARIANT_FLOAT_MACROS,
  ...ARRAY_EXCEPT_MACROS,
  ...ARRAY_CONTAINS_MACROS,
  ...ARRAY_REMOVE_MACROS,
  ...ARRAY_APPEND_MACROS,
  ...PARSE_IP_MACROS,
  // ADD_MONTHS: the last day of a month maps to the last day of the result month.
  `bz_add_months(x, n) AS ${byTemporalType('add_months', 'x', {
    date: (v) =>
      `CAST(CASE WHEN ${v} = last_day(${v}) THEN last_day(${v} + to_months(CAST(n AS INTEGER))) ` +
      `ELSE ${v} + to_months(CAST(n AS INTEGER)) END AS DATE)`,
    ntz: (v) => addMonthsTimestamp(v),
    ltz: (v) => addMonthsTimestamp(v),
  })}`,
  // DATE_FROM_PARTS: months and days outside their ranges count from January 1 of the year (month 0 is the December
  // before, day 100 the 100th day); the arguments are integer expressions, so a fractional one is refused, not rounded.
  `bz_date_from_parts(y, m, d) AS CASE WHEN CAST(y AS DOUBLE) <> trunc(CAST(y AS DOUBLE)) OR CAST(m AS DOUBLE) <> trunc(CAST(m AS DOUBLE)) ` +
    `OR CAST(d AS DOUBLE) <> trunc(CAST(d AS DOUBLE)) THEN error('DATE_FROM_PARTS with a fractional argument is not supported on the DuckDB target') ` +
    `ELSE CAST(make_date(CAST(y AS BIGINT), 1, 1) + to_months(CAST(m AS BIGINT) - 1) + to_days(CAST(d AS BIGINT) - 1) AS DATE) END`,
  `bz_float_text(x) AS CASE WHEN isnan(CAST(x AS DOUBLE)) THEN 'NaN' WHEN isinf(CAST(x AS DOUBLE)) ` +
    `THEN CASE WHEN CAST(x AS DOUBLE) > 0 THEN 'inf' ELSE '-inf' END ELSE printf('%.10g', CAST(x AS DOUBLE)) END`,
  ...JSON_TEXT_MACROS,
  // Text of a value as Snowflake renders it by default: TIMESTAMP_NTZ with milliseconds (…SS.FF3), TIMESTAMP_LTZ
  // in the session zone with its offset as +HHMM (TIMESTAMP_OUTPUT_FORMAT's …SS.FF3 TZHTZM; DuckDB's %z is +HH[:MM]).
  // A session output format other than the default is refused when text is made (output-formats.ts).
  `bz_varchar(x) AS ${byTemporalType(
    'cast',
    'x',
    {
      ntz: (v) => ntzText(`strftime(${v}, '%Y-%m-%d %H:%M:%S.%g')`),
      date: (v) => `CAST(${v} AS VARCHAR)`,
      ltz: (v) => ltzText(`strftime(${v}, '%Y-%m-%d %H:%M:%S.%g ') || rpad(replace(strftime(${v}, '%z'), ':', ''), 5, '0')`),
      tz: (v) => tzText(`bz_tz_text(${v})`),
    },
    VARCHAR_OF_OTHER_TYPES,
  )}`,
  // `x::VARCHAR` / CAST(x AS VARCHAR): TO_VARCHAR's text, but a JSON null becomes SQL NULL, as Snowflake documents
  // ("to convert a JSON null value to SQL NULL, cast it as a string": semistructured-considerations).
  `bz_varchar_cast(x) AS CASE WHEN typeof(x) = 'JSON' AND json_type(CAST(x AS JSON)) = 'NULL' THEN NULL ELSE bz_varchar(x) END`,
  // ARRAY_TO_STRING (array-to-string.ts), each element as bz_varchar renders it.
  ...ARRAY_TO_STRING_MACROS,
  // The subject of LIKE / ILIKE (translate.ts likeSubjectAsText): a DATE or timestamp as its text, a VARIANT as its
  // cast to VARCHAR (a JSON string without its quotes), anything else as it is (a number then fails to bind, refused by
  // name in duckdb-errors.ts). The struct field is chosen while binding (typeof() folds), so each keeps its own type.
  `bz_like_text(x) AS ${byTemporalType('like', 'x', { date: (v) => `bz_varchar(${v})`, ntz: (v) => `bz_varchar(${v})`, ltz: (v) => `bz_varchar(${v})`, tz: (v) => `bz_varchar(${v})` }, "struct_extract({'json': CASE WHEN typeof(x) = 'JSON' THEN bz_varchar_cast(x) END, 'other': x}, CASE WHEN typeof(x) = 'JSON' THEN 'json' ELSE 'other' END)")}`,
  // The same for a subject that is itself a call (translate.ts): its argument bound once (bind-once.ts), as the body
  // names it in every type's branch and a nested macro chain under it multiplied (algorand's
  // `TRY_BASE64_DECODE_STRING(v:txn:apaa[0]::STRING) ILIKE 'swap'` bound for 90 s). A plain column keeps the folded form.
  `bz_like_text_call(x) AS bz_like_text(x)`,
  // What a cast to BOOLEAN reads (TO_BOOLEAN, CAST, ::): DuckDB takes Snowflake's true/t/yes/y/1 and their false words,
  // in any case, but not 'on'/'off', given here as 'true'/'false'; any other type as it is (a number is FALSE for 0
  // only in both). The cast itself stays in the statement, where a value neither reads fails, located.
  `bz_boolean_text(x) AS struct_extract({'text': CASE WHEN typeof([x]) = 'VARCHAR[]' THEN CASE lower(CAST(x AS VARCHAR)) WHEN 'on' THEN 'true' WHEN 'off' THEN 'false' ELSE CAST(x AS VARCHAR) END END, 'other': x}, CASE WHEN typeof([x]) = 'VARCHAR[]' THEN 'text' ELSE 'other' END)`,
  // NUMBER division on integer units (number-scale.ts): rounded half away from zero; a zero divisor is Snowflake's
  // "Division by zero" (a failing cast, not error(): DuckDB refuses aliases of expressions with side effects).
  `bz_div_units(n, d) AS sign(n) * sign(d) * ((2 * abs(n) + abs(d)) // ` +
    `CASE WHEN d = 0 AND n IS NOT NULL THEN ${refusalCast("'Division by zero'", 'HUGEINT')} ELSE 2 * abs(d) END)`,
  // `/`, DIV0 and DIV0NULL typed at bind time (quotient.ts), and AVG (average.ts) dividing with them.
  ...QUOTIENT_MACROS,
  // `*` of columns at Snowflake's capped scale (product.ts).
  ...PRODUCT_MACROS,
  ...AVERAGE_MACROS,
  `bz_div0_units(n, d) AS CASE WHEN d = 0 THEN 0 ELSE sign(n) * sign(d) * ((2 * abs(n) + abs(d)) // (2 * abs(d))) END`,
  // A cast to VARCHAR(n) (text-length.ts): a longer value is refused, or NULL for TRY_CAST. The refusal is a failing
  // cast rather than error(), which DuckDB refuses in an expression a later select item names.
  // The value is bound once, as the element of a one-element list a lambda reads (bindingOnce): it is usually a
  // bz_varchar_cast(…), costly to bind, which the body would otherwise copy three or four times.
  `bz_text_fit(x, n) AS ${bindingOnce('x', 'bz_fit', (v) =>
    `CASE WHEN length(CAST(${v} AS VARCHAR)) > n ` +
    `THEN CAST(${refusalCast(`'String ''' || CAST(${v} AS VARCHAR) || ''' is too long and would be truncated'`, 'INTEGER')} AS VARCHAR) ` +
    `ELSE CAST(${v} AS VARCHAR) END`)}`,
  `bz_text_try_fit(x, n) AS ${bindingOnce('x', 'bz_fit', (v) => `CASE WHEN length(CAST(${v} AS VARCHAR)) > n THEN NULL ELSE CAST(${v} AS VARCHAR) END`)}`,
  // Their stand-ins for planning a statement before it runs (variant-implicit-cast.ts).
  ...PLAN_STAND_IN_MACROS,
  // MD5_HEX under its Snowflake name.
  `md5_hex(x) AS md5(x)`,
  // MD5_NUMBER_LOWER64 / _UPPER64: the digest read as a big-endian 128-bit number, its lower / upper 64 bits unsigned.
  `md5_number_lower64(x) AS CAST(CAST('0x' || right(md5(x), 16) AS UBIGINT) AS DECIMAL(38,0))`,
  `md5_number_upper64(x) AS CAST(CAST('0x' || left(md5(x), 16) AS UBIGINT) AS DECIMAL(38,0))`,
  // TO_BINARY and the hex functions (binary.ts).
  ...BINARY_MACROS,
  // BASE64_ENCODE and the BASE64_DECODE functions (base64.ts).
  ...BASE64_MACROS,
  // SHA2 / SHA2_HEX and UUID_STRING(namespace, name) (digest-functions.ts).
  ...DIGEST_MACROS,
  // TO_CHAR number formats (number-format.ts): the digits `d` placed right-aligned in the pattern `p` of 9/0/`,`
  // elements; a separator shows only when a digit to its left does, other positions are blank.
  `bz_number_field(d, p) AS array_to_string(list_transform(range(1, length(p) + 1), i -> CASE ` +
    `WHEN substr(p, i, 1) = ',' THEN CASE WHEN length(replace(substr(p, i + 1), ',', '')) < length(d) THEN ',' ELSE ' ' END ` +
    `WHEN length(replace(substr(p, i), ',', '')) <= length(d) ` +
    `THEN substr(d, length(d) - length(replace(substr(p, i), ',', '')) + 1, 1) ELSE ' ' END), '')`,
  ...NUMBER_FORMAT_MACROS,
  // OBJECT_CONSTRUCT(*) and {*} (object-star.ts).
  ...OBJECT_STAR_MACROS,
  // POSITION/CHARINDEX from a start: 0 when absent, also when the start is past the end.
  `bz_position(n, h, s) AS CASE WHEN strpos(substr(h, s), n) = 0 THEN 0 ELSE strpos(substr(h, s), n) + s - 1 END`,
  BINARY_POSITION_MACRO,
  // LPAD/RPAD of text or BINARY (string-functions.ts).
  ...PAD_MACROS,
  // REGEXP_INSTR / REGEXP_REPLACE (regexp.ts): the length of the text through the k-th match of a gap pattern.
  `bz_regexp_through(s, w, k) AS length(array_to_string(regexp_extract_all(s, w)[1:k], ''))`,
  // ROUND(x, n, 'HALF_TO_EVEN') (round.ts): r = round(x, n); a tie whose last digit came out odd goes back one unit.
  `bz_round_half_even(x, r, unit, factor) AS r - CASE WHEN abs(r - x) * 2 = unit AND CAST(r * factor AS HUGEINT) % 2 <> 0 ` +
    `THEN sign(x) * unit ELSE 0 END`,
  // COALESCE/NVL/IFNULL of a VARCHAR and a number literal (string-coercion.ts).
  ...NUMBER_MIX_MACROS,
  // A set-operation column's text branch converted to the number branches' type (set-number-columns.ts).
  ...SET_NUMBER_MACROS,
  // SUM/AVG of a VARCHAR read as FLOAT (string-coercion.ts); any other type as it is.
  `bz_number_arg(x VARCHAR) AS CAST(x AS DOUBLE), (x) AS x`,
  `bz_substr_start(p) AS CASE WHEN p = 0 THEN 1 ELSE p END`,
  `bz_substr_length(n) AS CASE WHEN n < 0 THEN 0 ELSE n END`,
  // SPLIT_PART: part 0 is part 1; an empty delimiter leaves the string whole (part 1 or -1).
  `bz_split_part(s, d, n) AS CASE WHEN d = '' THEN CASE WHEN n IN (0, 1, -1) THEN s ELSE '' END ` +
    `ELSE split_part(s, d, CASE WHEN n = 0 THEN 1 ELSE n END) END`,
  // INITCAP: upper-case the first character and every one after a delimiter, lower-case the rest.
  // A delimiter is never capitalised itself (INITCAP('apple', 'a') is 'aPple'): it only starts a word.
  `bz_initcap(s, d) AS array_to_string(list_transform(range(1, length(s) + 1), i -> CASE WHEN NOT contains(d, substr(s, i, 1)) ` +
    `AND (i = 1 OR contains(d, substr(s, i - 1, 1))) THEN upper(substr(s, i, 1)) ELSE lower(substr(s, i, 1)) END), '')`,
  `bz_to_timestamp${toTimestampBody('CAST')}`,
  `bz_try_to_timestamp${toTimestampBody('TRY_CAST')}`,
  // A VARIANT converted to a timestamp (variant-timestamp.ts), after the text conversions it calls.
  ...VARIANT_TIMESTAMP_MACROS,
  // WEEK_START / WEEK_OF_YEAR_POLICY (session variables set by ALTER SESSION).
  ...WEEK_MACROS,
  ...DATE_FORMAT_MACROS,
  // TO_CHAR's formatting under the translator's own name (duckdb-only-functions.ts).
  ...FORMAT_MACROS,
  // A VARCHAR compared with a DATE read as TO_DATE reads it (date-comparison.ts).
  ...DATE_COMPARISON_MACROS,
  // HASH(…) = HASH(…) compared pair by pair (hash-comparison.ts).
  ...HASH_COMPARISON_MACROS,
  ...TWO_DIGIT_CENTURY_MACROS,
  // PARSE_JSON / TO_JSON as Snowflake reads and writes JSON (json-functions.ts).
  ...JSON_MACROS,
  // Fallbacks for untranslated Snowflake SQL.
  `iff(c, a, b) AS CASE WHEN c THEN a ELSE b END`,
  `nvl(a, b) AS coalesce(a, b)`,
  `nvl2(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END`,
  `zeroifnull(a) AS coalesce(a, 0)`,
  `nullifzero(a) AS nullif(a, 0)`,
  `equal_null(a, b) AS a IS NOT DISTINCT FROM b`,
  `div0(a, b) AS CASE WHEN b = 0 THEN 0 ELSE a / b END`,
  `regexp_like(s, p) AS regexp_full_match(s, p)`,
  `to_varchar(x) AS CAST(x AS VARCHAR), (x, f) AS strftime(x, f)`,
  `try_to_number(x) AS TRY_CAST(x AS DECIMAL(38,0))`,
  `to_number(x) AS CAST(x AS DECIMAL(38,0))`,
  `try_to_date(x) AS TRY_CAST(x AS DATE)`,
  `to_date(x) AS CAST(x AS DATE)`,
  `try_to_boolean(x) AS TRY_CAST(bz_boolean_text(x) AS BOOLEAN)`,
  `to_timestamp_ntz(x) AS bz_to_timestamp(x)`,
  `try_to_timestamp_ntz(x) AS bz_try_to_timestamp(x)`,
  `try_to_timestamp(x) AS bz_try_to_timestamp(x)`,
  `parse_json(x) AS bz_parse_json(x)`,
  `try_parse_json(x) AS bz_try_parse_json(x)`,
  `sysdate() AS CAST(timezone('UTC', now()) AS TIMESTAMP)`,
  `getdate() AS current_timestamp`,
  `uuid_string() AS CAST(uuid() AS VARCHAR), (ns, name) AS bz_uuid_v5(ns, name)`,
  `dateadd(p, n, x) AS CAST(x AS TIMESTAMP) + CASE lower(p) ` +
    `WHEN 'year' THEN to_years(CAST(n AS INTEGER)) WHEN 'month' THEN to_months(CAST(n AS INTEGER)) ` +
    `WHEN 'week' THEN to_weeks(CAST(n AS INTEGER)) WHEN 'day' THEN to_days(CAST(n AS INTEGER)) ` +
    `WHEN 'hour' THEN to_hours(CAST(n AS BIGINT)) WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT)) ` +
    `WHEN 'second' THEN to_seconds(CAST(n AS DOUBLE)) ELSE NULL END`,
];

/** The statements `installSnowflakeShims` runs (exposed for tests and for the emulator's diagnostics). */
export function shimStatements(): string[] {
  // The macros that name their arguments many times bind them once, so nesting them does not multiply them.
  const definitions = MACROS.flatMap((m) => {
    const params = BIND_ONCE.get(macroName(m) ?? '');
    return params ? bindingArgumentOnce(m, params) : [m];
  });
  return definitions.map((m) => `CREATE OR REPLACE TEMP MACRO ${m}`);
}

/** Creates the temp macros and types on this connection. Safe to call more than once. */
export async function installSnowflakeShims(connection: DuckDBConnection): Promise<void> {
  const existing = await connection.runAndReadAll(
    "SELECT type_name FROM duckdb_types() WHERE database_name = 'temp'",
  );
  const have = new Set(existing.getRows().map((r) => String(r[0]).toLowerCase()));
  for (const [name, target] of TYPES) {
    if (!have.has(name)) await connection.run(`CREATE TEMP TYPE ${name} AS ${target}`);
  }
  registerJsonFunctions(connection);
  registerDigestFunctions(connection);
  // After MACRO_TEXT_OFFSET spaces: a node of a macro's body is then never located in a statement (variant-implicit-cast.ts).
  await connection.run(' '.repeat(MACRO_TEXT_OFFSET) + shimStatements().join(';\n'));
  // Snowflake orders NULL above every value: last for ASC, first for DESC (DuckDB puts them last either way).
  await connection.run("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
}
