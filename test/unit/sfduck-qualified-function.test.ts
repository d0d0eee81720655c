// A call `schema.fn(…)` / `db.schema.fn(…)` of a function that does not exist there (qualified-function.ts): DuckDB
// reads it as a method call on a missing column or table; the user gets a located error naming the function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  // In the current schema (as an on-run-start hook creates a UDF in target.schema), called under another name below.
  await s.execute("create function main.twice(x number) returns number as 'x * 2'");
  await s.execute('create table t (payload varchar)');
  await s.execute("insert into t values ('a')");
});

test('a call qualified by a schema (or database.schema) that lacks a function the current schema has is a located error naming it', async () => {
  assert.deepEqual((await session().execute('select main.twice(2) as v')).rows, [{ V: 4 }]);
  await assert.rejects(
    session().execute('select 1,\n  analytics.twice(payload) as l from t'),
    /Function ANALYTICS\.TWICE \(no function of that name in ANALYTICS: Snowflake's "Unknown function"\) is not supported on the DuckDB target \(line 2, column 3\)/,
  );
  await assert.rejects(
    session().execute('select memory.analytics.twice(payload) as l from t'),
    /Function MEMORY\.ANALYTICS\.TWICE \(no function of that name in MEMORY\.ANALYTICS: .*\(line 1, column 8\)/,
  );
});

test('a missing column or table that qualifies no call is no function error: DuckDB’s message, or Snowflake’s invalid identifier', async () => {
  await assert.rejects(session().execute('select nope from t'), (e: Error) => /Referenced column "NOPE" not found/.test(e.message));
  await assert.rejects(session().execute('select nope.x from t'), (e: Error) => /^SQL compilation error: invalid identifier 'NOPE\.X'/.test(e.message));
});

test('a call qualified by a database the target has no catalog for names the function; a table there keeps the database advice', async () => {
  // Flipside's bronze_api__get_validator_metadata: `ethereum.streamline.udf_api(…)`, a UDF of another project's database.
  await assert.rejects(
    session().execute("select\n  ethereum.streamline.udf_api('POST', 'https://x') as resp"),
    /Function ETHEREUM\.STREAMLINE\.UDF_API \(database ETHEREUM has no catalog on this target, so no definition of the function to run\) is not supported on the DuckDB target \(line 2, column 3\)/,
  );
  await assert.rejects(session().execute('select ethereum.streamline.udf_api(1) from ethereum.streamline.t'), /Database ETHEREUM does not exist on DuckDB target/);
});

test('a call qualified by a schema the target has, of a function no one created there, names the qualified function', async () => {
  // mattermost's `util.fiscal_year(closedate)`: a UDF of the warehouse that no macro or hook of the project creates;
  // DuckDB's message names only FISCAL_YEAR.
  await session().execute('create schema util');
  await assert.rejects(
    session().execute('select 1,\n  util.fiscal_year(payload) = util.fiscal_year(current_date) from t'),
    /Function UTIL\.FISCAL_YEAR \(no function of that name in UTIL: Snowflake's "Unknown function"\) is not supported on the DuckDB target \(line 2, column 3\)/,
  );
  await assert.rejects(
    session().execute('select "MEMORY".util.fiscal_year(payload) from t'),
    /Function MEMORY\.UTIL\.FISCAL_YEAR \(no function of that name in MEMORY\.UTIL: .*\(line 1, column 8\)/,
  );
  // Unqualified, it stays the function's name alone.
  await assert.rejects(session().execute('select fiscal_year(payload) from t'), /: Function FISCAL_YEAR is not supported on the DuckDB target \(line 1, column 8\)/);
});

test("an INFORMATION_SCHEMA table function the twin lacks is refused as such, not as Snowflake's unknown function", async () => {
  // Every Snowflake database has them (https://docs.snowflake.com/en/sql-reference/info-schema). The twin answers
  // QUERY_HISTORY_BY_SESSION from the session's own log (query-history.test.ts); QUERY_HISTORY (every session's
  // statements of the last 7 days) and TASK_HISTORY it does not provide.
  await assert.rejects(
    session().execute('select query_id\nfrom table(information_schema.query_history())'),
    /Function INFORMATION_SCHEMA\.QUERY_HISTORY \(an INFORMATION_SCHEMA table function the local twin does not provide\) is not supported on the DuckDB target \(line 2/,
  );
  await assert.rejects(
    session().execute('select name from table(memory.information_schema.task_history())'),
    /Function (MEMORY\.)?INFORMATION_SCHEMA\.TASK_HISTORY \(an INFORMATION_SCHEMA table function the local twin does not provide\)/,
  );
});
