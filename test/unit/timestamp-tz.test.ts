// TIMESTAMP_TZ and CONVERT_TIMEZONE on the DuckDB target: exact where the value's offset cannot show, a located
// refusal naming the construct everywhere else (at translation, or when the query runs and the offset would differ).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { UNSUPPORTED_CODE } from '../../client/src/warehouse/snowflake-on-duckdb';
import { duckDbTimestampText, timestampLiteral } from '../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';

let wh: DuckDbWarehouse;
let s: DuckDbSession;
before(async () => {
  wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  s = await wh.openSession();
});
after(async () => wh.close());

async function values(sql: string): Promise<unknown[]> {
  const r = await s.execute(sql);
  return r.columns.map((c) => r.rows[0][c.name]);
}
const at = (iso: string): Date => new Date(iso);

/** Asserts the statement fails with the located refusal whose message matches `what`, at line/column. */
async function refused(sql: string, what: RegExp, line: number, column: number): Promise<void> {
  await assert.rejects(s.execute(sql), (e: unknown) => {
    assert.ok(e instanceof WarehouseError, String(e));
    assert.equal(e.details.code, UNSUPPORTED_CODE, e.message);
    assert.match(e.message, what);
    assert.match(e.message, /is not supported on the DuckDB target/);
    assert.deepEqual([e.details.line, e.details.column], [line, column], e.message);
    return true;
  });
}

test('timestamp text: the space Snowflake allows before a UTC offset is dropped, nothing else changes', () => {
  assert.equal(duckDbTimestampText('2024-01-02 16:00:00 +00:00'), '2024-01-02 16:00:00+00:00');
  assert.equal(duckDbTimestampText('2016-09-07 13:14:15.5 -0700'), '2016-09-07 13:14:15.5-0700');
  assert.equal(duckDbTimestampText('2024-01-02 16:00 +05'), '2024-01-02 16:00+05');
  assert.equal(duckDbTimestampText('2024-01-02'), '2024-01-02');
  assert.equal(duckDbTimestampText('2024-01-02 16:00:00'), '2024-01-02 16:00:00');
  assert.equal(duckDbTimestampText('2024-01-02 16:00:00+02:00'), '2024-01-02 16:00:00+02:00');
  // A cast literal: NTZ keeps the wallclock and drops the offset; LTZ keeps the offset in DuckDB's spelling.
  assert.equal(timestampLiteral('2024-01-02 16:00:00 +05:30', 'TIMESTAMP_NTZ', 0), "'2024-01-02 16:00:00'");
  assert.equal(timestampLiteral('2024-01-02T16:00:00Z', 'timestamp', 0), "'2024-01-02T16:00:00'");
  assert.equal(timestampLiteral('2024-01-02 16:00:00 -0700', 'timestamp_ltz', 0), "'2024-01-02 16:00:00-0700'");
  assert.equal(timestampLiteral('2024-01-02 16:00:00', 'timestamp_ntz', 0), undefined);
  assert.equal(timestampLiteral('2024-01-02', 'timestamp_ntz', 0), undefined);
  assert.equal(timestampLiteral('2024-01-02 16:00:00 +05:30', 'varchar', 0), undefined);
  assert.equal(timestampLiteral('2024-03-12 01:02:03.123456000', 'timestamp_ntz', 0), undefined);
  assert.throws(() => timestampLiteral('2024-03-12 01:02:03.123456789', 'timestamp_ntz', 7), /digits finer than microseconds/);
  // Non-ISO dates AUTO detection reads.
  assert.equal(timestampLiteral('03-April-2024', 'DATE', 0), "'2024-04-03'");
  assert.equal(timestampLiteral('05-Mar-2016', 'timestamp', 0), "'2016-03-05'");
  assert.equal(timestampLiteral('12/17/1980', 'date', 0), "'1980-12-17'");
  assert.equal(timestampLiteral('03-Apri-2024', 'date', 0), undefined);
  assert.equal(timestampLiteral('03-April-2024', 'varchar', 0), undefined);
});

test('CONVERT_TIMEZONE(zone, ts) read by its wallclock (::TIMESTAMP_NTZ, ::DATE, TO_TIMESTAMP_NTZ) is exact in any session zone', async () => {
  await s.execute("alter session set timezone = 'America/Los_Angeles'");
  assert.deepEqual(
    await values(
      "select convert_timezone('UTC', '2024-04-05 12:00:00'::timestamp_ntz)::timestamp_ntz, " +
        "to_timestamp_ntz(convert_timezone('Asia/Tokyo', '2024-06-12 08:52:53 -0700'::timestamp_ltz)), " +
        "convert_timezone('UTC', '2024-04-05'::date)::timestamp_ntz, cast(convert_timezone('Asia/Tokyo', '2024-06-12 20:00:00'::timestamp_ntz) as date)",
    ),
    [at('2024-04-05T19:00:00Z'), at('2024-06-13T00:52:53Z'), at('2024-04-05T07:00:00Z'), '2024-06-13'],
  );
  // As TIMESTAMP_LTZ it is the same instant.
  assert.deepEqual(await values("select convert_timezone('Asia/Tokyo', '2024-04-05 12:00:00 +02:00')::timestamp_ltz"), [at('2024-04-05T10:00:00Z')]);
});

test('CONVERT_TIMEZONE(zone, ts) used as it is: the instant while the zone has the session offset, else a located refusal', async () => {
  await s.execute("alter session set timezone = 'UTC'");
  assert.deepEqual(await values("select convert_timezone('UTC', '2024-01-01 10:00:00 +02:00'::timestamp_ltz), convert_timezone('UTC', null::timestamp_ltz)"), [
    at('2024-01-01T08:00:00Z'),
    null,
  ]);
  await s.execute("alter session set timezone = 'America/New_York'");
  await refused("select 1,\n  convert_timezone('UTC', current_timestamp()) as t", /CONVERT_TIMEZONE with two arguments/, 2, 3);
  // The 3-argument form gives a TIMESTAMP_NTZ: nothing to refuse.
  assert.deepEqual(await values("select convert_timezone('America/Los_Angeles', 'America/New_York', '2024-01-01 14:00:00')"), [at('2024-01-01T17:00:00Z')]);
  await s.execute('alter session unset timezone');
});

test('TIMESTAMP_TZ casts, columns and TO_TIMESTAMP_TZ are refused by name where they are written', async () => {
  await refused("select '2024-01-01 12:00:00'::timestamp_tz", /^TIMESTAMP_TZ \(a timestamp that keeps its own UTC offset/, 1, 31);
  await refused('select\n  to_timestamp_tz(0)', /^TIMESTAMP_TZ/, 2, 3);
  await refused('create or replace table tz_t (id int, ts timestamp_tz)', /^TIMESTAMP_TZ/, 1, 42);
  await refused("select cast('2024-01-01' as timestamp_tz(9))", /^TIMESTAMP_TZ/, 1, 29);
});

test('a timestamp or time type with fewer than six fractional digits is refused by name (DuckDB would keep six)', async () => {
  await refused("select '2024-01-01 10:00:00.789'::timestamp_ntz(0)", /^TIMESTAMP_NTZ\(0\) \(fewer fractional-second digits/, 1, 35);
  await refused('create or replace table p_t (id int,\n  t time(3))', /^TIME\(3\)/, 2, 5);
  await refused("select cast('2024-01-01' as timestamp_ltz(5))", /^TIMESTAMP_LTZ\(5\)/, 1, 29);
  // Six and more digits read as DuckDB's microseconds (digits finer than that are refused where they are written).
  assert.deepEqual(await values("select '2024-01-01 10:00:00.789'::timestamp_ntz(6), '2024-01-01 10:00:00.789'::timestamp_ntz(9)"), [
    at('2024-01-01T10:00:00.789Z'),
    at('2024-01-01T10:00:00.789Z'),
  ]);
});
