// Statements that need a Snowflake stage's files (CREATE TABLE … USING TEMPLATE over INFER_SCHEMA, COPY INTO) are
// refused by name by the translator, naming the stage, at the statement: only the local twin runs them
// (twin-stages.test.ts), before translation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { translationRefusal } from './helpers/translation-refusal';

const refusal = translationRefusal;

test('CREATE TABLE … USING TEMPLATE names the stage INFER_SCHEMA reads', () => {
  const sql = `
    CREATE OR REPLACE TABLE db.bronze.orders
    USING TEMPLATE (
      SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*))
      FROM TABLE(INFER_SCHEMA(LOCATION => '@raw_stage/orders/', FILE_FORMAT => 'csv_format')))`;
  const e = refusal(sql);
  assert.equal(e.message, 'CREATE TABLE … USING TEMPLATE (its columns are inferred from the files of stage @raw_stage/orders/, and only the local twin has stages: --target local) is not supported on the DuckDB target');
  assert.equal(e.offset, sql.indexOf('CREATE'));
});

test('COPY INTO, loading or unloading, names the stage', () => {
  assert.match(refusal("COPY INTO db.s.t FROM @raw_stage/orders/ FILE_FORMAT = (FORMAT_NAME = 'csv') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE").message, /^COPY INTO \(stage @raw_stage\/orders\/: only the local twin has stages: --target local\)/);
  assert.match(refusal('copy into @~/unload/ from t').message, /^COPY INTO \(stage @~\/unload\/: /);
  assert.match(refusal("copy into t from 's3://bucket/x'").message, /^COPY INTO \(stages and external locations: /);
  // A table that happens to be named like the keywords is not a stage statement.
  assert.equal(translateSnowflakeSql('select copy, template from t'), 'select copy, template from t');
});

test('Snowpipe (CREATE / ALTER / DROP PIPE, dbt_external_tables\' snowpipe sources) is refused by name', () => {
  for (const sql of ['create or replace pipe db.s.p auto_ingest = true as copy into db.s.t from @db.s.stage', 'alter pipe db.s.p refresh', 'drop pipe if exists db.s.p']) {
    const e = refusal(sql);
    assert.match(e.message, /^(CREATE|ALTER|DROP) PIPE \(Snowpipe loads staged files as they arrive in cloud storage; the DuckDB target has no pipes/, sql);
    assert.equal(e.offset, 0);
  }
  // A table named pipe is a table.
  assert.equal(translateSnowflakeSql('create table pipe (a int)'), 'create table pipe (a int)');
});
