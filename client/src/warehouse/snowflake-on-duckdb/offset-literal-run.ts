// Running a statement on DuckDB so a timestamp string with a UTC offset reads as Snowflake reads it (offset-literals.ts
// says how). Shared by the DuckDB warehouse and the Snowflake emulator.
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { offsetLiteralRetry } from '../../../../server/src/core/sql/snowflake-on-duckdb/offset-literals';
import { parseDuckDbError } from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';
import { inTransaction } from './transaction';

/**
 * Runs `sql`, and again with a timestamp literal rewritten each time DuckDB refuses one for its UTC offset
 * (offset-literals.ts). Outside a transaction only: a failed statement aborts an open DuckDB transaction.
 */
export async function runReadingOffsetLiterals(
  connection: DuckDBConnection,
  sql: string,
  run: (text: string) => Promise<DuckDBResultReader>,
): Promise<DuckDBResultReader> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(sql);
    } catch (e) {
      const again = attempt < 20 ? offsetLiteralRetry(parseDuckDbError((e as Error).message).message, sql) : undefined;
      // In an explicit transaction the failure has aborted it, and even asking fails: either way, no second try.
      if (again === undefined || (await inTransaction(connection).catch(() => true))) throw e;
      sql = again;
    }
  }
}
