// `UPDATE t tgt SET tgt.col = …` on the DuckDB target (update-set.ts): Snowflake runs a SET column qualified by the
// target table (https://docs.snowflake.com/en/sql-reference/sql/update), DuckDB's parser refuses every qualified SET
// column. The target's qualifier is dropped; any other qualifier is refused by name at its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { memorySession } from './helpers/memory-duckdb';

test('a SET column qualified by the target alias loses the qualifier, the rest as written', () => {
  assert.equal(
    translateSnowflakeSql('UPDATE dw.t tgt SET tgt.v = src.v, TGT.n = 1 FROM s src WHERE tgt.id = src.id'),
    'UPDATE dw.t tgt SET v = src.v, n = 1 FROM s src WHERE tgt.id = src.id',
  );
  assert.equal(translateSnowflakeSql('UPDATE dw.t AS "TGT" SET tgt.v = 1'), 'UPDATE dw.t AS "TGT" SET v = 1');
});

test('without an alias the table name, or a qualified form of it, qualifies the SET column', () => {
  assert.equal(translateSnowflakeSql('UPDATE db.dw.t SET T.v = 1, dw.t.n = 2, DB.DW.T.w = 3'), 'UPDATE db.dw.t SET v = 1, n = 2, w = 3');
});

test('a SET list ending at FROM or WHERE: qualified names after it are left alone', () => {
  assert.equal(
    translateSnowflakeSql('UPDATE t a SET a.v = (SELECT MAX(s.v) FROM s WHERE s.id = a.id) WHERE a.id IN (SELECT s.id FROM s)'),
    'UPDATE t a SET v = (SELECT MAX(s.v) FROM s WHERE s.id = a.id) WHERE a.id IN (SELECT s.id FROM s)',
  );
});

test('a SET column qualified by anything but the target is refused by name, at the column', () => {
  const refused = (sql: string, offset: number): void => {
    assert.throws(() => translateSnowflakeSql(sql), (e: unknown) => e instanceof UnsupportedOnDuckDb && /UPDATE … SET/.test(e.message) && e.offset === offset);
  };
  refused('UPDATE t tgt SET tgt.v = 1, src.v = 2 FROM s src', 28);
  // With an alias the table's own name no longer names it (as in a query).
  refused('UPDATE t tgt SET t.v = 1', 17);
  // A quoted name is case-sensitive: "tgt" is not TGT.
  refused('UPDATE t tgt SET "tgt".v = 1', 17);
  refused('UPDATE dw.t SET other.t.v = 1', 16);
});

const session = memorySession(async (s) => {
  await s.execute('CREATE SCHEMA dw');
  await s.execute('CREATE TABLE dw.t (id INT, v VARCHAR, n INT)');
  await s.execute("INSERT INTO dw.t VALUES (1, 'a', 0), (2, 'b', 0), (3, 'c', 0)");
  await s.execute('CREATE TABLE s (id INT, v VARCHAR)');
  await s.execute("INSERT INTO s VALUES (1, 'x'), (3, 'z')");
});

test('UPDATE … tgt SET tgt.col = src.col FROM … runs on DuckDB and changes the joined rows only', async () => {
  const r = await session().execute(
    '-- close the matched rows\nUPDATE dw.t tgt SET tgt.v = src.v, TGT.n = tgt.id * 10 FROM s src WHERE tgt.id = src.id',
  );
  assert.equal(r.rowsAffected, 2);
  const rows = (await session().execute('SELECT id, v, n FROM dw.t ORDER BY id')).rows;
  assert.deepEqual(rows, [{ ID: 1, V: 'x', N: 10 }, { ID: 2, V: 'b', N: 0 }, { ID: 3, V: 'z', N: 30 }]);
});

test('a SET column qualified by a FROM table fails with the Bronze error naming it, not DuckDB\'s parser error', async () => {
  await assert.rejects(session().execute('UPDATE dw.t tgt SET src.v = 1 FROM s src WHERE tgt.id = src.id'), (e: unknown) => {
    const m = String((e as Error).message);
    assert.match(m, /UPDATE … SET src\.v .*not supported on the DuckDB target/);
    assert.doesNotMatch(m, /Qualified column names/);
    return true;
  });
});

// A MERGE's `WHEN MATCHED THEN UPDATE SET tgt.col = …` (robling's custom_merge materialization) is the same case
// (https://docs.snowflake.com/en/sql-reference/sql/merge: the target is `<target_table> [ [ AS ] <alias> ]`).
test('MERGE … THEN UPDATE SET: the target-qualified SET columns lose the qualifier, ON / INSERT / VALUES as written', () => {
  assert.equal(
    translateSnowflakeSql('MERGE INTO dw.t AS TGT USING s AS SRC ON tgt.id = src.id WHEN MATCHED AND tgt.v <> src.v THEN UPDATE SET TGT.v = SRC.v, tgt.n = 1 WHEN NOT MATCHED THEN INSERT (id, v) VALUES (SRC.id, SRC.v)'),
    'MERGE INTO dw.t AS TGT USING s AS SRC ON tgt.id = src.id WHEN MATCHED AND tgt.v <> src.v THEN UPDATE SET v = SRC.v, n = 1 WHEN NOT MATCHED THEN INSERT (id, v) VALUES (SRC.id, SRC.v)',
  );
  assert.equal(translateSnowflakeSql('MERGE INTO dw.t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = s.v'), 'MERGE INTO dw.t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v');
  assert.throws(
    () => translateSnowflakeSql('MERGE INTO dw.t tgt USING s src ON tgt.id = src.id WHEN MATCHED THEN UPDATE SET src.v = 1'),
    (e: unknown) => e instanceof UnsupportedOnDuckDb && /MERGE … UPDATE SET src\.v/.test(e.message) && e.offset === 80,
  );
});

test('MERGE … THEN UPDATE SET TGT.col = SRC.col runs on DuckDB: matched rows updated, the rest inserted', async () => {
  await session().execute(
    'MERGE INTO dw.t AS TGT USING (SELECT 3 AS id, \'w\' AS v UNION ALL SELECT 4, \'q\') AS SRC ON (tgt.id = src.id) ' +
      'WHEN MATCHED THEN UPDATE SET TGT.v = SRC.v, TGT.n = 7 WHEN NOT MATCHED THEN INSERT (id, v, n) VALUES (SRC.id, SRC.v, 0)',
  );
  const rows = (await session().execute('SELECT id, v, n FROM dw.t WHERE id >= 3 ORDER BY id')).rows;
  assert.deepEqual(rows, [{ ID: 3, V: 'w', N: 7 }, { ID: 4, V: 'q', N: 0 }]);
});
