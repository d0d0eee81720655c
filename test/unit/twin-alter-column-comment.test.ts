// `ALTER TABLE t ALTER c COMMENT '…'` on the DuckDB target (alter-column-comment.ts): each column's comment set as
// Snowflake sets it (dbt-snowflake's persist_docs sends one such statement for a table's columns); what DuckDB cannot
// keep — an ALTER VIEW column comment, and comments mixed with other column changes — is refused by name; a CREATE VIEW
// column list's comments are kept (translate.ts viewColumnList).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create schema if not exists cm');
  await s.execute("create or replace table cm.t as (select 1 as id, 'ab' as name, 2 as n)");
  await s.execute('create or replace view cm.v as select 1 as id');
});

async function comments(): Promise<Record<string, unknown>> {
  const r = await session().execute("select column_name, comment from information_schema.columns where table_schema ilike 'cm' and table_name ilike 't' order by ordinal_position");
  return Object.fromEntries(r.rows.map((row) => [String(row.COLUMN_NAME), row.COMMENT]));
}

test('the statement persist_docs sends: every listed column gets its comment, $$-quoted or not', async () => {
  await session().execute('\n    \n    \n    alter  table cm.t alter\n    \n        "ID" COMMENT $$the $ id$$,\n    \n        "NAME" COMMENT $$it\'s$$,\n    \n        "N" COMMENT $$$$;\n    \n');
  assert.deepEqual(await comments(), { ID: 'the $ id', NAME: "it's", N: '' });
});

test('MODIFY, a parenthesized list, COLUMN, UNSET COMMENT and a quoted literal', async () => {
  await session().execute("alter table cm.t modify (column id unset comment, name comment 'x''y')");
  assert.deepEqual(await comments(), { ID: null, NAME: "x'y", N: '' });
});

test('a view column and a list mixing a comment with a type change are refused by name; a type change alone runs', async () => {
  await assertRefused(session(), "alter view cm.v alter id comment 'a'", /A view column's COMMENT \(ALTER VIEW … ALTER COLUMN … COMMENT\)/, 1, 17);
  await assertRefused(session(), "alter table cm.t alter id comment 'a', name set data type varchar(20)", /ALTER TABLE … ALTER COLUMN mixing COMMENT with other column changes/, 1, 18);
  await session().execute('alter table cm.t alter name set data type varchar(30)');
  assert.deepEqual(await comments(), { ID: null, NAME: "x'y", N: '' });
});

test("a view's column list keeps each COMMENT (dbt-snowflake's persist_docs writes one), the list renaming the query's columns or not", async () => {
  await session().execute('create or replace  view cm.dv\n(\n  \n    "ID" COMMENT $$the $ id$$, \n  \n    NAME COMMENT \'it\'\'s\', N\n)\n  as (\n    select 1 as a, \'ab\' as b, 2 as n\n  );');
  const r = await session().execute("select column_name, comment from information_schema.columns where table_schema ilike 'cm' and table_name ilike 'dv' order by ordinal_position");
  assert.deepEqual(Object.fromEntries(r.rows.map((row) => [String(row.COLUMN_NAME), row.COMMENT])), { ID: 'the $ id', NAME: "it's", N: null });
  assert.deepEqual((await session().execute('select name from cm.dv')).rows, [{ NAME: 'ab' }]);
});
