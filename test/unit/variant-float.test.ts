// A FLOAT put in a VARIANT, ARRAY or OBJECT keeps its type (TYPEOF DOUBLE, ::VARCHAR as a FLOAT's text, read back
// exactly); where the DuckDB target's JSON would drop that type (TO_JSON, a cast to text or a VARIANT read of an ARRAY
// or OBJECT holding one, nesting it) the construct is refused by name. ARRAY_DISTINCT compares numbers by value, as
// ARRAY_REMOVE and ARRAY_CONTAINS do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table tf (f float, n number(10,2)); insert into tf select 0.1::float + 0.2::float, 1.23');
});

const row = (sql: string): Promise<unknown[]> => firstRow(session(), sql);
const refused = (sql: string, what: RegExp, line: number, column: number): Promise<void> => assertRefused(session(), sql, what, line, column);

test('TO_VARIANT, ::VARIANT and CAST AS VARIANT of a FLOAT hold a DOUBLE: TYPEOF, ::VARCHAR as the FLOAT text, read back exactly', async () => {
  assert.deepEqual(await row('select typeof(to_variant(f)), typeof(f::variant), typeof(cast(f as variant)), typeof(to_variant(n)) from tf'), ['DOUBLE', 'DOUBLE', 'DOUBLE', 'DECIMAL']);
  // The value reads back as the same DOUBLE (0.30000000000000004), and as text as the FLOAT itself casts to text.
  assert.deepEqual(await row('select to_variant(f)::float = f, to_variant(f)::varchar, f::varchar, to_variant(5.000::float)::varchar, to_variant(1.23::float)::number(10,2) from tf'), [true, '0.3', '0.3', '5', 1.23]);
  // The result set holds the number (Snowflake shows 1.230000000000000e+00, the same JSON number).
  assert.deepEqual(await row('select to_variant(1.23::float), [1.5::float], {\'k\': 1.5::float}'), [1.23, [1.5], { k: 1.5 }]);
  // Through a table, a VARIANT column keeps it.
  await session().execute('create or replace table tfv as select to_variant(f) v from tf');
  assert.deepEqual(await row('select typeof(v), v::float = (select f from tf) from tfv'), ['DOUBLE', true]);
});

test('an element or value read back with a cast to a scalar type runs; read as a VARIANT it is refused, located', async () => {
  assert.deepEqual(
    await row("select array_construct(f)[0]::float = f, [f][0]::float = f, object_construct('k', f):k::float = f, {'k': f}['k']::float = f, get_path(object_construct('k', f), 'k')::number(5,2) from tf"),
    [true, true, true, true, 0.3],
  );
  assert.deepEqual(await row('select get(array_agg(f), 0)::float = max(f) from tf'), [true]);
  await refused('select typeof(array_construct(f)[0]) from tf', /^A VARIANT read \(:, \[…\], GET\) from an ARRAY or OBJECT holding a FLOAT/, 1, 33);
  await refused("select 1,\n  object_construct('k', f):k::varchar from tf", /^A VARIANT read/, 2, 27);
  await refused('select get(array_agg(f), 0) from tf', /^A VARIANT read/, 1, 8);
});

test('TO_JSON, a cast to text and ARRAY_TO_STRING of a FLOAT in a VARIANT, ARRAY or OBJECT are refused by name', async () => {
  await refused('select to_json(to_variant(f)) from tf', /^TO_JSON of a FLOAT, or of a VARIANT, ARRAY or OBJECT holding one/, 1, 8);
  await refused("select to_json(parse_json('1.912e2'))", /^TO_JSON of a FLOAT/, 1, 8);
  await refused('select to_json(array_agg(f)) from tf', /^TO_JSON of a FLOAT/, 1, 8);
  await refused('select array_construct(f)::varchar from tf', /^A cast to text \(::VARCHAR, TO_VARCHAR\) of an ARRAY or OBJECT holding a FLOAT/, 1, 26);
  await refused("select 1,\n  to_varchar(object_construct('k', f)) from tf", /^A cast to text/, 2, 3);
  await refused("select array_to_string(array_construct(f), ',') from tf", /^ARRAY_TO_STRING of an array of dates, times, timestamps or FLOATs/, 1, 8);
  // Without a FLOAT, as before.
  assert.deepEqual(await row("select to_json(array_construct(1, 2.5, 'x')), object_construct('k', 1.5)::varchar, to_json(to_variant(n)) from tf"), ['[1,2.5,"x"]', '{"k":1.5}', '1.23']);
});

test('an ARRAY or OBJECT holding a FLOAT put in another VARIANT, and a FLOAT NaN, are refused by name', async () => {
  await refused('select array_construct(array_agg(f)) from tf', /^ARRAY_CONSTRUCT of a FLOAT NaN or infinity, or of an ARRAY or OBJECT holding a FLOAT/, 1, 8);
  await refused("select object_construct('a', [f]) from tf", /^OBJECT_CONSTRUCT of a FLOAT NaN/, 1, 8);
  await refused('select array_append(array_agg(f), 1) from tf', /^ARRAY_APPEND of a FLOAT NaN/, 1, 8);
  await refused("select to_variant('nan'::float)", /^TO_VARIANT of a FLOAT NaN/, 1, 8);
  // A FLOAT appended to an ARRAY without one keeps its type.
  assert.deepEqual(await row('select array_append(array_construct(1), f)[1]::float = f, array_size(array_append(array_construct(1), f)) from tf'), [true, 2]);
});

test('PARSE_JSON of a number with an exponent is a DOUBLE, cast to VARCHAR as a FLOAT', async () => {
  assert.deepEqual(await row("select typeof(parse_json('1.912e2')), parse_json('1.912e2')::varchar, typeof(parse_json('123.12')), parse_json('123.12')::varchar"), ['DOUBLE', '191.2', 'DECIMAL', '123.12']);
});

test("ARRAY_DISTINCT keeps the first of the elements equal as ARRAY_REMOVE compares them (numbers by value), and one undefined slot", async () => {
  assert.deepEqual(await row("select array_distinct([1, 1.0, 5, 5.00, 5.00::double, '5', 5]), array_distinct(['A', 'A', 'B', NULL, NULL]), array_distinct([{'a': 1}, {'a': 1}, {'a': 2}])"), [
    [1, 5, '5'],
    ['A', 'B', null],
    [{ a: 1 }, { a: 2 }],
  ]);
  assert.deepEqual(await row('select array_remove([1, 1.0, 2], 1), array_contains(1::variant, [1.0]), array_distinct(array_agg(x)) from (select 2 x)'), [[2], true, [2]]);
});
