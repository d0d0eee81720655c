// A MERGE's rows by action (Snowflake's MERGE result has a count per action:
// https://docs.snowflake.com/en/sql-reference/sql/merge). DuckDB reports one total, so the MERGE runs with
// `RETURNING merge_action` and its rows are counted here. DuckDB 1.5 accepts no DML inside a CTE or subquery, so the
// count cannot be a GROUP BY around the MERGE: the rows are read chunk by chunk and counted, and no chunk is kept (a
// MERGE changing millions of rows would otherwise hold as many JS rows just to count them).
import { DuckDBResultReader, type DuckDBConnection, type DuckDBResult, type DuckDBValue } from '@duckdb/node-api';

/** A MERGE's rows by action, as Snowflake's MERGE result reports them. */
export interface MergeCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

// DuckDB's StatementType.MERGE_INTO (@duckdb/node-bindings).
const MERGE_INTO = 30;

/** Whether `result` is a MERGE's `RETURNING merge_action` (and nothing else). */
function isMergeActions(result: DuckDBResult): boolean {
  return result.statementType === MERGE_INTO && result.columnCount === 1 && result.columnName(0) === 'merge_action';
}

/** Counts the `merge_action` rows left in `result`, reading one chunk at a time. */
export async function countMergeActions(result: DuckDBResult): Promise<MergeCounts> {
  const counts: MergeCounts = { inserted: 0, updated: 0, deleted: 0 };
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const actions = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) {
      const a = actions.getItem(i);
      if (a === 'INSERT') counts.inserted++;
      else if (a === 'UPDATE') counts.updated++;
      else if (a === 'DELETE') counts.deleted++;
    }
  }
  return counts;
}

/**
 * Runs `sql`. A MERGE … RETURNING merge_action gives its counts and a reader with none of its rows read (its columns
 * and statement type stay readable); any other statement (a part of an expanded statement) is read whole, as
 * `runAndReadAll` reads it.
 */
export async function runCountingMergeActions(
  connection: DuckDBConnection,
  sql: string,
  binds: DuckDBValue[] | undefined,
): Promise<{ reader: DuckDBResultReader; counts?: MergeCounts }> {
  const result = await connection.run(sql, binds);
  const reader = new DuckDBResultReader(result);
  if (!isMergeActions(result)) {
    await reader.readAll();
    return { reader };
  }
  return { reader, counts: await countMergeActions(result) };
}
