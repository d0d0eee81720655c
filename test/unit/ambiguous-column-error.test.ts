// A name two relations of a FROM clause both have, read unqualified: Snowflake refuses it ("ambiguous column name
// 'DAY'"), and the DuckDB target refuses it the same way, located, instead of DuckDB's "Ambiguous reference to column
// name". The innermost query block whose relations have the name takes it first, on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { ambiguousColumnMessage, qualifiedColumnMessage, unknownQualifierMessage } from '../../server/src/core/sql/snowflake-on-duckdb/errors';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE dates (day DATE, account VARCHAR)');
  await s.execute('CREATE TABLE arr (day DATE, account VARCHAR, total NUMBER(10,2))');
  await s.execute('CREATE TABLE accounts (account VARCHAR)');
  await s.execute("INSERT INTO dates VALUES ('2024-01-01', 'a'), ('2024-01-02', 'a')");
  await s.execute("INSERT INTO arr VALUES ('2024-01-02', 'a', 10)");
  await s.execute("INSERT INTO accounts VALUES ('a')");
});

test("a correlated subquery whose relation lacks the name reads the outer block's, where two relations have it: Snowflake's refusal, located (mattermost's account_daily_arr_deltas)", async () => {
  const sql =
    'SELECT d.day,\n' +
    '  d.day = (SELECT min(day) FROM accounts o WHERE o.account = a.account) AS first_day\n' +
    'FROM dates d LEFT JOIN arr a ON d.account = a.account AND d.day = a.day';
  await assert.rejects(session().execute(sql), (e: unknown) => {
    assert.ok(e instanceof WarehouseError, String(e));
    assert.equal(e.message, "ambiguous column name 'DAY' (line 2, column 23)");
    assert.deepEqual([e.details.line, e.details.column], [2, 23]);
    return true;
  });
});

test("the subquery's own relation takes the name first, and USING's column is one column", async () => {
  const inner = await session().execute(
    'SELECT d.day, d.day = (SELECT min(day) FROM arr o WHERE o.account = a.account) AS first_day\n' +
      'FROM dates d LEFT JOIN arr a ON d.account = a.account AND d.day = a.day ORDER BY d.day',
  );
  assert.deepEqual(inner.rows.map((r) => r.FIRST_DAY), [null, true]);
  const using = await session().execute('SELECT day, total FROM dates JOIN arr USING (day, account)');
  assert.deepEqual(using.rows.map((r) => [String(r.DAY), String(r.TOTAL)]), [['2024-01-02', '10']]);
});

test('only the ambiguity message is read as Snowflake\'s', () => {
  assert.equal(ambiguousColumnMessage('Ambiguous reference to column name "DAY" (use: "D.DAY" or "A.DAY")'), "ambiguous column name 'DAY'");
  assert.equal(ambiguousColumnMessage('Referenced column "DAY" not found in FROM clause!'), undefined);
});

test("a qualified column its relation lacks is Snowflake's invalid identifier, located, not DuckDB's words for its relation (pretium's geography_codes)", async () => {
  // `c.geo_id` where the CTE (DuckDB: "Values list") or the table has no GEO_ID, inside a join condition.
  const cte = 'WITH c AS (SELECT 1 AS a)\nSELECT c.a FROM c LEFT JOIN accounts i\n  ON trim(c.geo_id) = i.account';
  await assert.rejects(session().execute(cte), (e: unknown) => {
    assert.ok(e instanceof WarehouseError, String(e));
    assert.equal(e.message, "SQL compilation error: invalid identifier 'C.GEO_ID' (line 3, column 11)");
    return true;
  });
  await assert.rejects(session().execute('SELECT a.nope FROM accounts a'), /SQL compilation error: invalid identifier 'A\.NOPE' \(line 1, column 8\)$/);
  assert.equal(qualifiedColumnMessage('Table "GR" does not have a column named "RELATED_GEO_ID"'), "SQL compilation error: invalid identifier 'GR.RELATED_GEO_ID'");
  assert.equal(qualifiedColumnMessage('Referenced column "ZZ" not found in FROM clause!'), undefined);
});

test("a column qualified by a relation the query does not read is Snowflake's invalid identifier, located, not DuckDB's raw binder error (mattermost's hard-coded ANALYTICS.EVENTS.<table>.type)", async () => {
  await assert.rejects(session().execute('SELECT x.account FROM accounts a'), (e: unknown) => {
    assert.ok(e instanceof WarehouseError, String(e));
    assert.equal(e.message, "SQL compilation error: invalid identifier 'X.ACCOUNT' (line 1, column 8)");
    return true;
  });
  // Three parts before the column, the first quoted (as dbt renders a database): shown as Snowflake shows names.
  const sql = 'SELECT count(*)\nFROM accounts\nWHERE coalesce("ANALYTICS".events.accounts.account, \'x\') = \'a\'';
  await assert.rejects(session().execute(sql), /SQL compilation error: invalid identifier 'ANALYTICS\.EVENTS\.ACCOUNTS\.ACCOUNT' \(line 3, column 16\)$/);
  assert.equal(unknownQualifierMessage('Referenced table "X" not found!\nCandidate tables: "A"', [{ text: 'x', quoted: false }, { text: 'mixed Col', quoted: true }]), `SQL compilation error: invalid identifier 'X."mixed Col"'`);
  assert.equal(unknownQualifierMessage('Referenced column "ZZ" not found in FROM clause!', [{ text: 'x', quoted: false }, { text: 'a', quoted: false }]), undefined);
});
