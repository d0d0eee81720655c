import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionInStatement } from '../../server/src/core/sql/snowflake-on-duckdb/macro-positions';

const noMatch = (call: string, position: number) => ({
  type: 'Binder',
  message: `No function matches the given name and argument types '${call}(VARCHAR, INTEGER)'. You might need to add explicit type casts.`,
  position,
});

test('a position at the call DuckDB names is kept', () => {
  assert.equal(positionInStatement(noMatch('/', 9), 'select g / i from t'), 9);
  assert.equal(positionInStatement(noMatch('lower', 7), 'select LOWER(d) from t'), 7);
  assert.equal(positionInStatement({ type: 'Binder', message: 'Referenced column "x" not found', position: 99 }, 'select x'), 99);
});

test('a `/` failing inside bz_quot\'s body is placed at the bz_quot call; another macro\'s position is dropped', () => {
  const sql = "select 1,\n  bz_quot(g, i, 0) from (select 'a' g, 1 i)";
  assert.equal(positionInStatement(noMatch('/', 233), sql), sql.indexOf('bz_quot('));
  assert.equal(positionInStatement(noMatch('/', 20), "select 1,\n  mymac(g) from (select 'a' g, 1 i)"), undefined);
  assert.equal(positionInStatement(noMatch('lower', 3), 'select bz_x(d)'), undefined);
  // Plain operands call the folded body directly (bind-once.ts): its name maps back the same way.
  const direct = "select 1,\n  bz_quot__once(g, i, 0), bz_prod__once(g, i) from (select 'a' g, 1 i)";
  assert.equal(positionInStatement(noMatch('/', 233), direct), direct.indexOf('bz_quot__once('));
  assert.equal(positionInStatement(noMatch('*', 233), direct), direct.indexOf('bz_prod__once('));
});
