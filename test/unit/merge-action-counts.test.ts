// A MERGE's rows by action are counted as DuckDB hands them over, none kept (merge-action-counts.ts): the counts the
// query history and RESULT_SCAN answer are the whole MERGE's, whatever the caller reads of the result.
// https://docs.snowflake.com/en/sql-reference/sql/merge (a count per action)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { countMergeActions, runCountingMergeActions } from '../../client/src/warehouse/snowflake-on-duckdb/merge-action-counts';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

// More rows than one DuckDB chunk (2,048) holds: counted across chunks.
const ROWS = 5000;

test('a MERGE run with a row cap (a preview) still counts every row it changed, not the rows the cap read', async () => {
  const s = session();
  await s.execute(`create or replace table tgt as select i as id, 'a' as v from range(${ROWS}) r(i)`);
  await s.execute(`create or replace table src as select i as id, 'b' as v from range(1000, ${ROWS + 2000}) r(i)`);
  // A conditional matched clause: not dbt's shape, so DuckDB runs the MERGE itself (no DELETE + INSERT).
  const ran = await s.execute(
    'merge into tgt using src on tgt.id = src.id when matched and src.id % 2 = 0 then update set v = src.v ' +
      'when matched then delete when not matched then insert (id, v) values (src.id, src.v)',
    { maxRows: 10 },
  );
  assert.equal(ran.rowsAffected, ROWS + 1000);
  const scan = await s.execute('select * from table(result_scan(last_query_id()))');
  assert.deepEqual(scan.columns.map((c) => c.name), ['number of rows inserted', 'number of rows updated', 'number of rows deleted']);
  assert.deepEqual(Object.values(scan.rows[0]).map(Number), [2000, 2000, 2000]);
});

test('the counting run reads no row into the reader; a statement that is no MERGE is read whole', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`create table t as select i as id from range(${ROWS}) r(i)`);
    const merged = await runCountingMergeActions(
      c,
      `merge into t using (select i as id from range(${ROWS - 10}, ${ROWS + 10}) r(i)) s on t.id = s.id ` +
        'when matched then update set id = s.id when not matched then insert values (s.id) returning merge_action',
      undefined,
    );
    assert.deepEqual(merged.counts, { inserted: 10, updated: 10, deleted: 0 });
    assert.equal(merged.reader.currentRowCount, 0);
    assert.deepEqual(merged.reader.columnNames(), ['merge_action']);
    const other = await runCountingMergeActions(c, 'select count(*) as n from t', undefined);
    assert.equal(other.counts, undefined);
    assert.deepEqual(other.reader.getRows(), [[BigInt(ROWS + 10)]]);
    // Counting an exhausted result adds nothing.
    const again = await c.run("merge into t using (select 1 as id) s on t.id = s.id when matched then delete returning merge_action");
    assert.deepEqual(await countMergeActions(again), { inserted: 0, updated: 0, deleted: 1 });
    assert.deepEqual(await countMergeActions(again), { inserted: 0, updated: 0, deleted: 0 });
  } finally {
    c.closeSync();
    db.closeSync();
  }
});
