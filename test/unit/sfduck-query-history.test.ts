// The translation of QUERY_HISTORY_BY_SESSION, RESULT_SCAN and LAST_QUERY_ID (server …/query-history.ts): references
// to the tables the twin session fills from its log, named with the call's offset; arguments the session could not
// read back are refused by name when translating. https://docs.snowflake.com/en/sql-reference/functions/query_history,
// https://docs.snowflake.com/en/sql-reference/functions/result_scan, https://docs.snowflake.com/en/sql-reference/functions/last_query_id
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { historyRequests, lastQueryIdReference, resultScanReference } from '../../server/src/core/sql/snowflake-on-duckdb/query-history';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';

const tr = (sql: string): string => translateWithMap(sql).sql;

test('QUERY_HISTORY_BY_SESSION reads the history table, newest first, RESULT_LIMIT rows (100 by default)', () => {
  const out = tr("select query_id from table(information_schema.query_history_by_session()) h where h.query_type = 'MERGE'");
  assert.match(out, /from \(SELECT bz_qh\.query_id AS QUERY_ID, .* FROM temp\.main\.bz_query_history AS bz_qh ORDER BY bz_qh\.seq DESC LIMIT 100\) h where/);
  assert.match(tr('select * from table(db.information_schema.query_history_by_session(result_limit => 5))'), /LIMIT 5\)/);
  assert.deepEqual(historyRequests(out), { history: true, resultScans: [], lastQueryIds: [] });
});

test('RESULT_SCAN and LAST_QUERY_ID become the tables named with their offsets; their arguments read back from the text', () => {
  const sql = "select a.*, last_query_id(-2) from table(result_scan('01ab-cd')) a, table(result_scan(last_query_id())) b";
  const out = tr(sql);
  const scans = [sql.indexOf("result_scan('"), sql.indexOf('result_scan(last')];
  const last = sql.indexOf('last_query_id(-2)');
  assert.deepEqual(historyRequests(out), { history: false, resultScans: scans, lastQueryIds: [last] });
  assert.deepEqual(resultScanReference(sql.slice(scans[0])), { kind: 'id', id: '01ab-cd' });
  assert.deepEqual(resultScanReference(sql.slice(scans[1])), { kind: 'last', n: -1 });
  assert.deepEqual(lastQueryIdReference(sql.slice(last)), { kind: 'last', n: -2 });
  assert.deepEqual(lastQueryIdReference('LAST_QUERY_ID(3)'), { kind: 'last', n: 3 });
});

test('arguments the twin cannot read are refused by name when translating', () => {
  const refused = (sql: string, what: RegExp): void =>
    assert.throws(() => tr(sql), (e: unknown) => e instanceof UnsupportedOnDuckDb && what.test(e.construct));
  refused('select * from table(result_scan($qid))', /^RESULT_SCAN of a query id given by an expression/);
  refused('select last_query_id(n) from t', /^LAST_QUERY_ID with an argument other than an integer literal/);
  refused('select * from table(information_schema.query_history_by_session(result_limit => 0))', /RESULT_LIMIT => 0 \(outside 1 to 10000\)/);
  refused("select * from table(information_schema.query_history_by_session(end_time_range_end => current_timestamp()))", /^QUERY_HISTORY_BY_SESSION with END_TIME_RANGE_END/);
});
