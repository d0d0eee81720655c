// Text holding an integer cast to a timestamp (`attribute_value::datetime`, flipside_axelar's silver__staking casts a
// decoded event attribute so): Snowflake reads the text as a time since the epoch
// (https://docs.snowflake.com/sql-reference/functions/to_timestamp, the `'<integer>'` form); DuckDB's cast fails with
// its raw "invalid timestamp field format". The twin now refuses it by name at the cast, pointing at TO_TIMESTAMP,
// which reads it as Snowflake does; text holding a date still casts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table attrs (k varchar, v varchar)');
  await s.execute("insert into attrs values ('completion_time', '573'), ('when', '2024-01-02 03:04:05')");
});

test('a cast of text holding an integer to a timestamp is refused by name at the cast', async () => {
  await assertRefused(session(), "select v::datetime as t\nfrom attrs where k = 'completion_time'", /Text holding an integer cast to a timestamp .*TO_TIMESTAMP/, 1, 9);
});

test('TO_TIMESTAMP of the same text reads it as epoch seconds; a cast of a date text still works', async () => {
  assert.equal(String((await firstRow(session(), "select to_timestamp_ntz(v) from attrs where k = 'completion_time'"))[0]), String((await firstRow(session(), "select '1970-01-01 00:09:33'::timestamp_ntz"))[0]));
  assert.equal(String((await firstRow(session(), "select v::datetime from attrs where k = 'when'"))[0]), String((await firstRow(session(), "select '2024-01-02 03:04:05'::timestamp_ntz"))[0]));
});
