// OBJECT_CONSTRUCT(*) and {*} on the DuckDB target (object-star.ts): keys are the column names as Snowflake stores
// them, SQL NULLs are left out (kept by KEEP_NULL), ILIKE/EXCLUDE select columns, a VARIANT column is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('CREATE TABLE provinces (province VARCHAR, created_date DATE, n NUMBER(5,1))');
  await s.execute("INSERT INTO provinces VALUES ('Alberta', '2024-01-19', 1.5), (NULL, '2024-01-18', NULL)");
});

const objects = async (sql: string): Promise<unknown[]> => (await session().execute(sql)).rows.map((r) => Object.values(r)[0]);

test('OBJECT_CONSTRUCT(*) keys the row by upper-case column name and leaves SQL NULLs out', async () => {
  assert.deepEqual(await objects('SELECT OBJECT_CONSTRUCT(*) AS oc FROM provinces ORDER BY created_date DESC'), [
    { PROVINCE: 'Alberta', CREATED_DATE: '2024-01-19', N: 1.5 },
    { CREATED_DATE: '2024-01-18' },
  ]);
  // The same DuckDB type as OBJECT_CONSTRUCT(k, v)'s (an OBJECT).
  const [star, pairs] = (await session().execute("SELECT OBJECT_CONSTRUCT(*) AS a, OBJECT_CONSTRUCT('k', 1) AS b FROM provinces")).columns;
  assert.equal(star.type, pairs.type);
});

test('KEEP_NULL keeps them as JSON null; ILIKE, EXCLUDE, t.* and {*} pick the columns', async () => {
  assert.deepEqual(await objects("SELECT OBJECT_CONSTRUCT_KEEP_NULL(* ILIKE 'prov%') FROM provinces ORDER BY created_date"), [{ PROVINCE: null }, { PROVINCE: 'Alberta' }]);
  assert.deepEqual(await objects('SELECT OBJECT_CONSTRUCT(* EXCLUDE (province, n)) FROM provinces ORDER BY created_date'), [{ CREATED_DATE: '2024-01-18' }, { CREATED_DATE: '2024-01-19' }]);
  assert.deepEqual(await objects('SELECT OBJECT_CONSTRUCT(p.*) FROM provinces p WHERE n IS NULL'), [{ CREATED_DATE: '2024-01-18' }]);
  assert.deepEqual(await objects('SELECT {*} FROM provinces WHERE n IS NULL'), [{ CREATED_DATE: '2024-01-18' }]);
});

test('a VARIANT column, whose JSON null would read as SQL NULL, is refused by name and place; other star forms too', async () => {
  await session().execute('CREATE TABLE with_variant (a INT, v VARIANT)');
  await session().execute("INSERT INTO with_variant SELECT 1, PARSE_JSON('null')");
  await assert.rejects(session().execute('SELECT OBJECT_CONSTRUCT(*) AS o, o FROM with_variant'), /OBJECT_CONSTRUCT\(\*\) over a VARIANT column .* is not supported on the DuckDB target \(line 1, column 8\)/);
  await assert.rejects(session().execute('SELECT OBJECT_CONSTRUCT(* RENAME a AS b) FROM with_variant'), /OBJECT_CONSTRUCT\(\* RENAME a AS b\) is not supported on the DuckDB target/);
});
