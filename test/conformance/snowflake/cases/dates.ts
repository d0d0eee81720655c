// Date functions: extraction (YEAR, MONTH, DAY, QUARTER, DAYOFWEEK, WEEKOFYEAR, HOUR, EXTRACT), names (DAYNAME,
// MONTHNAME), arithmetic (DATEADD, DATEDIFF, ADD_MONTHS, LAST_DAY, DATE_TRUNC) and the result types the pages state.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const DATE = { type: 'DATE' } as const;
const NTZ = { type: 'TIMESTAMP_NTZ' } as const;
const TIME = { type: 'TIME' } as const;
const INT = { type: 'NUMBER', scale: 0 } as const;
const TEXT = { type: 'VARCHAR' } as const;

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const cases: ConformanceCase[] = [
  {
    id: 'date_from_parts.page_examples',
    construct: 'DATE_FROM_PARTS',
    doc: fn('date_from_parts'),
    sql: 'SELECT DATE_FROM_PARTS(1977, 8, 7), DATE_FROM_PARTS(2010, 1, 100), DATE_FROM_PARTS(2010, 1 + 24, 1), DATE_FROM_PARTS(2004, 0, 1), DATE_FROM_PARTS(2004, -1, 1)',
    expect: { types: [DATE, DATE, DATE, DATE, DATE], rows: [['1977-08-07', '2010-04-10', '2012-01-01', '2003-12-01', '2003-11-01']] },
    note: 'Components outside their ranges count on from January 1 of the year: day 100 is the 100th day, month 25 two years on, month 0 the December before and month -1 the November before.',
  },
  {
    id: 'trunc.date_parts',
    construct: 'TRUNC',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions/trunc2',
    setup: ['CREATE TABLE trunc_dates (d DATE)', "INSERT INTO trunc_dates VALUES ('2015-05-08'), ('2015-11-20')"],
    sql: "SELECT TRUNC(d, 'YEAR'), TRUNC(d, 'MONTH'), TRUNC(d, 'DAY') FROM trunc_dates ORDER BY d",
    expect: {
      types: [{ type: 'DATE' }, { type: 'DATE' }, { type: 'DATE' }],
      rows: [
        ['2015-01-01', '2015-05-01', '2015-05-08'],
        ['2015-01-01', '2015-11-01', '2015-11-20'],
      ],
    },
    note: 'TRUNC of a date to a date part returns a DATE, as DATE_TRUNC does.',
  },
  // MONTHNAME
  {
    id: 'monthname.date',
    construct: 'MONTHNAME',
    doc: fn('monthname'),
    sql: "SELECT MONTHNAME(TO_DATE('2025-01-01')) AS month",
    expect: { types: [TEXT], rows: [['Jan']] },
    note: 'MONTHNAME returns the three-letter month name as VARCHAR.',
  },
  {
    id: 'monthname.timestamp',
    construct: 'MONTHNAME',
    doc: fn('monthname'),
    sql: "SELECT MONTHNAME(TO_TIMESTAMP('2025-04-03 10:00')) AS month",
    expect: { types: [TEXT], rows: [['Apr']] },
  },
  {
    id: 'monthname.every_month',
    construct: 'MONTHNAME',
    doc: fn('monthname'),
    setup: [
      'CREATE OR REPLACE TABLE monthname_function_demo (d DATE)',
      `INSERT INTO monthname_function_demo (d) VALUES ${monthNames
        .map((_, i) => `('2024-${String(i + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}'::DATE)`)
        .join(', ')}`,
    ],
    sql: 'SELECT d, MONTHNAME(d) AS month FROM monthname_function_demo ORDER BY d',
    expect: {
      types: [DATE, TEXT],
      rows: monthNames.map((m, i) => [`2024-${String(i + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`, m]),
    },
  },
  {
    id: 'monthname.full_name_via_to_char',
    construct: 'TO_CHAR',
    doc: fn('monthname'),
    sql: "SELECT TO_CHAR(TO_DATE('2025-01-01'), 'MMMM') AS full_month_name",
    expect: { types: [TEXT], rows: [['January']] },
    note: "The MONTHNAME page gives TO_CHAR(..., 'MMMM') for the full month name.",
  },
  // DAYNAME
  {
    id: 'dayname.date',
    construct: 'DAYNAME',
    doc: fn('dayname'),
    sql: "SELECT DAYNAME(TO_DATE('2024-04-01')) AS day",
    expect: { types: [TEXT], rows: [['Mon']] },
    note: 'DAYNAME returns the three-letter day-of-week name as VARCHAR.',
  },
  {
    id: 'dayname.timestamp_ntz',
    construct: 'DAYNAME',
    doc: fn('dayname'),
    sql: "SELECT DAYNAME(TO_TIMESTAMP_NTZ('2024-04-02 10:00')) AS day",
    expect: { types: [TEXT], rows: [['Tue']] },
  },
  {
    id: 'dayname.week_of_rows',
    construct: 'DAYNAME',
    doc: fn('dayname'),
    setup: [
      'CREATE OR REPLACE TABLE dates (d DATE)',
      "INSERT INTO dates (d) VALUES ('2024-01-01'::DATE), ('2024-01-02'::DATE), ('2024-01-03'::DATE), ('2024-01-04'::DATE), ('2024-01-05'::DATE), ('2024-01-06'::DATE), ('2024-01-07'::DATE), ('2024-01-08'::DATE)",
    ],
    sql: 'SELECT d, DAYNAME(d) FROM dates ORDER BY d',
    expect: {
      types: [DATE, TEXT],
      rows: [
        ['2024-01-01', 'Mon'],
        ['2024-01-02', 'Tue'],
        ['2024-01-03', 'Wed'],
        ['2024-01-04', 'Thu'],
        ['2024-01-05', 'Fri'],
        ['2024-01-06', 'Sat'],
        ['2024-01-07', 'Sun'],
        ['2024-01-08', 'Mon'],
      ],
    },
  },
  // DATEADD
  {
    id: 'dateadd.years_on_date',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    sql: "SELECT TO_DATE('2022-05-08') AS original_date, DATEADD(year, 2, TO_DATE('2022-05-08')) AS date_plus_two_years",
    expect: { types: [DATE, DATE], rows: [['2022-05-08', '2024-05-08']] },
    note: 'On a DATE with a part of day or larger, DATEADD returns a DATE.',
  },
  {
    id: 'dateadd.negative_years',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    sql: "SELECT DATEADD(year, -2, TO_DATE('2022-05-08')) AS date_minus_two_years",
    expect: { types: [DATE], rows: [['2020-05-08']] },
  },
  {
    id: 'dateadd.hours_on_date_gives_timestamp',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    setup: ['CREATE TABLE datetest (d date)', "INSERT INTO datetest VALUES ('2022-04-05')"],
    sql: 'SELECT d AS original_date, DATEADD(year, 2, d) AS date_plus_two_years, TO_TIMESTAMP(d) AS original_timestamp, DATEADD(hour, 2, d) AS timestamp_plus_two_hours FROM datetest',
    expect: {
      types: [DATE, DATE, NTZ, NTZ],
      rows: [['2022-04-05', '2024-04-05', '2022-04-05 00:00:00.000', '2022-04-05 02:00:00.000']],
    },
    note: 'On a DATE with a part smaller than a day, DATEADD returns a TIMESTAMP_NTZ starting at midnight.',
  },
  {
    id: 'dateadd.month_end_clamped',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    sql: "SELECT DATEADD(month, 1, '2023-01-31'::DATE) AS date_plus_one_month",
    expect: { types: [DATE], rows: [['2023-02-28']] },
  },
  {
    id: 'dateadd.month_from_short_month',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    sql: "SELECT DATEADD(month, 1, '2023-02-28'::DATE) AS date_plus_one_month",
    expect: { types: [DATE], rows: [['2023-03-28']] },
    note: 'Unlike ADD_MONTHS, DATEADD does not keep end-of-month: Feb 28 + 1 month is Mar 28.',
  },
  {
    id: 'dateadd.hours_on_time',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    sql: "SELECT TO_TIME('05:00:00') AS original_time, DATEADD(hour, 3, TO_TIME('05:00:00')) AS time_plus_three_hours",
    expect: { types: [TIME, TIME], rows: [['05:00:00', '08:00:00']] },
    note: 'On a TIME, DATEADD returns a TIME.',
  },
  {
    id: 'dateadd.of_aggregates_keeps_type',
    construct: 'DATEADD',
    doc: fn('dateadd'),
    setup: [
      'CREATE TABLE dateadd_agg (d DATE, ts TIMESTAMP_NTZ)',
      "INSERT INTO dateadd_agg VALUES ('2024-01-31', '2024-01-31 10:30:00'), ('2024-02-10', '2024-02-10 08:00:00')",
    ],
    sql:
      'SELECT DATEADD(day, 1, MAX(d)), DATEADD(month, 1, MIN(d) + 0), DATEADD(hour, 2, MAX(d)), DATEADD(day, 1, MAX(ts)), ' +
      'DATEADD(day, 1, LAG(d) OVER (ORDER BY d) + 0) AS w FROM dateadd_agg GROUP BY d ORDER BY w NULLS FIRST',
    expect: {
      types: [DATE, DATE, NTZ, NTZ, DATE],
      rows: [
        ['2024-02-01', '2024-02-29', '2024-01-31 02:00:00.000', '2024-02-01 10:30:00.000', null],
        ['2024-02-11', '2024-03-10', '2024-02-10 02:00:00.000', '2024-02-11 08:00:00.000', '2024-02-01'],
      ],
    },
    note: 'DATEADD of an aggregate or window value keeps the rules of its type: a DATE with a day part stays a DATE, with an hour part becomes a TIMESTAMP_NTZ.',
  },
  // DATEDIFF
  {
    id: 'datediff.years_between_timestamps',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(year, '2020-04-09 14:39:20'::TIMESTAMP, '2023-05-08 23:39:20'::TIMESTAMP) AS diff_years",
    expect: { types: [INT], rows: [[3]] },
  },
  {
    id: 'datediff.hours_over_two_years',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(hour, '2023-05-08T23:39:20.123-07:00'::TIMESTAMP, DATEADD(year, 2, ('2023-05-08T23:39:20.123-07:00')::TIMESTAMP)) AS diff_hours",
    expect: { types: [INT], rows: [[17544]] },
  },
  {
    id: 'datediff.date_parts_and_minus',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT column1 date_1, column2 date_2, DATEDIFF(year, column1, column2) diff_years, DATEDIFF(month, column1, column2) diff_months, DATEDIFF(day, column1, column2) diff_days, column2::DATE - column1::DATE AS diff_days_via_minus FROM VALUES ('2015-12-30', '2015-12-31'), ('2015-12-31', '2016-01-01'), ('2016-01-01', '2017-12-31'), ('2016-08-23', '2016-09-07')",
    expect: {
      rows: [
        ['2015-12-30', '2015-12-31', 0, 0, 1, 1],
        ['2015-12-31', '2016-01-01', 1, 1, 1, 1],
        ['2016-01-01', '2017-12-31', 1, 23, 730, 730],
        ['2016-08-23', '2016-09-07', 0, 1, 15, 15],
      ],
    },
    note: 'DATEDIFF counts boundaries of the requested part only: Dec 31 → Jan 1 is one year.',
  },
  {
    id: 'datediff.year_boundary_one_day',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(year, '2015-12-31'::DATE, '2016-01-01'::DATE) AS diff_years",
    expect: { types: [INT], rows: [[1]] },
  },
  {
    id: 'datediff.month_not_rounded',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(month, '2021-01-01'::DATE, '2021-02-28'::DATE) AS diff_months",
    expect: { types: [INT], rows: [[1]] },
    note: 'Smaller units are not used, so Jan 1 → Feb 28 is one month, not rounded to two.',
  },
  {
    id: 'datediff.negative',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(day, '2016-09-07'::DATE, '2016-08-23'::DATE) AS diff_days",
    expect: { types: [INT], rows: [[-15]] },
    note: 'Output values can be negative (the second argument is subtracted from the third).',
  },
  {
    id: 'datediff.null_argument',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(day, NULL, '2016-08-23'::DATE) AS diff_days",
    expect: { rows: [[null]] },
    note: 'Returns NULL if any argument is NULL.',
  },
  {
    id: 'datediff.time_parts',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(hour, column1, column2) diff_hours, DATEDIFF(minute, column1, column2) diff_minutes, DATEDIFF(second, column1, column2) diff_seconds FROM VALUES ('2016-01-01 01:59:59'::TIMESTAMP, '2016-01-01 02:00:00'::TIMESTAMP), ('2016-01-01 01:00:00'::TIMESTAMP, '2016-01-01 01:59:00'::TIMESTAMP), ('2016-01-01 01:00:59'::TIMESTAMP, '2016-01-01 02:00:00'::TIMESTAMP)",
    expect: {
      types: [INT, INT, INT],
      rows: [
        [1, 1, 1],
        [0, 59, 3540],
        [1, 60, 3541],
      ],
    },
  },
  {
    id: 'datediff.one_second_crosses_hour',
    construct: 'DATEDIFF',
    doc: fn('datediff'),
    sql: "SELECT DATEDIFF(hour, '2016-01-01 01:59:59'::TIMESTAMP, '2016-01-01 02:00:00'::TIMESTAMP) AS diff_hours",
    expect: { types: [INT], rows: [[1]] },
  },
  {
    id: 'date_minus.days',
    construct: 'DATE - DATE',
    doc: fn('datediff'),
    sql: "SELECT '2017-12-31'::DATE - '2016-01-01'::DATE AS diff_days_via_minus",
    expect: { types: [INT], rows: [[730]] },
    note: 'Subtracting one DATE from another returns the number of days as an integer.',
  },
  // DATE_TRUNC
  {
    id: 'date_trunc.date_parts',
    construct: 'DATE_TRUNC',
    doc: fn('date_trunc'),
    setup: [
      'CREATE OR REPLACE TABLE test_date_trunc (mydate DATE, mytime TIME, mytimestamp TIMESTAMP)',
      "INSERT INTO test_date_trunc VALUES ('2024-05-09', '08:50:48', '2024-05-09 08:50:57.891 -0700')",
    ],
    sql: 'SELECT mydate AS "DATE", DATE_TRUNC(\'year\', mydate) AS "TRUNCATED TO YEAR", DATE_TRUNC(\'month\', mydate) AS "TRUNCATED TO MONTH", DATE_TRUNC(\'week\', mydate) AS "TRUNCATED TO WEEK", DATE_TRUNC(\'day\', mydate) AS "TRUNCATED TO DAY" FROM test_date_trunc',
    expect: {
      types: [DATE, DATE, DATE, DATE, DATE],
      rows: [['2024-05-09', '2024-01-01', '2024-05-01', '2024-05-06', '2024-05-09']],
    },
    note: 'DATE_TRUNC returns the same type as its input: a DATE stays a DATE.',
  },
  {
    id: 'date_trunc.time_minute',
    construct: 'DATE_TRUNC',
    doc: fn('date_trunc'),
    setup: [
      'CREATE OR REPLACE TABLE test_date_trunc (mydate DATE, mytime TIME, mytimestamp TIMESTAMP)',
      "INSERT INTO test_date_trunc VALUES ('2024-05-09', '08:50:48', '2024-05-09 08:50:57.891 -0700')",
    ],
    sql: 'SELECT mytime AS "TIME", DATE_TRUNC(\'minute\', mytime) AS "TRUNCATED TO MINUTE" FROM test_date_trunc',
    expect: { types: [TIME, TIME], rows: [['08:50:48', '08:50:00']] },
  },
  {
    id: 'date_trunc.timestamp_parts',
    construct: 'DATE_TRUNC',
    doc: fn('date_trunc'),
    setup: [
      'CREATE OR REPLACE TABLE test_date_trunc (mydate DATE, mytime TIME, mytimestamp TIMESTAMP)',
      "INSERT INTO test_date_trunc VALUES ('2024-05-09', '08:50:48', '2024-05-09 08:50:57.891 -0700')",
    ],
    sql: 'SELECT mytimestamp AS "TIMESTAMP", DATE_TRUNC(\'hour\', mytimestamp) AS "TRUNCATED TO HOUR", DATE_TRUNC(\'minute\', mytimestamp) AS "TRUNCATED TO MINUTE", DATE_TRUNC(\'second\', mytimestamp) AS "TRUNCATED TO SECOND" FROM test_date_trunc',
    expect: {
      types: [NTZ, NTZ, NTZ, NTZ],
      rows: [['2024-05-09 08:50:57.891', '2024-05-09 08:00:00.000', '2024-05-09 08:50:00.000', '2024-05-09 08:50:57.000']],
    },
    note: 'TIMESTAMP maps to TIMESTAMP_NTZ by default; the offset in the inserted string is dropped.',
  },
  {
    id: 'date_trunc.quarter_vs_extract',
    construct: 'DATE_TRUNC',
    doc: fn('date_trunc'),
    setup: [
      'CREATE OR REPLACE TABLE test_date_trunc (mydate DATE, mytime TIME, mytimestamp TIMESTAMP)',
      "INSERT INTO test_date_trunc VALUES ('2024-05-09', '08:50:48', '2024-05-09 08:50:57.891 -0700')",
    ],
    sql: 'SELECT DATE_TRUNC(\'quarter\', mytimestamp) AS "TRUNCATED", EXTRACT(\'quarter\', mytimestamp) AS "EXTRACTED" FROM test_date_trunc',
    expect: { types: [NTZ, INT], rows: [['2024-04-01 00:00:00.000', 2]] },
  },
  {
    id: 'date_trunc.of_aggregates_keeps_type',
    construct: 'DATE_TRUNC',
    doc: fn('date_trunc'),
    setup: [
      'CREATE OR REPLACE TABLE date_trunc_agg (mydate DATE, mytime TIME, mytimestamp TIMESTAMP)',
      "INSERT INTO date_trunc_agg VALUES ('2024-05-09', '08:50:48', '2024-05-09 08:50:57.891'), ('2024-05-01', '07:10:00', '2024-05-01 07:00:00')",
    ],
    sql:
      "SELECT DATE_TRUNC('month', MAX(mydate)), DATE_TRUNC('week', MAX(mydate)), DATE_TRUNC('hour', MAX(mytimestamp)), " +
      "DATE_TRUNC('minute', MIN(mytime)), TRUNC(ANY_VALUE(mydate) + 0, 'year') FROM date_trunc_agg",
    expect: {
      types: [DATE, DATE, NTZ, TIME, DATE],
      rows: [['2024-05-01', '2024-05-06', '2024-05-09 08:00:00.000', '07:10:00', '2024-01-01']],
    },
    note: 'The truncated value has the type of the input, also when the input is an aggregate.',
  },
  // EXTRACT
  {
    id: 'extract.year_from_timestamp',
    construct: 'EXTRACT',
    doc: fn('extract'),
    sql: "SELECT EXTRACT(year FROM TO_TIMESTAMP('2024-04-10T23:39:20.123-07:00')) AS year",
    expect: { types: [INT], rows: [[2024]] },
    note: 'EXTRACT returns a NUMBER.',
  },
  {
    id: 'extract.comma_form',
    construct: 'EXTRACT',
    doc: fn('extract'),
    sql: "SELECT EXTRACT('quarter', '2024-05-09 08:50:57.891'::TIMESTAMP) AS q",
    expect: { types: [INT], rows: [[2]] },
    note: 'EXTRACT accepts the part as a string literal and a comma instead of FROM.',
  },
  // YEAR / QUARTER / MONTH / DAY / DAYOFMONTH / DAYOFYEAR
  {
    id: 'year.parts_of_timestamp',
    construct: 'YEAR',
    doc: fn('year'),
    sql: "SELECT '2025-04-11T23:39:20.123-07:00'::TIMESTAMP AS tstamp, YEAR(tstamp) AS \"YEAR\", QUARTER(tstamp) AS \"QUARTER OF YEAR\", MONTH(tstamp) AS \"MONTH\", DAY(tstamp) AS \"DAY\", DAYOFMONTH(tstamp) AS \"DAY OF MONTH\", DAYOFYEAR(tstamp) AS \"DAY OF YEAR\"",
    expect: {
      types: [NTZ, INT, INT, INT, INT, INT, INT],
      rows: [['2025-04-11 23:39:20.123', 2025, 2, 4, 11, 11, 101]],
    },
    note: 'These functions return NUMBER; the select list can refer to an earlier alias (tstamp).',
  },
  {
    id: 'dayofmonth.of_dateadd_of_alias',
    construct: 'DAYOFMONTH',
    doc: fn('year'),
    sql: "SELECT '2024-05-10'::DATE AS d, DATEADD(day, 17 - DAYOFMONTH(DATEADD(month, -1, d)), DATEADD(month, -1, d)) AS start_day",
    expect: { types: [DATE, DATE], rows: [['2024-05-10', '2024-04-17']] },
    note: 'The select list refers to an earlier alias, here inside DATEADD inside DAYOFMONTH (mattermost release_start_date); DATEADD of a DATE by days is a DATE.',
  },
  {
    id: 'year.of_date',
    construct: 'YEAR',
    doc: fn('year'),
    sql: "SELECT YEAR('2025-04-11T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT], rows: [[2025]] },
  },
  {
    id: 'quarter.of_timestamp',
    construct: 'QUARTER',
    doc: fn('year'),
    sql: "SELECT QUARTER('2025-04-11T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT], rows: [[2]] },
  },
  {
    id: 'month.of_timestamp',
    construct: 'MONTH',
    doc: fn('year'),
    sql: "SELECT MONTH('2025-04-11T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT], rows: [[4]] },
  },
  {
    id: 'day.of_timestamp',
    construct: 'DAY',
    doc: fn('year'),
    sql: "SELECT DAY('2025-04-11T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT], rows: [[11]] },
  },
  {
    id: 'dayofyear.of_timestamp',
    construct: 'DAYOFYEAR',
    doc: fn('year'),
    sql: "SELECT DAYOFYEAR('2025-04-11T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT], rows: [[101]] },
  },
  // Week functions under WEEK_OF_YEAR_POLICY
  {
    id: 'weekofyear.policy_1',
    construct: 'WEEKOFYEAR',
    doc: fn('year'),
    session: { WEEK_OF_YEAR_POLICY: '1' },
    sql: "SELECT '2016-01-02T23:39:20.123-07:00'::TIMESTAMP AS tstamp, WEEK(tstamp) AS \"WEEK\", WEEKISO(tstamp) AS \"WEEK ISO\", WEEKOFYEAR(tstamp) AS \"WEEK OF YEAR\", YEAROFWEEK(tstamp) AS \"YEAR OF WEEK\", YEAROFWEEKISO(tstamp) AS \"YEAR OF WEEK ISO\"",
    expect: { types: [NTZ, INT, INT, INT, INT, INT], rows: [['2016-01-02 23:39:20.123', 1, 53, 1, 2016, 2015]] },
    note: 'WEEK_OF_YEAR_POLICY = 1: the first week of the year is the week containing January 1st.',
  },
  {
    id: 'weekofyear.policy_0',
    construct: 'WEEKOFYEAR',
    doc: fn('year'),
    session: { WEEK_OF_YEAR_POLICY: '0' },
    sql: "SELECT '2016-01-02T23:39:20.123-07:00'::TIMESTAMP AS tstamp, WEEK(tstamp) AS \"WEEK\", WEEKISO(tstamp) AS \"WEEK ISO\", WEEKOFYEAR(tstamp) AS \"WEEK OF YEAR\", YEAROFWEEK(tstamp) AS \"YEAR OF WEEK\", YEAROFWEEKISO(tstamp) AS \"YEAR OF WEEK ISO\"",
    expect: { types: [NTZ, INT, INT, INT, INT, INT], rows: [['2016-01-02 23:39:20.123', 53, 53, 53, 2015, 2015]] },
    note: 'WEEK_OF_YEAR_POLICY = 0 (ISO-like): Dec 27 2015 – Jan 2 2016 is the last week of 2015.',
  },
  {
    id: 'weekofyear.default_policy',
    construct: 'WEEKOFYEAR',
    doc: fn('year'),
    sql: "SELECT WEEKOFYEAR('2016-01-02T23:39:20.123-07:00'::TIMESTAMP)",
    expect: { types: [INT], rows: [[53]] },
    note: 'WEEK_OF_YEAR_POLICY defaults to 0, which the page shows gives week 53 for 2016-01-02.',
  },
  // DAYOFWEEK under WEEK_START
  {
    id: 'dayofweek.week_start_sunday',
    construct: 'DAYOFWEEK',
    doc: fn('year'),
    session: { WEEK_START: '7' },
    sql: "SELECT '2025-04-05T23:39:20.123-07:00'::TIMESTAMP AS tstamp, DAYOFWEEK(tstamp) AS \"DAY OF WEEK\", DAYOFWEEKISO(tstamp) AS \"DAY OF WEEK ISO\"",
    expect: { types: [NTZ, INT, INT], rows: [['2025-04-05 23:39:20.123', 7, 6]] },
    note: 'With WEEK_START = 7 (Sunday), Saturday is day 7; DAYOFWEEKISO is always Monday-based (6).',
  },
  {
    id: 'dayofweek.week_start_monday',
    construct: 'DAYOFWEEK',
    doc: fn('year'),
    session: { WEEK_START: '1' },
    sql: "SELECT '2025-04-05T23:39:20.123-07:00'::TIMESTAMP AS tstamp, DAYOFWEEK(tstamp) AS \"DAY OF WEEK\", DAYOFWEEKISO(tstamp) AS \"DAY OF WEEK ISO\"",
    expect: { types: [NTZ, INT, INT], rows: [['2025-04-05 23:39:20.123', 6, 6]] },
  },
  // HOUR / MINUTE / SECOND
  {
    id: 'hour.minute_second_of_timestamp',
    construct: 'HOUR',
    doc: fn('hour-minute-second'),
    sql: "SELECT '2025-04-08T23:39:20.123-07:00'::TIMESTAMP AS tstamp, HOUR(tstamp) AS \"HOUR\", MINUTE(tstamp) AS \"MINUTE\", SECOND(tstamp) AS \"SECOND\"",
    expect: { types: [NTZ, INT, INT, INT], rows: [['2025-04-08 23:39:20.123', 23, 39, 20]] },
    note: 'HOUR, MINUTE and SECOND return NUMBER; SECOND drops the fraction.',
  },
  {
    id: 'hour.alone',
    construct: 'HOUR',
    doc: fn('hour-minute-second'),
    sql: "SELECT HOUR('2025-04-08T23:39:20.123-07:00'::TIMESTAMP) AS h",
    expect: { types: [INT], rows: [[23]] },
  },
  // LAST_DAY
  {
    id: 'last_day.month',
    construct: 'LAST_DAY',
    doc: fn('last_day'),
    sql: "SELECT TO_DATE('2025-05-08T23:39:20.123-07:00') AS \"DATE\", LAST_DAY(\"DATE\") AS \"LAST DAY OF MONTH\"",
    expect: { types: [DATE, DATE], rows: [['2025-05-08', '2025-05-31']] },
    note: 'LAST_DAY returns a DATE; the default part is month.',
  },
  {
    id: 'last_day.year',
    construct: 'LAST_DAY',
    doc: fn('last_day'),
    sql: "SELECT TO_DATE('2024-05-08T23:39:20.123-07:00') AS \"DATE\", LAST_DAY(\"DATE\", 'year') AS \"LAST DAY OF YEAR\"",
    expect: { types: [DATE, DATE], rows: [['2024-05-08', '2024-12-31']] },
  },
  {
    id: 'last_day.timestamp_gives_date',
    construct: 'LAST_DAY',
    doc: fn('last_day'),
    sql: "SELECT LAST_DAY('2024-02-10 13:00:00'::TIMESTAMP_NTZ)",
    expect: { types: [DATE], rows: [['2024-02-29']] },
    note: 'LAST_DAY returns a DATE even when its input is a timestamp (2024 is a leap year).',
  },
  // NEXT_DAY / PREVIOUS_DAY
  {
    id: 'next_day.two_letter_names',
    construct: 'NEXT_DAY',
    doc: fn('next_day'),
    sql: "SELECT NEXT_DAY('2020-08-01'::DATE, 'mo'), NEXT_DAY('2020-12-01'::DATE, 'we'), NEXT_DAY('2020-08-01'::DATE, 'FR')",
    expect: { types: [DATE, DATE, DATE], rows: [['2020-08-03', '2020-12-02', '2020-08-07']] },
    note: 'The first such day after the input date; the day is named by its first two letters, in any case.',
  },
  {
    id: 'next_day.same_weekday_is_a_week_later',
    construct: 'NEXT_DAY',
    doc: fn('next_day'),
    sql: "SELECT NEXT_DAY('2024-01-05'::DATE, 'Friday')",
    expect: { types: [DATE], rows: [['2024-01-12']] },
    note: 'The day must occur after the input date: a Friday gives the next Friday.',
  },
  {
    id: 'previous_day.full_name',
    construct: 'PREVIOUS_DAY',
    doc: fn('previous_day'),
    sql: "SELECT PREVIOUS_DAY('2025-05-06'::DATE, 'Friday')",
    expect: { types: [DATE], rows: [['2025-05-02']] },
  },
  {
    id: 'previous_day.timestamp_gives_date',
    construct: 'PREVIOUS_DAY',
    doc: fn('previous_day'),
    sql: "SELECT PREVIOUS_DAY('2024-01-05 10:00:00'::TIMESTAMP_NTZ, '  frXX'), PREVIOUS_DAY(NULL::DATE, 'mo')",
    expect: { types: [DATE, DATE], rows: [['2023-12-29', null]] },
    note: 'A DATE even for a timestamp; leading spaces and characters after the first two are ignored.',
  },
  // ADD_MONTHS
  {
    id: 'add_months.timestamp_ntz',
    construct: 'ADD_MONTHS',
    doc: fn('add_months'),
    sql: "SELECT ADD_MONTHS('2016-05-15'::timestamp_ntz, 2) AS result",
    expect: { types: [NTZ], rows: [['2016-07-15 00:00:00.000']] },
    note: 'ADD_MONTHS returns the type of its first argument.',
  },
  {
    id: 'add_months.end_of_month_leap',
    construct: 'ADD_MONTHS',
    doc: fn('add_months'),
    sql: "SELECT ADD_MONTHS('2016-02-29'::date, 1) AS result",
    expect: { types: [DATE], rows: [['2016-03-31']] },
    note: 'ADD_MONTHS preserves end-of-month: the last day of February maps to the last day of March.',
  },
  {
    id: 'add_months.negative_end_of_month',
    construct: 'ADD_MONTHS',
    doc: fn('add_months'),
    sql: "SELECT ADD_MONTHS('2016-05-31'::date, -1) AS result",
    expect: { types: [DATE], rows: [['2016-04-30']] },
  },
];
