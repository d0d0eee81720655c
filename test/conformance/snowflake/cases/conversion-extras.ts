// Conversion calls the real-world corpus makes that the other case files did not name: TRY_TO_DOUBLE,
// TRY_TO_DECIMAL, TO_BOOLEAN, TRY_PARSE_JSON, TO_TIMESTAMP_NTZ, TRY_TO_TIMESTAMP_NTZ.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const BOOL = { type: 'BOOLEAN' } as const;
const TS = { type: 'TIMESTAMP_NTZ' } as const;

export const cases: ConformanceCase[] = [
  {
    id: 'try_to_double.valid_and_invalid',
    construct: 'TRY_TO_DOUBLE',
    doc: fn('try_to_double'),
    sql: "SELECT TRY_TO_DOUBLE('3.1415926'), TRY_TO_DOUBLE('Invalid'), TRY_TO_DOUBLE('1.5e3')",
    expect: { types: [{ type: 'FLOAT' }, { type: 'FLOAT' }, { type: 'FLOAT' }], rows: [[3.1415926, null, 1500]] },
    note: 'Decimal and scientific notation are read; a string that is not a number gives NULL.',
  },
  {
    id: 'try_to_decimal.scale_and_range',
    construct: 'TRY_TO_DECIMAL',
    doc: fn('try_to_decimal'),
    sql: "SELECT column1 AS orig_string, TRY_TO_DECIMAL(column1) AS dec, TRY_TO_DECIMAL(column1, 10, 2) AS dec_with_scale, TRY_TO_DECIMAL(column1, 4, 2) AS dec_with_range_err FROM VALUES ('345.123')",
    expect: { types: [{ type: 'VARCHAR' }, { type: 'NUMBER', scale: 0 }, { type: 'NUMBER', scale: 2 }, { type: 'NUMBER', scale: 2 }], rows: [['345.123', 345, '345.12', null]] },
    note: 'The default scale is 0; a value that needs more digits than the precision gives NULL (TO_DECIMAL fails there).',
  },
  {
    id: 'try_to_decimal.format',
    construct: 'TRY_TO_DECIMAL',
    doc: fn('try_to_decimal'),
    sql: "SELECT TRY_TO_DECIMAL('$345.12', '$999.00'), TRY_TO_NUMBER('$345.12', '$999.00', 5, 2), TRY_TO_DECIMAL('abc', 10, 2)",
    expect: { rows: [[345, '345.12', null]] },
    note: 'A format reads the currency sign; scale 0 unless given.',
  },
  {
    id: 'to_boolean.strings',
    construct: 'TO_BOOLEAN',
    doc: fn('to_boolean'),
    sql: "SELECT TO_BOOLEAN('yes'), TO_BOOLEAN('On'), TO_BOOLEAN('T'), TO_BOOLEAN('1'), TO_BOOLEAN('no'), TO_BOOLEAN('OFF'), TO_BOOLEAN('f'), TO_BOOLEAN('0'), TO_BOOLEAN(NULL)",
    expect: { types: [BOOL, BOOL, BOOL, BOOL, BOOL, BOOL, BOOL, BOOL, BOOL], rows: [[true, true, true, true, false, false, false, false, null]] },
    note: "'true', 't', 'yes', 'y', 'on', '1' are TRUE and 'false', 'f', 'no', 'n', 'off', '0' FALSE, in any case; NULL gives NULL.",
  },
  {
    id: 'to_boolean.numbers',
    construct: 'TO_BOOLEAN',
    doc: fn('to_boolean'),
    sql: 'SELECT TO_BOOLEAN(0), TO_BOOLEAN(1), TO_BOOLEAN(-2.5)',
    expect: { rows: [[false, true, true]] },
    note: '0 is FALSE, any other number TRUE.',
  },
  {
    id: 'to_boolean.other_string_error',
    construct: 'TO_BOOLEAN',
    doc: fn('to_boolean'),
    sql: "SELECT TO_BOOLEAN('maybe')",
    expect: { error: '' },
    note: 'All other strings return an error.',
  },
  {
    id: 'try_parse_json.valid_and_invalid',
    construct: 'TRY_PARSE_JSON',
    doc: fn('try_parse_json'),
    sql: "SELECT TRY_PARSE_JSON('{\"a\": 1}'), TRY_PARSE_JSON('{bad'), TRY_PARSE_JSON(NULL)",
    expect: { types: [{ type: 'VARIANT' }, { type: 'VARIANT' }, { type: 'VARIANT' }], rows: [['{"a":1}', null, null]] },
    note: 'As PARSE_JSON, but NULL where the text is not valid JSON.',
  },
  {
    id: 'to_timestamp_ntz.string_and_epoch',
    construct: 'TO_TIMESTAMP_NTZ',
    doc: fn('to_timestamp'),
    sql: "SELECT TO_TIMESTAMP_NTZ('2024-04-05 01:02:03'), TO_TIMESTAMP_NTZ('2024-04-05'), TO_TIMESTAMP_NTZ(1712619560)",
    expect: { types: [TS, TS, TS], rows: [['2024-04-05 01:02:03.000', '2024-04-05 00:00:00.000', '2024-04-08 23:39:20.000']] },
    note: 'A date string is midnight of that day; an integer is seconds since the epoch.',
  },
  {
    id: 'try_to_timestamp_ntz.invalid',
    construct: 'TRY_TO_TIMESTAMP_NTZ',
    doc: fn('try_to_timestamp'),
    sql: "SELECT TRY_TO_TIMESTAMP_NTZ('not a timestamp'), TRY_TO_TIMESTAMP_NTZ('2024-04-05 01:02:03')",
    expect: { types: [TS, TS], rows: [[null, '2024-04-05 01:02:03.000']] },
  },
];
