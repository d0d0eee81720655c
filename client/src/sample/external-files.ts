// The metadata columns of a Snowflake external table (METADATA$FILENAME, METADATA$FILE_ROW_NUMBER) as the sampler
// writes them: each batch of rows lands in a few files of several rows each, named like staged files under the
// table's name, so a model that joins EXTERNAL_TABLE_FILES on the file name finds each file's rows. An appended batch
// goes to new files (its first row number names the batch), as new files arrive in a stage.
import { FILENAME_COLUMN, FILE_ROW_NUMBER_COLUMN } from '../../../server/src/core/sql/snowflake-on-duckdb/external-table-files';

/** Rows per file for a batch of `rows`: four files at least (when there are rows enough), 25 rows at most each. */
export function rowsPerFile(rows: number): number {
  return Math.max(1, Math.min(25, Math.ceil(rows / 4)));
}

/**
 * The SQL value of `column` for row `index` (a batch starting at row `first` of `rows` rows) when it is one of the
 * external-table metadata columns, else undefined.
 */
export function fileColumnSql(column: string, table: string, index: string, first: number, rows: number): string | undefined {
  const upper = column.toUpperCase();
  const per = rowsPerFile(rows);
  const within = `(${index} - ${first})`;
  if (upper === FILENAME_COLUMN) {
    const dir = `synthetic/${table.toLowerCase().replace(/[^a-z0-9_]/g, '_')}/batch-${first}`;
    return `'${dir}/part-' || lpad(CAST(${within} // ${per} AS VARCHAR), 4, '0') || '.json'`;
  }
  if (upper === FILE_ROW_NUMBER_COLUMN) return `(${within} % ${per} + 1)`;
  return undefined;
}
