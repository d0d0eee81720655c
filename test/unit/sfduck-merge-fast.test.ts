import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseFastMerge, runMergeAsDeleteInsert } from '../../client/src/warehouse/snowflake-on-duckdb';
import { duckdbDialect, incrementalDml } from '../../server/src/compile';

const target = { database: 'memory', schema: 'main', identifier: 't' };
const tmp = { database: 'memory', schema: 'main', identifier: 't__dbt_tmp' };
const columns = [
  { name: 'id', dataType: 'INTEGER' },
  { name: 'v', dataType: 'VARCHAR' },
];

function mergeSql(extra: Partial<Parameters<typeof incrementalDml>[1]> = {}): string {
  const dml = incrementalDml(duckdbDialect, { strategy: 'merge', target, tmp, uniqueKey: 'id', destColumns: columns, predicates: [], ...extra });
  return dml.find((s) => /merge into/i.test(s))!;
}

async function twoRuns(setup: string, sql: string): Promise<{ fast: unknown[][]; merge: unknown[][]; usedFast: boolean }> {
  const out: Record<string, unknown[][]> = {};
  let usedFast = false;
  for (const mode of ['fast', 'merge'] as const) {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(setup);
    if (mode === 'fast') usedFast = (await runMergeAsDeleteInsert(c, sql)) !== undefined;
    if (mode === 'merge' || !usedFast) await c.run(sql);
    out[mode] = (await c.runAndReadAll('select id, v from t order by id, v')).getRows();
    c.closeSync();
    db.closeSync();
  }
  return { fast: out.fast, merge: out.merge, usedFast };
}

test('the dbt merge shape that updates every column is recognised; partial updates are not', () => {
  const full = parseFastMerge(mergeSql());
  assert.deepEqual(full && { target: full.target, source: full.source, columns: full.columns }, {
    target: 'memory.main.t',
    source: 'memory.main.t__dbt_tmp',
    columns: ['"id"', '"v"'],
  });
  assert.equal(parseFastMerge(mergeSql({ mergeUpdateColumns: ['v'] })), null);
  assert.equal(parseFastMerge(mergeSql({ mergeExcludeColumns: ['v'] })), null);
  assert.equal(parseFastMerge('merge into t using (select 1 id) s on t.id = s.id when matched then delete'), null);
});

test('DELETE + INSERT leaves exactly the table the MERGE would', async () => {
  const setup = `create table t as select * from (values (1, 'a'), (2, 'b'), (3, 'c')) x(id, v);
    create table t__dbt_tmp as select * from (values (2, 'B'), (4, 'D'), (5, 'E')) x(id, v)`;
  const r = await twoRuns(setup, mergeSql());
  assert.equal(r.usedFast, true);
  assert.deepEqual(r.fast, r.merge);
  assert.deepEqual(r.merge.map((row) => row.map(String)), [['1', 'a'], ['2', 'B'], ['3', 'c'], ['4', 'D'], ['5', 'E']]);
});

test('a target that repeats a key runs as a real MERGE (both copies updated), not DELETE + INSERT', async () => {
  const setup = `create table t as select * from (values (1, 'a'), (1, 'a2'), (3, 'c')) x(id, v);
    create table t__dbt_tmp as select * from (values (1, 'A')) x(id, v)`;
  const r = await twoRuns(setup, mergeSql());
  assert.equal(r.usedFast, false);
  assert.deepEqual(r.merge.map((row) => row.map(String)), [['1', 'A'], ['1', 'A'], ['3', 'c']]);
});

test('incremental predicates keep their MERGE meaning through DELETE + INSERT', async () => {
  const setup = `create table t as select * from (values (1, 'old'), (2, 'b')) x(id, v);
    create table t__dbt_tmp as select * from (values (1, 'new'), (2, 'B')) x(id, v)`;
  const r = await twoRuns(setup, mergeSql({ predicates: ["DBT_INTERNAL_DEST.v <> 'old'"] }));
  assert.deepEqual(r.fast, r.merge);
});

test('a target row matched by two source rows raises Snowflake error 100090 on the fast path too', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`create table t as select * from (values (1, 'a')) x(id, v);
    create table t__dbt_tmp as select * from (values (1, 'A'), (1, 'B')) x(id, v)`);
  await assert.rejects(runMergeAsDeleteInsert(c, mergeSql()), (e: Error & { details?: { code?: string } }) => e.details?.code === '100090');
  assert.deepEqual((await c.runAndReadAll('select id, v from t')).getRows().map((r) => r.map(String)), [['1', 'a']]);
  c.closeSync();
  db.closeSync();
});
