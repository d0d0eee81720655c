// DuckDB has no "is a transaction open?" call, and a BEGIN inside a transaction aborts that transaction, so
// the question cannot be asked by trying. Two statements share a transaction id only inside an explicit one.
import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';

/** Whether `connection` is inside an explicit (BEGIN … COMMIT) transaction. */
export async function inTransaction(connection: DuckDBConnection): Promise<boolean> {
  const id = async (): Promise<string> => String((await connection.runAndReadAll('SELECT txid_current()')).getRows()[0]?.[0]);
  return (await id()) === (await id());
}

/**
 * Runs `sql`, again on DuckDB's "write-write conflict on create" when `retryable`: a creation that loses a race with
 * another thread's creation of the same object, where on Snowflake both succeed (CREATE … IF NOT EXISTS).
 */
export async function runRetryingCreateConflict(connection: DuckDBConnection, sql: string, binds: DuckDBValue[] | undefined, retryable: boolean): Promise<DuckDBResultReader> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connection.runAndReadAll(sql, binds);
    } catch (e) {
      if (!(retryable && attempt < 50 && /write-write conflict on create/i.test((e as Error).message))) throw e;
      // The winner commits on its own (an autocommit statement) or with its transaction: moments away.
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt, 10)));
    }
  }
}

/**
 * `CREATE TABLE IF NOT EXISTS` of one of the twin's record tables, which models running on several threads may reach
 * at once: outside a transaction the loser tries again and finds the table.
 */
export async function createRecordTable(connection: DuckDBConnection, sql: string): Promise<void> {
  try {
    await connection.run(sql);
  } catch (e) {
    // Asked only on a conflict (the common case costs no question): in an explicit transaction the failure has
    // aborted it, and even asking fails — either way, no second try.
    if (!/write-write conflict on create/i.test((e as Error).message) || (await inTransaction(connection).catch(() => true))) throw e;
    await runRetryingCreateConflict(connection, sql, undefined, true);
  }
}
