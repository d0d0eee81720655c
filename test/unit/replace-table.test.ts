// INSERT OVERWRITE and ALTER TABLE … SWAP WITH on the DuckDB target (replace-table.ts, run by expanded-statement.ts):
// the result Snowflake gives, and a failure part-way leaves the tables as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE t1 (id INT)');
  await s.execute('INSERT INTO t1 VALUES (1)');
  await s.execute('CREATE TABLE t2 (id INT)');
  await s.execute('INSERT INTO t2 VALUES (2), (3)');
});

const ids = async (table: string): Promise<unknown[]> => (await session().execute(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => r.ID);

test('INSERT OVERWRITE replaces the rows and reports the rows inserted', async () => {
  const r = await session().execute('INSERT OVERWRITE INTO t2 (id) VALUES (7), (8), (9)');
  assert.equal(r.rowsAffected, 3);
  assert.deepEqual(await ids('t2'), [7, 8, 9]);
});

test('an INSERT OVERWRITE that fails keeps the old rows, with the error at its place in the statement', async () => {
  await assert.rejects(session().execute('INSERT OVERWRITE INTO t2 SELECT nope FROM t1'), /"NOPE" not found.*\(line 1, column 33\)/s);
  assert.deepEqual(await ids('t2'), [7, 8, 9]);
});

test('INSERT OVERWRITE inside an open transaction is rolled back with it', async () => {
  await session().execute('BEGIN');
  await session().execute('INSERT OVERWRITE INTO t2 SELECT 5');
  await session().execute('ROLLBACK');
  assert.deepEqual(await ids('t2'), [7, 8, 9]);
});

test('multi-table INSERT OVERWRITE ALL is refused by name', async () => {
  await assert.rejects(session().execute('INSERT OVERWRITE ALL INTO t1 SELECT 1'), /INSERT OVERWRITE ALL \/ FIRST .* is not supported on the DuckDB target/);
});

test('ALTER TABLE … SWAP WITH exchanges the two tables, qualified or not', async () => {
  await session().execute('ALTER TABLE t1 SWAP WITH t2');
  assert.deepEqual([await ids('t1'), await ids('t2')], [[7, 8, 9], [1]]);
  await session().execute('ALTER TABLE main.t1 SWAP WITH main.t2');
  assert.deepEqual([await ids('t1'), await ids('t2')], [[1], [7, 8, 9]]);
});

test('a SWAP WITH a missing table leaves the other as it was; one across schemas is refused', async () => {
  await assert.rejects(session().execute('ALTER TABLE t1 SWAP WITH missing_table'), /MISSING_TABLE does not exist/);
  assert.deepEqual(await ids('t1'), [1]);
  const tables = (await session().execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%bz_swap%'")).rows;
  assert.deepEqual(tables, []);
  await assert.rejects(session().execute('ALTER TABLE t1 SWAP WITH other.t2'), /SWAP WITH a table in another schema is not supported/);
});
