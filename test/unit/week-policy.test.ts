// WEEK_START / WEEK_OF_YEAR_POLICY on the DuckDB target: the week macros against a day-by-day reading of Snowflake's
// documented rules, for every parameter value over year ends with 52 and 53 weeks; and ALTER SESSION's statements.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { WEEK_MACROS, weekParameterStatement } from '../../server/src/core/sql/snowflake-on-duckdb/week-policy';
import { TYPE_DISPATCH_MACROS } from '../../server/src/core/sql/snowflake-on-duckdb/type-dispatch';
import { sessionStatement } from '../../server/src/core/sql/snowflake-on-duckdb/session-parameters';

let conn: DuckDBConnection;
before(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  // The week macros alone, as installSnowflakeShims creates them (they use DuckDB built-ins, each other and the
  // type dispatch of bz_trunc_week only).
  for (const m of [...TYPE_DISPATCH_MACROS, ...WEEK_MACROS]) await conn.run(`CREATE OR REPLACE TEMP MACRO ${m}`);
});
after(() => conn.closeSync());

const DAY = 86_400_000;
const utc = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** 1 = Monday … 7 = Sunday. */
const isoDow = (t: number): number => ((new Date(t).getUTCDay() + 6) % 7) + 1;
const year = (t: number): number => new Date(t).getUTCFullYear();

/** Snowflake's week functions for one date, read from the rules by walking days (no arithmetic shortcuts). */
function reference(t: number, start: number, policy: number): { dow: number; trunc: string; last: string; week: number; yow: number } {
  const first = start === 0 ? 1 : start;
  let weekStart = t;
  while (isoDow(weekStart) !== first) weekStart -= DAY;
  const dow = start === 0 ? new Date(t).getUTCDay() : (t - weekStart) / DAY + 1;
  let week: number;
  let yow: number;
  if (policy === 1) {
    // Week 1 holds January 1st; a new week begins on each first day after it.
    yow = year(t);
    week = 1;
    for (let d = utc(`${yow}-01-02`); d <= t; d += DAY) if (isoDow(d) === first) week++;
  } else {
    // A week belongs to the year holding at least 4 of its days; week 1 is that year's first such week.
    const days = [0, 1, 2, 3, 4, 5, 6].map((k) => year(weekStart + k * DAY));
    yow = days.filter((y) => y === days[0]).length >= 4 ? days[0] : days[6];
    let w1 = weekStart;
    while (true) {
      const prev = w1 - 7 * DAY;
      const prevDays = [0, 1, 2, 3, 4, 5, 6].map((k) => year(prev + k * DAY));
      const prevYow = prevDays.filter((y) => y === prevDays[0]).length >= 4 ? prevDays[0] : prevDays[6];
      if (prevYow !== yow) break;
      w1 = prev;
    }
    week = (weekStart - w1) / (7 * DAY) + 1;
  }
  return { dow, trunc: iso(weekStart), last: iso(weekStart + 6 * DAY), week, yow };
}

const ranges: [string, string][] = [
  ['2015-12-20', '2016-01-12'],
  ['2016-12-20', '2017-01-12'],
  ['2020-12-20', '2021-01-12'],
  ['2024-12-20', '2025-01-12'],
  ['2026-06-01', '2026-06-08'],
];

test('DAYOFWEEK, DATE_TRUNC/LAST_DAY(week), WEEK and YEAROFWEEK follow every WEEK_START and WEEK_OF_YEAR_POLICY', async () => {
  const dates: string[] = [];
  for (const [a, b] of ranges) for (let t = utc(a); t <= utc(b); t += DAY) dates.push(iso(t));
  const values = dates.map((d) => `(DATE '${d}')`).join(', ');
  for (let start = 0; start <= 7; start++) {
    for (const policy of [0, 1]) {
      await conn.run(`${weekParameterStatement('WEEK_START', String(start), false)}; ${weekParameterStatement('WEEK_OF_YEAR_POLICY', String(policy), false)}`);
      const rows = (
        await conn.runAndReadAll(
          `SELECT CAST(d AS VARCHAR), bz_dayofweek(d), CAST(bz_trunc_week(d) AS VARCHAR), CAST(bz_last_day_of_week(d) AS VARCHAR), ` +
            `bz_week(d), bz_yearofweek(d), CAST(bz_trunc_week(CAST(d AS TIMESTAMP)) AS VARCHAR) FROM (VALUES ${values}) t(d) ORDER BY d`,
        )
      ).getRows();
      for (const r of rows) {
        const want = reference(utc(String(r[0])), start, policy);
        const got = { dow: Number(r[1]), trunc: String(r[2]), last: String(r[3]), week: Number(r[4]), yow: Number(r[5]) };
        assert.deepEqual(got, want, `${r[0]} with WEEK_START=${start}, WEEK_OF_YEAR_POLICY=${policy}`);
        assert.equal(String(r[6]), `${want.trunc} 00:00:00`, 'a TIMESTAMP truncates to midnight of the first day');
      }
    }
  }
});

test('DATEDIFF(week) counts first days crossed under WEEK_START', async () => {
  await conn.run('SET VARIABLE bz_week_start = 3');
  const r = (await conn.runAndReadAll("SELECT bz_week_diff(DATE '2017-01-03', DATE '2017-01-04'), bz_week_diff(DATE '2017-01-04', DATE '2017-01-10'), bz_week_diff(DATE '2017-01-10', DATE '2017-01-03')")).getRows();
  assert.deepEqual(r[0].map(Number), [1, 0, -1]);
  await conn.run('RESET VARIABLE bz_week_start');
  const d = (await conn.runAndReadAll("SELECT bz_week_diff(DATE '2017-01-01', DATE '2017-01-02'), bz_dayofweek(DATE '2017-01-01')")).getRows();
  assert.deepEqual(d[0].map(Number), [1, 0], 'unset: weeks start on Monday, DAYOFWEEK counts Sunday as 0');
});

test('ALTER SESSION sets the week parameters as session variables; values Snowflake rejects are not taken', () => {
  assert.equal(weekParameterStatement('WEEK_START', '7', false), 'SET VARIABLE bz_week_start = 7');
  assert.equal(weekParameterStatement('WEEK_OF_YEAR_POLICY', '1', false), 'SET VARIABLE bz_week_of_year_policy = 1');
  assert.equal(weekParameterStatement('WEEK_START', '', true), 'RESET VARIABLE bz_week_start');
  assert.equal(weekParameterStatement('WEEK_START', '8', false), undefined);
  assert.equal(weekParameterStatement('WEEK_OF_YEAR_POLICY', '2', false), undefined);
  assert.equal(weekParameterStatement('WEEK_START', 'monday', false), undefined);
  assert.equal(
    sessionStatement([{ name: 'timezone', value: 'UTC', at: 0 }, { name: 'week_start', value: '1', at: 20 }], false),
    "SET TimeZone = 'UTC'; SET VARIABLE bz_week_start = 1",
  );
  assert.throws(() => sessionStatement([{ name: 'WEEK_START', value: '9', at: 4 }], false), /ALTER SESSION SET WEEK_START = 9 is not supported/);
});
