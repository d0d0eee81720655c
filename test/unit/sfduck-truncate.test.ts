// Snowflake's TRUNCATE [TABLE] [IF EXISTS] <name> (https://docs.snowflake.com/en/sql-reference/sql/truncate-table) on
// the DuckDB target: DuckDB's TRUNCATE has no IF EXISTS and stopped with its raw parser error (a pre-hook
// `TRUNCATE TABLE IF EXISTS {{ this }}` before an incremental model's first build). With the table the rows go; without
// it nothing happens; the ERROR_TABLE form is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create schema silver');
  await s.execute('create table silver.t (a int)');
});

test('TRUNCATE TABLE IF EXISTS empties an existing table, qualified or not, and is a no-op for a missing one', async () => {
  const s = session();
  await s.execute('insert into silver.t values (1), (2)');
  await s.execute('TRUNCATE TABLE IF EXISTS memory.silver.t');
  assert.deepEqual(await firstRow(s, 'select count(*) from silver.t'), [0]);
  await s.execute('insert into silver.t values (3)');
  await s.execute('truncate if exists silver.t;');
  assert.deepEqual(await firstRow(s, 'select count(*) from silver.t'), [0]);
  const none = await s.execute('TRUNCATE TABLE IF EXISTS memory.silver.not_built_yet');
  assert.deepEqual(none.rows, [{ status: 'Statement executed successfully.' }]);
  // Without IF EXISTS a missing table is still an error.
  await assert.rejects(s.execute('truncate table silver.not_built_yet'), /does not exist/);
});

test('TRUNCATE … ERROR_TABLE(…) is refused by name at its place', async () => {
  await assertRefused(session(), 'truncate table if exists error_table(silver.t)', /^TRUNCATE … ERROR_TABLE\(…\) \(DML error logging\) is not supported on the DuckDB target/, 1, 26);
});
