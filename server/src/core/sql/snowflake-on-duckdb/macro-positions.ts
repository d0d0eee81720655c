// DuckDB places an error raised while binding a macro's body at an offset in the text that created the macro, not in
// the statement: a Bronze macro's position would otherwise be reported as a line and column of the user's file that
// holds something else (or nothing). Only a call DuckDB names can be checked against the text at its position.
import type { ParsedDuckDbError } from './errors';
import { BOUND_QUOTIENT_CALL } from './quotient';
import { BOUND_PRODUCT_CALL } from './product';
import { noFunctionMatch } from './duckdb-errors';

/**
 * DuckDB's position of `e` as an offset in `sql` (the statement DuckDB ran), undefined when it lies in a macro's body
 * and the call it stands for is unknown. A failing `/` inside bz_quot (`*` inside bz_prod) is the user's operator that became the first
 * such call (whose text maps back to the `/`); with several, the error may be any of them.
 */
export function positionInStatement(e: ParsedDuckDbError, sql: string): number | undefined {
  if (e.position === undefined) return undefined;
  const call = noFunctionMatch(e.message)?.fn;
  if (call === undefined) return e.position;
  if (sql.slice(e.position, e.position + call.length).toLowerCase() === call.toLowerCase()) return e.position;
  const bound = call === '/' ? BOUND_QUOTIENT_CALL : call === '*' ? BOUND_PRODUCT_CALL : undefined;
  if (bound !== undefined) {
    // The call binding its operands once, or its body called directly with plain operands (bind-once.ts).
    const at = sql.toLowerCase().search(new RegExp(`${bound.slice(0, -1)}(__once)?\\(`));
    if (at >= 0) return at;
  }
  return undefined;
}
