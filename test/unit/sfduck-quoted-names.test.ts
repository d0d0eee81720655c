// A table or view the DuckDB target creates from a quoted all-lower-case name (`"orders"`) is recorded, so the unquoted
// `orders` (ORDERS) does not find it, as on Snowflake; an unrecorded lower-case table (another tool's) still matches.
// The record follows the object through CTAS, CREATE OR REPLACE, DROP, RENAME, SWAP, transactions and sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memorySession } from './helpers/memory-duckdb';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import { QUOTED_NAMES_TABLE } from '../../server/src/core/sql/snowflake-on-duckdb/name-case';

const session = memorySession();

const missing = (name: string, column = 15): RegExp =>
  new RegExp(`^WarehouseError: SQL compilation error: Object '${name}' does not exist or not authorized\\. \\(line 1, column ${column}\\)$`);

/** The recorded names, as `schema.name`. */
async function recorded(s: DuckDbSession, database = 'memory'): Promise<string[]> {
  const exists = await s.execute(`select count(*) n from duckdb_tables() where database_name = '${database}' and table_name = '${QUOTED_NAMES_TABLE}'`, { native: true });
  if (Number(exists.rows[0].n) === 0) return [];
  const r = await s.execute(`select schema_name || '.' || table_name t from ${database}.main.${QUOTED_NAMES_TABLE} order by 1`, { native: true });
  return r.rows.map((row) => String(row.t));
}

test('a table created as "orders" is not found by the unquoted orders, in any statement; "orders" finds it', async () => {
  const s = session();
  await s.execute('create table "orders" (id int)');
  await s.execute('insert into "orders" values (1)');
  assert.deepEqual((await s.execute('select id from "orders"')).rows, [{ ID: 1 }]);
  await assert.rejects(s.execute('select * from orders'), missing('ORDERS'));
  await assert.rejects(s.execute('select * from memory.main.orders'), missing('MEMORY.MAIN.ORDERS'));
  await assert.rejects(s.execute('insert into orders values (2)'), missing('ORDERS', 13));
  await assert.rejects(s.execute('drop table orders'), missing('ORDERS', 12));
  // Snowflake would create ORDERS beside "orders"; DuckDB cannot hold both, and must not replace "orders".
  await assert.rejects(s.execute('create table orders (x int)'), /differ only in case \("orders" and ORDERS\)/);
  await assert.rejects(s.execute('create or replace table orders (x int)'), /differ only in case \("orders" and ORDERS\)/);
  assert.deepEqual((await s.execute('select id from "orders"')).rows, [{ ID: 1 }], 'nothing was changed or dropped');
  // Replacing it by its own name keeps it recorded.
  await s.execute('create or replace table "orders" (id int)');
  await assert.rejects(s.execute('select * from orders'), missing('ORDERS'));
  await s.execute('drop table "orders"');
  assert.deepEqual(await recorded(s), [], 'the dropped table is no longer recorded');
});

test('an unrecorded lower-case table (written by another tool) is still found by the unquoted name', async () => {
  const s = session();
  await s.execute('create table legacy_raw (v int)', { native: true });
  await s.execute('insert into legacy_raw values (3)', { native: true });
  assert.deepEqual((await s.execute('select v as x from legacy_raw')).rows, [{ X: 3 }]);
  assert.deepEqual((await s.execute('select v as x from "legacy_raw"')).rows, [{ X: 3 }]);
  // A name recorded once and dropped does not make a later table of another tool strict.
  await s.execute('create table "reused" (v int)');
  await s.execute('drop table "reused"');
  await s.execute('create table reused (v int)', { native: true });
  await s.execute('select * from reused');
  assert.deepEqual(await recorded(s), []);
});

test('CTAS, views and temporary tables created from a quoted lower-case name are recorded', async () => {
  const s = session();
  await s.execute('create table "ctas" as select 1 as x');
  await assert.rejects(s.execute('select * from ctas'), missing('CTAS'));
  await s.execute('create view "v_lower" as select x from "ctas"');
  assert.deepEqual((await s.execute('select x from "v_lower"')).rows, [{ X: 1 }]);
  await assert.rejects(s.execute('select * from v_lower'), missing('V_LOWER'));
  await s.execute('create temporary table "tmp_lower" (t int)');
  await assert.rejects(s.execute('select * from tmp_lower'), missing('TMP_LOWER'));
  await s.execute('drop table "tmp_lower"');
  await s.execute('drop view "v_lower"');
  await s.execute('drop table "ctas"');
  assert.deepEqual(await recorded(s), []);
});

test('RENAME moves the record with the name; SWAP keeps each name strict', async () => {
  const s = session();
  await s.execute('create table "before_r" (i int)');
  await s.execute('alter table "before_r" rename to "after_r"');
  assert.deepEqual(await recorded(s), ['main.after_r']);
  await assert.rejects(s.execute('select * from after_r'), missing('AFTER_R'));
  // Renamed to an unquoted name: ORDERS-like, found unquoted, no longer recorded.
  await s.execute('alter table "after_r" rename to plain_r');
  await s.execute('select * from plain_r');
  assert.deepEqual(await recorded(s), []);
  // Renamed to its own unquoted spelling: the same table, now CASE_R (no second table beside it).
  await s.execute('create table "case_r" (i int)');
  await s.execute('alter table "case_r" rename to case_r');
  await s.execute('select * from case_r');
  await assert.rejects(s.execute('select * from "case_r"'), missing('"case_r"'));
  assert.deepEqual(await recorded(s), []);

  await s.execute('create table "swap_a" (i int)');
  await s.execute('insert into "swap_a" values (1)');
  await s.execute('create table SWAP_B (i int)');
  await s.execute('insert into swap_b values (2)');
  await s.execute('alter table swap_b swap with "swap_a"');
  assert.deepEqual((await s.execute('select i from "swap_a"')).rows, [{ I: 2 }]);
  assert.deepEqual((await s.execute('select i from swap_b')).rows, [{ I: 1 }]);
  await assert.rejects(s.execute('select * from swap_a'), missing('SWAP_A'));
  await s.execute('drop table "swap_a"');
  await s.execute('drop table swap_b');
});

test('a rolled-back CREATE leaves no record', async () => {
  const s = session();
  await s.execute('begin');
  await s.execute('create table "rolled" (i int)');
  await s.execute('rollback');
  await s.execute('create table rolled (i int)', { native: true });
  await s.execute('select * from rolled');
  assert.deepEqual(await recorded(s), []);
});

test('the record is Bronze\'s own: INFORMATION_SCHEMA and SHOW TABLES list only the user\'s tables', async () => {
  const s = session();
  await s.execute('create schema hidden_check');
  await s.execute('create table hidden_check."seen" (c int)');
  await s.execute('use schema hidden_check');
  try {
    const tables = await s.execute("select table_schema, table_name from information_schema.tables where table_schema in ('MAIN', 'HIDDEN_CHECK') order by 2");
    assert.ok(!tables.rows.some((r) => String(r.TABLE_NAME).toLowerCase() === QUOTED_NAMES_TABLE), JSON.stringify(tables.rows));
    // As on Snowflake, "seen" keeps its case there; an unquoted name is upper-case.
    await s.execute('create table unquoted_seen (c int)');
    await s.execute('create view "SeenView" as select 1 as c');
    assert.deepEqual(tables.rows.filter((r) => r.TABLE_SCHEMA === 'HIDDEN_CHECK').map((r) => r.TABLE_NAME), ['seen']);
    const listed = await s.execute("select table_name, column_name from information_schema.columns where table_schema = 'HIDDEN_CHECK' order by 1");
    assert.deepEqual(listed.rows.map((r) => [r.TABLE_NAME, r.COLUMN_NAME]), [['SeenView', 'C'], ['UNQUOTED_SEEN', 'C'], ['seen', 'C']]);
    const columns = await s.execute('select table_name from information_schema.columns');
    assert.ok(!columns.rows.some((r) => String(r.TABLE_NAME).toLowerCase() === QUOTED_NAMES_TABLE));
  } finally {
    await s.execute('use schema main');
    await s.execute('drop schema hidden_check cascade');
  }
  assert.deepEqual(await recorded(s), [], 'DROP SCHEMA … CASCADE removed its tables\' records');
  await s.execute('create table "shown" (c int)');
  for (const show of ['show tables', 'show all tables', 'show tables from memory.main']) {
    const names = (await s.execute(show)).rows.map((r) => r.name);
    assert.ok(names.includes('shown') && !names.includes(QUOTED_NAMES_TABLE), `${show}: ${names.join(', ')}`);
  }
  await s.execute('drop table "shown"');
});

test('the record lives in the DuckDB file: a later session still refuses the unquoted name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-quoted-names-'));
  const target = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'dev', schema: 'main', path: join(dir, 'dev.duckdb') } as const;
  try {
    const first = await createDuckDbWarehouse(target);
    await (await first.openSession()).execute('create table "orders" (id int)');
    await first.close();
    const second = await createDuckDbWarehouse(target);
    try {
      const s = await second.openSession();
      await assert.rejects(s.execute('select * from orders'), missing('ORDERS'));
      await s.execute('select * from "orders"');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a transaction that writes one catalog can create a quoted lower-case table while another catalog has records', async () => {
  const s = session();
  await s.execute("attach ':memory:' as second_cat", { native: true });
  try {
    await s.execute('create table second_cat.main."in_second" (i int)');
    assert.deepEqual(await recorded(s, 'second_cat'), ['main.in_second']);
    // DuckDB lets one transaction write one attached catalog: the record of memory's table must not touch second_cat.
    await s.execute('begin');
    await s.execute('create table "in_first" (i int)');
    await s.execute('insert into "in_first" values (1)');
    await s.execute('commit');
    assert.deepEqual(await recorded(s), ['main.in_first']);
    await assert.rejects(s.execute('select * from second_cat.main.in_second'), missing('SECOND_CAT.MAIN.IN_SECOND'));
    await s.execute('drop table "in_first"');
  } finally {
    await s.execute('detach second_cat', { native: true });
  }
});
