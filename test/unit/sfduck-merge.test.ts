import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { checkMergeSourceDuplicates, mergeDuplicateQuery, parseMerge } from '../../client/src/warehouse/snowflake-on-duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run(`create table dest as select * from (values (1, 'a', 10), (2, 'b', 20)) v(id, name, grp);
    create table src_dup as select * from (values (2, 'x', 20), (2, 'y', 20), (3, 'z', 30)) v(id, name, grp);
    create table src_ok as select * from (values (2, 'x', 20), (3, 'z', 30), (3, 'z2', 30)) v(id, name, grp);`);
});
after(() => {
  conn.closeSync();
  instance.closeSync();
});

const isDup = (e: unknown): boolean =>
  e instanceof WarehouseError && e.details.code === '100090' && e.details.sqlState === '42P18' &&
  e.message.startsWith('Duplicate row detected during DML action: 1 target row(s) of dest as T');

test('parseMerge reads target, alias, source, ON and the matched clause', () => {
  const p = parseMerge(`/* {"app":"dbt"} */ merge into db.s.dest as DBT_INTERNAL_DEST
    using (select * from src) as DBT_INTERNAL_SOURCE
    on ((DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id))
    when matched then update set "NAME" = DBT_INTERNAL_SOURCE."NAME"
    when not matched then insert ("ID") values ("ID")`);
  assert.deepEqual(p, {
    target: 'db.s.dest as DBT_INTERNAL_DEST',
    targetRef: 'DBT_INTERNAL_DEST',
    source: '(select * from src) as DBT_INTERNAL_SOURCE',
    on: '((DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id))',
    hasMatchedClause: true,
  });
  assert.equal(
    mergeDuplicateQuery(p!),
    'SELECT count(*) AS bz_rows FROM (SELECT 1 FROM db.s.dest as DBT_INTERNAL_DEST JOIN (select * from src) as DBT_INTERNAL_SOURCE ' +
      'ON ((DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id)) GROUP BY DBT_INTERNAL_DEST.rowid HAVING count(*) > 1) AS bz_merge_dups',
  );
  assert.equal(parseMerge('merge into dest using src on src.id = dest.id when not matched then insert values (1)')?.targetRef, 'dest');
  assert.equal(parseMerge('select 1'), null);
});

test('duplicate source keys matching one target row raise 100090', async () => {
  await assert.rejects(
    checkMergeSourceDuplicates(conn, `merge into dest as T using src_dup as S on ((S.id = T.id))
      when matched then update set "NAME" = S."NAME" when not matched then insert values (S.id, S.name, S.grp)`),
    isDup,
  );
});

test('dbt list-key ON clause (multi-line, and-joined) is checked too', async () => {
  await assert.rejects(
    checkMergeSourceDuplicates(conn, `merge into dest as T using src_dup as S on ((
        S.id = T.id
    ) and (
        S.grp = T.grp
    ))
    when matched then update set name = S.name`),
    isDup,
  );
});

test('unique keys, duplicates that match no target row, and insert-only merges pass', async () => {
  await checkMergeSourceDuplicates(conn, `merge into dest as T using src_ok as S on ((S.id = T.id))
    when matched then update set name = S.name when not matched then insert values (S.id, S.name, S.grp)`);
  await checkMergeSourceDuplicates(conn, `merge into dest as T using src_dup as S on ((S.id = T.id))
    when not matched then insert values (S.id, S.name, S.grp)`);
  await checkMergeSourceDuplicates(conn, 'select * from src_dup');
  // The check leaves the data alone.
  const r = await conn.runAndReadAll('select count(*) from dest');
  assert.equal(Number(r.getRows()[0][0]), 2);
});

test('without the check DuckDB would update silently (why the check exists)', async () => {
  const c2 = await instance.connect();
  try {
    await c2.run('create temp table d2 as select * from dest');
    const r = await c2.runAndReadAll(`merge into d2 as T using src_dup as S on (S.id = T.id) when matched then update set name = S.name`);
    assert.equal(Number(r.getRows()[0][0]) >= 1, true);
  } finally {
    c2.closeSync();
  }
});
