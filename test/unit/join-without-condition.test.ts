// `a left join b where …` (mattermost's arr_vintages): a JOIN with neither ON nor USING. DuckDB's parser refuses it
// at the next clause ("syntax error at or near "where""); Snowflake documents no result for it, so Bronze names the
// JOIN and points at it instead of showing DuckDB's syntax error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseDuckDbError } from '../../server/src/core/sql/snowflake-on-duckdb/errors';
import { unsupportedFromDuckDbError } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';

/** DuckDB's own error for `sql`, parsed as the warehouse layer parses it. */
async function duckDbError(sql: string): Promise<ReturnType<typeof parseDuckDbError>> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run('SET errors_as_json = true');
  try {
    await connection.run(sql);
  } catch (e) {
    return parseDuckDbError((e as Error).message);
  }
  throw new Error(`no error from ${sql}`);
}

test('a LEFT JOIN without ON before WHERE, ORDER BY or the end is refused by name at the JOIN', async () => {
  const cases: Array<[string, string]> = [
    ['with a as (select 1 x), b as (select 2 y) select * from a\n  left join b where x = 1', 'LEFT'],
    ['with a as (select 1 x), b as (select 2 y) select * from a left outer join b as bb order by 1', 'LEFT OUTER'],
    ['with a as (select 1 x), b as (select 2 y) select * from a join "B"', ''],
  ];
  for (const [sql, kind] of cases) {
    const e = await duckDbError(sql);
    assert.equal(e.type, 'Parser');
    const u = unsupportedFromDuckDbError(e, sql, (o) => o);
    assert.equal(u?.construct, `${kind ? `${kind} ` : ''}JOIN without ON or USING (Snowflake's syntax allows it but documents no result for it: write the ON condition, or CROSS JOIN)`, sql);
    assert.equal(u?.offset, sql.search(/\b(left|join)\b/i), sql);
  }
});

test('other syntax errors stay DuckDB\'s, and a JOIN with ON is not taken for one without', async () => {
  for (const sql of ['select * from a left join b on a.x = b.y where where', 'select * from a left join b on', 'select from where']) {
    const e = await duckDbError(sql);
    assert.equal(unsupportedFromDuckDbError(e, sql, (o) => o), undefined, sql);
  }
});
