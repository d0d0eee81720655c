// A name two relations of a FROM clause both have, read unqualified: Snowflake refuses it ("ambiguous column name
// 'DAY'"), and the DuckDB target refuses it the same way, located, instead of DuckDB's "Ambiguous reference to column
// name". The innermost query block whose relations have the name takes it first, on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { tableFunctionAliases } from '../../server/src/core/sql/snowflake-on-duckdb/table-functions';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { ambiguousColumnMessage, qualifiedColumnMessage, unknownQualifierMessage } from '../../server/src/core/sql/snowflake-on-duckdb/errors';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE dates (day DATE, account VARCHAR)');
  await s.execute('CREATE TABLE arr (day DATE, account VARCHAR, total NUMBER(10,2))');
  await s.execute('CREATE TABLE accounts (account VARCHAR)');
  await s.execute("INSERT INTO dates VALUES ('2024-01-01', 'a'), ('2024-01-02', 'a')");
  await s.execute("INSERT INTO arr VALUES ('2024-01-02', 'a', 10)");
  await s.execute("INSERT INTO accounts VALUES ('a')");
  await s.execute('CREATE TABLE uploads (record_content VARIANT, value VARIANT)');
  await s.execute(`INSERT INTO uploads SELECT parse_json('[{"asset": 1}]'), parse_json('{"asset": 9}')`);
  await s.execute('CREATE TABLE plain (record_content VARIANT)');
  await s.execute(`INSERT INTO plain SELECT parse_json('[{"asset": 1}]')`);
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

// flipside_algorand's silver__asset reads `VALUE :asset` unqualified over `collect_NFTs, LATERAL FLATTEN(input =>
// record_content) f`, where collect_NFTs is `SELECT *` of a table: with a VALUE column in that table (the sampler had
// made one), the twin's binder finds two. The FLATTEN page lists its output columns but not which of the two such a
// name reads: refused by name, located, instead of "ambiguous column name" (which two tables' name gets, above).
test("an unqualified name of FLATTEN's output that another relation also has is refused by name, located", async () => {
  const refused = /^An unqualified VALUE where FLATTEN's output and another relation of the FROM clause both have a column VALUE \(which one Snowflake reads is not documented: qualify it\) is not supported on the DuckDB target/;
  await assertRefused(session(), 'SELECT VALUE :asset :: NUMBER AS nft\nFROM uploads, LATERAL FLATTEN(input => record_content) f', refused, 1, 8);
  await assertRefused(session(), 'SELECT 1 AS one,\n  VALUE AS v FROM uploads, TABLE(FLATTEN(record_content))', refused, 2, 3);
  await assertRefused(session(), 'SELECT n FROM (SELECT value:asset AS n FROM (SELECT * FROM uploads) u, LATERAL FLATTEN(input => u.record_content) AS "F")', refused, 1, 23);
  // Qualified, or where only FLATTEN has the name: FLATTEN's value.
  const qualified = await session().execute('SELECT f.VALUE :asset :: NUMBER AS nft FROM uploads, LATERAL FLATTEN(input => record_content) f');
  assert.deepEqual(qualified.rows.map((r) => Number(r.NFT)), [1]);
  const alone = await session().execute('SELECT VALUE :asset :: NUMBER AS nft, index FROM plain, LATERAL FLATTEN(input => record_content)');
  assert.deepEqual(alone.rows.map((r) => [Number(r.NFT), Number(r.INDEX)]), [[1, 0]]);
  // Two tables that have VALUE, a FLATTEN elsewhere in the statement: Snowflake's ambiguity, as before.
  await assert.rejects(
    session().execute('SELECT value FROM uploads u, uploads w, LATERAL FLATTEN(input => u.record_content) f WHERE f.index = 0'),
    (e: unknown) => e instanceof WarehouseError && e.message === "ambiguous column name 'VALUE' (line 1, column 8)",
  );
});

test('the names FLATTEN and SPLIT_TO_TABLE go by: an alias (AS or not, quoted), or the twin\'s own when unaliased', () => {
  assert.deepEqual([...tableFunctionAliases('select * from t, lateral flatten(input => t.v) f, table(flatten(t.w)) as "G", lateral split_to_table(t.s, \',\')')], ['f', 'g', '_split_to_table']);
  assert.deepEqual([...tableFunctionAliases('select * from t, lateral flatten(input => t.v) where x = 1')], ['_flatten']);
  assert.deepEqual([...tableFunctionAliases('select array_flatten(x) from t')], []);
});
