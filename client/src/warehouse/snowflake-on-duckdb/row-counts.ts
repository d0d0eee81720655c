// Snowflake's INFORMATION_SCHEMA.TABLES.ROW_COUNT is exact; DuckDB's estimate is not (it still counts deleted rows).
// Before a statement that reads the translated TABLES view, the temporary table it joins is filled with a count(*)
// of every base table — or left empty when the statement never names ROW_COUNT, so the view still binds.
import type { DuckDBConnection } from '@duckdb/node-api';
import { BASE_TABLES_QUERY, ROW_COUNTS_TABLE, rowCountsStatement } from '../../../../server/src/core/sql/snowflake-on-duckdb/information-schema';

/** Fills the row-count table when `translated` joins it; `source` is the statement as written. */
const JOINS_ROW_COUNTS = new RegExp(ROW_COUNTS_TABLE, 'i');

export async function prepareRowCounts(connection: DuckDBConnection, translated: string, source: string): Promise<void> {
  // Case-blind: the statement DuckDB runs has its unquoted names upper-cased.
  if (!JOINS_ROW_COUNTS.test(translated)) return;
  let tables: { catalog: string; schema: string; name: string }[] = [];
  if (/row_count/i.test(source)) {
    const reader = await connection.runAndReadAll(BASE_TABLES_QUERY);
    tables = reader.getRows().map((r) => ({ catalog: String(r[0]), schema: String(r[1]), name: String(r[2]) }));
  }
  await connection.run(rowCountsStatement(tables));
}
