// HASH(…) compared with HASH(…) (hash-comparison.ts): robling's custom_merge updates a matched row only when
// `HASH(TGT.cols) <> HASH(SRC.cols)`. The twin gives no HASH values, but the comparison follows from the page's
// guarantees (deterministic; NUMBERs equal in value hash alike whatever their scale; different types do not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { TargetConfig } from '../../server/src/core/types';

const MEMORY: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' };

async function withSession(fn: (s: DuckDbSession) => Promise<void>): Promise<void> {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    await fn((await w.openSession()) as DuckDbSession);
  } finally {
    await w.close();
  }
}

const refused = (construct: RegExp, line: number, column: number) => (e: unknown): boolean => {
  assert.ok(e instanceof WarehouseError, String(e));
  assert.match(e.message, construct);
  assert.match(e.message, /is not supported on the DuckDB target/);
  assert.match(e.message, new RegExp(`line ${line}, column ${column}\\b`));
  return true;
};

test('HASH = HASH and HASH <> HASH compare the arguments pair by pair: NUMBER scale ignored, NULL a value, order kept', async () => {
  await withSession(async (s) => {
    const r = await s.execute(
      "SELECT HASH(1, 'a') = HASH(1.00::NUMBER(10,2), 'a') AS same_number, HASH(NULL) = HASH(NULL) AS nulls, " +
        "HASH(NULL::NUMBER, 1) <> HASH(1, NULL::NUMBER) AS order_kept, HASH(1, 'a') != HASH(1, 'b') AS differs, " +
        "HASH('a ') = HASH('a') AS padded, HASH(1.5::FLOAT, -0.0::FLOAT) = HASH(1.5::FLOAT, 0.0::FLOAT) AS floats, HASH(-12.50) = HASH(-12.5::NUMBER(5,1)) AS negative, HASH(100) <> HASH(1) AS zeros, HASH(DATE '2024-01-01') <> HASH('2024-01-02'::DATE) AS dates",
    );
    assert.deepEqual(r.rows, [{ SAME_NUMBER: true, NULLS: true, ORDER_KEPT: true, DIFFERS: true, PADDED: false, FLOATS: true, NEGATIVE: true, ZEROS: true, DATES: true }]);
    // Standing in a WHERE beside other conditions, in either operator's spelling.
    const w = await s.execute('SELECT 1 AS one WHERE HASH(1) = HASH(1) AND HASH(2) <> HASH(3) AND 2 > 1');
    assert.deepEqual(w.rows, [{ ONE: 1 }]);
  });
});

test("a MERGE updates only the rows whose columns' hashes differ (custom_merge's change check)", async () => {
  await withSession(async (s) => {
    await s.execute("CREATE TABLE tgt AS SELECT 1 AS k, 'x' AS v, 10.5::NUMBER(10,2) AS n, NULL::VARCHAR AS c UNION ALL SELECT 2, 'y', 20, NULL UNION ALL SELECT 3, 'z', 30, 'q'");
    await s.execute(
      'MERGE INTO tgt AS TGT USING (' +
        "SELECT 1 AS k, 'x' AS v, 10.50::NUMBER(12,3) AS n, NULL::VARCHAR AS c UNION ALL SELECT 2, 'y', 20, 'new' UNION ALL SELECT 3, 'Z', 30, 'q'" +
        ') AS SRC ON TGT.k = SRC.k WHEN MATCHED AND (HASH(TGT.v, TGT.n, TGT.c) <> HASH(SRC.v, SRC.n, SRC.c)) THEN UPDATE SET TGT.v = SRC.v, TGT.c = SRC.c',
    );
    const after = await s.execute('SELECT k, v, c FROM tgt ORDER BY k');
    assert.deepEqual(after.rows, [{ K: 1, V: 'x', C: null }, { K: 2, V: 'y', C: 'new' }, { K: 3, V: 'Z', C: 'q' }]);
  });
});

test('HASH compared across types the page says nothing of is refused where it is met; HASH alone stays refused', async () => {
  await withSession(async (s) => {
    // 10 = '10' after conversion, yet their hashes differ: the page's own example, answered; other pairs of types refused.
    const apart = await s.execute("SELECT HASH(10) = HASH('10') AS eq, HASH(10, 'a') <> HASH('10', 'a') AS ne, HASH(5) = HASH('abc') AS other");
    assert.deepEqual(apart.rows, [{ EQ: false, NE: true, OTHER: false }]);
    // A column beside a literal of the other type too (an implicit cast of 'abc' would fail while binding).
    await s.execute("CREATE TABLE n AS SELECT 5 AS i, 'abc' AS v");
    assert.deepEqual((await s.execute("SELECT HASH(i) = HASH('abc') AS a, HASH(v) <> HASH(5) AS b FROM n")).rows, [{ A: false, B: true }]);
    await assert.rejects(s.execute("SELECT 1 AS one,\n  HASH(10) = HASH(TRUE) AS h"), refused(/HASH\(…\) = HASH\(…\) of INTEGER beside BOOLEAN/, 2, 3));
    await assert.rejects(s.execute("SELECT HASH(DATE '2024-01-01') <> HASH('2024-01-01'::TIMESTAMP_NTZ)"), refused(/of DATE beside TIMESTAMP/, 1, 8));
    await assert.rejects(s.execute("SELECT HASH(PARSE_JSON('1')) = HASH(PARSE_JSON('1.0'))"), refused(/HASH\(…\) = HASH\(…\)/, 1, 8));
    // Other shapes keep HASH's own refusal: a value, different arities, a star.
    await assert.rejects(s.execute('SELECT HASH(1) AS h'), refused(/^HASH \(Snowflake's 64-bit hash/, 1, 8));
    await assert.rejects(s.execute('SELECT HASH(1, 2) <> HASH(1) AS h'), refused(/^HASH \(Snowflake's 64-bit hash/, 1, 8));
    await assert.rejects(s.execute('SELECT HASH(1) + 1 = HASH(2) AS h'), refused(/^HASH \(Snowflake's 64-bit hash/, 1, 8));
  });
});
