// The one surface the runner, the CLI and the extension use to reach a warehouse. DuckDB and Snowflake
// implement it; nothing above this file knows which driver is underneath.
import type { ColumnDef, RelationName, RelationType, TargetConfig } from '../../../server/src/core/types';

export interface QueryColumn {
  name: string;
  /** The warehouse's type name (e.g. `VARCHAR`, `NUMBER(38,0)`, `TIMESTAMP_NTZ`). */
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  /** Rows as objects keyed by column name. Values: string, number, bigint, boolean, Date, null, or JSON-like. */
  rows: Record<string, unknown>[];
  /** For DML/CTAS: rows inserted, updated, deleted or merged, when the driver reports it. */
  rowsAffected?: number;
  /** Snowflake's query id (or a local one) for error reports and cancellation. */
  queryId?: string;
  /** Set when `maxRows` stopped the fetch before the result's end: more rows exist than `rows` holds. */
  truncated?: boolean;
}

export interface ExecuteOptions {
  /** Aborting cancels the running statement on the warehouse. */
  signal?: AbortSignal;
  binds?: unknown[];
  /**
   * Stop fetching after this many rows of the (last) statement's result. The query text is not rewritten,
   * so its ORDER BY and LIMIT keep their meaning; `truncated` says whether rows were left unread.
   */
  maxRows?: number;
  /**
   * The statement is already in the warehouse's own SQL and means the same there (a seed's INSERT of literals):
   * the DuckDB target runs it without the Snowflake translation, whose cost grows with the statement's length.
   */
  native?: boolean;
}

/** An error from the warehouse, safe to show: never contains a secret. */
export class WarehouseError extends Error {
  constructor(
    message: string,
    readonly details: {
      code?: string;
      sqlState?: string;
      queryId?: string;
      /** 1-based line and column inside the statement, when the warehouse says. */
      line?: number;
      column?: number;
      sql?: string;
      cancelled?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}

/** One connection/session. The runner uses one per thread. Statements on one session run one at a time. */
export interface WarehouseSession {
  execute(sql: string, options?: ExecuteOptions): Promise<QueryResult>;
  /** `null` when the relation does not exist. Case-insensitive like the warehouse's unquoted identifiers. */
  relationType(relation: RelationName): Promise<RelationType | null>;
  describe(relation: RelationName): Promise<ColumnDef[]>;
  close(): Promise<void>;
}

export interface Warehouse {
  readonly type: TargetConfig['type'];
  /** Opens a new session (connection). */
  openSession(): Promise<WarehouseSession>;
  /** Closes every session and the underlying database/driver. */
  close(): Promise<void>;
}
