// A VARCHAR compared with a DATE on the DuckDB target (date-comparison.ts): Snowflake reads the string as a date, as
// TO_DATE does (ISO text, an epoch integer, RFC 2822's 'Dy, DD Mon YYYY HH:MI:SS +HHMM'), either way round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE text_dates (s VARCHAR, d DATE)');
  await s.execute("INSERT INTO text_dates VALUES ('2020-01-05', '2020-01-01'), ('Sun, 05 Jan 2020 23:00:00 -0800', '2020-01-10'), ('1578268800', NULL)");
});

const column = async (sql: string): Promise<unknown[]> => {
  const r = await session().execute(sql);
  return r.rows.map((row) => row[r.columns[r.columns.length - 1].name]);
};

test('a text column compared with a DATE as written reads the text as a date', async () => {
  assert.deepEqual(await column("SELECT s FROM text_dates WHERE s < '2020-01-06'::DATE ORDER BY s"), ['2020-01-05', 'Sun, 05 Jan 2020 23:00:00 -0800']);
  assert.deepEqual(await column("SELECT s, CASE WHEN TO_DATE('2020-01-05') >= s THEN 1 ELSE 0 END FROM text_dates ORDER BY s"), [0, 1, 1]);
  assert.deepEqual(await column("SELECT count(*) FROM text_dates WHERE s = '2020-01-05'::DATE AND s <> CAST('2020-01-06' AS DATE)"), [2]);
});

test('a text value that is no date fails with Snowflake\'s error rather than comparing as text', async () => {
  await session().execute("INSERT INTO text_dates VALUES ('not a date', NULL)");
  await assert.rejects(session().execute("SELECT count(*) FROM text_dates WHERE s < '2020-01-06'::DATE"), /Date 'not a date' is not recognized/);
  await session().execute("DELETE FROM text_dates WHERE s = 'not a date'");
});

test('only a comparison standing on its own is rewritten; strings and typed operands are left as written', () => {
  const out = (sql: string): string => translateSnowflakeSql(sql);
  assert.doesNotMatch(out("SELECT a || b < '2020-01-01'::DATE FROM t"), /bz_date_operand/);
  assert.doesNotMatch(out("SELECT 1 FROM t WHERE '2020-01-01' < '2020-01-02'::DATE"), /bz_date_operand/);
  assert.doesNotMatch(out("SELECT 1 FROM t WHERE d::DATE < '2020-01-02'::DATE"), /bz_date_operand/);
  assert.doesNotMatch(out("UPDATE t SET a = 1, b = '2020-01-02'::DATE"), /bz_date_operand/);
  assert.match(out("SELECT 1 FROM t WHERE x < '2020-01-02'::DATE AND y > 1"), /WHERE bz_date_operand\(X\) </i);
});

test('a text column compared with a TIMESTAMP_NTZ or TIMESTAMP_LTZ as written reads the text as that timestamp', async () => {
  await session().execute('CREATE TABLE text_times (s VARCHAR, ts TIMESTAMP_NTZ)');
  await session().execute("INSERT INTO text_times VALUES ('2020-01-05 10:00:00', '2020-01-05 09:00:00'), ('2020-01-06 23:00:00', NULL)");
  // As text '2020-01-05 10:00:00' < '2020-01-05 9:00:00' would hold; as timestamps it does not.
  assert.deepEqual(await column("SELECT s FROM text_times WHERE s < '2020-01-05 9:00:00'::TIMESTAMP_NTZ"), []);
  assert.deepEqual(await column("SELECT s FROM text_times WHERE TO_TIMESTAMP('2020-01-06 00:00:00') < s"), ['2020-01-06 23:00:00']);
  assert.deepEqual(await column("SELECT count(*) FROM text_times WHERE s > '2020-01-05 09:30:00 +00:00'::TIMESTAMP_LTZ"), [2]);
  // A column of another type is compared as it is.
  assert.deepEqual(await column("SELECT count(*) FROM text_times WHERE ts < '2020-01-05 09:30:00'::TIMESTAMP"), [1]);
  await assert.rejects(session().execute("SELECT count(*) FROM text_times WHERE 'x' || s < '2020-01-05'::TIMESTAMP"), /A VARCHAR compared with a TIMESTAMP_NTZ .* not supported on the DuckDB target \(line 1, column 48\)/);
  await session().execute('DROP TABLE text_times');
});

test('a second translation pass leaves a converted comparison as it is', () => {
  const once = translateSnowflakeSql("SELECT 1 FROM t WHERE s < '2014-01-01'::DATE");
  assert.equal(translateSnowflakeSql(once), once);
  const ntz = translateSnowflakeSql("SELECT 1 FROM t WHERE s < '2014-01-01'::TIMESTAMP");
  assert.match(ntz, /bz_ntz_operand\(s\) </);
  assert.equal(translateSnowflakeSql(ntz), ntz);
});
