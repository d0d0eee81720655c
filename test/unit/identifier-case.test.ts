// Unquoted identifiers on the DuckDB target behave as on Snowflake: stored and returned upper-case, while quoted
// ones keep their case — in result sets, in the columns of the tables statements create, in DESCRIBE and
// information_schema, so every surface reports the same names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldUnquotedIdentifiers } from '../../server/src/core/sql/snowflake-on-duckdb/identifier-case';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { TargetConfig } from '../../server/src/core/types';

test('folding upper-cases unquoted words only, and keeps every offset', () => {
  const sql = `select feature_name, "mixedCase", 'text kept' as t, 0xff, 1e3 -- a comment\nfrom raw.t where x = $$keep$$`;
  const folded = foldUnquotedIdentifiers(sql);
  assert.equal(folded, `SELECT FEATURE_NAME, "mixedCase", 'text kept' AS T, 0xff, 1e3 -- a comment\nFROM RAW.T WHERE X = $$keep$$`);
  assert.equal(folded.length, sql.length);
  // DuckDB's parser needs its temporary catalog as `temp`.
  assert.equal(foldUnquotedIdentifiers('create temporary table temp.main.m__dbt_tmp as select 1 as a'), 'CREATE TEMPORARY TABLE temp.MAIN.M__DBT_TMP AS SELECT 1 AS A');
  // Snowflake folds only A–Z: a non-ASCII word is left as written.
  assert.equal(foldUnquotedIdentifiers('select größe from t'), 'SELECT größe FROM T');
});

const target: TargetConfig = { name: 'local', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main' };

test('results, created tables, DESCRIBE and information_schema agree with Snowflake on name case', async () => {
  const warehouse = await createDuckDbWarehouse(target);
  try {
    const s = await warehouse.openSession();
    await s.execute(`create table tracking_plan (feature_name varchar, "eventName" varchar, "lower" int)`);
    await s.execute(`insert into tracking_plan values ('a', 'b', 1)`);
    // The mattermost_analytics macro reads row['FEATURE_NAME'] from run_query: the name is upper-case.
    const read = await s.execute('select feature_name, "eventName", "lower", 1 as one, 2 as "two" from tracking_plan');
    assert.deepEqual(read.columns.map((c) => c.name), ['FEATURE_NAME', 'eventName', 'lower', 'ONE', 'two']);
    assert.deepEqual(read.rows, [{ FEATURE_NAME: 'a', eventName: 'b', lower: 1, ONE: 1, two: 2 }]);
    assert.deepEqual((await s.execute('select * from tracking_plan')).columns.map((c) => c.name), ['FEATURE_NAME', 'eventName', 'lower']);

    // A table a model creates holds Snowflake's names: unquoted aliases upper-case, quoted ones as written.
    await s.execute('create table features as select feature_name as name, "eventName" as event, "lower" from tracking_plan');
    const described = await s.describe({ database: '', schema: 'main', identifier: 'features' });
    assert.deepEqual(described.map((c) => c.name), ['NAME', 'EVENT', 'lower']);
    const info = await s.execute("select column_name from information_schema.columns where table_name = 'FEATURES' order by ordinal_position");
    assert.deepEqual(info.rows.map((r) => r.COLUMN_NAME), ['NAME', 'EVENT', 'lower']);

    // Errors still point at the text as written (folding keeps every offset), and a syntax error quotes it.
    await assert.rejects(s.execute('select\n  nope from features'), (e: Error & { details?: { line?: number; column?: number } }) => {
      assert.equal(e.details?.line, 2);
      assert.equal(e.details?.column, 3);
      return true;
    });
    await assert.rejects(s.execute('selec 1'), /at or near "selec"/);
  } finally {
    await warehouse.close();
  }
});
