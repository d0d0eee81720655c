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

test('under SELECT *, or with the first branch unaliased, the column is still refused by name', async () => {
  await assertRefused(session(), 'with a as (select s from tj), b as (select j:a v from tj)\nselect * from a union all select * from b', /^A UNION\/INTERSECT\/EXCEPT column \(S\) that is VARCHAR/, 1, 1);
  await assertRefused(session(), 'select s from tj\nunion all\nselect j:a from tj', /^A UNION\/INTERSECT\/EXCEPT column \(S\) that is VARCHAR/, 1, 8);
});

test('a last branch selecting a string with no FROM converts it too (named as Snowflake names it, the alias closes the wrap)', async () => {
  assert.deepEqual(await firstRow(session(), "select count_if(typeof(c) = 'VARCHAR'), count(*) from (select j:a as c from tj union all select '5' union all select 7)"), [1, 3]);
});

test('translated without result-column names, a last item with no alias or FROM after it is refused by name, not parsed', () => {
  assert.throws(() => translateSnowflakeSql("select j:a as c from tj union all select '5'"), (e: Error) => e instanceof UnsupportedOnDuckDb && /last branch/.test(e.construct));
});
