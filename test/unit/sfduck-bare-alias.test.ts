// A select item's alias written without AS gets AS on DuckDB (whose parser takes none of its keywords — NAME, TYPE,
// SOURCE… — as a bare alias); words that are not aliases are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lex } from '../../server/src/core/sql/tokenize';
import { bareAliasGaps } from '../../server/src/core/sql/snowflake-on-duckdb/bare-alias';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

test('bare aliases of select items get AS', () => {
  assert.equal(translateSnowflakeSql('select a name, b type from t'), 'select a AS name, b AS type from t');
  assert.equal(translateSnowflakeSql('select loaded_at ::TIMESTAMP loaded_at from t'), 'select loaded_at ::TIMESTAMP AS loaded_at from t');
  assert.equal(translateSnowflakeSql('select case when a then 1 else 2 end value from t'), 'select case when a then 1 else 2 end AS value from t');
  assert.equal(translateSnowflakeSql('select (select max(a) m from u) total from t'), 'select (select max(a) AS m from u) AS total from t');
  // A second pass changes nothing.
  assert.equal(translateSnowflakeSql('select a AS name from t'), 'select a AS name from t');
});

test('words that are not aliases stay as written', () => {
  for (const sql of [
    'select distinct name from t',
    'select a, b from t order by a desc nulls first, b',
    "select case when a then 'x' else 'y' end from t",
    'select x::double precision from t',
    'select * exclude name from t',
    'select a from t1 t2, t3 source',
    'select a from t group by a, b',
  ]) {
    assert.equal(translateSnowflakeSql(sql), sql);
  }
  // An ordered-set aggregate's WITHIN GROUP (pretium_semantic_layer's percentile tiers); `within` before GROUP BY is an alias.
  assert.equal(
    translateSnowflakeSql('select percentile_cont(0.90) within group (order by x) as p90, x type from t'),
    'select percentile_cont(0.90) within group (order by x) as p90, x AS type from t',
  );
  assert.equal(translateSnowflakeSql('select a within from t group by a'), 'select a AS within from t group by a');
  // A privilege, not a select list (dbt-snowflake's grants; the twin runs them as no-ops, sfduck-translate.test.ts).
  for (const sql of ['grant select on table t to role r', 'grant insert, select on table db.s.t to role reporter', 'revoke select on view v from role r']) {
    const lx = lex(sql);
    assert.deepEqual(bareAliasGaps(lx, 0, lx.length), []);
  }
});
