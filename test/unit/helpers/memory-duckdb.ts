// One in-memory DuckDB session per test file, through the warehouse as `bronze run` uses it (the Snowflake dialect
// layer included): opened before the file's tests, closed after them.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession, type DuckDbWarehouse } from '../../../client/src/warehouse/duckdb';
import type { TargetConfig } from '../../../server/src/core/types';
import { WarehouseError } from '../../../client/src/warehouse/warehouse';
import { UNSUPPORTED_CODE } from '../../../client/src/warehouse/snowflake-on-duckdb';

const MEMORY_TARGET: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' };

/** Registers the file's before/after hooks (`setup` runs once the session is open); returns the session's getter. */
export function memorySession(setup?: (s: DuckDbSession) => Promise<void>): () => DuckDbSession {
  let wh: DuckDbWarehouse | undefined;
  let session: DuckDbSession | undefined;
  before(async () => {
    wh = await createDuckDbWarehouse(MEMORY_TARGET);
    session = await wh.openSession();
    await setup?.(session);
  });
  after(async () => wh?.close());
  return () => {
    if (!session) throw new Error('the DuckDB session is opened by the before() hook: use it inside a test');
    return session;
  };
}

/** The first row of `sql`'s result, column by column. */
export async function firstRow(s: DuckDbSession, sql: string): Promise<unknown[]> {
  const r = await s.execute(sql);
  return r.columns.map((c) => r.rows[0][c.name]);
}

/** Asserts that `sql` fails with the DuckDB target's located refusal: its message matches `what`, at line:column. */
export async function assertRefused(s: DuckDbSession, sql: string, what: RegExp, line: number, column: number): Promise<void> {
  await assert.rejects(s.execute(sql), (e: unknown) => {
    assert.ok(e instanceof WarehouseError, String(e));
    assert.equal(e.details.code, UNSUPPORTED_CODE, e.message);
    assert.match(e.message, what);
    assert.deepEqual([e.details.line, e.details.column], [line, column], e.message);
    return true;
  });
}
