// A Snowflake statement the translator writes as several DuckDB statements (INSERT OVERWRITE → DELETE + INSERT,
// ALTER TABLE … SWAP WITH → three renames) runs them one by one in one transaction, so it happens whole or not at
// all as on Snowflake (inside the caller's transaction when one is open), and reports the last one's result.
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { splitStatementsWithOffsets } from '../../../../server/src/core/sql/split';
import { inTransaction } from './transaction';

/** DuckDB's JSON error with its `position` moved by `offset` (a part's position is counted from the part's start). */
function shifted(e: unknown, offset: number): unknown {
  if (!(e instanceof Error) || offset === 0) return e;
  const moved = e.message.replace(/("position"\s*:\s*"?)(\d+)/, (_m, a: string, n: string) => `${a}${Number(n) + offset}`);
  return moved === e.message ? e : new Error(moved);
}

/** Runs `sql` with `runOne`; when it holds several statements, each in turn inside one transaction. */
export async function runExpanded(
  connection: DuckDBConnection,
  sql: string,
  runOne: (text: string) => Promise<DuckDBResultReader>,
): Promise<DuckDBResultReader> {
  const parts = sql.includes(';') ? splitStatementsWithOffsets(sql) : [];
  if (parts.length < 2) return runOne(sql);
  const own = !(await inTransaction(connection));
  if (own) await connection.run('BEGIN TRANSACTION');
  try {
    let last: DuckDBResultReader | undefined;
    for (const p of parts) {
      try {
        last = await runOne(p.text);
      } catch (e) {
        throw shifted(e, p.start);
      }
    }
    if (own) await connection.run('COMMIT');
    return last as DuckDBResultReader;
  } catch (e) {
    if (own) await connection.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
