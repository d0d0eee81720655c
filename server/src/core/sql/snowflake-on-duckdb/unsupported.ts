// The one error for Snowflake SQL the DuckDB target cannot run exactly. Raised by the translator (at the construct's
// offset in the statement) and by the reading of DuckDB errors that come from a translated construct, so the user
// sees what is not supported and where, never DuckDB's own message or a different answer.

export class UnsupportedOnDuckDb extends Error {
  constructor(
    /** The construct as users write it: `FLATTEN with RECURSIVE => TRUE`, `INITCAP with delimiters`. */
    readonly construct: string,
    /** 0-based offset of the construct in the statement text given to the translator. */
    readonly offset: number,
  ) {
    super(`${construct} is not supported on the DuckDB target`);
    this.name = 'UnsupportedOnDuckDb';
  }
}

/**
 * An unqualified call of a function DuckDB found in none of the schemas it searched (`Function NAME`): the session
 * may find it where Snowflake's SEARCH_PATH looks next (public-search-path.ts).
 */
export class UnknownFunction extends UnsupportedOnDuckDb {
  constructor(
    /** The name as called, upper case. */
    readonly functionName: string,
    offset: number,
  ) {
    super(`Function ${functionName}`, offset);
  }
}

/** Stable code for the error (diagnostics, WarehouseError.details.code). */
export const UNSUPPORTED_CODE = 'bronze/unsupported-on-duckdb';
