// Calendar weeks: DAYOFWEEK, DATE_TRUNC('week'), LAST_DAY(…, 'week'), DATEDIFF('week') under WEEK_START, and
// WEEK / WEEKOFYEAR / WEEKISO / YEAROFWEEK / YEAROFWEEKISO under WEEK_OF_YEAR_POLICY, over the page's nine dates.
import type { ConformanceCase, Cell } from '../case';

const DOC = 'https://docs.snowflake.com/en/sql-reference/functions-date-time';
const INT = { type: 'NUMBER', scale: 0 } as const;
const DATE = { type: 'DATE' } as const;
const TEXT = { type: 'VARCHAR' } as const;

const dates = ['2016-12-30', '2016-12-31', '2017-01-01', '2017-01-02', '2017-01-03', '2017-01-04', '2017-01-05', '2017-12-30', '2017-12-31'];
const setup = ['CREATE OR REPLACE TABLE week_examples (d DATE)', `INSERT INTO week_examples VALUES ${dates.map((d) => `('${d}')`).join(', ')}`];
const withDates = (values: Cell[]): Cell[][] => dates.map((d, i) => [d, values[i] ?? null]);

interface StartSetting {
  start: string;
  dow: number[];
  trunc: string[];
  truncDay: string;
  last: string[];
  lastDay: string;
  diff: number[];
}

const mondayTrunc = ['2016-12-26', '2016-12-26', '2016-12-26', '2017-01-02', '2017-01-02', '2017-01-02', '2017-01-02', '2017-12-25', '2017-12-25'];
const sundayLast = ['2017-01-01', '2017-01-01', '2017-01-01', '2017-01-08', '2017-01-08', '2017-01-08', '2017-01-08', '2017-12-31', '2017-12-31'];
const mondayDiff = [0, 0, 0, 1, 1, 1, 1, 52, 52];

const starts: StartSetting[] = [
  { start: '0', dow: [5, 6, 0, 1, 2, 3, 4, 6, 0], trunc: mondayTrunc, truncDay: 'Mon', last: sundayLast, lastDay: 'Sun', diff: mondayDiff },
  { start: '1', dow: [5, 6, 7, 1, 2, 3, 4, 6, 7], trunc: mondayTrunc, truncDay: 'Mon', last: sundayLast, lastDay: 'Sun', diff: mondayDiff },
  {
    start: '3',
    dow: [3, 4, 5, 6, 7, 1, 2, 4, 5],
    trunc: ['2016-12-28', '2016-12-28', '2016-12-28', '2016-12-28', '2016-12-28', '2017-01-04', '2017-01-04', '2017-12-27', '2017-12-27'],
    truncDay: 'Wed',
    last: ['2017-01-03', '2017-01-03', '2017-01-03', '2017-01-03', '2017-01-03', '2017-01-10', '2017-01-10', '2018-01-02', '2018-01-02'],
    lastDay: 'Tue',
    diff: [0, 0, 0, 0, 0, 1, 1, 52, 52],
  },
];

interface PolicySetting {
  policy: string;
  start: string;
  woy: number[];
  woyIso: number[];
  yow: number[];
  yowIso: number[];
}

const isoWoy = [52, 52, 52, 1, 1, 1, 1, 52, 52];
const isoYow = [2016, 2016, 2016, 2017, 2017, 2017, 2017, 2017, 2017];
const policies: PolicySetting[] = [
  { policy: '0', start: '0', woy: isoWoy, woyIso: isoWoy, yow: isoYow, yowIso: isoYow },
  { policy: '0', start: '3', woy: [53, 53, 53, 53, 53, 1, 1, 52, 52], woyIso: isoWoy, yow: [2016, 2016, 2016, 2016, 2016, 2017, 2017, 2017, 2017], yowIso: isoYow },
  { policy: '1', start: '1', woy: [53, 53, 1, 2, 2, 2, 2, 53, 53], woyIso: isoWoy, yow: [2016, 2016, 2017, 2017, 2017, 2017, 2017, 2017, 2017], yowIso: isoYow },
  { policy: '1', start: '3', woy: [53, 53, 1, 1, 1, 2, 2, 53, 53], woyIso: isoWoy, yow: [2016, 2016, 2017, 2017, 2017, 2017, 2017, 2017, 2017], yowIso: isoYow },
];

const startCases = starts.flatMap((s): ConformanceCase[] => {
  const session = { WEEK_START: s.start };
  const tag = `week_start_${s.start}`;
  return [
    {
      id: `dayofweek.${tag}`,
      construct: 'DAYOFWEEK',
      doc: DOC,
      session,
      setup,
      sql: 'SELECT d, DAYOFWEEK(d) FROM week_examples ORDER BY d',
      expect: { types: [DATE, INT], rows: withDates(s.dow) },
      note:
        s.start === '0'
          ? 'WEEK_START = 0 (legacy): DAYOFWEEK is 0 (Sunday) to 6 (Saturday).'
          : 'WEEK_START = 1…7: DAYOFWEEK is 1 (the defined first day) to 7.',
    },
    {
      id: `date_trunc.week_${tag}`,
      construct: 'DATE_TRUNC',
      doc: DOC,
      session,
      setup,
      sql: "SELECT d, DATE_TRUNC('week', d) FROM week_examples ORDER BY d",
      expect: { types: [DATE, DATE], rows: withDates(s.trunc) },
      note: 'A week truncates to its first day (Monday for WEEK_START 0 and 1) and stays a DATE.',
    },
    {
      id: `date_trunc.week_dayname_${tag}`,
      construct: 'DAYNAME',
      doc: DOC,
      session,
      setup,
      sql: 'SELECT DISTINCT DAYNAME(DATE_TRUNC(\'week\', d)) FROM week_examples',
      expect: { types: [TEXT], rows: [[s.truncDay]] },
    },
    {
      id: `last_day.week_${tag}`,
      construct: 'LAST_DAY',
      doc: DOC,
      session,
      setup,
      sql: "SELECT d, LAST_DAY(d, 'week') FROM week_examples ORDER BY d",
      expect: { types: [DATE, DATE], rows: withDates(s.last) },
    },
    {
      id: `last_day.week_dayname_${tag}`,
      construct: 'DAYNAME',
      doc: DOC,
      session,
      setup,
      sql: "SELECT DISTINCT DAYNAME(LAST_DAY(d, 'week')) FROM week_examples",
      expect: { rows: [[s.lastDay]] },
    },
    {
      id: `datediff.week_${tag}`,
      construct: 'DATEDIFF',
      doc: DOC,
      session,
      setup,
      sql: "SELECT d, DATEDIFF('week', '2017-01-01', d) FROM week_examples ORDER BY d",
      expect: { types: [DATE, INT], rows: withDates(s.diff) },
      note: 'Week differences count week boundaries, weeks starting on the WEEK_START day.',
    },
  ];
});

const policyCases = policies.flatMap((p): ConformanceCase[] => {
  const session = { WEEK_OF_YEAR_POLICY: p.policy, WEEK_START: p.start };
  const tag = `policy_${p.policy}_start_${p.start}`;
  return [
    {
      id: `week.${tag}`,
      construct: 'WEEKOFYEAR',
      doc: DOC,
      session,
      setup,
      sql: 'SELECT d, WEEK(d) FROM week_examples ORDER BY d',
      expect: { types: [DATE, INT], rows: withDates(p.woy) },
    },
    {
      id: `weekofyear.${tag}`,
      construct: 'WEEKOFYEAR',
      doc: DOC,
      session,
      setup,
      sql: 'SELECT d, WEEKOFYEAR(d) FROM week_examples ORDER BY d',
      expect: { types: [DATE, INT], rows: withDates(p.woy) },
      note: 'WEEKOFYEAR is the same function as WEEK (YEAR* page).',
    },
    {
      id: `weekiso.${tag}`,
      construct: 'WEEKOFYEAR',
      doc: DOC,
      session,
      setup,
      sql: 'SELECT d, WEEKISO(d) FROM week_examples ORDER BY d',
      expect: { types: [DATE, INT], rows: withDates(p.woyIso) },
      note: 'WEEKISO ignores the session parameters.',
    },
    {
      id: `yearofweek.${tag}`,
      construct: 'YEAR',
      doc: DOC,
      session,
      setup,
      sql: 'SELECT d, YEAROFWEEK(d), YEAROFWEEKISO(d) FROM week_examples ORDER BY d',
      expect: { types: [DATE, INT, INT], rows: dates.map((d, i) => [d, p.yow[i] ?? null, p.yowIso[i] ?? null]) },
    },
  ];
});

export const cases: ConformanceCase[] = [
  ...startCases,
  ...policyCases,
  {
    id: 'week.extract_week_part',
    construct: 'EXTRACT',
    doc: DOC,
    session: { WEEK_OF_YEAR_POLICY: '1', WEEK_START: '1' },
    setup,
    sql: "SELECT d, EXTRACT(week FROM d) FROM week_examples WHERE d IN ('2017-01-01', '2017-01-02') ORDER BY d",
    expect: { types: [DATE, INT], rows: [['2017-01-01', 1], ['2017-01-02', 2]] },
    note: 'EXTRACT(week …) follows the same parameters as WEEK.',
  },
  {
    id: 'dayofweekiso.ignores_week_start',
    construct: 'DAYOFWEEK',
    doc: DOC,
    session: { WEEK_START: '3' },
    setup,
    sql: 'SELECT d, DAYOFWEEKISO(d) FROM week_examples ORDER BY d',
    expect: { types: [DATE, INT], rows: withDates([5, 6, 7, 1, 2, 3, 4, 6, 7]) },
    note: 'DAYOFWEEKISO always counts Monday as 1, whatever WEEK_START says.',
  },
];
