// The DELETE + INSERT fast path for dbt's MERGE on DuckDB: one join of the target (its row ids decide both the
// duplicate checks and which rows to delete), its own transaction when the caller has none, nothing left over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { runMergeAsDeleteInsert } from '../../client/src/warehouse/snowflake-on-duckdb';
import { duckdbDialect, incrementalDml } from '../../server/src/compile';

const target = { database: 'memory', schema: 'main', identifier: 't' };
const tmp = { database: 'memory', schema: 'main', identifier: 't__dbt_tmp' };
const columns = [
  { name: 'id', dataType: 'INTEGER' },
  { name: 'v', dataType: 'VARCHAR' },
];
const MERGE = incrementalDml(duckdbDialect, { strategy: 'merge', target, tmp, uniqueKey: 'id', destColumns: columns, predicates: [] }).find((s) =>
  /merge into/i.test(s),
)!;

async function withDb(setup: string, fn: (c: DuckDBConnection) => Promise<void>): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(setup);
    await fn(c);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

async function rows(c: DuckDBConnection): Promise<string[][]> {
  return (await c.runAndReadAll('select id, v from t order by id, v')).getRows().map((r) => r.map(String));
}

async function pairsTables(c: DuckDBConnection): Promise<number> {
  return Number((await c.runAndReadAll("select count(*) from duckdb_tables() where table_name = 'bz_merge_pairs'")).getRows()[0][0]);
}

/** Forwards to the connection and records every statement (the fast path only calls run / runAndReadAll). */
function recording(c: DuckDBConnection, log: string[]): DuckDBConnection {
  return new Proxy(c, {
    get(obj, prop) {
      if (prop === 'run' || prop === 'runAndReadAll') {
        return (sql: string) => {
          log.push(sql.replace(/\s+/g, ' ').trim());
          return prop === 'run' ? obj.run(sql) : obj.runAndReadAll(sql);
        };
      }
      const v = Reflect.get(obj, prop, obj) as unknown;
      return typeof v === 'function' ? v.bind(obj) : v;
    },
  });
}

const BASE = `create table t (id integer, v varchar check (v <> 'bad'));
  insert into t values (1, 'a'), (2, 'b'), (3, 'c');`;

test('the target is joined once: its row ids drive the checks and the delete, in a transaction of its own', async () => {
  await withDb(`${BASE} create table t__dbt_tmp as select * from (values (2, 'B'), (4, 'D')) x(id, v)`, async (c) => {
    const log: string[] = [];
    const reader = await runMergeAsDeleteInsert(recording(c, log), MERGE);
    assert.equal(reader?.rowsChanged, 2);
    assert.deepEqual(
      log.map((s) => s.split(' ').slice(0, 4).join(' ')),
      [
        'SELECT txid_current()',
        'SELECT txid_current()',
        'BEGIN TRANSACTION',
        'CREATE OR REPLACE TEMP',
        'SELECT count(*), count(DISTINCT target_row),',
        'DELETE FROM memory.main.t WHERE',
        'INSERT INTO memory.main.t ("id",',
        'DROP TABLE temp.main.bz_merge_pairs',
        'COMMIT',
      ],
    );
    assert.equal(log.filter((s) => /\bJOIN\b|\bUSING\b/.test(s)).length, 1);
    assert.deepEqual(await rows(c), [['1', 'a'], ['2', 'B'], ['3', 'c'], ['4', 'D']]);
    assert.equal(await pairsTables(c), 0);
  });
});

test('outside a transaction, an INSERT that fails leaves the target as it was (the matched rows are not lost)', async () => {
  await withDb(`${BASE} create table t__dbt_tmp as select * from (values (2, 'bad'), (4, 'D')) x(id, v)`, async (c) => {
    await assert.rejects(runMergeAsDeleteInsert(c, MERGE), /CHECK constraint/i);
    assert.deepEqual(await rows(c), [['1', 'a'], ['2', 'b'], ['3', 'c']]);
    assert.equal(await pairsTables(c), 0);
  });
});

test("inside the caller's transaction it neither commits nor rolls back: the caller's ROLLBACK undoes it", async () => {
  await withDb(`${BASE} create table t__dbt_tmp as select * from (values (2, 'B'), (4, 'D')) x(id, v)`, async (c) => {
    await c.run('begin');
    const log: string[] = [];
    assert.notEqual(await runMergeAsDeleteInsert(recording(c, log), MERGE), undefined);
    assert.equal(log.some((s) => /^(BEGIN|COMMIT|ROLLBACK)\b/i.test(s)), false);
    assert.deepEqual(await rows(c), [['1', 'a'], ['2', 'B'], ['3', 'c'], ['4', 'D']]);
    assert.equal(await pairsTables(c), 0);
    await c.run('rollback');
    assert.deepEqual(await rows(c), [['1', 'a'], ['2', 'b'], ['3', 'c']]);
  });
});

test("a source row matching two target rows declines inside the caller's transaction, and the MERGE then runs there", async () => {
  const setup = `create table t (id integer, v varchar); insert into t values (1, 'a'), (1, 'a2'), (3, 'c');
    create table t__dbt_tmp as select * from (values (1, 'A'), (5, 'E')) x(id, v)`;
  await withDb(setup, async (c) => {
    await c.run('begin');
    assert.equal(await runMergeAsDeleteInsert(c, MERGE), undefined);
    assert.deepEqual(await rows(c), [['1', 'a'], ['1', 'a2'], ['3', 'c']]);
    await c.run(MERGE);
    await c.run('commit');
    assert.deepEqual(await rows(c), [['1', 'A'], ['1', 'A'], ['3', 'c'], ['5', 'E']]);
    assert.equal(await pairsTables(c), 0);
  });
});

test("duplicate source keys raise 100090 inside the caller's transaction, which stays usable and unchanged", async () => {
  await withDb(`${BASE} create table t__dbt_tmp as select * from (values (2, 'B'), (2, 'B2'), (3, 'C'), (3, 'C2')) x(id, v)`, async (c) => {
    await c.run('begin');
    await assert.rejects(runMergeAsDeleteInsert(c, MERGE), (e: Error & { details?: { code?: string } }) => {
      assert.equal(e.details?.code, '100090');
      assert.match(e.message, /^Duplicate row detected during DML action: 2 target row\(s\) of memory\.main\.t /);
      return true;
    });
    assert.deepEqual(await rows(c), [['1', 'a'], ['2', 'b'], ['3', 'c']]);
    assert.equal(await pairsTables(c), 0);
    await c.run('commit');
  });
});
