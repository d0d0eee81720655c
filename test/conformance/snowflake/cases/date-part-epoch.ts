// DATE_PART / EXTRACT of the epoch parts, and the date calls of the real-world corpus no other file names: TIMEADD,
// WEEK, SYSDATE.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const INT = { type: 'NUMBER', scale: 0 } as const;
const TS = "TO_TIMESTAMP('2024-04-08T23:39:20.123-07:00')";

export const cases: ConformanceCase[] = [
  {
    id: 'date_part.quarter_of_date',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: "SELECT DATE_PART(quarter, '2024-04-08'::DATE)",
    expect: { types: [INT], rows: [[2]] },
  },
  {
    id: 'date_part.year_of_timestamp',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: `SELECT ${TS} AS time_stamp1, DATE_PART(year, time_stamp1) AS extracted_year`,
    expect: { types: [{ type: 'TIMESTAMP_NTZ' }, INT], rows: [['2024-04-08 23:39:20.123', 2024]] },
  },
  {
    id: 'date_part.epoch_second',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: `SELECT ${TS} AS time_stamp1, DATE_PART(epoch_second, time_stamp1) AS extracted_epoch_second`,
    expect: { types: [{ type: 'TIMESTAMP_NTZ' }, INT], rows: [['2024-04-08 23:39:20.123', 1712619560]] },
    note: 'EPOCH_SECOND is a whole NUMBER of seconds since the Unix epoch: the .123 is not part of it.',
  },
  {
    id: 'date_part.epoch_millisecond',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: `SELECT ${TS} AS time_stamp1, DATE_PART(epoch_millisecond, time_stamp1) AS extracted_epoch_ms`,
    expect: { types: [{ type: 'TIMESTAMP_NTZ' }, INT], rows: [['2024-04-08 23:39:20.123', 1712619560123]] },
  },
  {
    id: 'date_part.epoch_microsecond_string_part',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: `SELECT DATE_PART('epoch_microsecond', ${TS})`,
    expect: { types: [INT], rows: [[1712619560123000]] },
    note: 'The part may be a string literal; EPOCH_MICROSECOND counts microseconds since the epoch.',
  },
  {
    id: 'date_part.epoch_second_of_date',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: "SELECT DATE_PART(epoch_second, '2024-04-08'::DATE)",
    expect: { types: [INT], rows: [[1712534400]] },
    note: 'EPOCH_SECOND is supported for a DATE (midnight of that day).',
  },
  {
    id: 'date_part.epoch_millisecond_of_date_error',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: "SELECT DATE_PART(epoch_millisecond, '2024-04-08'::DATE)",
    expect: { error: '' },
    note: 'For a DATE value, epoch_millisecond, epoch_microsecond and epoch_nanosecond are not supported.',
  },
  {
    id: 'date_part.epoch_second_of_timestamp_tz',
    construct: 'DATE_PART',
    doc: fn('date_part'),
    sql: "SELECT DATE_PART(epoch_second, '2024-04-08 01:00:00 +02:00'::TIMESTAMP_TZ)",
    expect: { types: [INT], rows: [[1712530800]] },
    note: 'An epoch counts from 1970-01-01 00:00:00 UTC: a TIMESTAMP_TZ is read as its instant (2024-04-07 23:00 UTC).',
  },
  {
    id: 'extract.epoch_second_from',
    construct: 'EXTRACT',
    doc: fn('extract'),
    sql: `SELECT EXTRACT(epoch_second FROM ${TS}), EXTRACT(epoch_millisecond FROM ${TS})`,
    expect: { types: [INT, INT], rows: [[1712619560, 1712619560123]] },
    note: 'EXTRACT takes the parts DATE_PART takes and returns the same NUMBER.',
  },
  {
    id: 'timeadd.synonym_of_dateadd',
    construct: 'TIMEADD',
    doc: fn('dateadd'),
    sql: "SELECT TIMEADD(hour, 2, '2024-01-01 10:00:00'::TIMESTAMP_NTZ), TIMEADD(year, 1, '2024-02-29'::DATE)",
    expect: { types: [{ type: 'TIMESTAMP_NTZ' }, { type: 'DATE' }], rows: [['2024-01-01 12:00:00.000', '2025-02-28']] },
    note: 'TIMEADD is DATEADD: adding a year to February 29 gives the last day of February; a DATE plus years stays a DATE.',
  },
  {
    id: 'week.synonym_of_weekofyear',
    construct: 'WEEK',
    doc: fn('year'),
    sql: "SELECT WEEK('2016-01-02T23:39:20.123-07:00'::TIMESTAMP), WEEKISO('2016-01-02T23:39:20.123-07:00'::TIMESTAMP), YEAROFWEEK('2016-01-02T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT, INT, INT], rows: [[53, 53, 2015]] },
    note: 'With the default WEEK_OF_YEAR_POLICY (0) WEEK follows ISO semantics: 2016-01-02 is in week 53 of 2015.',
  },
  {
    id: 'sysdate.utc_timestamp_ntz',
    construct: 'SYSDATE',
    doc: fn('sysdate'),
    session: { TIMEZONE: 'America/Los_Angeles' },
    sql: "SELECT ABS(DATEDIFF(second, SYSDATE(), CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP())::TIMESTAMP_NTZ)) <= 1, SYSDATE()::DATE = SYSDATE()::DATE",
    expect: { rows: [[true, true]] },
    note: 'SYSDATE returns the current timestamp in UTC as a TIMESTAMP_NTZ, whatever the session time zone (compared within a second: it is read when called).',
  },
];
