// DuckDB places an error raised while binding a macro's body at an offset in the text that created the macro, not in
// the statement: a Bronze macro's position would otherwise be reported as a line and column of the user's file that
// holds something else (or nothing). Only a call DuckDB names can be checked against the text at its position.
import type { ParsedDuckDbError } from './errors';
import { BOUND_QUOTIENT_CALL } from './quotient';

/**
 * DuckDB's position of `e` as an offset in `sql` (the statement DuckDB ran), undefined when it lies in a macro's body
 * and the call it stands for is unknown. A failing `/` inside bz_quot is the user's division that became the first
 * bz_quot call (whose text maps back to the `/`); with several, the error may be any of them.
 */
export function positionInStatement(e: ParsedDuckDbError, sql: string): number | undefined {
  if (e.position === undefined) return undefined;
  const call = /^No function matches the given name and argument types '(.+?)\(/.exec(e.message)?.[1];
  if (call === undefined) return e.position;
  if (sql.slice(e.position, e.position + call.length).toLowerCase() === call.toLowerCase()) return e.position;
  if (call === '/') {
    const quotient = sql.toLowerCase().indexOf(BOUND_QUOTIENT_CALL);
    if (quotient >= 0) return quotient;
  }
  return undefined;
}
