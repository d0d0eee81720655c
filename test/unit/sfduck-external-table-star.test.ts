// `*` over a sampled external table on the twin: Snowflake's external table has VALUE and its virtual columns, and
// METADATA$FILENAME / METADATA$FILE_ROW_NUMBER are pseudocolumns only a query that names them reads
// (https://docs.snowflake.com/en/user-guide/querying-metadata). The twin's stand-in holds them as columns, which
// DuckDB's `*` listed; each star now leaves them out while an explicit reference still reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('CREATE SCHEMA ext');
  await s.execute('CREATE TABLE ext.events (value VARIANT, k VARCHAR, "METADATA$FILENAME" VARCHAR, "METADATA$FILE_ROW_NUMBER" NUMBER)');
  await s.execute(`INSERT INTO ext.events SELECT PARSE_JSON('{"k": "a"}'), 'a', 'f/part-0.json', 1`);
  await s.execute('CREATE TABLE ext.only_name (value VARIANT, "METADATA$FILENAME" VARCHAR)');
  await s.execute(`INSERT INTO ext.only_name SELECT PARSE_JSON('{"k": "b"}'), 'g/part-0.json'`);
  await s.execute('CREATE TABLE ext.keys (k VARCHAR, n INT)');
  await s.execute("INSERT INTO ext.keys VALUES ('a', 1)");
});

const names = async (sql: string): Promise<string[]> => (await session().execute(sql)).columns.map((c) => c.name);

test('* and t.* over an external table leave out METADATA$FILENAME and METADATA$FILE_ROW_NUMBER', async () => {
  assert.deepEqual(await names('select * from ext.events'), ['VALUE', 'K']);
  assert.deepEqual(await names('select e.* from ext.events e'), ['VALUE', 'K']);
  assert.deepEqual(await names('select * from ext.only_name'), ['VALUE']);
  assert.deepEqual(await names('select e.*, x.* from ext.events e join ext.keys x on x.k = e.k'), ['VALUE', 'K', 'K', 'N']);
  assert.deepEqual(await names('select * exclude k from ext.events'), ['VALUE']);
  assert.deepEqual(await names('select * exclude (k) from ext.events'), ['VALUE']);
  assert.deepEqual(await names('with s as (select * from ext.events) select * from s'), ['VALUE', 'K']);
  assert.deepEqual(await names('select count(*) as n, 2 * 3 as six from ext.events'), ['N', 'SIX']);
  // A view or table made from the star holds no pseudocolumn either.
  await session().execute('create or replace view ext.v as select * from ext.events');
  assert.deepEqual(await names('select * from ext.v'), ['VALUE', 'K']);
});

test('the pseudocolumns still read where the query names them, beside a star too', async () => {
  const r = await session().execute('select *, metadata$filename, e.metadata$file_row_number from ext.events e');
  assert.deepEqual(r.columns.map((c) => c.name), ['VALUE', 'K', 'METADATA$FILENAME', 'METADATA$FILE_ROW_NUMBER']);
  assert.equal(r.rows[0].METADATA$FILENAME, 'f/part-0.json');
  // Snowflake's `*` in a CTE does not carry them: naming one after it fails, as on Snowflake.
  await assert.rejects(session().execute('with s as (select * from ext.events) select metadata$filename from s'), /METADATA\$FILENAME/);
});
