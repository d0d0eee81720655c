// TIMESTAMP_TZ and CONVERT_TIMEZONE on the DuckDB target: a TIMESTAMP_TZ keeps its own offset (an instant and the
// offset, timestamp-tz.ts), compares by its instant, and prints as Snowflake prints it; an operation DuckDB has no
// exact form for is a located refusal naming the construct.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { UNSUPPORTED_CODE } from '../../client/src/warehouse/snowflake-on-duckdb';
import { duckDbTimestampText, timestampLiteral } from '../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';
import { snowflakeTypeName } from '../../client/src/warehouse/snowflake-type-name';
import { typeFamily } from '../../server/src/compile/contract';

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

test('CONVERT_TIMEZONE(zone, ts) used as it is: a TIMESTAMP_TZ with the offset the zone has at that instant', async () => {
  await s.execute("alter session set timezone = 'UTC'");
  assert.deepEqual(await values("select convert_timezone('UTC', '2024-01-01 10:00:00 +02:00'::timestamp_ltz), convert_timezone('UTC', null::timestamp_ltz)"), [
    '2024-01-01 08:00:00.000 +0000',
    null,
  ]);
  await s.execute("alter session set timezone = 'America/New_York'");
  // A TIMESTAMP_TZ with the target zone's offset at that instant, whatever the session zone.
  const r = await s.execute("select convert_timezone('Asia/Kolkata', '2024-01-01 10:00:00 +02:00'::timestamp_ltz) as t");
  assert.deepEqual(r.columns.map((c) => c.type), ['TIMESTAMP_TZ']);
  assert.equal(r.rows[0].T, '2024-01-01 13:30:00.000 +0530');
  // The 3-argument form gives a TIMESTAMP_NTZ: nothing to refuse.
  assert.deepEqual(await values("select convert_timezone('America/Los_Angeles', 'America/New_York', '2024-01-01 14:00:00')"), [at('2024-01-01T17:00:00Z')]);
  await s.execute('alter session unset timezone');
});

test("TIMESTAMP_TZ keeps each value's offset: text with an offset keeps it, text without one takes the session zone's", async () => {
  await s.execute("alter session set timezone = 'America/Los_Angeles'");
  const r = await s.execute(
    "select '2024-07-01 12:00:00'::timestamp_tz as a, '2024-01-05 10:00:00.25 +0530'::timestamp_tz as b, " +
      "'2024-01-05 10:00:00Z'::timestamp_tz as c, to_timestamp_tz('2024-01-05 10:00:00 -03:30') as d, null::timestamp_tz as e, " +
      "'2024-01-01 12:00:00'::timestamp_ntz::timestamp_tz as f, '2024-01-01 12:00:00 +0100'::timestamp_tz::varchar as g",
  );
  assert.deepEqual(r.columns.map((c) => c.type).slice(0, 6), Array(6).fill('TIMESTAMP_TZ'));
  assert.deepEqual(
    r.columns.map((c) => r.rows[0][c.name]),
    [
      '2024-07-01 12:00:00.000 -0700',
      '2024-01-05 10:00:00.250 +0530',
      '2024-01-05 10:00:00.000 +0000',
      '2024-01-05 10:00:00.000 -0330',
      null,
      '2024-01-01 12:00:00.000 -0800',
      '2024-01-01 12:00:00.000 +0100',
    ],
  );
  await s.execute('alter session unset timezone');
});

test('DATEADD and DATE_TRUNC of a TIMESTAMP_TZ work on its wallclock and keep its offset (no daylight-saving shift)', async () => {
  await s.execute("alter session set timezone = 'America/Los_Angeles'");
  const r = await s.execute(
    "select dateadd(month, 6, '2024-01-31 12:00:00'::timestamp_tz) as a, timestampadd(hour, -13, '2024-01-01 10:00:00 +0530'::timestamp_tz) as b, " +
      "date_trunc('day', '2024-03-07 23:04:05 +0530'::timestamp_tz) as c, to_timestamp_tz('04/05/2024 01:02:03', 'mm/dd/yyyy hh24:mi:ss') as d",
  );
  assert.deepEqual(r.columns.map((c) => c.type), Array(4).fill('TIMESTAMP_TZ'));
  assert.deepEqual(r.columns.map((c) => r.rows[0][c.name]), [
    '2024-07-31 12:00:00.000 -0800',
    '2023-12-31 21:00:00.000 +0530',
    '2024-03-07 00:00:00.000 +0530',
    '2024-04-05 01:02:03.000 -0700',
  ]);
  await s.execute('alter session unset timezone');
});

test('a TIMESTAMP_TZ column a query creates is TIMESTAMP_TZ in INFORMATION_SCHEMA, DESCRIBE and schema.yml types', async () => {
  await s.execute("create or replace table tz_c as select '2024-01-01 10:00:00 +0100'::timestamp_tz as t");
  assert.deepEqual(await values("select data_type from information_schema.columns where table_name = 'TZ_C'"), ['TIMESTAMP_TZ']);
  const d = await s.execute('describe table tz_c');
  assert.equal(d.rows[0].type, 'TIMESTAMP_TZ(9)');
  const [col] = await s.describe({ database: 'memory', schema: 'main', identifier: 'TZ_C' });
  assert.equal(snowflakeTypeName(col.dataType), 'TIMESTAMP_TZ');
  assert.equal(typeFamily(col.dataType), 'TIMESTAMP_TZ');
});

test('a TIMESTAMP_TZ column holds what a cast to TIMESTAMP_TZ stores; an INSERT converts text, NTZ, LTZ and DATE as Snowflake stores them', async () => {
  await s.execute("alter session set timezone = 'America/Los_Angeles'");
  await s.execute('create or replace table tz_t (id int, ts timestamp_tz)');
  await s.execute("insert into tz_t values (1, '2024-01-01 16:00:00 +0100'::timestamp_tz), (2, null)");
  // Text keeps its offset, or takes the session zone's; an NTZ or DATE is read in the session zone; LTZ keeps its instant.
  await s.execute("insert into tz_t values (3, '2024-01-01 16:00:00'), (4, '2024-07-01 16:00:00 +05:30')");
  await s.execute("insert into tz_t (ts, id) select '2024-07-01 10:00:00'::timestamp_ntz, 5 union all select '2024-01-02'::date, 6");
  await s.execute("insert into tz_t select 7, '2024-01-02 16:00:00 +00:00'::timestamp_ltz");
  const r = await s.execute('select id, ts from tz_t order by id');
  assert.deepEqual(r.columns.map((c) => c.type), ['INTEGER', 'TIMESTAMP_TZ']);
  assert.deepEqual(r.rows.map((x) => x.TS), [
    '2024-01-01 16:00:00.000 +0100',
    null,
    '2024-01-01 16:00:00.000 -0800',
    '2024-07-01 16:00:00.000 +0530',
    '2024-07-01 10:00:00.000 -0700',
    '2024-01-02 00:00:00.000 -0800',
    '2024-01-02 08:00:00.000 -0800',
  ]);
  // UPDATE has no such conversion: refused by name where the value is.
  await refused("update tz_t set ts =\n '2024-01-01 16:00:00' where id = 1", /^A value of another type compared with a TIMESTAMP_TZ, or stored into a TIMESTAMP_TZ column by UPDATE/, 2, 2);
  await s.execute('alter session unset timezone');
});

test('HOUR, DATE_PART, EXTRACT, DAYNAME and the week functions read a TIMESTAMP_TZ by its wallclock at its own offset; an epoch by its instant', async () => {
  await s.execute("alter session set timezone = 'America/New_York'");
  const tz = "'2024-03-10 23:30:00 +05:30'::timestamp_tz";
  assert.deepEqual(
    await values(`select hour(${tz}), minute(${tz}), day(${tz}), dayname(${tz}), date_part(hour, ${tz}), extract(day from ${tz}), extract(epoch_second from ${tz}), week(${tz}), dayofweek(${tz})`),
    [23, 30, 10, 'Sun', 23, 10, 1710093600, 10, 0],
  );
  // An aggregate's type is known to DuckDB only after binding: a TIMESTAMP_TZ there stays refused by name.
  await refused(`select hour(max(t)) from (select ${tz} as t)`, /^HOUR of a TIMESTAMP_TZ value/, 1, 8);
  // So is a select-list alias used later in the list: read as it is (an NTZ there works as before).
  assert.deepEqual(await values("select '2024-03-10 23:30:00'::timestamp as t0, hour(t0), dayname(t0), t0::date"), [new Date('2024-03-10T23:30:00Z'), 23, 'Sun', '2024-03-10']);
  assert.deepEqual(await values("select '2024-03-10 23:30:00'::timestamp t1, hour(t1), t1::date d1, dayname(d1)"), [new Date('2024-03-10T23:30:00Z'), 23, '2024-03-10', 'Sun']);
  await s.execute('alter session unset timezone');
});

test('a cast of a TIMESTAMP_TZ to TIMESTAMP_NTZ, DATE or TIME keeps its wallclock; to TIMESTAMP_LTZ its instant', async () => {
  await s.execute("alter session set timezone = 'America/Los_Angeles'");
  await s.execute("create or replace table tz_cast as select '2024-03-10 23:30:00 +05:30'::timestamp_tz as t, '2024-03-11' as d");
  const r = await s.execute('select t::timestamp_ntz as a, cast(t as date) as b, t::time as c, t::timestamp_ltz as e, d::date as f from tz_cast');
  assert.deepEqual(r.columns.map((c) => c.type), ['TIMESTAMP', 'DATE', 'TIME', 'TIMESTAMP WITH TIME ZONE', 'DATE']);
  assert.deepEqual(Object.values(r.rows[0]), [new Date('2024-03-10T23:30:00Z'), '2024-03-10', '23:30:00', new Date('2024-03-10T18:00:00Z'), '2024-03-11']);
  await refused('select max(t)::date from tz_cast', /^A cast of a TIMESTAMP_TZ value to DATE/, 1, 14);
  // A bare NULL has no type to read by: it stays NULL of the cast's type (the demo's audit model casts one).
  assert.deepEqual(await values('select cast(null as timestamp_ntz), null::date, null::timestamp_ltz'), [null, null, null]);
  await s.execute('alter session unset timezone');
});

test('TO_CHAR prints TZH:TZM / TZHTZM as the offset a TIMESTAMP_TZ carries (an LTZ: the session zone\'s); TO_TIMESTAMP_TZ parses a trailing one', async () => {
  await s.execute("alter session set timezone = 'America/Los_Angeles'");
  assert.deepEqual(
    await values(
      "select to_char('2024-03-07 15:04:05 -03:30'::timestamp_tz, 'YYYY-MM-DD HH24:MI TZH:TZM'), to_char('2024-07-07 15:04:05'::timestamp_ltz, 'HH24:MI TZHTZM \"TZH\"'), " +
        "to_timestamp_tz('2024-01-05 10:00 +0530', 'YYYY-MM-DD HH24:MI TZHTZM')",
    ),
    ['2024-03-07 15:04 -03:30', '15:04 -0700 TZH', '2024-01-05 10:00:00.000 +0530'],
  );
  await refused("select to_char('2024-03-07 15:04:05'::timestamp_ntz, 'TZH:TZM')", /^TO_CHAR with TZH\/TZM of a TIMESTAMP_NTZ or DATE/, 1, 8);
  await s.execute('alter session unset timezone');
});

test('TIMESTAMP_TZ values compare, group, sort and aggregate by their instant, whatever their offsets', async () => {
  const same = "'2024-01-01 00:00:00 +0000'::timestamp_tz";
  const sameOther = "'2024-01-01 01:00:00 +0100'::timestamp_tz";
  const later = "'2024-01-01 00:30:00 -0100'::timestamp_tz";
  assert.deepEqual(await values(`select ${same} = ${sameOther}, ${same} < ${sameOther}, ${same} > ${sameOther}, ${later} > ${sameOther}`), [true, false, false, true]);
  const rows = `(select ${same} as t union all select ${sameOther} union all select ${later})`;
  assert.deepEqual(await values(`select count(distinct t), (select count(*) from (select t from ${rows} group by t)) from ${rows}`), [2n, 2n].map(Number));
  const sorted = await s.execute(`select t from ${rows} order by t desc`);
  assert.equal(sorted.rows[0].T, '2024-01-01 00:30:00.000 -0100');
  assert.deepEqual(await values(`select max(t) from ${rows}`), ['2024-01-01 00:30:00.000 -0100']);
});

test('TIMESTAMP_TZ: what DuckDB has no exact form for is refused by name where it is written', async () => {
  await refused('select\n  to_timestamp_tz(0)', /^TIMESTAMP_TZ of a value of this type/, 2, 3);
  await refused('select try_to_timestamp_tz(\'2024-01-01\')', /^TRY_TO_TIMESTAMP_TZ/, 1, 8);
  await refused("select to_timestamp_tz('+01:00 2024-01-05', 'TZH:TZM YYYY-MM-DD')", /^TO_TIMESTAMP_TZ with a scale, or with a format that has time zone elements/, 1, 8);
  await refused("select try_cast('2024-01-01' as timestamp_tz)", /^TRY_CAST\(… AS TIMESTAMP_TZ\)/, 1, 33);
  await refused('create or replace table tz_p (ts timestamp_tz(3))', /^TIMESTAMP_TZ\(3\) \(fewer fractional-second digits/, 1, 34);
  await refused("select '2024-01-01 10:00:00.1234567'::timestamp_tz", /digits finer than microseconds/, 1, 8);
  await refused("select datediff(hour, '2024-01-01 10:00:00 +0100'::timestamp_tz, '2024-01-01 12:00:00'::timestamp_ntz)", /TIMESTAMP_TZ value/, 1, 8);
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
