// BASE64_ENCODE and the BASE64_DECODE functions: the pages' examples, the alphabet argument's rule, and TRY_'s NULL.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const TEXT = { type: 'VARCHAR' } as const;
const BIN = { type: 'BINARY' } as const;

export const cases: ConformanceCase[] = [
  {
    id: 'base64_encode.string',
    construct: 'BASE64_ENCODE',
    doc: fn('base64_encode'),
    sql: "SELECT BASE64_ENCODE('Snowflake')",
    expect: { types: [TEXT], rows: [['U25vd2ZsYWtl']] },
  },
  {
    id: 'base64_encode.alphabet',
    construct: 'BASE64_ENCODE',
    doc: fn('base64_encode'),
    sql: "SELECT BASE64_ENCODE(X'FFFE', 0, '+$'), BASE64_ENCODE(X'FFFE', 0, '+/%'), BASE64_ENCODE(X'FFFE')",
    expect: { types: [TEXT, TEXT, TEXT], rows: [['$$4=', '//4%', '//4=']] },
    note: "The alphabet's characters are read by position: '+$' keeps '+' for index 62 and writes index 63 (0xFFFE's first two 6-bit groups) as '$'; '+/%' pads with '%'. A BINARY input is encoded byte for byte.",
  },
  {
    id: 'base64_decode_string.example',
    construct: 'BASE64_DECODE_STRING',
    doc: fn('base64_decode_string'),
    sql: "SELECT BASE64_DECODE_STRING('U25vd2ZsYWtl')",
    expect: { types: [TEXT], rows: [['Snowflake']] },
  },
  {
    id: 'base64_decode_string.not_base64',
    construct: 'BASE64_DECODE_STRING',
    doc: fn('try_base64_decode_string'),
    sql: "SELECT BASE64_DECODE_STRING('&&&&')",
    expect: { error: '' },
    note: 'TRY_BASE64_DECODE_STRING is the version that gives NULL where decoding fails: the plain function fails.',
  },
  {
    id: 'try_base64_decode_string.converse',
    construct: 'TRY_BASE64_DECODE_STRING',
    doc: fn('try_base64_decode_string'),
    sql: "SELECT TRY_BASE64_DECODE_STRING(BASE64_ENCODE('HELLO'))",
    expect: { types: [TEXT], rows: [['HELLO']] },
  },
  {
    id: 'try_base64_decode_string.garbage',
    construct: 'TRY_BASE64_DECODE_STRING',
    doc: fn('try_base64_decode_string'),
    setup: ['CREATE TABLE base64 (v VARCHAR, base64_string VARCHAR, garbage VARCHAR)', "INSERT INTO base64 (v, base64_string, garbage) SELECT 'HELLO', BASE64_ENCODE('HELLO'), '127'"],
    sql: 'SELECT v, base64_string, TRY_BASE64_DECODE_STRING(base64_string), TRY_BASE64_DECODE_STRING(garbage) FROM base64',
    expect: { types: [TEXT, TEXT, TEXT, TEXT], rows: [['HELLO', 'SEVMTE8=', 'HELLO', null]] },
  },
  {
    id: 'base64_decode_binary.alphabet_round_trip',
    construct: 'BASE64_DECODE_BINARY',
    doc: fn('base64_decode_binary'),
    sql: "SELECT BASE64_DECODE_BINARY(BASE64_ENCODE(X'FFFE', 0, '+$'), '+$'), BASE64_DECODE_BINARY('$$4=', '+$')",
    expect: { types: [BIN, BIN], rows: [['FFFE', 'FFFE']] },
    note: 'The alphabet used to decode must be the one used to encode; the result is a BINARY.',
  },
  {
    id: 'try_base64_decode_binary.not_base64',
    construct: 'TRY_BASE64_DECODE_BINARY',
    doc: fn('try_base64_decode_binary'),
    sql: "SELECT TRY_BASE64_DECODE_BINARY('&&&&'), TRY_BASE64_DECODE_BINARY('/w==')",
    expect: { types: [BIN, BIN], rows: [[null, 'FF']] },
    note: 'TRY_BASE64_DECODE_BINARY returns NULL where BASE64_DECODE_BINARY would fail.',
  },
];
