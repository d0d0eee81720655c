// SHOW TERSE SCHEMAS on the DuckDB target (https://docs.snowflake.com/en/sql-reference/sql/show-schemas): created_on,
// name, kind (NULL), database_name, schema_name (NULL), by database and name. dbt_external_tables' create_external_schema
// asks `show terse schemas like '<schema>' in database <db> limit 1` and counts the rows. DuckDB keeps no creation
// time: the target records one when it creates a schema, and a listed schema it did not create is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('a schema the target created is listed with the time it was created; LIKE is case-insensitive', async () => {
  const s = session();
  const before = Date.now();
  await s.execute('create schema if not exists memory.ext_load');
  const after = Date.now();
  // A second CREATE … IF NOT EXISTS creates nothing: the time stays.
  await s.execute('create schema if not exists ext_load');
  const r = await s.execute("show terse schemas like 'EXT_LO%' in database memory limit 1;");
  assert.deepEqual(r.columns.map((c) => c.name), ['created_on', 'name', 'kind', 'database_name', 'schema_name']);
  assert.equal(r.rows.length, 1);
  const row = r.rows[0];
  assert.deepEqual([row.name, row.kind, row.database_name, row.schema_name], ['EXT_LOAD', null, 'MEMORY', null]);
  const created = new Date(String(row.created_on)).getTime();
  assert.ok(created >= before - 1000 && created <= after + 1000, String(row.created_on));
  assert.equal((await s.execute("show terse schemas like 'nothing_here' in database memory")).rows.length, 0);
  assert.equal((await s.execute("show terse schemas in database memory starts with 'EXT'")).rows.length, 1);
});

test('a dropped schema is gone from the listing and its record; a new one of that name gets its own time', async () => {
  const s = session();
  await s.execute('create schema memory.gone_soon');
  await s.execute('drop schema memory.gone_soon');
  assert.equal((await s.execute("show terse schemas like 'GONE_SOON'")).rows.length, 0);
  await s.execute('create schema gone_soon');
  assert.equal((await s.execute("show terse schemas like 'gone_soon'")).rows.length, 1);
});

test('a listed schema the target did not create (no recorded time) is refused by name, never given a made-up time', async () => {
  // MAIN came with the catalog; INFORMATION_SCHEMA is listed as on Snowflake, and neither has a known creation time.
  await assertRefused(session(), "show terse schemas like 'MAIN'", /^SHOW TERSE SCHEMAS created_on of MEMORY\.MAIN \(a schema the target did not create/, 1, 1);
  await assertRefused(session(), 'show terse schemas in account', /^SHOW TERSE SCHEMAS created_on of MEMORY\.INFORMATION_SCHEMA/, 1, 1);
});

test('SHOW TERSE SCHEMAS options the target cannot answer are refused by name and place', async () => {
  await assertRefused(session(), 'show terse schemas history', /^SHOW TERSE SCHEMAS HISTORY/, 1, 20);
  await assertRefused(session(), "show terse schemas limit 5 from 'A'", /^SHOW TERSE SCHEMAS LIMIT … FROM/, 1, 28);
  await assertRefused(session(), 'show terse schemas in application app', /^SHOW TERSE SCHEMAS IN APPLICATION/, 1, 20);
});
