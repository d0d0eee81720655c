// A bare CURRENT_ROLE, CURRENT_SCHEMA, CURRENT_CATALOG or SESSION_USER (no parentheses) on the DuckDB target: Snowflake
// does not reserve these words (https://docs.snowflake.com/en/sql-reference/reserved-keywords) and writes the functions
// with parentheses (https://docs.snowflake.com/en/sql-reference/functions/current_role), so the bare word is an
// identifier — a column where one of that name is in scope, else "invalid identifier". DuckDB answered its own value
// (`duckdb`, `main`, `memory`) whenever no column bound, even for the quoted word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table audit (current_role varchar, n int)');
  await s.execute("insert into audit values ('ANALYST', 1)");
});

const invalid = (shown: string, line: number, column: number): RegExp =>
  new RegExp(`^WarehouseError: SQL compilation error: invalid identifier '${shown}' \\(line ${line}, column ${column}\\)$`);

test('a bare context word with no column of that name in scope is an invalid identifier, located', async () => {
  const s = session();
  await assert.rejects(s.execute('select current_role'), invalid('CURRENT_ROLE', 1, 8));
  await assert.rejects(s.execute('select 1 as x,\n  current_schema'), invalid('CURRENT_SCHEMA', 2, 3));
  await assert.rejects(s.execute('select n from audit where current_catalog is not null'), invalid('CURRENT_CATALOG', 1, 27));
  await assert.rejects(s.execute('select "SESSION_USER" from (select 1 as x)'), invalid('SESSION_USER', 1, 8));
  await assert.rejects(s.execute('create or replace view v as select current_schema as s'), invalid('CURRENT_SCHEMA', 1, 36));
  await assert.rejects(s.execute('create or replace table t2 as select current_role as r'), invalid('CURRENT_ROLE', 1, 38));
});

test('a column of that name is read as the column; the functions with parentheses and reserved words are untouched', async () => {
  const s = session();
  assert.deepEqual((await s.execute('select current_role, n from audit')).rows, [{ CURRENT_ROLE: 'ANALYST', N: 1 }]);
  assert.deepEqual((await s.execute('select a.current_role || \'!\' as r from audit a')).rows, [{ R: 'ANALYST!' }]);
  assert.deepEqual((await s.execute('select x from (select 1 as current_schema, 2 as x) where current_schema = 1')).rows, [{ X: 2 }]);
  assert.deepEqual((await s.execute("select current_schema() is not null as a, 'current_role' as b")).rows, [{ A: true, B: 'current_role' }]);
  // CURRENT_USER and CURRENT_DATE are reserved: Snowflake reads them bare as the functions.
  assert.equal((await s.execute('select current_date is not null as d')).rows[0].D, true);
});

test('an alias of that name in the same select list is refused by name (Snowflake reads the alias)', async () => {
  const s = session();
  await assert.rejects(s.execute('select 1 as current_role, current_role + 1'), /^WarehouseError: CURRENT_ROLE without parentheses where a select-list alias of that name is in scope .* \(line 1, column 27\)$/);
});
