// HASH on the DuckDB target: Snowflake's 64-bit hash is not DuckDB's, so a HASH value is refused by name at the call
// whenever a query computes it — and only then: a column computed and never read does not stop the query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

const HASH_REFUSAL = /^HASH \(Snowflake's 64-bit hash differs from DuckDB's\) is not supported on the DuckDB target \(line 2, column 3\)/;

test('a HASH value that is read is refused by name at the call', async () => {
  for (const sql of [
    'select id,\n  hash(id) as h from (select 1 as id)',
    'select distinct id, h from (select id,\n  hash(id) as h from (select 1 as id))',
    'select count(*) from (select id from (select 1 as id) where\n  hash(id) > 0)',
  ]) {
    await assert.rejects(session().execute(sql), (e: unknown) => HASH_REFUSAL.test(String((e as Error).message)), sql);
  }
});

test('a HASH column a CTE computes and no one reads does not stop the query', async () => {
  const r = await session().execute(
    "with ranked as (select\n  hash(c || '|' || s) as snowflake_id, c, s, rank() over (partition by c order by s desc) as rk\n" +
      "  from (select * from (values ('US', 'WA'), ('US', 'OR'), ('CA', 'BC')) v(c, s)))\nselect c, s from ranked where rk = 1 order by c",
  );
  assert.deepEqual(r.rows, [{ C: 'CA', S: 'BC' }, { C: 'US', S: 'WA' }]);
});
