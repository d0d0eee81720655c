// The audit row's text goes into an INSERT Bronze writes itself: on the DuckDB target that statement is read as
// Snowflake SQL, so a backslash in an error message must be doubled there too (`C:\new` came back with a newline),
// and a NUL must travel as an escape (a raw one ended DuckDB's statement text and the row was lost).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { createAuditTableSql, insertAuditSql, selectAuditSql, type AuditRecord } from '../../client/src/run/audit';
import { sessionString, sqlString } from '../../client/src/run/sql-literals';
import type { TargetConfig } from '../../server/src/core/types';

const MEMORY: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' };

test('sessionString doubles backslashes and quotes on every target and writes a NUL as \\x00; sqlString stays per dialect', () => {
  assert.equal(sessionString("O'Brien \\ co"), "'O''Brien \\\\ co'");
  assert.equal(sessionString('a\0' + '1b'), "'a\\x001b'");
  assert.equal(sqlString('C:\\new', 'duckdb'), "'C:\\new'");
  assert.equal(sqlString('C:\\new', 'snowflake'), "'C:\\\\new'");
});

test('an audit row whose message holds backslashes, quotes, a NUL and a newline reads back unchanged on the DuckDB target', async () => {
  const message = "Numeric value 'C:\\new\\x41' is not recognized\0(binary \\0 here)\nsecond line";
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const record: AuditRecord = {
    recordId: 'r\\1',
    sourceTable: 'bz_users',
    loadTimestamp: at,
    processedBy: 'bronze \\ tester',
    processingTime: 1.5,
    status: 'FAILED',
    invocationId: 'inv-\\1',
    nodeId: 'model.p.bz_users',
    nodeType: 'model',
    targetName: 'dev',
    rowsAffected: null,
    startedAt: at,
    completedAt: at,
    errorMessage: message,
  };
  const relation = { database: '', schema: 'main', identifier: 'bz_data_audit' };
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = await w.openSession();
    await s.execute(createAuditTableSql(relation));
    await s.execute(insertAuditSql(relation, [record]));
    const rows = (await s.execute(selectAuditSql(relation, { limit: 5, invocationId: 'inv-\\1' }))).rows;
    assert.equal(rows.length, 1);
    const row = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k.toLowerCase(), v]));
    assert.equal(row.error_message, message);
    assert.equal(row.record_id, 'r\\1');
    assert.equal(row.processed_by, 'bronze \\ tester');
  } finally {
    await w.close();
  }
});
