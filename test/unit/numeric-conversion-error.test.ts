// Text that is no number, cast to a number on the DuckDB target: Snowflake fails the same conversion with "Numeric
// value '…' is not recognized", and so does the twin, located, instead of DuckDB's "Could not convert string".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { booleanConversionMessage, numericConversionMessage } from '../../server/src/core/sql/snowflake-on-duckdb/errors';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE networks (network VARCHAR, code VARCHAR, n INT)');
  await s.execute("INSERT INTO networks VALUES ('1.2.3.0', 'ID-0000001', 1)");
});

test("a cast of text that is no number fails with Snowflake's message, located (mattermost's geolite cidr_network_size)", async () => {
  await assert.rejects(
    session().execute("SELECT\n  cast(split_part(network, '/', 2) as int) AS cidr_network_size FROM networks"),
    (e: Error) => /^Numeric value '' is not recognized \(line \d+, column \d+\)$/.test(e.message),
  );
  // A relationships test comparing a text id with a NUMBER column: the implicit cast fails the same way.
  await assert.rejects(session().execute('SELECT count(*) FROM networks a JOIN networks b ON a.n = b.code'), (e: Error) =>
    /^Numeric value 'ID-0000001' is not recognized/.test(e.message),
  );
  // An IN list of text beside a number column converts every item (Snowflake reads `n IN ('1','x')` as n = '1' OR …).
  await assert.rejects(session().execute("SELECT n IN ('1', 'x') FROM networks"), (e: Error) =>
    /^Numeric value 'x' is not recognized \(line 1, column \d+\)$/.test(e.message),
  );
});

test("a text → NUMBER(p,s) cast of text that is no number fails with Snowflake's message (mattermost's available renewals)", async () => {
  // DuckDB names the text in double quotes for a DECIMAL target, which the single-quote reading missed.
  await assert.rejects(session().execute('SELECT\n  code::number(18,2) FROM networks'), (e: Error) =>
    /^Numeric value 'ID-0000001' is not recognized \(line 2, column \d+\)$/.test(e.message),
  );
  await assert.rejects(session().execute("SELECT CAST('1.5x' AS DECIMAL(10,3))"), (e: Error) => /^Numeric value '1.5x' is not recognized/.test(e.message));
  assert.equal(numericConversionMessage('Could not convert string "abc" to DECIMAL(18,2) when casting from source column S'), "Numeric value 'abc' is not recognized");
  assert.equal(numericConversionMessage('Could not convert string "1e400" to DECIMAL(18,2)'), undefined);
});

test('number-shaped text DuckDB refuses keeps DuckDB\'s message (Snowflake may read it)', () => {
  assert.equal(numericConversionMessage("Could not convert string 'abc' to DECIMAL(18,2)"), "Numeric value 'abc' is not recognized");
  assert.equal(numericConversionMessage("Could not convert string ' x' to INT64 when casting from source column TO_FIELD"), "Numeric value ' x' is not recognized");
  assert.equal(numericConversionMessage("Could not convert string '1e5' to INT32"), undefined);
  assert.equal(numericConversionMessage("Could not convert string '99999999999' to INT32"), undefined);
  assert.equal(numericConversionMessage("Could not convert string 'x' to DATE"), undefined);
});

test("text → BOOLEAN reads 'on'/'off' as Snowflake does; other text fails with Snowflake's message, located", async () => {
  // DuckDB refused 'on'/'off' (TO_BOOLEAN('on') a raw error, TRY_TO_BOOLEAN('on') NULL), and named its own conversion.
  const r = await session().execute("SELECT 'on'::boolean a, TO_BOOLEAN('OFF') b, TRY_TO_BOOLEAN('On') c, CAST('yes' AS BOOLEAN) d, TRY_CAST('x' AS BOOLEAN) e, 2::boolean f");
  assert.deepEqual(Object.values(r.rows[0]), [true, false, true, true, null, true]);
  await assert.rejects(session().execute('SELECT\n  code::boolean FROM networks'), (e: Error) =>
    /^Boolean value 'ID-0000001' is not recognized \(line 2, column 7\)$/.test(e.message),
  );
  await assert.rejects(session().execute('SELECT TO_BOOLEAN(network) FROM networks'), (e: Error) => /^Boolean value '1.2.3.0' is not recognized \(line 1, column \d+\)$/.test(e.message));
  assert.equal(booleanConversionMessage("Could not convert string 'x' to BOOL when casting from source column S"), "Boolean value 'x' is not recognized");
  assert.equal(booleanConversionMessage("Could not convert string 'x' to INT32"), undefined);
});

// `WHERE i IN ('07', 'x') AND v = 'a'` returned the row on the twin: DuckDB stops reading an IN list (or an OR) for a
// row once an item matches, and never converted 'x'. Snowflake converts each string to NUMBER to compare it.
const listed = memorySession(async (s) => {
  await s.execute("CREATE TABLE t (i NUMBER, j INT, d NUMBER(10,2), v VARCHAR, f FLOAT); INSERT INTO t VALUES (7, 7, 7, 'a', 7), (8, 8, 8, 'b', 8)");
});

test("a string that is no number, compared with a NUMBER in an IN list or an OR, fails with Snowflake's message whatever the rows", async () => {
  for (const [sql, column] of [
    ["SELECT i FROM t WHERE i IN ('07', 'x') AND v = 'a'", 35],
    ["SELECT i FROM t WHERE (j = '07' OR j = 'x') AND v = 'a'", 40],
    ["SELECT i FROM t WHERE d NOT IN ('8', 'x') AND v = 'a'", 38],
    ["SELECT i FROM t WHERE i IN ('07', 'x'::NUMBER) AND v = 'a'", 35],
  ] as const) {
    await assert.rejects(listed().execute(sql), (e: Error) => {
      assert.equal(e.message, `Numeric value 'x' is not recognized (line 1, column ${column})`, sql);
      return true;
    });
  }
  // Numbers convert: '07' is 7, '7.00' is 7 in a NUMBER(10,2) or an integer; TRY_CAST and text columns are left alone.
  const r = await listed().execute("SELECT i FROM t WHERE i IN ('07', '9') AND d = '7.00' AND j <> '8.0' AND TRY_CAST('x' AS NUMBER) IS NULL AND v <> 'x'");
  assert.deepEqual(r.rows.map((x) => Number(x.I)), [7]);
  // A FLOAT reads NaN, infinities and exponents; a NUMBER does not.
  const floats = await listed().execute("SELECT i FROM t WHERE f NOT IN ('NaN', '-inf') AND f = '7.0e0' AND 'NaN'::FLOAT > 'inf'::FLOAT");
  assert.deepEqual(floats.rows.map((x) => Number(x.I)), [7]);
  await assert.rejects(listed().execute("SELECT i FROM t WHERE i = 'inf'"), /Numeric value 'inf' is not recognized \(line 1, column 27\)$/);
});

test('a number string whose value the other side\'s type cannot hold is refused by name (DuckDB rounds it: 7.6 = 8)', async () => {
  await assertRefused(listed(), "SELECT i FROM t\nWHERE i = '7.6'", /^A string literal \('7\.6'\) compared with a NUMBER of a type that cannot hold its value .*'7\.6'::NUMBER\(38, 1\)/, 2, 11);
  await assertRefused(listed(), "SELECT i FROM t WHERE d IN (7, '7.001')", /^A string literal \('7\.001'\) compared with a NUMBER/, 1, 32);
  await assertRefused(listed(), "SELECT i FROM t WHERE j = '99999999999'", /^A string literal \('99999999999'\) compared with a NUMBER/, 1, 27);
  // Cast as the message says, the comparison is Snowflake's: no row.
  assert.deepEqual((await listed().execute("SELECT i FROM t WHERE i = '7.6'::NUMBER(38, 1)")).rows, []);
});
