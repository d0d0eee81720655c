// Models on several threads reach the twin's record tables (external-table files, schema times, time precision) at
// once. DuckDB refuses the second of two concurrent CREATE TABLE IF NOT EXISTS ("write-write conflict on create")
// where Snowflake's would both succeed: willibald's 13 load models, creating their external tables in parallel, lost
// one to it. The loser now tries again and finds the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRecordTable } from '../../client/src/warehouse/snowflake-on-duckdb/transaction';

const ddl = 'CREATE TABLE IF NOT EXISTS main.bz_record (x INTEGER)';

/** Two connections to one database; the winner has created the record table in a transaction not committed yet. */
async function race() {
  const db = await DuckDBInstance.create(':memory:');
  const winner = await db.connect();
  const loser = await db.connect();
  await winner.run('BEGIN TRANSACTION');
  await winner.run(ddl);
  return { winner, loser };
}

test('a record table created by another connection at the same moment is found, not an error', async () => {
  const { winner, loser } = await race();
  // The winner's creation is not committed yet when the loser's runs: DuckDB refuses the loser's at once.
  await assert.rejects(loser.run(ddl), /write-write conflict on create/);
  const racing = createRecordTable(loser, ddl);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await winner.run('COMMIT');
  await racing;
  await loser.run('INSERT INTO main.bz_record VALUES (1)');
  assert.equal(Number((await winner.runAndReadAll('SELECT count(*) FROM main.bz_record')).getRows()[0][0]), 1);
});

test('inside a transaction the conflict is not retried (the transaction is already lost)', async () => {
  const { winner, loser } = await race();
  await loser.run('BEGIN TRANSACTION');
  await assert.rejects(createRecordTable(loser, ddl), /write-write conflict on create/);
  await winner.run('COMMIT');
});
