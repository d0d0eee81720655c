// A UNION/INTERSECT/EXCEPT column one branch writes as a VARIANT (a path, PARSE_JSON, COALESCE with a path) is a
// VARIANT in Snowflake, the other branches' VARCHARs converted as TO_VARIANT converts them (a string, never parsed):
// written out item by item, those items are converted so; under `SELECT *`, or a first branch's item without an alias,
// the column is still refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, assertRefused, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';

const session = memorySession(async (s) => {
  await s.execute(`create table tj (s varchar, j variant); insert into tj select '123', parse_json('{"a": 1, "b": "x"}')`);
});

test('a VARCHAR branch beside a VARIANT path is a VARIANT string, not the text parsed as JSON', async () => {
  assert.deepEqual(
    await firstRow(session(), `select typeof(c), c::varchar, n from (select s as c, 1 n from tj union all select j:a, 2 from tj) order by n`),
    ['VARCHAR', '123', 1],
  );
  // The VARIANT in the second column of the first branch, bare aliases, three branches and COALESCE with a path.
  assert.deepEqual(
    await firstRow(session(), `select typeof(d), to_json(d) from (select j:a c, s d from tj union all select s, j:b from tj) where typeof(c) = 'INTEGER'`),
    ['VARCHAR', '"123"'],
  );
  assert.deepEqual(
    await firstRow(session(), `select count(*), count_if(typeof(c) = 'VARCHAR') from (select coalesce(s::varchar, j:a) c from tj union all select s from tj union all select '007' from tj)`),
    [3, 3],
  );
});

// mattermost_snowflake_dbt's license_overview: `SELECT * FROM <cte>` branches, one with a VARCHAR column where another
// has a VARIANT. The plan names the column; the branch whose `*` holds it is converted (`* REPLACE`), others left.
test('under SELECT *, the VARCHAR branch\'s column is converted as TO_VARIANT converts it, whichever branch holds it', async () => {
  const s = session();
  const r = await s.execute(
    'with a as (select 1 n, s from tj), b as (select 2 n, j:a v from tj), c as (select 3 n, s w from tj), d as (select 4 n, s x from tj)\n' +
      'select n, typeof(s) t, s::varchar x from (select * from a union all select * from b union all select * from c union all select distinct * from d) order by n',
  );
  assert.deepEqual(r.rows.map((x) => [x.N, x.T, x.X]), [[1, 'VARCHAR', '123'], [2, 'INTEGER', '1'], [3, 'VARCHAR', '123'], [4, 'VARCHAR', '123']]);
  // Two columns of one branch, a qualified star, and a star branch beside a written-out one.
  assert.deepEqual(
    await firstRow(s, 'select count_if(typeof(p) = \'VARCHAR\'), count_if(typeof(q) = \'VARCHAR\') from (select t.* from (select s p, s q from tj) t union all select j:a, j:b from tj)'),
    [1, 2],
  );
  // A union of text alone, beside a star branch converted in another chain, stays text.
  assert.deepEqual(
    await firstRow(s, 'with a as (select s from tj), b as (select j v from tj), u as (select * from a union all select * from b)\nselect (select typeof(s) from u limit 1), (select max(s) from (select * from a union all select * from a))'),
    ['VARCHAR', '123'],
  );
});

test('an unaliased first-branch item is still refused by name', async () => {
  await assertRefused(session(), 'select s from tj\nunion all\nselect j:a from tj', /^A UNION\/INTERSECT\/EXCEPT column \(S\) that is VARCHAR/, 1, 8);
});

// Snowflake's VARIANT keeps a DATE, TIMESTAMP or FLOAT's type (TYPEOF), which the DuckDB target's VARIANT (JSON) does
// not: such a column beside a VARIANT, converted by DuckDB or by the conversion above, is refused by name.
test('a DATE, TIMESTAMP or FLOAT beside a VARIANT is refused by name; a NUMBER or BOOLEAN converts as TO_VARIANT converts it', async () => {
  const s = session();
  await assertRefused(s, 'select current_date() as c from tj union all select j:a from tj', /^A UNION\/INTERSECT\/EXCEPT column \(C\) that is DATE in one branch and VARIANT/, 1, 1);
  await assertRefused(s, 'with a as (select 1.5::float f from tj), b as (select j from tj)\nselect * from a union all select * from b', /column \(F\) that is FLOAT in one branch and VARIANT/, 1, 1);
  await assertRefused(s, "with a as (select '2024-01-02 03:04:05'::timestamp_ntz t from tj), b as (select j from tj)\nselect * from a union all select * from b", /column \(T\) that is TIMESTAMP_NTZ in one branch/, 1, 1);
  assert.deepEqual(
    await firstRow(s, 'with a as (select 7 i, true b from tj), b as (select j:a, j:a from tj)\nselect typeof(i), typeof(b) from (select * from a union all select * from b) limit 1'),
    ['INTEGER', 'BOOLEAN'],
  );
});

test('a last branch selecting a string with no FROM converts it too (named as Snowflake names it, the alias closes the wrap)', async () => {
  assert.deepEqual(await firstRow(session(), "select count_if(typeof(c) = 'VARCHAR'), count(*) from (select j:a as c from tj union all select '5' union all select 7)"), [1, 3]);
});

test('translated without result-column names, a last item with no alias or FROM after it is refused by name, not parsed', () => {
  assert.throws(() => translateSnowflakeSql("select j:a as c from tj union all select '5'"), (e: Error) => e instanceof UnsupportedOnDuckDb && /last branch/.test(e.construct));
});
