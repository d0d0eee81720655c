// BOTH, LEADING and TRAILING: plain names in Snowflake (none is among its reserved keywords), reserved words of
// DuckDB's grammar, where `WITH both AS (…)` was a raw syntax error (flipside_algorand's core__fact_account_asset).
// Quoted as the other DuckDB-only keywords are (translate.ts), except as the side of TRIM's SQL-standard form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('a CTE, a table alias and columns named BOTH, LEADING and TRAILING', async () => {
  assert.deepEqual(
    await firstRow(session(), 'with both as (select 1 as leading, 2 as trailing) select both.leading, trailing, leading + both.trailing as s from both'),
    [1, 2, 3],
  );
  assert.equal(translateSnowflakeSql('select trim(leading) from t'), 'select trim("leading") from t');
  // TRIM's SQL-standard form keeps its word; BOTH as TRIM's one argument is a column.
  assert.deepEqual(await firstRow(session(), "select trim(both ' ' from ' a ') as t"), ['a']);
  assert.equal(translateSnowflakeSql('select trim(both) from t'), 'select trim("both") from t');
  // A string holding the word is no name.
  assert.match(translateSnowflakeSql("select 'both' as m from t"), /'both'/);
});
