// Splitting a multi-statement text into the statements a driver runs one at a time, and the query
// comment Bronze puts in front of each statement. dbt sends a materialization's `main` text as one
// string and the Snowflake adapter splits it; Bronze keeps the text (for previews and target/run) and
// gives the runner the pieces.

// The one token-aware splitter (strings with Snowflake's `\'` escapes, `$$` bodies, comments, quoted
// identifiers) is shared with the warehouses, so the statements a run executes split the same way everywhere.
export { splitStatements } from '../core/sql/split';

export interface QueryCommentContext {
  nodeId: string;
  targetName: string;
}

/** `/* {"app": "bronze", "node_id": "…", "target_name": "…"} *\/` — key order fixed so it is deterministic. */
export function queryComment(ctx: QueryCommentContext): string {
  const json = `{"app": "bronze", "node_id": ${JSON.stringify(ctx.nodeId)}, "target_name": ${JSON.stringify(ctx.targetName)}}`;
  // A `*/` inside a value would end the comment early.
  return `/* ${json.replace(/\*\//g, '* /')} */`;
}

/** Prefixes a statement with the query comment on its own line, as dbt's query header does. */
export function withQueryComment(sql: string, ctx: QueryCommentContext | undefined): string {
  return ctx ? `${queryComment(ctx)}\n${sql}` : sql;
}
