// Snowflake session state on the DuckDB target (session-variables.ts): SET/UNSET and $name, USE WAREHOUSE and
// CURRENT_WAREHOUSE, and DuckDB's own settings still set by `SET name = value`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('a session variable keeps the type of its value; unquoted names are case-insensitive', async () => {
  await session().execute("SET my_var = 10");
  await session().execute("SET Name_Var = 'George'");
  assert.deepEqual(await firstRow(session(), "SELECT $MY_VAR + 1, $name_var || '!', $my_var * 1.5"), [11, 'George!', 15]);
});

test('a variable never set, or unset, fails with Snowflake\'s error rather than reading as NULL', async () => {
  await assert.rejects(session().execute('SELECT $never_set'), /Session variable '\$NEVER_SET' does not exist/);
  await session().execute('SET gone = 1');
  await session().execute('UNSET gone');
  await assert.rejects(session().execute('SELECT $gone'), /Session variable '\$GONE' does not exist/);
});

test('SET of several variables at once is refused by name', async () => {
  await assert.rejects(session().execute('SET (a, b) = (1, 2)'), /SET of several session variables at once is not supported on the DuckDB target/);
});

test('SET of a DuckDB setting still sets it', async () => {
  await session().execute('SET threads = 1');
  assert.deepEqual(await firstRow(session(), "SELECT current_setting('threads')"), [1]);
});

test('CURRENT_WAREHOUSE is NULL until USE WAREHOUSE, then the name as Snowflake resolves it', async () => {
  assert.deepEqual(await firstRow(session(), 'SELECT CURRENT_WAREHOUSE()'), [null]);
  await session().execute('USE WAREHOUSE transforming');
  assert.deepEqual(await firstRow(session(), 'SELECT CURRENT_WAREHOUSE()'), ['TRANSFORMING']);
  await session().execute('USE WAREHOUSE "Mixed_Case"');
  assert.deepEqual(await firstRow(session(), 'SELECT CURRENT_WAREHOUSE()'), ['Mixed_Case']);
});

test('the translation of SET and $name is stable under a second pass', () => {
  for (const sql of ['SET x = 1 + 2', "SELECT $x || 'a'", 'UNSET x', 'USE WAREHOUSE w']) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once, sql);
  }
});
