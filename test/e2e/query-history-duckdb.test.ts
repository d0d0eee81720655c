// test/fixtures/query-history on the local twin: post-hooks read QUERY_HISTORY_BY_SESSION and RESULT_SCAN of the
// statement their model ran, as robling_product's log_dml_audit does. Built twice: the first build creates every table
// (CREATE_TABLE_AS_SELECT, ROWS_INSERTED = its rows); the second merges 3 batch rows into `merged` (1 matched and
// updated, 2 inserted: "number of rows inserted" + "number of rows updated" = 3) and appends them to `appended`
// (INSERT: 3 inserted). https://docs.snowflake.com/en/sql-reference/functions/query_history,
// https://docs.snowflake.com/en/sql-reference/functions/result_scan, https://docs.snowflake.com/en/sql-reference/sql/merge
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, query } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/query-history');

test('post-hooks read the session query history and RESULT_SCAN: CTAS, then the incremental MERGE (inserted vs updated) and INSERT', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-query-history-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const first = await cli(['build', '--project-dir', dir]);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const second = await cli(['build', '--project-dir', dir, '--vars', 'batch: 2']);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const rows = await query(dir, 'select model, query_type, rows_inserted, activity from analytics.dml_audit');
    const seen = rows.map((r) => `${String(r.MODEL)} ${String(r.QUERY_TYPE)} ${Number(r.ROWS_INSERTED)} ${Number(r.ACTIVITY)}`).sort();
    assert.deepEqual(seen, [
      'appended CREATE_TABLE_AS_SELECT 2 2',
      'appended INSERT 3 3',
      'batch CREATE_TABLE_AS_SELECT 2 2',
      'batch CREATE_TABLE_AS_SELECT 3 3',
      'merged CREATE_TABLE_AS_SELECT 2 2',
      // 2 rows inserted (ids 3, 4) and 1 updated (id 2): ROWS_INSERTED 2, inserted + updated 3.
      'merged MERGE 2 3',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
