// TRIM/LTRIM/RTRIM of a number on the DuckDB target: Snowflake coerces a NUMBER or FLOAT argument to VARCHAR (the data
// type conversion page: NUMBER is coercible to VARCHAR) and trims its text, as `::VARCHAR` renders it (pretium's
// catalog_enum: `trim(sort_order)` of a seed's integer column was refused by name). A DATE or BOOLEAN stays refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('TRIM, LTRIM and RTRIM of a NUMBER trim its text, scale digits kept', async () => {
  assert.deepEqual(await firstRow(session(), `select trim(123::number(38,0)) as a, ltrim(12.50::number(10,2)) as b, rtrim(5) as c, trim(-7.25::number(5,2), '-') as d`), ['123', '12.50', '5', '7.25']);
});

test('a FLOAT is trimmed as ::VARCHAR renders it', async () => {
  assert.deepEqual(await firstRow(session(), `select trim(1.5::float) as a, trim(1.5::float)  = 1.5::float::varchar as same`), ['1.5', true]);
});

test("a seed's integer column read as text: try_cast(trim(n) as integer) gives the number back, a NULL stays NULL", async () => {
  const sql = `select try_cast(trim(n) as integer) as v, case when trim(n) = '' or n is null then 'none' else 'some' end as w from (select 42::number(38,0) as n union all select null) order by v nulls last`;
  const rows = (await session().execute(sql)).rows;
  assert.deepEqual(rows.map((r) => [Number(r.V ?? NaN), r.W]), [[42, 'some'], [NaN, 'none']]);
});

test('text and a VARIANT are trimmed as before', async () => {
  assert.deepEqual(await firstRow(session(), `select trim('  x ') as a, trim('xxaxx', 'x') as b, trim(parse_json('"  a "')) as c, trim(parse_json('null')) as d`), ['x', 'a', 'a', null]);
});

test('TRIM of a DATE or a BOOLEAN is still refused by name', async () => {
  await assert.rejects(session().execute(`select trim(current_date) as a`), /TRIM with arguments \(DATE\) is not supported on the DuckDB target/);
  await assert.rejects(session().execute(`select ltrim(true) as a`), /LTRIM with arguments \(BOOLEAN\) is not supported on the DuckDB target/);
});
