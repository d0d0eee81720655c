// TO_CHAR / TO_VARCHAR of a BINARY with a binary format ('HEX', 'BASE64', 'UTF-8';
// https://docs.snowflake.com/sql-reference/functions/to_char): read as a date format before, it was refused as
// "TO_CHAR format element 'utf'" (sage_synapse_transform: to_varchar(reason, 'utf-8') of a BINARY column).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test("TO_VARCHAR(binary, 'HEX' | 'BASE64' | 'UTF-8') gives the bytes as upper-case hex, base64 or the UTF-8 text", async () => {
  const r = await session().execute(
    "select to_varchar(to_binary('SNOW', 'utf-8'), 'hex') as h, to_char(to_binary('SNOW', 'UTF-8'), 'BASE64') as b, " +
      "to_varchar(to_binary('534E4F57'), 'utf-8') as u, to_varchar(to_binary('534E4F57'), 'UTF8') as u2, to_varchar(null::binary, 'utf-8') as n",
  );
  assert.deepEqual(r.rows, [{ H: '534E4F57', B: 'U05PVw==', U: 'SNOW', U2: 'SNOW', N: null }]);
  assert.deepEqual(r.columns.map((c) => c.type), ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR']);
});

test('bytes that are not UTF-8, and a binary format given a value that is not BINARY, are refused by name at the call', async () => {
  await assertRefused(session(), "select to_varchar(x'FF', 'utf-8')", /^TO_VARCHAR\(…, 'UTF-8'\) of bytes that are not UTF-8 is not supported/, 1, 8);
  await assertRefused(session(), "select\n  to_varchar('abc', 'HEX')", /^TO_VARCHAR with the binary format 'HEX' of a value that is not BINARY/, 2, 3);
});

test('a date format is still a date format', async () => {
  const r = await session().execute("select to_varchar(date '2024-01-02', 'YYYY-MM') as y");
  assert.deepEqual(r.rows, [{ Y: '2024-01' }]);
});
