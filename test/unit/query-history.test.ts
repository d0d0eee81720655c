// The twin session's query history (client …/snowflake-on-duckdb/query-history.ts): QUERY_HISTORY_BY_SESSION,
// RESULT_SCAN and LAST_QUERY_ID read the statements the session ran, with Snowflake's columns, types and DML results.
// https://docs.snowflake.com/en/sql-reference/functions/query_history,
// https://docs.snowflake.com/en/sql-reference/functions/result_scan,
// https://docs.snowflake.com/en/sql-reference/functions/last_query_id,
// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_02/bcr-1431-1524-1540 (ROWS_INSERTED, ROWS_WRITTEN_TO_RESULT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table t (id int, v varchar)');
});

const HISTORY = 'table(information_schema.query_history_by_session())';

/** The newest history row of `type`. */
async function newest(type: string): Promise<Record<string, unknown>> {
  const r = await session().execute(`select * from ${HISTORY} where query_type = '${type}' order by end_time desc limit 1`);
  return r.rows[0];
}

test('an INSERT is in the history with its rows, and RESULT_SCAN of its id gives Snowflake\'s INSERT result', async () => {
  const ran = await session().execute("insert into t values (1, 'a'), (2, 'b')");
  assert.match(String(ran.queryId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const row = await newest('INSERT');
  assert.equal(row.QUERY_ID, ran.queryId);
  assert.equal(row.QUERY_TEXT, "insert into t values (1, 'a'), (2, 'b')");
  assert.equal(Number(row.ROWS_INSERTED), 2);
  // For CTAS and every DML statement, ROWS_WRITTEN_TO_RESULT is 1.
  assert.equal(Number(row.ROWS_WRITTEN_TO_RESULT), 1);
  assert.ok((row.START_TIME as Date) <= (row.END_TIME as Date));
  const scan = await session().execute(`select * from table(result_scan('${String(ran.queryId)}'))`);
  assert.deepEqual(scan.columns, [{ name: 'number of rows inserted', type: 'DECIMAL(38,0)' }]);
  assert.equal(Number(scan.rows[0]['number of rows inserted']), 2);
});

test('the history\'s columns have the documented types (NUMBER, VARCHAR, TIMESTAMP_LTZ)', async () => {
  const r = await session().execute(`select query_id, query_text, query_type, session_id, start_time, end_time, rows_inserted, rows_written_to_result from ${HISTORY} limit 1`);
  assert.deepEqual(
    r.columns.map((c) => `${c.name} ${c.type}`),
    [
      'QUERY_ID VARCHAR',
      'QUERY_TEXT VARCHAR',
      'QUERY_TYPE VARCHAR',
      'SESSION_ID DECIMAL(38,0)',
      'START_TIME TIMESTAMP WITH TIME ZONE',
      'END_TIME TIMESTAMP WITH TIME ZONE',
      'ROWS_INSERTED DECIMAL(38,0)',
      'ROWS_WRITTEN_TO_RESULT DECIMAL(38,0)',
    ],
  );
});

test('a MERGE counts its rows per action: ROWS_INSERTED the inserted ones, RESULT_SCAN a column per action it has', async () => {
  await session().execute("create or replace table src as select 2 as id, 'b2' as v union all select 3, 'c'");
  // Not dbt's update-every-column shape: DuckDB runs it as written.
  await session().execute('merge into t using src on t.id = src.id when matched then update set v = src.v when not matched then insert (id, v) values (src.id, src.v)');
  const row = await newest('MERGE');
  assert.equal(Number(row.ROWS_INSERTED), 1);
  const scan = await session().execute(`select * from table(result_scan('${String(row.QUERY_ID)}'))`);
  assert.deepEqual(scan.columns.map((c) => c.name), ['number of rows inserted', 'number of rows updated']);
  assert.deepEqual(Object.values(scan.rows[0]).map(Number), [1, 1]);
  // The table holds what the MERGE did: the result's own count is unchanged.
  assert.equal(Number((await session().execute('select count(*) as n from t')).rows[0].N), 3);
  await session().execute("merge into t using src on t.id = src.id when matched and src.id = 3 then delete");
  const del = await session().execute('select * from table(result_scan(last_query_id()))');
  assert.deepEqual(del.columns.map((c) => c.name), ['number of rows deleted']);
  assert.equal(Number(del.rows[0]['number of rows deleted']), 1);
});

test("dbt's incremental MERGE (run as DELETE + INSERT) still counts inserted and updated rows apart", async () => {
  await session().execute("create or replace table tgt as select 1 as id, 'a' as v union all select 2, 'b'");
  await session().execute("create or replace table batch as select 2 as id, 'b2' as v union all select 3, 'c' union all select 4, 'd'");
  await session().execute(
    'merge into tgt as DBT_INTERNAL_DEST using batch as DBT_INTERNAL_SOURCE on (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id) ' +
      'when matched then update set "ID" = DBT_INTERNAL_SOURCE."ID", "V" = DBT_INTERNAL_SOURCE."V" ' +
      'when not matched then insert ("ID", "V") values (DBT_INTERNAL_SOURCE."ID", DBT_INTERNAL_SOURCE."V")',
  );
  const row = await newest('MERGE');
  assert.equal(Number(row.ROWS_INSERTED), 2);
  const scan = await session().execute(`select "number of rows inserted" as i, "number of rows updated" as u from table(result_scan('${String(row.QUERY_ID)}'))`);
  assert.deepEqual([Number(scan.rows[0].I), Number(scan.rows[0].U)], [2, 1]);
});

test('UPDATE and DELETE results, CTAS in the history, LAST_QUERY_ID by position', async () => {
  await session().execute("update t set v = 'x' where id = 1");
  const upd = await session().execute('select * from table(result_scan(last_query_id()))');
  assert.deepEqual(upd.columns.map((c) => c.name), ['number of rows updated', 'number of multi-joined rows updated']);
  assert.deepEqual(Object.values(upd.rows[0]).map(Number), [1, 0]);
  await session().execute('delete from t where id = 1');
  const lastTwo = await session().execute('select last_query_id() as a, last_query_id(-1) as b, last_query_id(-2) as c');
  assert.equal(lastTwo.rows[0].A, lastTwo.rows[0].B);
  const del = await session().execute(`select * from table(result_scan('${String(lastTwo.rows[0].A)}'))`);
  assert.deepEqual(del.rows, [{ 'number of rows deleted': 1 }]);
  // -2 is the statement before the DELETE's: the UPDATE's RESULT_SCAN query.
  assert.notEqual(lastTwo.rows[0].C, lastTwo.rows[0].A);
  await session().execute('create or replace table copied as select * from t');
  const ctas = await newest('CREATE_TABLE_AS_SELECT');
  // t holds one row now (id 2).
  assert.equal(Number(ctas.ROWS_INSERTED), 1);
  assert.equal(Number(ctas.ROWS_WRITTEN_TO_RESULT), 1);
  // The first statement of the session: the setup's CREATE TABLE.
  const first = await session().execute('select last_query_id(1) as q');
  assert.match(String(first.rows[0].Q), /^[0-9a-f-]{36}$/);
});

test('a SELECT is in the history with the rows it returned; RESULT_LIMIT keeps the newest', async () => {
  await session().execute('select * from t');
  const rows = await session().execute(`select query_type, query_text, rows_inserted, rows_written_to_result from table(information_schema.query_history_by_session(session_id => current_session(), result_limit => 2))`);
  assert.equal(rows.rows.length, 2);
  assert.deepEqual(rows.rows.find((r) => r.QUERY_TEXT === 'select * from t'), { QUERY_TYPE: 'SELECT', QUERY_TEXT: 'select * from t', ROWS_INSERTED: 0, ROWS_WRITTEN_TO_RESULT: 1 });
  // The database-qualified form reads the same history.
  const qualified = await session().execute('select count(*) as n from table(memory.information_schema.query_history_by_session(result_limit => 1))');
  assert.equal(Number(qualified.rows[0].N), 1);
});

test('what the twin cannot answer is refused by name, located', async () => {
  const s = session();
  await assertRefused(s, `select query_id,\n  execution_status from ${HISTORY}`, /Column EXECUTION_STATUS of INFORMATION_SCHEMA\.QUERY_HISTORY_BY_SESSION \(the local twin's query history holds QUERY_ID, .* only\)/, 2, 3);
  await s.execute('select 1');
  await assertRefused(s, 'select * from table(result_scan(last_query_id()))', /RESULT_SCAN of a SELECT whose result the local twin does not keep/, 1, 21);
  await assertRefused(s, "select * from table(result_scan('01b2c3d4-0000-0000-0000-000000000000'))", /RESULT_SCAN of query id '01b2c3d4-0000-0000-0000-000000000000' \(not a statement this session of the local twin ran\)/, 1, 21);
  await assertRefused(s, 'select * from table(result_scan(upper(\'x\')))', /RESULT_SCAN of a query id given by an expression/, 1, 21);
  await assertRefused(s, 'select last_query_id(100000) as q', /LAST_QUERY_ID of LAST_QUERY_ID\(100000\) \(the session has \d+ earlier statements\)/, 1, 8);
  await assertRefused(s, `select * from table(information_schema.query_history_by_session(end_time_range_start => dateadd('hour', -1, current_timestamp())))`, /QUERY_HISTORY_BY_SESSION with END_TIME_RANGE_START => .* \(the local twin keeps the current session's statements only\)/, 1, 40);
  await assertRefused(s, `select * from table(information_schema.query_history_by_session(session_id => 12345))`, /QUERY_HISTORY_BY_SESSION with SESSION_ID => 12345/, 1, 40);
  // A view would answer when queried, in the querying session: the twin answers once, as the statement runs.
  await assertRefused(s, 'create or replace view v_last as select last_query_id() as q', /LAST_QUERY_ID in a view's definition/, 1, 41);
});

test('a failed statement keeps its id for LAST_QUERY_ID but is not shown; another session has its own history', async () => {
  const s = session();
  await assert.rejects(s.execute('select * from no_such_table'));
  const last = await s.execute('select last_query_id() as q');
  const shown = await s.execute(`select count(*) as n from ${HISTORY} where query_id = '${String(last.rows[0].Q)}'`);
  assert.equal(Number(shown.rows[0].N), 0);
  await assertRefused(s, `select * from table(result_scan('${String(last.rows[0].Q)}'))`, /RESULT_SCAN of a statement whose result the local twin does not keep/, 1, 21);
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    const other = await wh.openSession();
    await other.execute('select 42');
    const mine = await other.execute(`select query_text, session_id from ${HISTORY}`);
    assert.deepEqual(mine.rows.map((r) => r.QUERY_TEXT), ['select 42']);
    const theirs = await s.execute(`select distinct session_id from ${HISTORY}`);
    assert.notEqual(Number(theirs.rows[0].SESSION_ID), Number(mine.rows[0].SESSION_ID));
  } finally {
    await wh.close();
  }
});

test('QUERY_TEXT masks the values of DBT_ENV_SECRET_* variables, as Bronze logs do', async () => {
  process.env.DBT_ENV_SECRET_QHIST_TEST = 'hunter2-qhist';
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    const s = await wh.openSession();
    await s.execute("select 'hunter2-qhist' as token");
    const r = await s.execute(`select query_text from ${HISTORY}`);
    assert.deepEqual(r.rows, [{ QUERY_TEXT: "select '****' as token" }]);
  } finally {
    delete process.env.DBT_ENV_SECRET_QHIST_TEST;
    await wh.close();
  }
});

test('the log keeps the newest statements within its bounds; a question reaching past them is refused by name', async () => {
  const { QueryHistoryLog } = await import('../../client/src/warehouse/snowflake-on-duckdb/query-history');
  const { translateWithMap } = await import('../../server/src/core/sql/snowflake-on-duckdb/translate');
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  try {
    // A connection of its own: its history table is this log's alone.
    const { connection } = await wh.openSession();
    const log = new QueryHistoryLog({ records: 3, text: 1000 });
    const at = new Date();
    for (let i = 1; i <= 5; i++) log.add({ queryId: `q${i}`, text: `select ${i}`, type: 'SELECT', start: at, end: at, rowsInserted: 0, rowsWrittenToResult: 1 });
    const ask = (sql: string): Promise<void> => log.prepare(connection, translateWithMap(sql).sql, sql);
    await ask('select * from table(information_schema.query_history_by_session(result_limit => 3))');
    const held = await connection.runAndReadAll('select query_id from temp.main.bz_query_history order by seq');
    assert.deepEqual(held.getRows().map((r) => r[0]), ['q3', 'q4', 'q5']);
    await assert.rejects(ask('select * from table(information_schema.query_history_by_session())'), /QUERY_HISTORY_BY_SESSION with RESULT_LIMIT => 100 \(the local twin keeps this session's newest 3 statements\)/);
    await assert.rejects(ask('select last_query_id(1)'), /LAST_QUERY_ID of LAST_QUERY_ID\(1\) \(the session has 5 earlier statements, the newest 3 kept\)/);
    // The text budget: one long statement pushes the older ones out, and they leave the history table too.
    log.add({ queryId: 'q6', text: `select '${'x'.repeat(990)}'`, type: 'SELECT', start: at, end: at, rowsInserted: 0, rowsWrittenToResult: 1 });
    await assert.rejects(ask('select last_query_id(-2)'), /the newest 1 kept/);
    await ask('select * from table(information_schema.query_history_by_session(result_limit => 1))');
    const after = await connection.runAndReadAll('select query_id from temp.main.bz_query_history order by seq');
    assert.deepEqual(after.getRows().map((r) => r[0]), ['q6']);
  } finally {
    await wh.close();
  }
});
