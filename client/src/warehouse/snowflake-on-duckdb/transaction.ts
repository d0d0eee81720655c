// DuckDB has no "is a transaction open?" call, and a BEGIN inside a transaction aborts that transaction, so
// the question cannot be asked by trying. Two statements share a transaction id only inside an explicit one.
import type { DuckDBConnection } from '@duckdb/node-api';

/** Whether `connection` is inside an explicit (BEGIN … COMMIT) transaction. */
export async function inTransaction(connection: DuckDBConnection): Promise<boolean> {
  const id = async (): Promise<string> => String((await connection.runAndReadAll('SELECT txid_current()')).getRows()[0]?.[0]);
  return (await id()) === (await id());
}
