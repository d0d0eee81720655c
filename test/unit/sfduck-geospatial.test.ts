// Snowflake's geospatial functions on the DuckDB target: refused by name at the call, never DuckDB's catalog message
// about its spatial extension, and never the extension's planar answer where Snowflake measures on the sphere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { translationRefusal } from './helpers/translation-refusal';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

const refusal = translationRefusal;

test('a geospatial call is refused by name at its offset', () => {
  const sql = 'select id,\n  st_point(longitude, latitude) as location_geo_point from t';
  const e = refusal(sql);
  assert.equal(e.message, 'Geospatial function ST_POINT is not supported on the DuckDB target');
  assert.equal(e.offset, sql.indexOf('st_point'));
  assert.equal(refusal('select ST_AREA(g) from t').construct, 'Geospatial function ST_AREA');
  assert.equal(refusal("select h3_latlng_to_cell(1, 2, 3)").construct, 'Geospatial function H3_LATLNG_TO_CELL');
  assert.equal(refusal("select try_to_geography('POINT(1 2)')").construct, 'Geospatial function TRY_TO_GEOGRAPHY');
});

test('names that are not geospatial calls pass: a column, an alias, a schema-qualified UDF', () => {
  assert.equal(translateSnowflakeSql('select st_x from t'), 'select st_x from t');
  assert.equal(translateSnowflakeSql('select 1 as st_area'), 'select 1 as st_area');
  assert.equal(translateSnowflakeSql('select my.st_point(1, 2)'), 'select my.st_point(1, 2)');
});

test('on a DuckDB session the refusal, not the catalog error, reaches the caller', async () => {
  await assert.rejects(
    () => session().execute('select st_contains(g, st_point(1, 2)) from (select 1 as g)'),
    (e: unknown) => {
      assert.match(String((e as Error).message), /^Geospatial function ST_POINT is not supported on the DuckDB target \(line 1, column 23\)/);
      assert.doesNotMatch(String((e as Error).message), /spatial extension/);
      return true;
    },
  );
});
