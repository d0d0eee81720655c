// Parsing with Snowflake formats, epochs with a scale, numbers cast to timestamps and TO_DATE of text on the DuckDB
// target; and the located refusals for timestamp strings with offsets DuckDB cannot read implicitly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';
import { parseFormats } from '../../server/src/core/sql/snowflake-on-duckdb/date-formats';
import { numberCastToTimestamp } from '../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';

const session = memorySession();
const values = (sql: string): Promise<unknown[]> => firstRow(session(), sql);
const at = (iso: string): Date => new Date(`${iso}Z`);

const refused = (sql: string, what: RegExp, line: number, column: number): Promise<void> => assertRefused(session(), sql, what, line, column);

test('parse formats: MON and MMMM accept both month-name forms; other formats are one', () => {
  const none = (): void => assert.fail('no unknown element expected');
  assert.deepEqual(parseFormats('DD-MON-YYYY', none), ['%d-%b-%Y', '%d-%B-%Y']);
  assert.deepEqual(parseFormats('DD-MMMM-YYYY', none), ['%d-%b-%Y', '%d-%B-%Y']);
  assert.deepEqual(parseFormats('YYYY-MM-DD', none), ['%Y-%m-%d']);
  assert.equal(numberCastToTimestamp('86400', 'TIMESTAMP_NTZ'), 'make_timestamp(CAST(CAST(86400 AS DECIMAL(38,9)) * 1000000 AS BIGINT))');
  assert.equal(numberCastToTimestamp('86400', 'varchar'), undefined);
});

test('TO_DATE / TO_TIMESTAMP with formats: full month names, AUTO, and 1970 for fields the format lacks', async () => {
  assert.deepEqual(
    await values(
      "select to_date('05-January-2024', 'DD-MON-YYYY'), to_date('05-Jan-2024', 'DD-MMMM-YYYY'), to_date('2024-05-10', 'AUTO'), " +
        "to_date('11:20:30', 'hh:mi:ss'), to_timestamp('11:20:30', 'HH24:MI:SS'), try_to_date('2024/01/05', 'YYYY-MM-DD')",
    ),
    ['2024-01-05', '2024-01-05', '2024-05-10', '1970-01-01', at('1970-01-01T11:20:30'), null],
  );
});

test('TO_DATE of text holding an integer reads epoch seconds, milliseconds, … as TO_TIMESTAMP does', async () => {
  assert.deepEqual(await values("select to_date('31536000'), to_date('31536000000'), try_to_date('31536000000000'), to_date('2024-03-04')"), [
    '1971-01-01',
    '1971-01-01',
    '1971-01-01',
    '2024-03-04',
  ]);
});

test('TO_TIMESTAMP(n, scale) and numbers cast to timestamps are seconds (or 10^-scale seconds) since the epoch', async () => {
  await session().execute("alter session set timezone = 'America/Los_Angeles'");
  assert.deepEqual(
    await values(
      'select to_timestamp(1000000000, 0), to_timestamp(1000000000, 3), to_timestamp_ntz(1262304000456, 3), to_timestamp(1000000000, 9), ' +
        '86400::timestamp_ntz, to_timestamp_ltz(0, 3)',
    ),
    [at('2001-09-09T01:46:40'), at('1970-01-12T13:46:40'), at('2010-01-01T00:00:00.456'), at('1970-01-01T00:00:01'), at('1970-01-02T00:00:00'), new Date(0)],
  );
  await refused('select\n  to_timestamp(1000000001, 9)', /TO_TIMESTAMP of a value with digits finer than microseconds/, 2, 3);
  await session().execute('alter session unset timezone');
});

test('timestamp strings with offsets read implicitly as Snowflake reads them: NTZ drops the offset, LTZ keeps the instant', async () => {
  await session().execute('create or replace table ntz_t (ts timestamp_ntz)');
  await session().execute("insert into ntz_t values\n  ('2024-05-09 14:32:29.135 -0700'), ('2024-05-10 01:00:00+02:00'), ('2024-05-11 02:00:00Z')");
  const ntz = await session().execute('select ts from ntz_t order by ts');
  assert.deepEqual(ntz.rows.map((r) => r.TS), [at('2024-05-09T14:32:29.135'), at('2024-05-10T01:00:00'), at('2024-05-11T02:00:00')]);
  assert.deepEqual(await values("select count(*) from ntz_t where ts = '2024-05-09 14:32:29.135 +0900'"), [1]);
  await session().execute('create or replace table ltz_t (ts timestamp_ltz)');
  await session().execute("insert into ltz_t values ('2024-01-02 16:00:00 -08:00')");
  assert.deepEqual(await values('select ts from ltz_t'), [new Date('2024-01-03T00:00:00Z')]);
  // The literal twice in one statement: which use DuckDB read is unknown, so it stays a located refusal.
  await refused(
    "insert into ntz_t select '2024-05-09 14:32:29.135 -0700' union all select '2024-05-09 14:32:29.135 -0700'",
    /UTC offset read as TIMESTAMP_NTZ without a cast/,
    1,
    26,
  );
  // Inside a transaction a failed statement aborts it in DuckDB, so there is no second try either.
  await session().execute('begin');
  await refused("insert into ntz_t values\n  ('2024-05-09 14:32:29.135 -0700')", /UTC offset read as TIMESTAMP_NTZ without a cast/, 2, 4);
  await session().execute('rollback');
  // Written as casts, they read as Snowflake reads them.
  assert.deepEqual(await values("select '2024-05-09 14:32:29.135 -0700'::timestamp_ntz, '2024-01-02 16:00:00 +00:00'::timestamp_ltz"), [
    at('2024-05-09T14:32:29.135'),
    at('2024-01-02T16:00:00'),
  ]);
  await refused('select try_to_date(current_date())', /TRY_TO_DATE of a date or timestamp/, 1, 8);
  await refused('select to_timestamp_ntz(parse_json(0), 3)', /TO_TIMESTAMP of a VARIANT with a format or scale/, 1, 8);
  await refused('select extract(nanosecond from current_timestamp())', /Extracting nanoseconds/, 1, 8);
  await session().execute('create or replace table d_t (d date, s varchar)');
  // Snowflake's AUTO detection reads DD-MON-YYYY as a DATE: inserted once in a statement, it converts.
  await session().execute("insert into d_t values\n  ('10-AUG-2025', 'x')");
  assert.deepEqual(await values("select d::varchar from d_t where s = 'x'"), ['2025-08-10']);
  // Compared with a DATE, the text is read as a date (date-comparison.ts): 'x' is none, and fails as in Snowflake.
  await assert.rejects(session().execute("select * from d_t where s < '2014-01-01'::date"), /Date 'x' is not recognized/);
  await refused('select x::timestamp_ntz from (select 86400 as x)', /A number cast to a timestamp/, 1, 9);
  // A NUMBER(38,0) column, whose DuckDB type DECIMAL(38,0) holds parentheses of its own (flipside_algorand's
  // core__dim_asset joined a sampled TIMESTAMP created_at with a NUMBER block_id): named, not DuckDB's Conversion Error.
  await session().execute('create or replace table n38_t (n number(38,0), t timestamp_ntz)');
  await session().execute("insert into n38_t values (86400, '2020-01-01')");
  await refused('select a.n from n38_t a join n38_t b on b.t = a.n', /A number cast to a timestamp/, 1, 47);
});
