// Casts to VARCHAR(n) on the DuckDB target: Snowflake refuses a longer value and TRY_CAST gives NULL; the length is
// read from every spelling of the type, including dbt's `character varying(n)` (dbt_utils.union_relations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

test('CHARACTER VARYING(n) and CHAR VARYING(n) are VARCHAR(n), not CHAR(1)', async () => {
  assert.deepEqual(await firstRow(session(), `select cast('ID-0000001' as character varying(256)) as v`), ['ID-0000001']);
  assert.deepEqual(await firstRow(session(), `select 'ID-0000001'::char varying(10) as v`), ['ID-0000001']);
  assert.deepEqual(await firstRow(session(), `select try_cast('ID-0000001' as nchar varying(12)) as v`), ['ID-0000001']);
});

test('CHARACTER VARYING without a length has none', async () => {
  assert.deepEqual(await firstRow(session(), `select cast('ID-0000001' as character varying) as v`), ['ID-0000001']);
});

test('dbt_utils.union_relations shape: a column cast to character varying(256) keeps its value', async () => {
  const sql = `select cast("id" as character varying(256)) as "id" from (select 'ID-0000001' as "id") t`;
  assert.deepEqual(await firstRow(session(), sql), ['ID-0000001']);
});

test('a value longer than CHARACTER VARYING(n) is refused as on Snowflake; TRY_CAST gives NULL', async () => {
  await assert.rejects(session().execute(`select cast('ID-0000001' as character varying(5)) as v`), /is too long and would be truncated/);
  assert.deepEqual(await firstRow(session(), `select try_cast('ID-0000001' as character varying(5)) as v`), [null]);
  await assert.rejects(session().execute(`select cast('ab' as character) as v`), /is too long and would be truncated/);
});

test("the refusal reads as Snowflake's message, located, not as a value DuckDB failed to convert", async () => {
  const err = await session().execute(`select\n  cast('ID-0000001' as varchar(3)) as v`).then(
    () => assert.fail('a value longer than VARCHAR(3) must be refused'),
    (e: unknown) => e as Error & { details?: { line?: number } },
  );
  assert.match(err.message, /^String 'ID-0000001' is too long and would be truncated \(line 2, column \d+\)$/);
  assert.equal(err.details?.line, 2);
});

test('a cast to a text type with a length renders the value as Snowflake does, like one without', async () => {
  const ts = `'2024-01-01 10:00:00'::timestamp_ntz`;
  assert.deepEqual(await firstRow(session(), `select cast(${ts} as varchar(30)) as v`), ['2024-01-01 10:00:00.000']);
  assert.deepEqual(await firstRow(session(), `select ${ts}::varchar(30) as v`), ['2024-01-01 10:00:00.000']);
  assert.deepEqual(await firstRow(session(), `select cast(${ts} as character varying) as v`), ['2024-01-01 10:00:00.000']);
  assert.deepEqual(await firstRow(session(), `select try_cast(cast(${ts} as varchar) as nvarchar(30)) as v`), ['2024-01-01 10:00:00.000']);
  assert.deepEqual(await firstRow(session(), `select parse_json('{"a": 5.000}'):a::varchar(10) as v`), ['5']);
});
