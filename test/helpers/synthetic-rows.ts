// The rows a synthetic plan writes, queried without a warehouse: its INSERT's SELECT as CTE `t` in an in-memory
// DuckDB, then `query` over it (a SELECT, or `, more CTEs … SELECT`).
import type { TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { TablePlan } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';

export interface DrawOptions {
  seed?: number;
  days?: number;
  anchor?: string;
  now?: string;
}

/** The SELECT of the plan's INSERT (the rows as drawn), without the INSERT line. */
export function syntheticSelect(plan: TablePlan, o: DrawOptions = {}): string {
  const insert = syntheticInsert(plan, { seed: o.seed ?? 1, days: o.days ?? 30, anchor: o.anchor ?? '2026-01-01 00:00:00', now: o.now ?? '2026-01-01 00:00:00', references: new Map() });
  return insert.replace(/^INSERT INTO [^\n]*\n/, '');
}

export async function syntheticRows(t: TestContext, plan: TablePlan, query: string, o: DrawOptions = {}): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  return (await conn.runAndReadAll(`with t as (${syntheticSelect(plan, o)}) ${query}`)).getRows();
}
