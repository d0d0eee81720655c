// Snowflake's ASOF JOIN … MATCH_CONDITION (…) [ON …] (https://docs.snowflake.com/en/sql-reference/constructs/asof-join)
// on the DuckDB target: DuckDB's parser stopped at MATCH_CONDITION (goodneighbors_gn_dw DIM_MEMBER's point-in-time
// attribution). For each left row the closest right row the comparison allows, among those the ON equalities admit;
// a left row without one keeps NULLs on the right ("the columns from the right table are null-padded").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table trades (sym varchar, t int, qty int)');
  await s.execute("insert into trades values ('A', 5, 1), ('A', 12, 2), ('B', 3, 3), ('C', 9, 4)");
  await s.execute('create table quotes (sym varchar, t int, px int)');
  await s.execute("insert into quotes values ('A', 1, 100), ('A', 10, 110), ('A', 20, 120), ('B', 4, 200), ('C', 9, 300)");
});

test('ASOF JOIN with MATCH_CONDITION and ON: the latest quote at or before each trade, unmatched trades null-padded', async () => {
  const r = await session().execute(
    'select tr.sym, tr.t, q.t as qt, q.px from trades tr asof join quotes q\n  match_condition (tr.t >= q.t)\n  on tr.sym = q.sym\norder by tr.sym, tr.t',
  );
  assert.deepEqual(r.rows.map((x) => [x.SYM, x.T, x.QT, x.PX]), [
    ['A', 5, 1, 100],
    ['A', 12, 10, 110],
    ['B', 3, null, null],
    ['C', 9, 9, 300],
  ]);
});

test('without ON, and with a strict comparison the other way: the next quote after each trade', async () => {
  const r = await session().execute('select tr.t, q.t as qt from trades tr asof join quotes q match_condition (tr.t < q.t) order by tr.t');
  assert.deepEqual(r.rows.map((x) => [x.T, x.QT]), [[3, 4], [5, 9], [9, 10], [12, 20]]);
});

test('the USING form is refused by name', async () => {
  await assertRefused(session(), 'select * from trades tr asof join quotes q match_condition (tr.t >= q.t) using (sym)', /^ASOF JOIN … MATCH_CONDITION \(…\) USING \(…\) is not supported/, 1, 74);
});

test('a VALUES list before ASOF JOIN: ASOF starts the join, it is not the list\'s alias', async () => {
  // translate.ts FROM_ITEM_FOLLOWERS: the words after a FROM item that are not its alias (ASOF was missing for VALUES,
  // which named the list "asof" and left DuckDB a raw parser error at JOIN).
  for (const from of ['(values (4), (12))', 'values (4), (12)']) {
    const r = await session().execute(`select column1, q.t as qt from ${from} asof join quotes q match_condition (column1 >= q.t) order by column1`);
    assert.deepEqual(r.rows.map((x) => [x.COLUMN1, x.QT]), [[4, 4], [12, 10]], from);
  }
});
