// A VARIANT converted to a timestamp on the DuckDB target: an integer inside it is epoch seconds read in the session
// time zone (Snowflake's TO_TIMESTAMP page), a string converts as the string would, the rest is a located refusal; and
// `expr::INT::TIMESTAMP_NTZ` reads the integer as epoch seconds, as a number literal cast does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, assertRefused, memorySession } from './helpers/memory-duckdb';
import { integerCastToTimestamp } from '../../server/src/core/sql/snowflake-on-duckdb/epoch-cast';
import { isTrivia, lex } from '../../server/src/core/sql/tokenize';

const session = memorySession();
const values = (sql: string): Promise<unknown[]> => firstRow(session(), sql);
const at = (iso: string): Date => new Date(`${iso}Z`);

const refused = (sql: string, what: RegExp, line: number, column: number): Promise<void> => assertRefused(session(), sql, what, line, column);

test('an integer in a VARIANT is epoch seconds shown in the session time zone; a plain integer is not', async () => {
  await session().execute("alter session set timezone = 'America/Los_Angeles'");
  try {
    assert.deepEqual(await values('select 0::timestamp_ntz, parse_json(0)::timestamp_ntz, parse_json(0)::int::timestamp_ntz'), [
      at('1970-01-01T00:00:00'),
      at('1969-12-31T16:00:00'),
      at('1970-01-01T00:00:00'),
    ]);
    assert.deepEqual(await values('select to_timestamp_ntz(parse_json(0)), to_timestamp(parse_json(3600)), try_to_timestamp_ntz(parse_json(0))'), [
      at('1969-12-31T16:00:00'),
      at('1969-12-31T17:00:00'),
      at('1969-12-31T16:00:00'),
    ]);
    // A VARIANT column or path is known to be one only once bound: the same reading (was epoch 0 in UTC, silently).
    await session().execute(`create or replace table events (v variant)`);
    await session().execute(`insert into events select parse_json('{"t": 0}')`);
    assert.deepEqual(await values('select to_timestamp(v:t), to_timestamp_ntz(e.v:t), try_to_timestamp(v:t) from events e'), [
      at('1969-12-31T16:00:00'),
      at('1969-12-31T16:00:00'),
      at('1969-12-31T16:00:00'),
    ]);
    // A path cast to a timestamp reads the VARIANT it gives, not its text (an integer there was a raw cast error).
    assert.deepEqual(
      await values(`select v:t::timestamp_ntz, v['t']::timestamp, v:a[0]::datetime, v:s::timestamp_ntz, v:n::timestamp_ntz from (select parse_json('{"t": 0, "a": [3600], "s": "2024-01-01 10:00:00", "n": null}') v)`),
      [at('1969-12-31T16:00:00'), at('1969-12-31T16:00:00'), at('1969-12-31T17:00:00'), at('2024-01-01T10:00:00'), null],
    );
    // Other arguments as before: a number or an integer string is epoch seconds in UTC, text and dates convert.
    assert.deepEqual(await values(`select to_timestamp(86400), to_timestamp('86400'), to_timestamp('2024-01-01 10:00:00'), to_timestamp('2024-01-02'::date)`), [
      at('1970-01-02T00:00:00'),
      at('1970-01-02T00:00:00'),
      at('2024-01-01T10:00:00'),
      at('2024-01-02T00:00:00'),
    ]);
    // As TIMESTAMP_LTZ the same instant: epoch 0.
    const [ltz] = await values('select to_timestamp_ltz(parse_json(0))');
    assert.equal((ltz as Date).getTime(), 0);
  } finally {
    await session().execute('alter session unset timezone');
  }
});

test('a string in a VARIANT converts as the string; JSON null and SQL NULL give NULL', async () => {
  assert.deepEqual(await values(`select parse_json('"2024-03-01 10:11:12"')::timestamp_ntz, to_timestamp(parse_json('null')), to_timestamp(null::variant)`), [
    at('2024-03-01T10:11:12'),
    null,
    null,
  ]);
  assert.deepEqual(await values(`select try_to_timestamp(parse_json('"not a time"'))`), [null]);
});

test('what the pages leave open about a VARIANT is a located refusal, raised where it is met', async () => {
  const what = /A timestamp from a VARIANT holding a number outside the seconds range, a fraction, an integer string or a non-string value/;
  await refused(`select to_timestamp(parse_json('1.5'))`, what, 1, 8);
  await refused(`select to_timestamp(parse_json('"17"'))`, what, 1, 8);
  await refused(`select to_timestamp(parse_json('31536000000'))`, what, 1, 8);
  await refused(`select 1,\n  parse_json('true')::timestamp_ntz`, what, 2, 3);
  await refused(`select 1, v:q::timestamp_ntz from (select parse_json('{"q": "12"}') v)`, what, 1, 11);
  await refused(`select 1, v[0]::timestamp_ltz from (select parse_json('[1.5]') v)`, what, 1, 11);
});

test('integerCastToTimestamp: only an operand cast to an integer type, only to an epoch-read timestamp type', () => {
  const sig = (sql: string) => lex(sql).filter((l) => !isTrivia(l));
  assert.deepEqual(integerCastToTimestamp(sig('x::int'), 'timestamp_ntz'), ['make_timestamp(CAST(CAST(', ' AS DECIMAL(38,9)) * 1000000 AS BIGINT))']);
  assert.equal(integerCastToTimestamp(sig('x::int'), 'timestamp_ltz')?.[0], "timezone('UTC', make_timestamp(CAST(CAST(");
  assert.equal(integerCastToTimestamp(sig('x::double'), 'timestamp_ntz'), undefined);
  assert.equal(integerCastToTimestamp(sig('x'), 'timestamp_ntz'), undefined);
  assert.equal(integerCastToTimestamp(sig('x::int'), 'timestamp_tz'), undefined);
});
