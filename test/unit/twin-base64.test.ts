// BASE64_ENCODE and the BASE64_DECODE functions on the DuckDB target (base64.ts): standard text decodes, text outside
// the alphabet is NULL for TRY_ and an error otherwise, and what Snowflake does not document is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('TRY_ decoders give NULL for text outside the alphabet and for bytes that are no UTF-8 text', async () => {
  assert.deepEqual(
    await firstRow(session(), "SELECT TRY_BASE64_DECODE_STRING('SGk='), TRY_BASE64_DECODE_STRING('S-k='), TRY_BASE64_DECODE_STRING('/w=='), TRY_BASE64_DECODE_STRING(NULL), TRY_BASE64_DECODE_STRING('')"),
    ['Hi', null, null, null, ''],
  );
});

test('the plain decoders fail where TRY_ gives NULL', async () => {
  await assert.rejects(session().execute("SELECT BASE64_DECODE_STRING('S-k=')"), /not a legal base64-encoded value: 'S-k='/);
  await assert.rejects(session().execute("SELECT BASE64_DECODE_STRING('/w==')"), /Invalid UTF8/);
  await assert.rejects(session().execute("SELECT BASE64_DECODE_BINARY('S-k=')"), /not a legal base64-encoded value/);
});

test('a VARIANT holding a string is read as its text, a number as its digits, as Snowflake casts them to VARCHAR', async () => {
  assert.deepEqual(
    await firstRow(session(), `SELECT TRY_BASE64_DECODE_STRING(PARSE_JSON('{"k":"SGk="}'):k), BASE64_ENCODE(PARSE_JSON('"Hi"')), BASE64_ENCODE(12), BASE64_ENCODE(NULL), BASE64_DECODE_STRING(PARSE_JSON('null'))`),
    ['Hi', 'SGk=', 'MTI=', null, null],
  );
});

test('a custom alphabet replaces + / = and no longer accepts the characters it replaced', async () => {
  assert.deepEqual(
    await firstRow(session(), "SELECT HEX_ENCODE(BASE64_DECODE_BINARY('-_8.', '-_.')), TRY_BASE64_DECODE_BINARY('//4=', '-_.'), BASE64_ENCODE(X'FBFF', 0, '-_.'), LENGTH(BASE64_DECODE_BINARY('//4='))"),
    ['FBFF', null, '-_8.', 2],
  );
});

test('whitespace, missing padding and line lengths, which Snowflake does not document, are refused by name', async () => {
  await assertRefused(session(), "SELECT\n  TRY_BASE64_DECODE_STRING('SGVs bG8=')", /TRY_BASE64_DECODE_STRING of text with whitespace or without its '=' padding/, 2, 3);
  await assertRefused(session(), "SELECT BASE64_DECODE_BINARY('SGk')", /BASE64_DECODE_BINARY of text with whitespace or without its '=' padding/, 1, 8);
  await assertRefused(session(), "SELECT BASE64_ENCODE('Hi', 76)", /BASE64_ENCODE with a max_line_length other than 0/, 1, 8);
  await assertRefused(session(), "SELECT BASE64_ENCODE('Hi', 0, 'ab')", /BASE64_ENCODE with the alphabet 'ab'/, 1, 8);
});
