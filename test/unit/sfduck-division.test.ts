import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

// Snowflake: `a / b` of NUMBERs is a NUMBER of scale max(S1, min(S1 + 6, 12)), rounded half away from zero; a FLOAT
// operand gives a FLOAT (docs.snowflake.com/en/sql-reference/operators-arithmetic, "Division").
const session = memorySession(async (s) => {
  await s.execute('create table q (g varchar, i int, d number(10,2), f float, z int)');
  await s.execute("insert into q values ('a', 1, 10.50, 1.5, 0), ('a', -1, -0.05, 3.0, 0), ('b', 2, null, null, 0), ('b', null, 1.00, 0.5, 0)");
});

test('an aggregate divided by a literal is a NUMBER at the dividend\'s scale + 6 (sum(x)/60.0 is 0.016667)', async () => {
  const r = await session().execute('select sum(x)/60.0 v from (select 1 as x)');
  assert.equal(r.columns[0].type, 'DECIMAL(38,6)');
  assert.equal(String(r.rows[0].V), '0.016667');
});

test('column division: INT by INT scale 6, NUMBER(10,2) by INT scale 8, rounded half away from zero (negative ties too)', async () => {
  const r = await session().execute("select i / 3 a, d / 4 b, i / 8 c, -1 * i / 16 e from q where g = 'a' order by i desc");
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,6)', 'DECIMAL(38,8)', 'DECIMAL(38,6)', 'DECIMAL(38,6)']);
  assert.deepEqual(r.rows.map((x) => [x.A, x.B, x.C, x.E]), [
    [0.333333, 2.625, 0.125, -0.0625],
    [-0.333333, -0.0125, -0.125, 0.0625],
  ]);
  // Ties at scale 6: ±0.0000005 rounds away from zero to ±0.000001 (the text shows the scale's digits).
  const t = await session().execute('select (i / 2000000)::varchar v from q where i is not null order by i');
  assert.deepEqual(t.rows.map((x) => x.V), ['-0.000001', '0.000001', '0.000001']);
});

test('a FLOAT operand gives a FLOAT; NULL gives NULL; division by zero is Snowflake\'s error for NUMBER and FLOAT', async () => {
  const r = await session().execute("select f / i a, i / f b from q where g = 'a' order by i desc");
  assert.deepEqual(r.columns.map((c) => c.type), ['DOUBLE', 'DOUBLE']);
  assert.deepEqual(r.rows.map((x) => [x.A, x.B]), [[1.5, 1 / 1.5], [-3, -1 / 3]]);
  const n = await session().execute("select d / i v from q where g = 'b' order by d nulls first");
  assert.deepEqual(n.rows.map((x) => x.V), [null, null]);
  await assert.rejects(session().execute('select i / z from q'), /Division by zero/);
  await assert.rejects(session().execute('select f / z from q'), /Division by zero/);
});

test('DIV0 and DIV0NULL of columns: 0 for a zero (DIV0NULL also a NULL) divisor, else the NUMBER quotient', async () => {
  const r = await session().execute("select div0(i, z) a, div0(d, i) b, div0null(i, d) c, div0null(f, z) e from q where g = 'b' order by i nulls last");
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,6)', 'DECIMAL(38,8)', 'DECIMAL(38,6)', 'DOUBLE']);
  assert.deepEqual(r.rows.map((x) => [x.A, x.B, x.C, x.E]), [
    [0, null, 0, 0],
    // DIV0(NULL, 0): the zero divisor decides, as in the DIV0 of literals (number-scale.ts).
    [0, null, null, 0],
  ]);
});

test('division in a window and of window aggregates, and a chain a / b / c, divide left to right at each step\'s scale', async () => {
  const r = await session().execute("select g, sum(i) over (partition by g) / count(*) over (partition by g) a, i / 3 / 7 b from q where i is not null order by i");
  assert.deepEqual(r.columns.slice(1).map((c) => c.type), ['DECIMAL(38,6)', 'DECIMAL(38,12)']);
  assert.deepEqual(r.rows.map((x) => [x.G, x.A, x.B]), [
    // i / 3 is rounded to scale 6 first (0.666667), then divided at scale 12.
    ['a', 0, -0.047619],
    ['a', 0, 0.047619],
    ['b', 2, 0.095238142857],
  ]);
});

test('a VARCHAR operand stays refused by name', async () => {
  await assert.rejects(session().execute('select g / i from q'), /Arithmetic \(\/\) on a VARCHAR value without a cast/);
});

// DuckDB places an error raised inside a macro's body at an offset in the macro's own text; the user's `/` is where
// the error belongs (issue 13: the refusal said "line 2, column 33", past the end of that line).
test('a refusal of a VARCHAR or VARIANT operand, and DuckDB\'s error for a DATE one, point at the user\'s `/`', async () => {
  const at = async (sql: string): Promise<unknown> => {
    const e = await session().execute(sql).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof Error, `${sql} should fail`);
    const d = (e as Error & { details?: { line?: number; column?: number } }).details;
    return [e.message.replace(/ \(line \d+, column \d+\)$/, '').slice(0, 33), d?.line, d?.column];
  };
  assert.deepEqual(await at("select 1,\n  g / i from (select 'a' g, 1 i)"), ['Arithmetic (/) on a VARCHAR value', 2, 5]);
  assert.deepEqual(await at("select 1,\n    v / i from (select parse_json('1') v, 1 i)"), ['Arithmetic (/) on a VARIANT value', 2, 7]);
  assert.deepEqual(await at("select 2,\n  current_date / i from q"), ["Binder Error: No function matches", 2, 16]);
});

// An untyped NULL column: DuckDB folds typeof() of it only inside a list (quotient.ts); Snowflake gives NULL.
test('a NULL column divided (x / 2, 2 / x, DIV0) is a NULL NUMBER', async () => {
  const r = await session().execute('select x / 2 a, 2 / x b, div0(x, 3) c from (select null x)');
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,6)', 'DECIMAL(38,6)', 'DECIMAL(38,6)']);
  assert.deepEqual(r.rows.map((x) => [x.A, x.B, x.C]), [[null, null, null]]);
});

// A VARIANT holding a number takes part in arithmetic without a cast (data-types-semistructured); beside a FLOAT the
// quotient is a FLOAT whatever numeric type the number is coerced to (flipside_algorand: `txn :txn :fee / pow(10, 6)`).
test('a VARIANT path divided by a FLOAT is the number read as a FLOAT; JSON null and a missing key give NULL', async () => {
  const r = await session().execute(
    "select txn :txn :fee / pow(10, 6) f from (select parse_json(column1) txn from values ('{\"txn\": {\"fee\": 1000}}'), " +
      "('{\"txn\": {\"fee\": 2.5}}'), ('{\"txn\": {\"fee\": null}}'), ('{\"txn\": {}}')) order by 1 nulls last",
  );
  assert.deepEqual(r.columns.map((c) => c.type), ['DOUBLE']);
  assert.deepEqual(r.rows.map((x) => x.F), [0.0000025, 0.001, null, null]);
});

test('a VARIANT holding text beside a FLOAT, or a VARIANT beside a NUMBER, is refused by name at the `/`', async () => {
  const e = await session().execute("select 1,\n  v:fee / pow(10, 6) from (select parse_json('{\"fee\": \"1000\"}') v)").then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof Error);
  assert.match(e.message, /^Arithmetic \(\/\) on a VARIANT holding a VARCHAR value .*not supported on the DuckDB target/);
  const d = (e as Error & { details?: { line?: number; column?: number } }).details;
  assert.deepEqual([d?.line, d?.column], [2, 9]);
  await assert.rejects(session().execute("select v:fee / 10 from (select parse_json('{\"fee\": 1000}') v)"), /Arithmetic \(\/\) on a VARIANT value without a cast/);
});
