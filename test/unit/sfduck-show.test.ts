// Snowflake's SHOW of objects DuckDB has no SHOW for (SHOW TAGS in Flipside's on-run-end tagging hook, SHOW GRANTS…)
// is a located refusal naming the statement, not DuckDB's parser error; SHOW TABLES keeps working.
import { test } from 'node:test';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import assert from 'node:assert/strict';

const session = memorySession();

test('SHOW TAGS / GRANTS / TERSE OBJECTS are refused by name and place; SHOW TABLES runs', async () => {
  await assertRefused(session(), 'show tags in memory.main', /^SHOW TAGS is not supported on the DuckDB target/, 1, 1);
  await assertRefused(session(), 'show grants on table x', /^SHOW GRANTS is not supported/, 1, 1);
  await assertRefused(session(), '\n  SHOW TERSE OBJECTS in schema x', /^SHOW TERSE OBJECTS is not supported/, 2, 3);
  assert.ok(Array.isArray((await session().execute('show tables')).rows));
});

test('CREATE FILE FORMAT / STAGE off the twin are refused by name and place (willibald_datavault\'s on-run-start hook), not DuckDB\'s parser error', async () => {
  await assertRefused(session(), "CREATE or REPLACE FILE FORMAT ext.ff COMPRESSION = 'AUTO' FIELD_DELIMITER = ';'", /^CREATE FILE FORMAT outside the local twin \(--target local\) is not supported on the DuckDB target/, 1, 1);
  await assertRefused(session(), "\n create stage s URL = 's3://b/'", /^CREATE STAGE outside the local twin/, 2, 2);
});
