// ALTER SESSION SET TIMESTAMP_OUTPUT_FORMAT and its NTZ/LTZ forms on the DuckDB target (output-formats.ts): accepted
// and undone by UNSET; while another format is set, text of a timestamp it governs is refused, never the default text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const NTZ_TEXT = "SELECT '2024-01-02 03:04:05'::TIMESTAMP_NTZ::VARCHAR";

test('a session output format is accepted; timestamp text is refused until it is unset', async () => {
  await session().execute("ALTER SESSION SET TIMESTAMP_OUTPUT_FORMAT = 'YYYY-MM-DD'");
  assert.deepEqual(await firstRow(session(), "SELECT 1, '2024-01-02'::DATE::VARCHAR"), [1, '2024-01-02']);
  await assert.rejects(session().execute(NTZ_TEXT), /Text of a TIMESTAMP_NTZ while ALTER SESSION has set its output format .* is not supported on the DuckDB target/);
  await assert.rejects(session().execute('SELECT TO_VARCHAR(CURRENT_TIMESTAMP)'), /Text of a TIMESTAMP_LTZ/);
  await session().execute('ALTER SESSION UNSET TIMESTAMP_OUTPUT_FORMAT');
  assert.deepEqual(await firstRow(session(), NTZ_TEXT), ['2024-01-02 03:04:05.000']);
});

test("TIMESTAMP_NTZ_OUTPUT_FORMAT governs NTZ text only; '' is its default", async () => {
  await session().execute("ALTER SESSION SET TIMESTAMP_NTZ_OUTPUT_FORMAT = 'YYYY'");
  await assert.rejects(session().execute(NTZ_TEXT), /Text of a TIMESTAMP_NTZ/);
  await session().execute("ALTER SESSION SET TIMESTAMP_NTZ_OUTPUT_FORMAT = ''");
  assert.deepEqual(await firstRow(session(), NTZ_TEXT), ['2024-01-02 03:04:05.000']);
});
