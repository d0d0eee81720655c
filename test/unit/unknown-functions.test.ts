// A call of a function DuckDB has and Snowflake does not fails as Snowflake fails it ("Unknown function NAME",
// https://docs.snowflake.com/en/sql-reference/functions-all lists every built-in), located at the call, instead of
// running with DuckDB's meaning; names that only look like calls are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { translateSnowflakeSql, translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { HANDLERS } from '../../server/src/core/sql/snowflake-on-duckdb/functions';
import { DUCKDB_FUNCTIONS } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-functions';
import { SNOWFLAKE_FUNCTIONS } from '../../server/src/core/sql/snowflake-on-duckdb/snowflake-functions';
import { isDuckDbOnlyFunction } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-only-functions';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';

/** The translation as the local twin runs it: Snowflake SQL, DuckDB-only functions refused. */
const twin = (sql: string): string => translateWithMap(sql, {}, { snowflakeFunctionsOnly: true }).sql;

function refusal(sql: string): UnsupportedOnDuckDb {
  try {
    twin(sql);
  } catch (e) {
    if (e instanceof UnsupportedOnDuckDb) return e;
    throw e;
  }
  assert.fail(`expected a refusal of: ${sql}`);
}

test('STRFTIME is refused by name whatever its arguments (DuckDB would run it on a DATE or a column)', () => {
  for (const sql of [
    "SELECT STRFTIME('2024-01-15', '%Y')",
    "SELECT strftime(DATE '2024-01-15', '%Y')",
    "SELECT x, Strftime(d, '%Y-%m') AS ym FROM t",
  ]) {
    const e = refusal(sql);
    assert.match(e.message, /^STRFTIME \(not a Snowflake function: Snowflake fails it as an unknown function; use TO_CHAR\(value, format\)\)/);
    assert.equal(e.offset, sql.toLowerCase().indexOf('strftime('));
  }
});

test('other DuckDB-only functions are refused at the call, the name in upper case', () => {
  const sql = "SELECT a,\n  levenshtein(a, 'x') AS d, epoch_ms(ts) FROM t";
  const e = refusal(sql);
  assert.match(e.message, /^LEVENSHTEIN \(not a Snowflake function: Snowflake fails it as an unknown function\)/);
  assert.equal(e.offset, sql.indexOf('levenshtein'));
  assert.match(refusal('SELECT epoch_ms(ts) FROM t').message, /^EPOCH_MS /);
});

test('Snowflake functions DuckDB also has, and names that are not calls, are left alone', () => {
  for (const sql of [
    "SELECT SPLIT_PART(a, ',', 1), CONCAT_WS('-', a, b), EDITDISTANCE(a, b) FROM t",
    'WITH summary (a) AS (SELECT 1) SELECT a FROM summary',
    'CREATE TABLE range (a INT)',
    'INSERT INTO summary (a) VALUES (1)',
    'CREATE TABLE t (id INT REFERENCES stats (id))',
    "SELECT util.levenshtein(a, 'x') FROM t",
    'SELECT "levenshtein"(a) FROM t',
  ]) {
    assert.doesNotThrow(() => twin(sql), sql);
  }
});

test('on a `type: duckdb` target (the default off the twin) DuckDB SQL still passes through: dbt\'s duckdb__ macros write it', () => {
  const sql = "select generate_series as n from generate_series(1, 3), strftime(d, '%Y'), make_date(2024, 1, 1)";
  assert.equal(translateSnowflakeSql(sql), sql);
});

test("TO_CHAR formats under the translator's own name, which a second pass leaves as it is", () => {
  const once = twin("SELECT TO_CHAR(DATE '2024-01-15', 'YYYY'), MONTHNAME(DATE '2024-01-15')");
  assert.match(once, /bz_strftime\(/);
  assert.doesNotMatch(once, /(?<!bz_)strftime\(/);
  assert.equal(twin(once), once);
});

test('the DuckDB function list is the installed DuckDB\'s (an upgrade adding a function fails here)', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const r = await conn.runAndReadAll("SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE schema_name IN ('main', 'pg_catalog')");
  const installed = new Set(r.getRows().map((row) => String(row[0])).filter((n) => /^[a-z_][a-z0-9_]*$/.test(n)));
  assert.deepEqual([...installed].filter((n) => !DUCKDB_FUNCTIONS.has(n)).sort(), []);
  assert.deepEqual([...DUCKDB_FUNCTIONS].filter((n) => !installed.has(n)).sort(), []);
  conn.closeSync();
});

/** Calls of DuckDB-only functions in the string literals of the translator's sources (what its output can call). */
function emittedByTranslator(): Map<string, string> {
  const dir = join(import.meta.dirname, '../../server/src/core/sql/snowflake-on-duckdb');
  const found = new Map<string, string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const code = readFileSync(join(dir, f), 'utf8').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const lit of code.matchAll(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"/g)) {
      for (const m of lit[0].replace(/\$\{[^}]*\}/g, ' ').matchAll(/(?<![\w$.])([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
        const name = m[1].toLowerCase();
        if (DUCKDB_FUNCTIONS.has(name) && !SNOWFLAKE_FUNCTIONS.has(name) && !HANDLERS[name]) found.set(name, f);
      }
    }
  }
  return found;
}

test('a DuckDB-only function the translator itself writes is refused where the user calls it (judged before translation)', () => {
  // Found in a message, not in SQL: `INSERT OVERWRITE ALL / FIRST (…)`; and STRFTIME only inside macro bodies
  // (bz_strftime, bz_tz_text), which are defined on the connection and never pass through the translator.
  const notOutput = new Set(['first', 'strftime']);
  const emitted = [...emittedByTranslator().keys()].filter((name) => !notOutput.has(name));
  // The translator writes these (TRANSFORM, RLIKE, ARRAY_CONSTRUCT, … become them): the list is no stale fixture.
  for (const name of ['list_transform', 'regexp_full_match', 'list_value', 'json_extract', 'string_agg', 'unnest']) assert.ok(emitted.includes(name), name);
  for (const name of emitted) {
    assert.ok(DUCKDB_FUNCTIONS.has(name) && !SNOWFLAKE_FUNCTIONS.has(name) && isDuckDbOnlyFunction(name), `${name}: a DuckDB-only function`);
    const sql = `SELECT 1 AS a, ${name}(x) AS b FROM t`;
    const e = refusal(sql);
    assert.equal(e.message, `${name.toUpperCase()} (not a Snowflake function: Snowflake fails it as an unknown function) is not supported on the DuckDB target`);
    assert.equal(e.offset, sql.indexOf(`${name}(`));
  }
  // Snowflake's own calls that the translator writes them for still run.
  assert.match(twin('SELECT TRANSFORM([1, 2], x -> x + 1), ARRAY_CONSTRUCT(1, 2)'), /list_transform\(.*list_value\(/s);
  // MAP(…) where a type is written is Snowflake's structured type, not DuckDB's MAP function.
  assert.doesNotThrow(() => twin("SELECT {'a': 1}::MAP(VARCHAR, NUMBER) AS m, CAST(o AS MAP(VARCHAR, VARCHAR)) FROM t"));
});

test("a session's own function of a DuckDB-only name is called as on Snowflake; elsewhere the name is still refused", async () => {
  // https://docs.snowflake.com/en/developer-guide/udf/sql/udf-sql-introduction: a SQL UDF is called by its name, which
  // here is no Snowflake built-in, so Snowflake runs the UDF (unqualified: the current schema's).
  const wh = await createDuckDbWarehouse(
    { name: 'twin', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' },
    { snowflakeCompat: true, snowflakeFunctionsOnly: true },
  );
  const s = await wh.openSession();
  try {
    await s.execute('CREATE SCHEMA udfs');
    await s.execute('USE SCHEMA udfs');
    await s.execute("CREATE OR REPLACE FUNCTION levenshtein(a VARCHAR, b VARCHAR) RETURNS NUMBER AS 'LENGTH(a) * 10 + LENGTH(b)'");
    await s.execute("CREATE FUNCTION list_value(a NUMBER) RETURNS NUMBER AS 'a + 1'");
    const r = await s.execute("SELECT levenshtein('kitten', 'sitting') AS d, LIST_VALUE(1) AS n, udfs.levenshtein('a', 'b') AS q");
    assert.deepEqual(r.rows.map((row) => Object.values(row).map(Number)), [[67, 2, 11]]);
    // Another schema has no such function: Snowflake's unknown function there, not DuckDB's built-in.
    await s.execute('CREATE SCHEMA other');
    await s.execute('USE SCHEMA other');
    await assert.rejects(s.execute("SELECT levenshtein('kitten', 'sitting')"), (e: unknown) => e instanceof WarehouseError && /^LEVENSHTEIN \(not a Snowflake function/.test(e.message));
  } finally {
    await s.close();
    await wh.close();
  }
});

test("MATCH_RECOGNIZE is refused by name (DuckDB's parser failed on it), not as a call of FIRST or LAST inside it", () => {
  // https://docs.snowflake.com/en/sql-reference/constructs/match_recognize: FIRST / LAST / PREV / NEXT are the clause's
  // own navigation functions.
  const sql = 'SELECT * FROM t MATCH_RECOGNIZE(ORDER BY a MEASURES FIRST(a) AS f PATTERN (x+) DEFINE x AS a > 0)';
  const e = refusal(sql);
  assert.match(e.message, /^MATCH_RECOGNIZE is not supported/);
  assert.equal(e.offset, sql.indexOf('MATCH_RECOGNIZE'));
  assert.match(refusal('SELECT FIRST(a) FROM t').message, /^FIRST \(not a Snowflake function/);
});
