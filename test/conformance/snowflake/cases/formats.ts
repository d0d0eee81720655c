// Date and time format strings in TO_CHAR / TO_VARCHAR, TO_DATE, TO_TIMESTAMP: each documented format element, for
// output and for parsing, on fixed values (2024-03-07 is a Thursday).
import type { ConformanceCase } from '../case';

const DOC = 'https://docs.snowflake.com/en/sql-reference/functions-conversion';
const TEXT = { type: 'VARCHAR' } as const;
const DATE = { type: 'DATE' } as const;
const NTZ = { type: 'TIMESTAMP_NTZ' } as const;
const TS = "'2024-03-07 15:04:05.123456'::TIMESTAMP_NTZ";
const D = "'2024-03-07'::DATE";

const out = (id: string, value: string, format: string, result: string, note: string): ConformanceCase => ({
  id: `to_char.format_${id}`,
  construct: 'TO_CHAR',
  doc: DOC,
  sql: `SELECT TO_CHAR(${value}, '${format}')`,
  expect: { types: [TEXT], rows: [[result]] },
  note,
});

const MODELS = 'https://docs.snowflake.com/en/sql-reference/sql-format-models';
/** The page's output examples' table. */
const SAMPLE_NUMBERS = [
  'create table sample_numbers (f float)',
  'insert into sample_numbers (f) values (1.2)',
  'insert into sample_numbers (f) values (123.456)',
  'insert into sample_numbers (f) values (1234.56)',
  'insert into sample_numbers (f) values (-123456.789)',
];
/** The page's sign-position table: how 12 and -7 print under each fixed-position format. */
const signTable: [string, string, string, string][] = [
  ['99', 'plain', ' 12', ' -7'],
  ['S99', 's_first', '+12', ' -7'],
  ['99S', 's_last', '12+', ' 7-'],
  ['MI99', 'mi_first', ' 12', '- 7'],
  ['99MI', 'mi_last', '12 ', ' 7-'],
  ['$99', 'dollar', ' $12', ' -$7'],
  ['FM99', 'fm_compact', '12', '-7'],
];

export const cases: ConformanceCase[] = [
  {
    id: 'to_date.format_day_first_slashes',
    construct: 'TO_DATE',
    doc: DOC,
    sql: "SELECT TO_DATE('3/4/2024', 'dd/mm/yyyy')",
    expect: { types: [DATE], rows: [['2024-04-03']] },
    note: 'When parsing, DD and MM accept one digit.',
  },
  {
    id: 'to_varchar.format_mon_dd_yyyy',
    construct: 'TO_VARCHAR',
    doc: DOC,
    sql: "SELECT TO_VARCHAR('2024-04-05'::DATE, 'mon dd, yyyy')",
    expect: { types: [TEXT], rows: [['Apr 05, 2024']] },
    note: 'Format elements are case-insensitive; mon prints the abbreviated month name.',
  },
  out('yyyy_mm_dd', D, 'YYYY-MM-DD', '2024-03-07', 'YYYY, MM and DD print four, two and two digits.'),
  out('mmmm', D, 'MMMM', 'March', 'MMMM prints the full month name.'),
  out('mon', D, 'MON', 'Mar', 'MON prints the abbreviated month name.'),
  out('dy', D, 'DY', 'Thu', 'DY prints the abbreviated day of week.'),
  out('dy_lower', D, 'dy', 'Thu', "'dy' gives the short English day name (Sun, Mon, …)."),
  out('d_no_leading_zero', D, 'D', '7', 'D prints the day of month without a leading zero.'),
  out('mo_no_leading_zero', D, 'MO', '3', 'MO prints the month without a leading zero.'),
  out('yy', D, 'YY', '24', 'YY prints two digits of the year.'),
  out('hh24_mi_ss', TS, 'HH24:MI:SS', '15:04:05', 'HH24, MI and SS print two digits each.'),
  out('hh12_pm', TS, 'HH12:MI AM', '03:04 PM', 'HH12 prints the hour 01–12; AM prints the meridiem of the value.'),
  out('h12_no_leading_zero', TS, 'H12', '3', 'H12 prints the 12-hour clock hour without a leading zero.'),
  out('hh_synonym', TS, 'HH', '15', 'HH is a synonym for HH24.'),
  out('ff3', TS, 'HH24:MI:SS.FF3', '15:04:05.123', 'FF3 prints three fractional digits.'),
  out('ff6', TS, 'SS.FF6', '05.123456', 'FF6 prints six fractional digits.'),
  out('quoted_literal', TS, 'YYYY-MM-DD"T"HH24:MI:SS', '2024-03-07T15:04:05', 'Text in double quotes is output as is.'),
  out('date_with_time_elements', D, 'YYYY-MM-DD HH24:MI:SS', '2024-03-07 00:00:00', 'A DATE has midnight as its time.'),
  {
    id: 'to_char.format_tzh_tzm',
    construct: 'TO_CHAR',
    doc: DOC,
    sql: "SELECT TO_CHAR('2024-03-07 15:04:05 +05:30'::TIMESTAMP_TZ, 'YYYY-MM-DD HH24:MI TZH:TZM')",
    expect: { types: [TEXT], rows: [['2024-03-07 15:04 +05:30']] },
    note: 'TZH:TZM prints the offset the value carries.',
  },
  // Parsing
  {
    id: 'to_date.parse_yy_century_start',
    construct: 'TO_DATE',
    doc: DOC,
    session: { TWO_DIGIT_CENTURY_START: '1980' },
    sql: "SELECT TO_DATE('79-01-01', 'YY-MM-DD'), TO_DATE('80-01-01', 'YY-MM-DD')",
    expect: { types: [DATE, DATE], rows: [['2079-01-01', '1980-01-01']] },
    note: 'With TWO_DIGIT_CENTURY_START = 1980, 79 and 80 parse as 2079 and 1980.',
  },
  {
    id: 'to_date.parse_mon_accepts_full_name',
    construct: 'TO_DATE',
    doc: DOC,
    sql: "SELECT TO_DATE('05-January-2024', 'DD-MON-YYYY'), TO_DATE('05-Jan-2024', 'DD-MMMM-YYYY')",
    expect: { types: [DATE, DATE], rows: [['2024-01-05', '2024-01-05']] },
    note: 'When parsing, MON and MMMM both accept the abbreviation or the full month name.',
  },
  {
    id: 'to_date.parse_single_digits',
    construct: 'TO_DATE',
    doc: DOC,
    sql: "SELECT TO_DATE('2024-1-5', 'YYYY-MM-DD')",
    expect: { types: [DATE], rows: [['2024-01-05']] },
    note: 'When parsing, Snowflake accepts up to the specified number of digits.',
  },
  {
    id: 'to_timestamp.parse_quoted_t',
    construct: 'TO_TIMESTAMP',
    doc: DOC,
    sql: `SELECT TO_TIMESTAMP('2024-01-05T10:00:00', 'YYYY-MM-DD"T"HH24:MI:SS')`,
    expect: { types: [NTZ], rows: [['2024-01-05 10:00:00.000']] },
    note: 'A double-quoted literal in the format matches itself.',
  },
  {
    id: 'to_timestamp.parse_date_only_midnight',
    construct: 'TO_TIMESTAMP',
    doc: DOC,
    sql: "SELECT TO_TIMESTAMP('2024-01-05', 'YYYY-MM-DD')",
    expect: { types: [NTZ], rows: [['2024-01-05 00:00:00.000']] },
    note: 'When a date-only format is used, the time is midnight.',
  },
  {
    id: 'to_timestamp.parse_hh12_pm',
    construct: 'TO_TIMESTAMP',
    doc: DOC,
    sql: "SELECT TO_TIMESTAMP('2024-01-05 03:15 PM', 'YYYY-MM-DD HH12:MI AM')",
    expect: { types: [NTZ], rows: [['2024-01-05 15:15:00.000']] },
    note: 'HH12 with a PM marker parses to the afternoon hour.',
  },
  {
    id: 'to_timestamp.parse_fractional',
    construct: 'TO_TIMESTAMP',
    doc: DOC,
    sql: "SELECT TO_TIMESTAMP('2024-01-05 10:00:00.250', 'YYYY-MM-DD HH24:MI:SS.FF3')",
    expect: { types: [NTZ], rows: [['2024-01-05 10:00:00.250']] },
  },
  {
    id: 'to_timestamp.parse_tz_offset',
    construct: 'TO_TIMESTAMP',
    doc: DOC,
    sql: "SELECT TO_TIMESTAMP_TZ('2024-01-05 10:00 +0530', 'YYYY-MM-DD HH24:MI TZHTZM')",
    expect: { types: [{ type: 'TIMESTAMP_TZ' }], rows: [['2024-01-05 10:00:00.000 +0530']] },
    note: 'TZHTZM parses an offset, which TIMESTAMP_TZ keeps.',
  },
  {
    id: 'try_to_date.format_mismatch_null',
    construct: 'TRY_TO_DATE',
    doc: DOC,
    sql: "SELECT TRY_TO_DATE('2024/01/05', 'YYYY-MM-DD'), TRY_TO_DATE('2024-01-05', 'YYYY-MM-DD')",
    expect: { types: [DATE, DATE], rows: [[null, '2024-01-05']] },
    note: 'TRY_ functions return NULL instead of raising an error when the conversion cannot be performed.',
  },
  {
    id: 'try_to_timestamp.format_mismatch_null',
    construct: 'TRY_TO_TIMESTAMP',
    doc: DOC,
    sql: "SELECT TRY_TO_TIMESTAMP('10:00 2024-01-05', 'YYYY-MM-DD HH24:MI')",
    expect: { rows: [[null]] },
  },
  {
    id: 'try_to_date.non_string_rejected',
    construct: 'TRY_TO_DATE',
    doc: DOC,
    sql: "SELECT TRY_TO_DATE('2024-01-05'::DATE)",
    expect: { error: '' },
    note: 'The TRY_ conversion functions only support string expressions as input.',
  },
  ...signTable.map(
    ([format, id, twelve, minusSeven]): ConformanceCase => ({
      id: `to_char.number_sign_${id}`,
      construct: 'TO_CHAR',
      doc: MODELS,
      sql: `SELECT TO_CHAR(12, '${format}'), TO_CHAR(-7, '${format}')`,
      expect: { types: [TEXT, TEXT], rows: [[twelve, minusSeven]] },
      note: 'Fixed-position formats reserve a place for the sign unless S, MI, $ or FM say otherwise.',
    }),
  ),
  {
    id: 'to_char.number_percent',
    construct: 'TO_CHAR',
    doc: MODELS,
    sql: "SELECT TO_CHAR(0.25, 'TM9%')",
    expect: { types: [TEXT], rows: [['25%']] },
    note: '% multiplies by 100 and prints a literal %.',
  },
  {
    id: 'to_varchar.number_leading_zeros_signed',
    construct: 'TO_VARCHAR',
    doc: MODELS,
    setup: SAMPLE_NUMBERS,
    sql: "select to_varchar(f, 'S000,000.000') from sample_numbers",
    expect: { types: [TEXT], rows: [['+000,001.200'], ['+000,123.456'], ['+001,234.560'], ['-123,456.789']] },
    note: '0 prints leading and trailing zeros; S prints the sign; the comma groups digits.',
  },
  {
    id: 'to_varchar.number_fill_mode_aligned',
    construct: 'TO_VARCHAR',
    doc: MODELS,
    setup: SAMPLE_NUMBERS,
    sql: "select to_varchar(f, '999,999.999'), to_varchar(f, 'S999,999.999') from sample_numbers",
    expect: {
      types: [TEXT, TEXT],
      rows: [
        ['       1.2  ', '      +1.2  '],
        ['     123.456', '    +123.456'],
        ['   1,234.56 ', '  +1,234.56 '],
        ['-123,456.789', '-123,456.789'],
      ],
    },
    note: 'Fill mode aligns on the point: leading blanks (and the sign position) before, and the trailing zeros of 9 positions in the fraction "replaced with spaces".',
  },
  {
    id: 'to_varchar.number_compact_fm',
    construct: 'TO_VARCHAR',
    doc: MODELS,
    setup: SAMPLE_NUMBERS,
    sql: "select to_varchar(f, 'FM999,999.999') from sample_numbers",
    expect: { types: [TEXT], rows: [['1.2'], ['123.456'], ['1,234.56'], ['-123,456.789']] },
    note: 'In compact mode (FM) every blank the number elements would print is removed.',
  },
  {
    id: 'to_char.number_quoted_literals',
    construct: 'TO_CHAR',
    doc: MODELS,
    sql: `select to_char(12, '">"99"<"')`,
    expect: { types: [TEXT], rows: [['> 12<']] },
    note: 'Quoted literals print as they are, where they are; the number keeps its sign position.',
  },
  ...(
    [
      ['nines_leading_zero', '012,345.67', '999,999.99'],
      ['nines', '12,345.67', '999,999.99'],
      ['nines_leading_blank', ' 12,345.67', '999,999.99'],
      ['zeros', '012,345.67', '000,000.00'],
    ] as const
  ).map(
    ([id, text, model]): ConformanceCase => ({
      id: `to_number.parse_${id}`,
      construct: 'TO_NUMBER',
      doc: MODELS,
      sql: `SELECT TO_NUMBER('${text}', '${model}', 8, 2)`,
      expect: { types: [{ type: 'NUMBER', scale: 2 }], rows: [['12345.67']] },
      note: 'A 9 accepts a blank or a missing leading digit.',
    }),
  ),
  ...(
    [
      ['zeros_missing_digit', '12,345.67'],
      ['zeros_leading_blank', ' 12,345.67'],
    ] as const
  ).map(
    ([id, text]): ConformanceCase => ({
      id: `to_number.parse_${id}`,
      construct: 'TO_NUMBER',
      doc: MODELS,
      sql: `SELECT TO_NUMBER('${text}', '000,000.00', 8, 2)`,
      expect: { error: '' },
      note: 'A 0 requires its digit: the input with fewer integer digits than 0 positions does not convert.',
    }),
  ),
  {
    id: 'to_number.parse_sign_either_side',
    construct: 'TO_NUMBER',
    doc: MODELS,
    setup: ['create table format1 (v varchar, i integer)', "insert into format1 (v) values ('-101')", "insert into format1 (v) values ('102-')", "insert into format1 (v) values ('103')"],
    sql: "select TO_NUMBER(v, 'MI999|999MI') from format1",
    expect: { rows: [[-101], [-102], [103]] },
    note: 'MI places the minus sign; the two alternatives accept it before or after the digits.',
  },
  {
    id: 'to_number.trailing_sign_needs_format',
    construct: 'TO_NUMBER',
    doc: MODELS,
    setup: ["create table format1 (v varchar)", "insert into format1 (v) values ('102-')"],
    sql: 'select TO_NUMBER(v) from format1',
    expect: { error: '' },
    note: "Without a format model, '102-' is not recognized as a number.",
  },
  {
    id: 'to_number.parse_group_separator_optional',
    construct: 'TO_NUMBER',
    doc: MODELS,
    sql: "SELECT TO_NUMBER('1234.5', '9,999.9', 10, 1), TO_NUMBER('1,234.5', '9,999.9', 10, 1)",
    expect: { rows: [['1234.5', '1234.5']] },
    note: 'In the default lax mode digit group separators are optional when parsing.',
  },
  {
    id: 'to_number.parse_alternative_formats',
    construct: 'TO_NUMBER',
    doc: MODELS,
    sql: "SELECT TO_NUMBER('$12', '$99|99'), TO_NUMBER('12', '$99|99')",
    expect: { rows: [[12, 12]] },
    note: 'A | separates alternative formats; the string parses if it matches any of them.',
  },
];
