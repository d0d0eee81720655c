// The located refusal translating a statement for the DuckDB target raises (a test fails when none is raised).
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../../server/src/core/sql/snowflake-on-duckdb/unsupported';

export function translationRefusal(sql: string): UnsupportedOnDuckDb {
  try {
    translateSnowflakeSql(sql);
  } catch (e) {
    if (e instanceof UnsupportedOnDuckDb) return e;
    throw e;
  }
  assert.fail(`not refused: ${sql}`);
}
