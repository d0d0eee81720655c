import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha2Hex, uuidV5 } from '../../client/src/warehouse/snowflake-on-duckdb/digest-functions';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('uuidV5 is RFC 9562 version 5 (its DNS example) and refuses a namespace that is not a UUID', () => {
  assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  assert.throws(() => uuidV5('not-a-uuid', 'x'), /Invalid UUID namespace/);
});

test('sha2Hex gives the FIPS 180 digests and refuses other sizes', () => {
  assert.equal(sha2Hex(Buffer.from('abc'), 224), '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
  assert.throws(() => sha2Hex(Buffer.from('abc'), 128), /Invalid digest size 128 for SHA2/);
});

test('SHA2 on DuckDB: text as UTF-8, a BLOB as its bytes, NULL in NULL out, SHA2_HEX alike', async () => {
  const r = await session().execute("select sha2('é', 384) a, sha2(unhex('616263'), 224) b, sha2(null, 512) c, sha2_hex('abc') d, sha2('abc') e");
  const row = r.rows[0];
  assert.equal(row.A, sha2Hex(Buffer.from('é', 'utf8'), 384));
  assert.equal(row.B, '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
  assert.equal(row.C, null);
  assert.equal(row.D, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(row.E, row.D);
  await assert.rejects(session().execute("select sha2('abc', 100)"), /Invalid digest size 100 for SHA2/);
});

test('UUID_STRING(namespace, name) on DuckDB is deterministic; with no arguments it stays random', async () => {
  const r = await session().execute("select uuid_string('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com') a, uuid_string() = uuid_string() b");
  assert.deepEqual(r.rows[0], { A: '2ed6657d-e927-568b-95e1-2665a8aea6a2', B: false });
});

test("X'…' is a BINARY literal (DuckDB alone reads x'AB' as the text 'xAB'); odd hex is refused by name", async () => {
  const r = await session().execute("select sha2(X'616263', 224) a, x'6162' = unhex('6162') b");
  assert.deepEqual(r.rows[0], { A: '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7', B: true });
  await assert.rejects(session().execute("select X'ABC'"), /The BINARY literal X'ABC' \(not an even number of hex digits\) is not supported on the DuckDB target \(line 1, column 8\)/);
});
