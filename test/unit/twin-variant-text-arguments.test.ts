// A VARIANT where Snowflake expects text (a string function's VARCHAR parameter, LIKE's operands): Snowflake casts it
// to VARCHAR (a JSON string's value without its quotes, a number's digits, JSON null NULL). A `:`/`[]` path there is
// rendered as that cast (text-arguments.ts); a VARIANT only the types show is refused where DuckDB would read its JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();
const J = `PARSE_JSON('{"s":"a b","i":3,"z":null,"o":{"x":1}}')`;

test('string functions read a path to a JSON string as its value, not its JSON text', async () => {
  assert.deepEqual(
    await firstRow(session(), `SELECT UPPER(${J}:s), LENGTH(${J}:s), SUBSTR(${J}:s, 1, 2), RIGHT(${J}:s, 1), REPLACE(${J}:s, 'a', 'x'), CONCAT(${J}:s, '!'), SPLIT_PART(${J}:s, ' ', 2), LPAD(${J}['s'], 5, '*'), TRIM(${J}:s), INITCAP(${J}:s)`),
    ['A B', 3, 'a ', 'b', 'x b', 'a b!', 'b', '**a b', 'a b', 'A B'],
  );
});

test('predicates and LIKE read the value too', async () => {
  assert.deepEqual(
    await firstRow(session(), `SELECT STARTSWITH(${J}:s, 'a'), ENDSWITH(${J}:s, 'b'), ${J}:s LIKE 'a%', ${J}:s NOT ILIKE 'A%', REGEXP_LIKE(${J}:s, 'a.*'), REGEXP_INSTR(${J}:s, 'b')`),
    [true, true, true, false, true, 3],
  );
});

test('a VARIANT column under LIKE is read as its cast to VARCHAR', async () => {
  assert.deepEqual(
    await firstRow(session(), `SELECT v LIKE 'a%', v NOT ILIKE 'A%', t LIKE 'x%' FROM (SELECT ${J}:s AS v, 'xy' AS t)`),
    [true, false, true],
  );
  await assertRefused(session(), 'SELECT n LIKE \'1%\' FROM (SELECT 12 AS n)', /LIKE on a NUMBER value/, 1, 10);
});

test('a number gives its digits, JSON null NULL, an OBJECT its JSON text (as ::VARCHAR)', async () => {
  assert.deepEqual(await firstRow(session(), `SELECT CONCAT('#', ${J}:i), UPPER(${J}:z), LENGTH(${J}:o)`), ['#3', null, 7]);
});

test('a VARIANT only its type shows, given to a text function without a cast, is refused where it is', async () => {
  await assertRefused(session(), `SELECT\n  UPPER(${J})`, /A VARIANT given without a cast to a function or operator taking text/, 2, 9);
  await assertRefused(session(), `SELECT MD5(${J})`, /A VARIANT given without a cast/, 1, 12);
  assert.deepEqual(await firstRow(session(), `SELECT UPPER(PARSE_JSON('"q"')::VARCHAR), UPPER(${J}:s::STRING)`), ['Q', 'A B']);
});
