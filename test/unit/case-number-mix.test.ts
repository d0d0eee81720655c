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
