// A cast to VARCHAR of a select-list alias used later in the same SELECT (dbt_utils.generate_surrogate_key over an
// alias): DuckDB knows the alias's type only after binding, so no typed overload can be chosen before it;
// bz_varchar's bind-time type dispatch (type-dispatch.ts) gives the same text as the direct cast, a TIMESTAMP_TZ's too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table ld (log_date date, ts timestamp, n number(10,2), f float, v variant)');
  await s.execute("insert into ld select '2024-01-01', '2024-01-01 10:00:00.5', 1.50, 0.1, parse_json('{\"a\": 1.50}')");
});

test('a cast to VARCHAR of an alias gives the text the cast of the aliased expression gives', async () => {
  const r = await session().execute(
    'select log_date as d, cast(d as varchar) k1, ts as t, cast(t as varchar) k2, cast(ts as varchar) k2x, n as n2, n2::varchar k3, f as f2, f2::varchar k4, ' +
      'v:a as a, a::varchar k5, v:a::varchar k5x, ts::timestamp_ltz as l, l::varchar k6, ts::timestamp_ltz::varchar k6x from ld',
  );
  const row = r.rows[0];
  assert.deepEqual([row.K1, row.K2, row.K3, row.K4, row.K5, row.K6], ['2024-01-01', '2024-01-01 10:00:00.500', '1.50', '0.1', '1.5', '2024-01-01 10:00:00.500 +0000']);
  assert.deepEqual([row.K2, row.K5, row.K6], [row.K2X, row.K5X, row.K6X]);
});

test("generate_surrogate_key's shape over an alias hashes the same text as over the column", async () => {
  const r = await session().execute(
    "select log_date as server_date, md5(cast(coalesce(cast(server_date as varchar), '_n') as varchar)) k, md5(cast(coalesce(cast(log_date as varchar), '_n') as varchar)) k2 from ld",
  );
  assert.equal(r.rows[0].K, r.rows[0].K2);
});

test('a cast to VARCHAR of a TIMESTAMP_TZ alias gives the text of the direct cast (its own offset)', async () => {
  const r = await session().execute("select to_timestamp_tz('2024-01-01 10:00:00 +0200') as z,\n  z::varchar zz, to_timestamp_tz('2024-01-01 10:00:00 +0200')::varchar zx");
  assert.equal(r.rows[0].ZZ, '2024-01-01 10:00:00.000 +0200');
  assert.equal(r.rows[0].ZZ, r.rows[0].ZX);
});

test('GROUP BY an alias whose expression reads another alias groups by that expression (group-by-alias.ts)', async () => {
  const r = await session().execute('select cast(ts as date) as d,\n  md5(cast(d as varchar)) as k, count(*) n from ld group by k, d');
  assert.deepEqual(r.rows.map((x) => [String(x.D), x.K, x.N]), [['2024-01-01', (await session().execute("select md5('2024-01-01') m")).rows[0].M, 1]]);
});
