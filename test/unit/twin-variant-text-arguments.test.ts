// A VARIANT where Snowflake expects text (a string function's VARCHAR parameter, LIKE's operands): Snowflake casts it
// to VARCHAR (a JSON string's value without its quotes, a number's digits, JSON null NULL). A `:`/`[]` path there is
// rendered as that cast (text-arguments.ts); a VARIANT only the types show (a column, PARSE_JSON's result) is found in
// the plan and cast the same way (variant-text-operands.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';
import { castingOperands, OperandReader } from '../../client/src/warehouse/snowflake-on-duckdb/variant-text-operands';

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

test('a VARIANT only its type shows, given to a text function or || without a cast, is read as its cast to VARCHAR', async () => {
  // The plan locates DuckDB's cast of the operand (variant-text-operands.ts): a column, an aggregate, a window, CASE,
  // COALESCE and PARSE_JSON's result alike were read as their JSON text ('"Q"', '"a"x', 3).
  assert.deepEqual(await firstRow(session(), `SELECT\n  UPPER(PARSE_JSON('"q"')), MD5(PARSE_JSON('"q"')) = MD5('q')`), ['Q', true]);
  assert.deepEqual(await firstRow(session(), `SELECT UPPER(PARSE_JSON('"q"')::VARCHAR), UPPER(${J}:s::STRING)`), ['Q', 'A B']);
  await session().execute('CREATE OR REPLACE TABLE vt (i INT, v VARIANT, s VARCHAR)');
  await session().execute(
    `INSERT INTO vt SELECT 1, PARSE_JSON('"a"'), 'p' UNION ALL SELECT 2, PARSE_JSON('1.50'), 'q' UNION ALL SELECT 3, PARSE_JSON('true'), 'r' ` +
      `UNION ALL SELECT 4, PARSE_JSON('null'), 's' UNION ALL SELECT 5, PARSE_JSON('{"k":[1]}'), 't'`,
  );
  const r = await session().execute(
    "SELECT UPPER(v) u, v || 'x' c, LENGTH(vt.v) n, TRIM(\"V\") t, CONCAT(s, v) k, REPLACE(v, 'a', 'b') r, LEFT(v, 1) l FROM vt ORDER BY i",
  );
  assert.deepEqual(
    r.rows.map((x) => [x.U, x.C, x.N, x.T, x.K, x.R, x.L]),
    [
      ['A', 'ax', 1, 'a', 'pa', 'b', 'a'],
      ['1.5', '1.5x', 3, '1.5', 'q1.5', '1.5', '1'],
      ['TRUE', 'truex', 4, 'true', 'rtrue', 'true', 't'],
      [null, null, null, null, null, null, null],
      ['{"K":[1]}', '{"k":[1]}x', 9, '{"k":[1]}', 't{"k":[1]}', '{"k":[1]}', '{'],
    ],
  );
  assert.deepEqual(
    await firstRow(
      session(),
      "SELECT UPPER(COALESCE(v, v)), COALESCE(v, v) || '!', UPPER(CASE WHEN i = 1 THEN v END), " +
        "LOWER(FIRST_VALUE(v) OVER (ORDER BY i)), LENGTH((v)) FROM vt WHERE i = 1",
    ),
    ['A', 'a!', 'A', 'a', 1],
  );
  // An aggregate's VARIANT (ANY_VALUE: MAX of a VARIANT is refused, variant-ordering.test.ts).
  assert.deepEqual(await firstRow(session(), "SELECT LOWER(ANY_VALUE(v)) || '-' FROM vt WHERE i = 1"), ['a-']);
});

test('a VARIANT operand cast in GROUP BY is cast in the select list too (still one grouped expression)', async () => {
  await session().execute("CREATE OR REPLACE TABLE vg AS SELECT PARSE_JSON('\"a\"') v UNION ALL SELECT PARSE_JSON('\"a\"') UNION ALL SELECT PARSE_JSON('\"b\"')");
  const r = await session().execute("SELECT UPPER(v) u, v || 'x' c, COUNT(*) n FROM vg GROUP BY UPPER(v), v || 'x' ORDER BY u");
  assert.deepEqual(r.rows.map((x) => [x.U, x.C, Number(x.N)]), [['A', 'ax', 2], ['B', 'bx', 1]]);
});

test('an error in a statement whose VARIANT operands were cast is located where the user wrote it', async () => {
  await assertRefused(session(), "SELECT UPPER(v) || 'x', HASH(v) FROM vt", /HASH/, 1, 25);
});

test('operands cast inside one another keep their order, and offsets map back to the statement', () => {
  const sql = "select upper(max(v)), v || 'x' from t";
  const reader = new OperandReader(sql);
  const outer = reader.operandAt(sql.indexOf('max'));
  const inner = reader.operandAt(sql.indexOf('v)'));
  const column = reader.besideOperator(sql.indexOf('||'), 0);
  assert.ok(outer && inner && column);
  const cast = castingOperands(sql, [inner, outer, column, outer]);
  assert.equal(cast.sql, "select upper(bz_varchar_cast(max(bz_varchar_cast(v)))), bz_varchar_cast(v) || 'x' from t");
  assert.equal(cast.toOriginal(cast.sql.indexOf('from')), sql.indexOf('from'));
  assert.equal(cast.toOriginal(cast.sql.indexOf('max')), sql.indexOf('max'));
  // Inside an added text: where it was added.
  assert.equal(cast.toOriginal(cast.sql.indexOf('bz_varchar_cast') + 3), sql.indexOf('max'));
  // What cannot be read as one operand is left alone: a path goes on past the name.
  assert.equal(new OperandReader('select upper(v:k) from t').operandAt(13), undefined);
  assert.equal(new OperandReader('select upper(v::json) from t').operandAt(13), undefined);
});

test('a VARIANT column given to SUBSTR, SPLIT, SHA2, SHA1 or a REGEXP_* function reads as its cast to VARCHAR', async () => {
  // DuckDB names these substr, split, regexp_extract_all…; SHA2 hashed the JSON text ('"ab"').
  await session().execute(`CREATE OR REPLACE TABLE vr AS SELECT PARSE_JSON('"ab"') v`);
  assert.deepEqual(
    await firstRow(
      session(),
      "SELECT SUBSTR(v, 2), SPLIT(v, 'b'), SHA2(v) = SHA2('ab'), SHA1(v) = SHA1('ab'), REGEXP_INSTR(v, 'b'), REGEXP_SUBSTR(v, 'a.'), REGEXP_COUNT(v, '.'), v RLIKE 'ab' FROM vr",
    ),
    ['b', ['a', ''], true, true, 2, 'ab', 2, true],
  );
});

test('a COALESCE of VARIANTs given to INITCAP, LPAD/RPAD or SPLIT_PART (Bronze macros) reads as its cast to VARCHAR', async () => {
  // DuckDB locates no cast there (it is in the macro's body): the macro's text arguments are cast where it is called.
  // They gave '"A"', '*"a' and a raw "Malformed JSON" error.
  assert.deepEqual(
    await firstRow(session(), "SELECT INITCAP(COALESCE(v, v)), LPAD(NVL(v, v), 3, '*'), RPAD(v, 3, NVL(v, v)), SPLIT_PART(COALESCE(v, v), 'x', 1) FROM vt WHERE i = 1"),
    ['A', '**a', 'aaa', 'a'],
  );
});
