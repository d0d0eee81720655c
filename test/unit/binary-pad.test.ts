// LPAD / RPAD of BINARY on the DuckDB target (string-functions.ts PAD_MACROS): whole bytes are padded and truncated,
// as Snowflake's LPAD page shows for a BINARY column; text keeps its own padding, also from an aggregate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('LPAD/RPAD of a BINARY column pad with the pad bytes and truncate to whole bytes', async () => {
  const s = session();
  await s.execute('CREATE OR REPLACE TABLE bin_pad (b BINARY)');
  await s.execute("INSERT INTO bin_pad SELECT HEX_ENCODE('Hi')");
  assert.deepEqual(
    await firstRow(s, "SELECT HEX_ENCODE(LPAD(b, 5, X'2A2B')), HEX_ENCODE(RPAD(b, 5, X'24')), HEX_ENCODE(LPAD(b, 1, X'24')), HEX_ENCODE(RPAD(b, 4, X''))  FROM bin_pad"),
    ['2A2B2A4869', '4869242424', '48', '4869'],
  );
});

test('LPAD/RPAD of text, of NULL and of an aggregate keep their text results', async () => {
  assert.deepEqual(
    await firstRow(session(), "SELECT LPAD('Hi', 5, '*'), RPAD('Hi', 3, ''), LPAD(NULL, 3, '*'), LPAD(MAX(x), 4, '0') FROM (SELECT '7' AS x)"),
    ['***Hi', 'Hi', null, '0007'],
  );
});

test('LPAD/RPAD of arguments DuckDB has no padding for is refused by name at the call', async () => {
  await assert.rejects(session().execute("SELECT 1,\n  RPAD(X'4869', 5, '*')"), /LPAD\/RPAD with arguments \(BINARY, NUMBER\) is not supported on the DuckDB target \(line 2, column 3\)/);
});
