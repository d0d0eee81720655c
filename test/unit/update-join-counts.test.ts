// Snowflake's UPDATE result: "number of rows updated" and "number of multi-joined rows updated" — target rows a FROM
// clause's join matched more than once (https://docs.snowflake.com/en/sql-reference/sql/update, usage notes). DuckDB
// counts an UPDATE … FROM by join match; the twin counts the join itself (update-join-counts.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUpdateFrom, updateFrom, updateJoinCountQuery } from '../../client/src/warehouse/snowflake-on-duckdb/update-join-counts';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table target (k int, v int)');
  await s.execute('create table src (k int, v int)');
});

test('the parts of an UPDATE … FROM: target with its alias, how it is referred to, the FROM list and WHERE', () => {
  assert.deepEqual(updateFrom('update db.s.tgt as t set v = s.v from src s join u on u.k = s.k where t.k = s.k returning *'), {
    target: 'db.s.tgt as t',
    ref: 't',
    from: 'src s join u on u.k = s.k',
    where: 't.k = s.k',
  });
  assert.deepEqual(updateFrom('UPDATE "Tgt" SET v = (select max(v) from src) FROM src;'), { target: '"Tgt"', ref: '"Tgt"', from: 'src' });
  assert.deepEqual(updateFrom('update t x set v = 0 from (select distinct k from src) s where x.k = s.k'), {
    target: 't x',
    ref: 'x',
    from: '(select distinct k from src) s',
    where: 'x.k = s.k',
  });
  // A FROM inside a subquery is no join of the target.
  assert.equal(updateFrom('update t set v = 1 where k in (select k from src)'), undefined);
  assert.equal(isUpdateFrom('update t set v = 1 where k in (select k from src)'), false);
  assert.equal(isUpdateFrom('update t set v = s.v from src s where t.k = s.k'), true);
  assert.equal(isUpdateFrom('select * from t'), false);
  assert.match(updateJoinCountQuery(updateFrom('update t set v = s.v from src s where t.k = s.k')!), /FROM t, src s WHERE t\.k = s\.k GROUP BY t\.rowid/);
});

async function resultOfLast(): Promise<number[]> {
  const r = await session().execute('select * from table(result_scan(last_query_id()))');
  assert.deepEqual(r.columns.map((c) => c.name), ['number of rows updated', 'number of multi-joined rows updated']);
  return Object.values(r.rows[0]).map(Number);
}

test('UPDATE … FROM: the target rows updated and those joined more than once, not DuckDB\'s count of join matches', async () => {
  const s = session();
  await s.execute('delete from target');
  await s.execute('delete from src');
  await s.execute('insert into target values (0, 10), (1, 20), (2, 30)');
  // Target row 0 joins three source rows (a multi-joined row), row 1 one, row 2 none.
  await s.execute('insert into src values (0, 11), (0, 12), (0, 13), (1, 21)');
  await s.execute('update target set v = src.v from src where target.k = src.k');
  assert.deepEqual(await resultOfLast(), [2, 1]);
  // Each target row updated once, from one of its matches.
  const rows = await s.execute('select k, v from target order by k');
  assert.deepEqual(rows.rows.map((r) => Number(r.K)), [0, 1, 2]);
  assert.ok([11, 12, 13].includes(Number(rows.rows[0].V)));
  assert.deepEqual(rows.rows.slice(1).map((r) => Number(r.V)), [21, 30]);
  // One match per row: no multi-joined row.
  await s.execute('update target t set v = 0 from (select distinct k from src) s where t.k = s.k');
  assert.deepEqual(await resultOfLast(), [2, 0]);
});

test('an UPDATE whose only FROM is in a subquery joins nothing: its count and 0 multi-joined rows', async () => {
  const s = session();
  await s.execute('update target set v = 1 where k in (select k from src)');
  assert.deepEqual(await resultOfLast(), [2, 0]);
});

test('an UPDATE … FROM the twin cannot count keeps no result: RESULT_SCAN of it is refused by name', async () => {
  const s = session();
  // A column named ROWID hides DuckDB's row id, which tells the target rows apart.
  await s.execute('create table with_rowid (rowid int, v int)');
  await s.execute('insert into with_rowid values (7, 0), (7, 0)');
  const ran = await s.execute('update with_rowid w set v = src.v from src where src.k = 1');
  assert.equal(ran.rowsAffected, 2);
  await assert.rejects(s.execute('select * from table(result_scan(last_query_id()))'), /RESULT_SCAN of a UPDATE whose result the local twin does not keep/);
});
