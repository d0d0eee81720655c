// A call's argument ends before the comments after it (translate.ts Rewriter.arg): a template puts its own text after
// each argument, and a trailing `-- comment` kept in the argument hid that text to the end of the line (DuckDB's raw
// "syntax error at end of input"). The OBJECT constant's values were read this way already; function arguments too now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('a line comment after a rewritten call\'s argument does not swallow the rest of the call', async () => {
  assert.deepEqual(
    await firstRow(session(), "select nvl2(1, 'a' -- the value\n, 'b') x, dateadd(day, 1, '2020-01-01'::date -- the day\n) y"),
    ['a', '2020-01-02'],
  );
});

test('a line comment after an OBJECT constant value, and an object read by [key], still work', async () => {
  const row = await firstRow(session(), "select {'a': 1 -- one\n}['a'] = 1 x, {'a': [5]}['a'][0]::int y");
  assert.deepEqual(row, [true, 5]);
});
