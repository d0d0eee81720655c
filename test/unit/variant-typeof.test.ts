// TYPEOF of a VARIANT holding a DATE, TIME or TIMESTAMP: the twin holds them as their text, which no longer tells them
// from a string (it said VARCHAR where Snowflake says DATE, TIMESTAMP_NTZ, …): refused by name, as is a string written
// as one; a TIMESTAMP_TZ, held as its instant and offset, is TIMESTAMP_TZ (it said OBJECT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const refusal = /^TYPEOF of a VARIANT holding a DATE, TIME or TIMESTAMP, or a string written as one/;

test('TYPEOF of a DATE, TIME or TIMESTAMP_NTZ/LTZ in a VARIANT, or of a string written as one, is refused at the call', async () => {
  await assertRefused(session(), "SELECT TYPEOF(TO_VARIANT('2024-02-24'::DATE))", refusal, 1, 8);
  await assertRefused(session(), "SELECT 1, TYPEOF('2023-02-24 12:00:00.456'::TIMESTAMP_NTZ::VARIANT)", refusal, 1, 11);
  await assertRefused(session(), "SELECT TYPEOF(TO_VARIANT('20:57:01'::TIME))", refusal, 1, 8);
  await assertRefused(session(), "SELECT TYPEOF(TO_VARIANT('2022-02-24 13:00:00'::TIMESTAMP_LTZ))", refusal, 1, 8);
  await assertRefused(session(), `SELECT TYPEOF(PARSE_JSON('"2024-02-24"'))`, refusal, 1, 8);
});

test('TYPEOF of a TIMESTAMP_TZ in a VARIANT, of other strings and of typed values', async () => {
  assert.deepEqual(
    await firstRow(session(), `SELECT TYPEOF(TO_VARIANT('2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ)), TYPEOF(PARSE_JSON('"2024-02"')), TYPEOF(PARSE_JSON('{"a": 1}')), TYPEOF('2024-02-24'::DATE), TYPEOF(NULL::VARIANT)`),
    ['TIMESTAMP_TZ', 'VARCHAR', 'OBJECT', 'DATE', null],
  );
});
