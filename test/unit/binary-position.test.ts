// POSITION / CHARINDEX of BINARY literals on the DuckDB target (string-functions.ts): positions count whole bytes, a
// match across a byte boundary is no match; binary operands other than X'…' literals are refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('POSITION of X literals counts bytes and never matches across a byte boundary', async () => {
  assert.deepEqual(
    await firstRow(session(), "SELECT POSITION(X'EF', X'ABCDEF'), POSITION(X'BC', X'ABCD'), POSITION(X'AB', X'ABCDAB', 2), CHARINDEX(X'CD', X'ABCD')"),
    [3, 0, 3, 2],
  );
});

test('POSITION of a binary literal in text is refused by name', async () => {
  await assert.rejects(session().execute("SELECT POSITION(X'AB', 'text')"), /POSITION on BINARY values \(other than two X'…' literals\) is not supported on the DuckDB target/);
});
