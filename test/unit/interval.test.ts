// Snowflake interval constants on the DuckDB target: qualified forms DuckDB's parser refuses, commas between parts,
// and a DATE plus whole days/months/years staying a DATE.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';
import { intervalSql } from '../../server/src/core/sql/snowflake-on-duckdb/interval';

let wh: DuckDbWarehouse;
let s: DuckDbSession;
before(async () => {
  wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  s = await wh.openSession();
});
after(async () => wh.close());

test('interval constants: qualified and comma forms become DuckDB intervals; other text is left alone', () => {
  assert.deepEqual(intervalSql('1-1', ['year', 'to', 'month']), { sql: "INTERVAL '1 years 1 months'", dateOnly: true });
  assert.deepEqual(intervalSql('-1-1', ['year', 'to', 'month']), { sql: "INTERVAL '-1 years -1 months'", dateOnly: true });
  assert.deepEqual(intervalSql('1 01:01:01.7878', ['day', 'to', 'second']), { sql: "INTERVAL '1 days 01:01:01.7878'", dateOnly: false });
  assert.deepEqual(intervalSql('2 03', ['day', 'to', 'hour']), { sql: "INTERVAL '2 days 03:00:00'", dateOnly: false });
  assert.deepEqual(intervalSql('1 year, 2 months', []), { sql: "INTERVAL '1 year 2 months'", dateOnly: true });
  assert.equal(intervalSql('3 hours, 2 mins', [])?.dateOnly, false);
  assert.equal(intervalSql('1-1', ['year']), undefined);
  assert.equal(intervalSql('soon', []), undefined);
});

test('a DATE plus or minus whole years/months/days stays a DATE; timestamps take any interval', async () => {
  const r = await s.execute(
    "select to_date('2024-01-01') + interval '1-1' year to month as a, to_date('2024-01-01') + interval '-1-1' year to month as b, " +
      "'2024-01-31'::date - interval '1 month, 1 day' as c, to_timestamp('2024-01-01 08:08:08.99') + interval '1 01:01:01.7878' day to second as d",
  );
  assert.deepEqual(r.rows[0], { A: '2025-02-01', B: '2022-12-01', C: '2023-12-30', D: new Date('2024-01-02T09:09:10.7778Z') });
  assert.deepEqual(r.columns.map((c) => c.type), ['DATE', 'DATE', 'DATE', 'TIMESTAMP']);
  const once = translateSnowflakeSql("select to_date('2024-01-01') + interval '1-1' year to month");
  assert.equal(translateSnowflakeSql(once), once, 'a second pass changes nothing');
});
