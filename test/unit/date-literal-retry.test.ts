// A non-ISO date string DuckDB refused to read as a DATE (an INSERT into a DATE column) is rewritten to its ISO form
// for a second run, only when the statement holds it exactly once (offset-literals.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offsetLiteralRetry } from '../../server/src/core/sql/snowflake-on-duckdb/offset-literals';

test('a DD-MON-YYYY date string read as DATE is retried in ISO form, padded to its length', () => {
  const sql = "INSERT INTO t VALUES ('10-AUG-2025', 'a')";
  assert.equal(offsetLiteralRetry('invalid date field format: "10-AUG-2025", expected format is (YYYY-MM-DD)', sql), "INSERT INTO t VALUES ('2025-08-10 ', 'a')");
});

test('a date string that appears twice, or is no date Snowflake reads, is not retried', () => {
  const twice = "INSERT INTO t VALUES ('10-AUG-2025', '10-AUG-2025')";
  assert.equal(offsetLiteralRetry('invalid date field format: "10-AUG-2025", expected format is (YYYY-MM-DD)', twice), undefined);
  assert.equal(offsetLiteralRetry('invalid date field format: "10-XYZ-2025", expected format is (YYYY-MM-DD)', "SELECT '10-XYZ-2025'"), undefined);
  // MM/DD/YYYY shorter than its ISO form would move every later position: left to the refusal.
  assert.equal(offsetLiteralRetry('invalid date field format: "1/2/2025", expected format is (YYYY-MM-DD)', "INSERT INTO t VALUES ('1/2/2025')"), undefined);
});
