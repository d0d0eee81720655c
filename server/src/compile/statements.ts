// Splitting a multi-statement text into the statements a driver runs one at a time, and the query
// comment Bronze puts in front of each statement. dbt sends a materialization's `main` text as one
// string and the Snowflake adapter splits it; Bronze keeps the text (for previews and target/run) and
// gives the runner the pieces.

/**
 * Splits on `;` outside quotes, comments and `$$` blocks. Pieces that hold only whitespace and comments
 * are dropped; each piece is trimmed and loses its terminating `;`.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const push = (end: number): void => {
    const piece = sql.slice(start, end).trim();
    if (piece !== '' && !isOnlyComments(piece)) out.push(piece);
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      i = skipQuoted(sql, i, c);
    } else if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === '$' && next === '$') {
      const close = sql.indexOf('$$', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === ';') {
      push(i);
      i += 1;
      start = i;
    } else {
      i += 1;
    }
  }
  push(n);
  return out;
}

function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

function isOnlyComments(piece: string): boolean {
  const stripped = piece
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/--[^\n]*/g, '')
    .trim();
  return stripped === '';
}

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
