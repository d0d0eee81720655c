// ALTER SESSION's TIMESTAMP_TYPE_MAPPING and QUOTED_IDENTIFIERS_IGNORE_CASE on the DuckDB target: kept per session
// (per DuckDB connection) and followed by the translation of every later statement of that session only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { mapTimestampAlias } from '../../server/src/core/sql/snowflake-on-duckdb/timestamp-type-mapping';
import { lex } from '../../server/src/core/sql/tokenize';

let wh: DuckDbWarehouse;
before(async () => {
  wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
});
after(async () => wh.close());

const typeOf = async (s: { execute: (q: string) => Promise<{ columns: { type: string }[] }> }, sql: string): Promise<string[]> =>
  (await s.execute(sql)).columns.map((c) => c.type);
const LTZ = 'TIMESTAMP WITH TIME ZONE';

test('TIMESTAMP_TYPE_MAPPING: TIMESTAMP and TO_TIMESTAMP are the variation it names, in this session only', async () => {
  const s = await wh.openSession();
  const other = await wh.openSession();
  try {
    await s.execute("alter session set timezone = 'America/Los_Angeles'");
    await s.execute("alter session set timestamp_type_mapping = 'timestamp_ltz'");
    assert.deepEqual(
      await typeOf(s, "select '2024-01-02 16:00:00 +00:00'::timestamp, cast('2024-01-02' as timestamp), to_timestamp('2024-01-02'), try_to_timestamp('x'), timestamp '2024-01-02 00:00:00', '2024-01-02'::timestamp_ntz"),
      [LTZ, LTZ, LTZ, LTZ, LTZ, 'TIMESTAMP'],
    );
    const [row] = (await s.execute("select hour('2024-01-02 16:00:00 +00:00'::timestamp) h")).rows;
    assert.deepEqual(row, { H: 8 }, 'the instant is shown in the session time zone');
    // Column types of a new table; a column may still be called timestamp.
    await s.execute('create table ev (timestamp timestamp, ts timestamp(6) not null, n int)');
    assert.deepEqual(await typeOf(s, 'select timestamp, ts from ev'), [LTZ, LTZ]);
    await s.execute('alter table ev add column later timestamp');
    assert.deepEqual(await typeOf(s, 'select later from ev'), [LTZ]);
    // Text a function reads as a timestamp: which variation Snowflake then uses is not documented, so it is refused.
    await assert.rejects(s.execute("select n,\n  dateadd(day, 1, '2024-01-01') from ev"), /Text read as a timestamp while TIMESTAMP_TYPE_MAPPING = TIMESTAMP_LTZ is not supported on the DuckDB target \(line 2, column 19\)/);
    // Another session keeps the default.
    assert.deepEqual(await typeOf(other, "select '2024-01-02'::timestamp, to_timestamp('2024-01-02')"), ['TIMESTAMP', 'TIMESTAMP']);
    await s.execute('alter session unset timestamp_type_mapping');
    assert.deepEqual(await typeOf(s, "select '2024-01-02'::timestamp, dateadd(day, 1, '2024-01-01')"), ['TIMESTAMP', 'TIMESTAMP']);
    await s.execute("alter session set timestamp_type_mapping = 'TIMESTAMP_LTZ'");
    await s.execute("alter session set timestamp_type_mapping = 'TIMESTAMP_NTZ'");
    assert.deepEqual(await typeOf(s, "select '2024-01-02'::timestamp"), ['TIMESTAMP']);
    await assert.rejects(s.execute("alter session set timestamp_type_mapping = 'TIMESTAMP_XYZ'"), /ALTER SESSION SET TIMESTAMP_TYPE_MAPPING = TIMESTAMP_XYZ is not supported/);
  } finally {
    await s.close();
    await other.close();
  }
});

test('QUOTED_IDENTIFIERS_IGNORE_CASE: quoted names fold to upper case, in lookups, new objects and result names', async () => {
  const s = await wh.openSession();
  const other = await wh.openSession();
  try {
    await s.execute('alter session set quoted_identifiers_ignore_case = true');
    await s.execute('create table "Three" ("k" int)');
    await s.execute('insert into three values (3)');
    assert.deepEqual((await s.execute('select "K", k as "lower" from "tHREE"')).rows, [{ K: 3, LOWER: 3 }]);
    // The other session reads quoted names exactly: "Three" is no table there, THREE is.
    await assert.rejects(other.execute('select * from "Three"'), /Object '"Three"' does not exist or not authorized/);
    assert.deepEqual((await other.execute('select k as "lower" from three')).rows, [{ lower: 3 }]);
    await s.execute('alter session set quoted_identifiers_ignore_case = false');
    await assert.rejects(s.execute('select * from "Three"'), /Object '"Three"' does not exist/);
    await s.execute('alter session set quoted_identifiers_ignore_case = true');
    await s.execute('alter session unset quoted_identifiers_ignore_case');
    assert.deepEqual((await s.execute('select 1 as "abc"')).columns.map((c) => c.name), ['abc']);
  } finally {
    await s.close();
    await other.close();
  }
});

test('a table named like a function (time, date) with its column list is a name, not a call', () => {
  assert.equal(translateWithMap('create or replace table time (c timestamp)').sql, 'create or replace table time (c timestamp)');
  assert.equal(translateWithMap('create table if not exists date (c int)').sql, 'create table if not exists date (c int)');
  assert.equal(translateWithMap('insert into date (d) values (1)').sql, 'insert into date (d) values (1)');
  assert.equal(translateWithMap('create or replace table time (c timestamp)', { timestampTypeMapping: 'TIMESTAMP_LTZ' }).sql, 'create or replace table time (c "TIMESTAMPTZ")');
});

test('TIMESTAMP_TYPE_MAPPING renames the TIMESTAMP type wherever it is a type, and leaves names called timestamp', () => {
  const mapped = (sql: string): string => mapTimestampAlias(lex(sql), 'TIMESTAMP_LTZ').map((l) => l.text).join('');
  assert.equal(mapped('select try_cast(x as timestamp), (a)::timestamp(3), timestamp \'2024-01-01\''), 'select try_cast(x as timestamp_ltz), (a)::timestamp_ltz(3), timestamp_ltz \'2024-01-01\'');
  assert.equal(
    mapped('create function f(x timestamp, y int) returns timestamp as $$ x $$'),
    'create function f(x timestamp_ltz, y int) returns timestamp_ltz as $$ x $$',
  );
  assert.equal(mapped('alter table t alter column c set data type timestamp'), 'alter table t alter column c set data type timestamp_ltz');
  // Names: a column, an alias, a qualified reference, a CTAS's select list.
  assert.equal(mapped('select timestamp, a timestamp, t.timestamp from t'), 'select timestamp, a timestamp, t.timestamp from t');
  assert.equal(mapped('create table c as select a, b timestamp from t'), 'create table c as select a, b timestamp from t');
  assert.equal(mapped('select to_timestamp(1), s.to_timestamp(1), try_to_timestamp(\'x\')'), 'select to_timestamp_ltz(1), s.to_timestamp(1), try_to_timestamp_ltz(\'x\')');
  assert.equal(mapTimestampAlias(lex('select x::timestamp'), 'TIMESTAMP_TZ').map((l) => l.text).join(''), 'select x::timestamp_tz');
});
