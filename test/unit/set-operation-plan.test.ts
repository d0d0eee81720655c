// DuckDB's planner fault over a view whose query is a set operation over its own CTEs (set-operation-plan.ts): the
// statement reading it runs with its CTEs materialized (Snowflake's rows), or is refused by name, never DuckDB's raw
// "Type mismatch for SET OPERATION" / "Failed to bind column reference".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { isSetOperationPlanFault, materializingCtes } from '../../server/src/core/sql/snowflake-on-duckdb/set-operation-plan';

// The shape of a datavault4dbt stage view: source rows, and ghost records as a parenthesised UNION ALL CTE.
const VIEW =
  'CREATE VIEW stage AS WITH src AS (SELECT hk, ldts FROM raw), ' +
  "ghost AS ((SELECT '0000' AS hk, '0001-01-01'::TIMESTAMP AS ldts) UNION ALL (SELECT 'ffff' AS hk, '8888-12-31'::TIMESTAMP AS ldts)) " +
  '(SELECT hk, ldts FROM src) UNION ALL (SELECT hk, ldts FROM ghost)';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE raw (hk VARCHAR, ldts TIMESTAMP)');
  await s.execute("INSERT INTO raw VALUES ('a', '2020-01-02'), ('a', '2020-01-01'), ('b', '2020-01-03')");
  await s.execute(VIEW);
});

test('a hub over two stage views (CTEs, UNION ALL, QUALIFY) gives the earliest row per key, as Snowflake does', async () => {
  const r = await session().execute(
    'WITH s1 AS (SELECT hk, ldts FROM stage), s2 AS (SELECT hk, ldts FROM stage), ' +
      'u AS (SELECT hk, ldts FROM s1 UNION ALL SELECT hk, ldts FROM s2), ' +
      'firsts AS (SELECT u.* FROM u QUALIFY ROW_NUMBER() OVER (PARTITION BY hk ORDER BY ldts) = 1) ' +
      'SELECT hk, ldts::VARCHAR AS ldts FROM firsts ORDER BY hk',
  );
  assert.deepEqual(
    r.rows.map((row) => [row.HK, row.LDTS]),
    [
      ['0000', '0001-01-01 00:00:00.000'],
      ['a', '2020-01-01 00:00:00.000'],
      ['b', '2020-01-03 00:00:00.000'],
      ['ffff', '8888-12-31 00:00:00.000'],
    ],
  );
});

test('the same set operation over the view without a CTE to materialize is refused by name at its UNION', async () => {
  await assertRefused(
    session(),
    'SELECT hk FROM (SELECT hk, ldts FROM stage UNION ALL SELECT hk, ldts FROM stage) QUALIFY ROW_NUMBER() OVER (PARTITION BY hk ORDER BY ldts) = 1',
    /set operation \(UNION\/INTERSECT\/EXCEPT\) over its own WITH clauses, which DuckDB fails to plan/,
    1,
    44,
  );
});

test('materializingCtes writes each CTE of each WITH list AS MATERIALIZED, and leaves a written one alone', () => {
  const sql = 'WITH a AS (SELECT 1), b (x) AS (WITH c AS (SELECT 2) SELECT * FROM c) SELECT * FROM a, b';
  const out = materializingCtes(sql).map((i) => sql.slice(0, i.at) + '|');
  assert.deepEqual(out, ['WITH a AS|', 'WITH a AS (SELECT 1), b (x) AS|', 'WITH a AS (SELECT 1), b (x) AS (WITH c AS|']);
  assert.deepEqual(materializingCtes('WITH a AS MATERIALIZED (SELECT 1) SELECT * FROM a'), []);
});

test("DuckDB's two messages for the fault are recognised (the real willibald hub raises the first), and no other", () => {
  assert.ok(isSetOperationPlanFault('Invalid Input Error: Type mismatch for SET OPERATION'));
  assert.ok(isSetOperationPlanFault('INTERNAL Error: Failed to bind column reference "HK" [0.0]: inequal num bindings/types (2 != 1)'));
  assert.ok(!isSetOperationPlanFault('Binder Error: Set operations can only apply to expressions with the same number of result columns'));
});
