// JOIN without ON on the DuckDB target (join-conditions.ts): Snowflake's INNER JOIN without ON is a CROSS JOIN and a
// lateral table function takes no ON; an outer join without one is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const session = memorySession(async (s) => {
  await s.execute('create table orders (id int, amount varchar)');
  await s.execute("insert into orders values (1, '5 usd,7 axl'), (2, '9 usd')");
  await s.execute('create table callers (id int, who varchar)');
  await s.execute("insert into callers values (1, 'ann'), (2, 'bob'), (3, 'cy')");
});

test('a JOIN LATERAL SPLIT_TO_TABLE without ON before a join with one (axelar silver__staking) pairs each part with its row', async () => {
  // DuckDB took the second join's ON for the first one and failed with a raw "syntax error at or near GROUP".
  const r = await session().execute(
    "select a.id, am.value as part, c.who, count(*) as n from orders a join lateral split_to_table(a.amount, ',') am join callers c on a.id = c.id group by a.id, am.value, c.who order by a.id, part",
  );
  assert.deepEqual(r.rows.map((x) => [x.ID, x.PART, x.WHO, Number(x.N)]), [
    [1, '5 usd', 'ann', 1],
    [1, '7 axl', 'ann', 1],
    [2, '9 usd', 'bob', 1],
  ]);
});

test('INNER JOIN and JOIN without ON are cross joins; a join whose ON comes after a nested join keeps it', async () => {
  const r = await session().execute('select count(*) as n from orders o inner join callers c');
  assert.equal(Number(r.rows[0].N), 6);
  const w = await session().execute('select o.id from orders o join callers c where o.id = c.id order by 1');
  assert.deepEqual(w.rows.map((x) => x.ID), [1, 2]);
  // `a JOIN b JOIN c ON x ON y` nests: both joins have their condition, nothing is rewritten.
  const nested = 'select * from orders a join callers b join callers c on b.id = c.id on a.id = b.id';
  assert.equal(translateSnowflakeSql(nested), nested);
  // Conditions inside a derived table belong to its own joins.
  assert.match(translateSnowflakeSql('select * from (select * from orders a join callers b) q join callers w using (id)'), /a CROSS JOIN callers b\) q join callers w using \(id\)/);
});

test('an outer join without ON or USING is refused by name at the JOIN', async () => {
  await assertRefused(session(), 'select *\nfrom orders o left join lateral flatten(input => parse_json(o.amount)) f', /LEFT JOIN without an ON or USING condition/, 2, 20);
  await assertRefused(session(), 'select * from orders o full outer join callers c', /FULL JOIN without an ON or USING condition/, 1, 35);
});
