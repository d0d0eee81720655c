// CASE/IFF/NVL2 results written as text (`x::STRING`) beside results written as numbers (`0`, `x::NUMBER`):
// Snowflake converts the text to NUMBER (COALESCE's page documents the conversion and its NUMBER(18,5) result), where
// DuckDB's binder refuses the mix. flipside_algorand's silver__transaction returns NULL, 0, `…::NUMBER` and
// `VALUE:txn:xaid::STRING` from one CASE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute(`create table tx (t varchar, v variant, s varchar, f float, amount number(10,2))`);
  await s.execute(`insert into tx select 'axfer', parse_json('{"xaid": 31566704, "faid": 7}'), '1.5', 2.5, 3.25`);
  await s.execute(`insert into tx select 'bad', parse_json('{"xaid": "abc"}'), 'x', 1, 1`);
});

const ALGORAND = `case when t = 'appl' then null when t = 'pay' then 0 when t = 'afrz' then v:faid::number
  when t = 'acfg' then coalesce(v:caid::number, v:faid::number) else v:xaid::string end`;

test('a CASE of NULL, numbers and a value cast to STRING converts the text to NUMBER(18,5)', async () => {
  const r = await session().execute(`select ${ALGORAND} as asset_id, iff(t = 'x', 0, s::string) as i, nvl2(t, s::varchar, 1) as n from tx where t = 'axfer'`);
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(18,5)', 'DECIMAL(18,5)', 'DECIMAL(18,5)']);
  assert.deepEqual(r.rows.map((x) => [String(x.ASSET_ID), String(x.I), String(x.N)]), [['31566704', '1.5', '1.5']]);
});

test('text that is no number fails with Snowflake\'s message, only for the rows that return it', async () => {
  await assert.rejects(session().execute(`select ${ALGORAND} from tx`), /Numeric value 'abc' is not recognized/);
  assert.deepEqual(await firstRow(session(), `select count(*) from (select case when t = 'bad' then 0 else v:xaid::string end x from tx)`), [2]);
});

test('a result of another type among them (a FLOAT column) is refused by name; CASEs without text written are left alone', async () => {
  await assertRefused(session(), `select case when t = 'a' then 0 when t = 'b' then f else s::string end from tx`, /^CASE \(or IFF, NVL2\) returning text beside numbers and a value of another type/, 1, 8);
  // Written types the mix does not take leave the CASE as DuckDB binds it (refused as before, by name).
  await assertRefused(session(), `select case when t = 'a' then 0.1234567 else s::string end from tx`, /^CASE \(or IFF, DECODE\) mixing/, 1, 8);
  const r = await session().execute(`select case when t = 'axfer' then amount else 0 end as a, iff(t = 'axfer', s, 'y') as b from tx where t = 'axfer'`);
  assert.deepEqual([r.columns[1].type, r.rows[0].A, r.rows[0].B], ['VARCHAR', 3.25, '1.5']);
  assert.notEqual(r.columns[0].type, 'DECIMAL(18,5)');
});

// NUMBER(18,5) is COALESCE's documented type, extrapolated to CASE: a value it cannot hold exactly (more than 5 digits
// after the point or 13 before it, once leading and trailing zeros are dropped) is refused by name with the value,
// never rounded, and a number text too long for it is not called "not recognized".
const digits = memorySession(async (s) => {
  await s.execute(`create table d (k varchar, s varchar, v variant)`);
  await s.execute(`insert into d select 'fit', '-0001234567890123.1234500', parse_json('{"x": 1234567890123}')`);
  await s.execute(`insert into d select 'exp', ' 123e-5 ', parse_json('{"x": 1.5}')`);
  await s.execute(`insert into d select 'zero', '0.000000', parse_json('{"x": 0}')`);
  await s.execute(`insert into d select 'frac', '1.123456', parse_json('{"x": 1}')`);
  await s.execute(`insert into d select 'long', '12345678901234567', parse_json('{"x": 12345678901234567}')`);
  await s.execute(`insert into d select 'tiny', '1e-7', parse_json('{"x": 1}')`);
});

test('text and numbers NUMBER(18,5) holds exactly convert exactly, whatever zeros or exponent they write', async () => {
  const r = await digits().execute(`select k, cast(case when k = '-' then 0 else s::string end as varchar) as c,
    cast(iff(k = '-', s::string, v:x::number) as varchar) as n from d where k in ('fit', 'exp', 'zero') order by k`);
  assert.deepEqual(r.rows.map((x) => [x.K, x.C, x.N]), [
    ['exp', '0.00123', '2.00000'],
    ['fit', '-1234567890123.12345', '1234567890123.00000'],
    ['zero', '0.00000', '0.00000'],
  ]);
});

test('a value NUMBER(18,5) cannot hold exactly is refused by name with the value, at the CASE, IFF or COALESCE', async () => {
  const why = /Snowflake documents no result type for text beside numbers in a CASE, NUMBER\(18,5\) is the one COALESCE documents/;
  await assertRefused(digits(), `select case when k = 'frac' then s::string else 0 end from d where k = 'frac'`,
    /^CASE \(or IFF, NVL2\) converting the text '1\.123456' to NUMBER\(18,5\), which cannot hold it exactly/, 1, 8);
  await assertRefused(digits(), `select case when k = 'frac' then s::string else 0 end from d where k = 'frac'`, why, 1, 8);
  await assertRefused(digits(), `select k,\n  case when k = 'long' then s::string else 0 end from d where k = 'long'`,
    /^CASE \(or IFF, NVL2\) converting the text '12345678901234567' to NUMBER\(18,5\), which cannot hold it exactly/, 2, 3);
  await assertRefused(digits(), `select iff(k = 'tiny', s::string, 0) from d where k = 'tiny'`, /^CASE \(or IFF, NVL2\) converting the text '1e-7'/, 1, 8);
  await assertRefused(digits(), `select case when k = '-' then s::string else v:x::number end from d where k = 'long'`,
    /^CASE \(or IFF, NVL2\) converting the number 12345678901234567 to NUMBER\(18,5\)/, 1, 8);
  await assertRefused(digits(), `select coalesce(s, 0) from d where k = 'frac'`,
    /^COALESCE \(or NVL, IFNULL\) converting the text '1\.123456' to NUMBER\(18,5\), which cannot hold it exactly/, 1, 8);
  // A number beside text in COALESCE takes the same NUMBER(18,5): more digits are refused, not rounded.
  await assertRefused(digits(), `select coalesce(null::varchar, x, 0) from (select 1.1234567::number(20,10) as x)`,
    /^COALESCE \(or NVL, IFNULL\) converting the number 1\.1234567000 to NUMBER\(18,5\)/, 1, 8);
  // Only the rows that return the value: the other rows convert.
  assert.deepEqual(await firstRow(digits(), `select count(*) from (select case when k = 'frac' then 0 else s::string end from d where k <> 'long' and k <> 'tiny')`), [4]);
});
