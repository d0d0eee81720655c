// MINUS is Snowflake's EXCEPT; DuckDB knows only EXCEPT (set-operators.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

test('MINUS before a query is EXCEPT; a quoted "minus" and the word elsewhere are left alone', () => {
  assert.equal(translateSnowflakeSql('select a from t minus select a from u'), 'select a from t EXCEPT select a from u');
  assert.equal(translateSnowflakeSql('(select 1) minus (select 2)'), '(select 1) EXCEPT (select 2)');
  assert.match(translateSnowflakeSql('select a from t\nMINUS\nwith x as (select 1 as a) select a from x'), /\nEXCEPT\nwith/);
  assert.equal(translateSnowflakeSql('select "minus" from t'), 'select "minus" from t');
});

test('the translation is stable under a second pass', () => {
  const once = translateSnowflakeSql('select a from t minus select a from u');
  assert.equal(translateSnowflakeSql(once), once);
});
