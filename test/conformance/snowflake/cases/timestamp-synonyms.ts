// Snowflake's other spellings of its timestamp variations, which the date & time data types page lists as synonyms:
// TIMESTAMPTZ and TIMESTAMP WITH TIME ZONE are TIMESTAMP_TZ, TIMESTAMPLTZ and TIMESTAMP WITH LOCAL TIME ZONE are
// TIMESTAMP_LTZ, TIMESTAMPNTZ and TIMESTAMP WITHOUT TIME ZONE are TIMESTAMP_NTZ. Each case is the documented result of
// the variation's own case (timestamps-tz.ts) under a synonym: a synonym names the same type.
import type { ConformanceCase } from '../case';

const DT = 'https://docs.snowflake.com/en/sql-reference/data-types-datetime';
const NTZ = { type: 'TIMESTAMP_NTZ' } as const;
const LTZ = { type: 'TIMESTAMP_LTZ' } as const;
const TZ = { type: 'TIMESTAMP_TZ' } as const;
const INT = { type: 'NUMBER', scale: 0 } as const;
const LA = { TIMEZONE: 'America/Los_Angeles' };

const inserts = (type: string) => [
  `CREATE OR REPLACE TABLE ts_test(ts ${type})`,
  "INSERT INTO ts_test VALUES('2024-01-01 16:00:00')",
  "INSERT INTO ts_test VALUES('2024-01-02 16:00:00+00:00')",
];

const TZ_ROWS = [
  ['2024-01-01 16:00:00.000 -0800', 16],
  ['2024-01-02 16:00:00.000 +0000', 16],
];
const LTZ_ROWS = [
  ['2024-01-01 16:00:00.000 -0800', 16],
  ['2024-01-02 08:00:00.000 -0800', 8],
];
const NTZ_ROWS = [
  ['2024-01-01 16:00:00.000', 16],
  ['2024-01-02 16:00:00.000', 16],
];

const column = (id: string, type: string, types: readonly [{ type: 'TIMESTAMP_NTZ' | 'TIMESTAMP_LTZ' | 'TIMESTAMP_TZ' }, typeof INT], rows: (string | number)[][]): ConformanceCase => ({
  id: `timestamp_synonyms.${id}`,
  construct: type,
  doc: DT,
  session: LA,
  setup: inserts(type),
  sql: 'SELECT ts, HOUR(ts) FROM ts_test ORDER BY ts',
  expect: { types: [...types], rows },
  note: `${type} is a synonym of ${types[0].type}.`,
});

export const cases: ConformanceCase[] = [
  column('timestamptz_column', 'TIMESTAMPTZ', [TZ, INT], TZ_ROWS),
  column('with_time_zone_column', 'TIMESTAMP WITH TIME ZONE', [TZ, INT], TZ_ROWS),
  column('timestampltz_column', 'TIMESTAMPLTZ', [LTZ, INT], LTZ_ROWS),
  column('with_local_time_zone_column', 'TIMESTAMP WITH LOCAL TIME ZONE', [LTZ, INT], LTZ_ROWS),
  column('timestampntz_column', 'TIMESTAMPNTZ', [NTZ, INT], NTZ_ROWS),
  column('without_time_zone_column', 'TIMESTAMP WITHOUT TIME ZONE', [NTZ, INT], NTZ_ROWS),
  {
    id: 'timestamp_synonyms.timestamptz_cast_keeps_offset',
    construct: ':: TIMESTAMPTZ',
    doc: DT,
    session: LA,
    sql: "SELECT '2024-01-01 02:00:00 +05:00'::TIMESTAMPTZ, '2024-01-01 02:00:00 +05:00'::TIMESTAMPTZ::DATE, HOUR('2024-01-01 02:00:00 +05:00'::TIMESTAMPTZ)",
    expect: { types: [TZ, { type: 'DATE' }, INT], rows: [['2024-01-01 02:00:00.000 +0500', '2024-01-01', 2]] },
    note: 'TIMESTAMP_TZ (TIMESTAMPTZ) keeps the offset a value carries, and its operations use that offset: its date and hour are those of its wallclock.',
  },
  {
    id: 'timestamp_synonyms.with_time_zone_cast_keeps_offset',
    construct: ':: TIMESTAMP WITH TIME ZONE',
    doc: DT,
    session: LA,
    sql: "SELECT '2024-01-01 02:00:00 +05:00'::TIMESTAMP WITH TIME ZONE, HOUR('2024-01-01 02:00:00 +05:00'::TIMESTAMP WITH TIME ZONE)",
    expect: { types: [TZ, INT], rows: [['2024-01-01 02:00:00.000 +0500', 2]] },
    note: 'TIMESTAMP WITH TIME ZONE is a synonym of TIMESTAMP_TZ.',
  },
  {
    id: 'timestamp_synonyms.timestampltz_cast_session_zone',
    construct: ':: TIMESTAMPLTZ',
    doc: DT,
    session: LA,
    sql: "SELECT '2024-01-01 02:00:00 +05:00'::TIMESTAMPLTZ, HOUR('2024-01-01 02:00:00 +05:00'::TIMESTAMP WITH LOCAL TIME ZONE)",
    expect: { types: [LTZ, INT], rows: [['2023-12-31 13:00:00.000 -0800', 13]] },
    note: 'TIMESTAMP_LTZ (TIMESTAMPLTZ, TIMESTAMP WITH LOCAL TIME ZONE) stores the instant and shows it in the session time zone.',
  },
  {
    id: 'timestamp_synonyms.describe_table',
    construct: 'DESCRIBE TABLE',
    doc: DT,
    setup: ['CREATE OR REPLACE TABLE ts_test(a TIMESTAMPTZ, b TIMESTAMP WITH TIME ZONE, c TIMESTAMP WITH LOCAL TIME ZONE, d TIMESTAMP WITHOUT TIME ZONE)'],
    sql: 'DESC TABLE ts_test',
    expect: {
      rows: [
        ['A', 'TIMESTAMP_TZ(9)', 'COLUMN', 'Y', null, 'N', 'N', null, null, null, null, null],
        ['B', 'TIMESTAMP_TZ(9)', 'COLUMN', 'Y', null, 'N', 'N', null, null, null, null, null],
        ['C', 'TIMESTAMP_LTZ(9)', 'COLUMN', 'Y', null, 'N', 'N', null, null, null, null, null],
        ['D', 'TIMESTAMP_NTZ(9)', 'COLUMN', 'Y', null, 'N', 'N', null, null, null, null, null],
      ],
    },
    note: 'A column declared with a synonym is of the variation it names, which DESCRIBE reports (default precision 9).',
  },
  {
    id: 'timestamp_synonyms.cast_as_timestamptz',
    construct: 'CAST AS TIMESTAMPTZ',
    doc: DT,
    session: LA,
    sql: "SELECT CAST('2024-01-01 02:00:00 +05:00' AS TIMESTAMPTZ), CAST(CAST('2024-01-01 02:00:00 +05:00' AS TIMESTAMP WITH TIME ZONE) AS DATE)",
    expect: { types: [TZ, { type: 'DATE' }], rows: [['2024-01-01 02:00:00.000 +0500', '2024-01-01']] },
    note: 'CAST(… AS TIMESTAMPTZ) is a cast to TIMESTAMP_TZ, which keeps the offset written; its date is that of its wallclock.',
  },
];
