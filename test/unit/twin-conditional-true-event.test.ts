// CONDITIONAL_TRUE_EVENT on the DuckDB target (event-windows.ts): a running count of TRUE rows over a ROWS frame, so
// rows tied on the ORDER BY key get consecutive numbers (not their peer group's count); what has no exact form is
// refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE ev (p VARCHAR, o INTEGER, flag BOOLEAN)');
  await s.execute("INSERT INTO ev VALUES ('a', 1, TRUE), ('a', 2, TRUE), ('a', 2, TRUE), ('a', 3, NULL), ('a', 4, FALSE), ('b', 1, FALSE), ('b', 2, TRUE)");
});

test('rows tied on the ORDER BY key are counted one at a time, NULL is not TRUE, each partition starts at 0', async () => {
  const r = await session().execute('SELECT p, o, CONDITIONAL_TRUE_EVENT(flag) OVER (PARTITION BY p ORDER BY o) AS n FROM ev ORDER BY p, o, n');
  assert.deepEqual(
    r.rows.map((x) => [x.P, x.O, Number(x.N)]),
    [['a', 1, 1], ['a', 2, 2], ['a', 2, 3], ['a', 3, 3], ['a', 4, 3], ['b', 1, 0], ['b', 2, 1]],
  );
});

test('the argument may be a select-list alias, and the result is used in arithmetic (axelar silver__msgs)', async () => {
  const r = await session().execute(
    'SELECT o, o >= 2 AS is_action, NULLIF((CONDITIONAL_TRUE_EVENT(is_action) OVER (PARTITION BY p ORDER BY o ASC) - 1), -1) AS msg_group FROM ev WHERE p = \'b\' ORDER BY o',
  );
  assert.deepEqual(r.rows.map((x) => [x.O, x.MSG_GROUP === null ? null : Number(x.MSG_GROUP)]), [[1, null], [2, 0]]);
});

test('forms with no exact DuckDB rewrite are refused by name at the call', async () => {
  await assertRefused(session(), 'SELECT\n  CONDITIONAL_TRUE_EVENT(flag) OVER (PARTITION BY p) FROM ev', /CONDITIONAL_TRUE_EVENT without ORDER BY in its OVER clause/, 2, 3);
  await assertRefused(session(), 'SELECT CONDITIONAL_TRUE_EVENT(flag) OVER (ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM ev', /CONDITIONAL_TRUE_EVENT with a window frame/, 1, 8);
  await assertRefused(session(), 'SELECT CONDITIONAL_TRUE_EVENT(o > LAG(o) OVER (ORDER BY o)) OVER (ORDER BY o) FROM ev', /CONDITIONAL_TRUE_EVENT of an expression holding a window function/, 1, 8);
  await assertRefused(session(), 'SELECT CONDITIONAL_TRUE_EVENT(flag) OVER w FROM ev WINDOW w AS (ORDER BY o)', /CONDITIONAL_TRUE_EVENT over a named window/, 1, 8);
  await assertRefused(session(), 'SELECT CONDITIONAL_CHANGE_EVENT(o) OVER (ORDER BY o) FROM ev', /CONDITIONAL_CHANGE_EVENT \(Snowflake computes it as/, 1, 8);
});
