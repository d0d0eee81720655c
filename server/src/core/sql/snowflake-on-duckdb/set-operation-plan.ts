// DuckDB (1.5) fails to plan some statements that read a view whose query is a set operation over its own CTEs (a
// datavault4dbt stage view: `WITH …, ghost AS ((SELECT …) UNION ALL (SELECT …)) (SELECT …) UNION ALL (SELECT … FROM
// ghost)`), once its optimizer inlines the CTEs into the statement reading the view: "Invalid Input Error: Type
// mismatch for SET OPERATION", or "INTERNAL Error: Failed to bind column reference … inequal num bindings/types".
// Both are DuckDB planner faults, not the statement's: it binds, and runs once CTE inlining is off (DuckDB's
// `disabled_optimizers = 'cte_inlining'`, a global setting, so not usable for one statement of one session). The
// statement's own CTEs written `AS MATERIALIZED` stop the inlining across the view for the statement alone: a
// materialized CTE is computed once and read as a table, which gives the rows the inlined one gives (a CTE reads the
// same relations either way). So such a failure is retried once with the statement's CTEs materialized, and a
// statement still failing (or one with no CTE to materialize) is refused by name, located at its first set operator.
// DuckDB's tracker has the same family of planner faults (https://github.com/duckdb/duckdb/issues/15110 "Type mismatch
// for SET OPERATION", fixed in a planner rewrite; https://github.com/duckdb/duckdb/issues/14128, a CTE read twice
// under UNION, where the reporter's workaround is the CTE written AS MATERIALIZED); none names this shape.
import { isTrivia, lex } from '../tokenize';
import { matchingParens, withList } from './repeated-ctes';
import { isWord } from './template';

/** DuckDB's messages for the planner fault (see above). */
const PLAN_FAULT = /Type mismatch for SET OPERATION|Failed to bind column reference .* inequal num bindings\/types/i;

/** Whether DuckDB's message `message` is its planner fault over a set operation (see the file's comment). */
export function isSetOperationPlanFault(message: string): boolean {
  return PLAN_FAULT.test(message);
}

/** The construct a refusal names. */
export const SET_OPERATION_PLAN_CONSTRUCT =
  'A statement reading a view whose query is a set operation (UNION/INTERSECT/EXCEPT) over its own WITH clauses, ' +
  'which DuckDB fails to plan ("Type mismatch for SET OPERATION"); materialize the view as a table, or read it ' +
  'through a CTE of this statement';

/**
 * The insertions (for withInsertions) that write every CTE of `sql` `AS MATERIALIZED`: one ` MATERIALIZED` after each
 * definition's AS. Empty when `sql` defines no CTE (or each already says MATERIALIZED / NOT MATERIALIZED).
 */
export function materializingCtes(sql: string): { at: number; text: string }[] {
  const lx = lex(sql);
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  const close = matchingParens(lx, sig);
  const out: { at: number; text: string }[] = [];
  for (let k = 0; k < sig.length; k++) {
    if (!isWord(lx[sig[k]], 'with')) continue;
    const list = withList(lx, sig, close, isWord(lx[sig[k + 1]], 'recursive') ? k + 2 : k + 1);
    // withList reads only `AS (`: a definition already written (NOT) MATERIALIZED ends the list it reads.
    for (const d of list) out.push({ at: lx[d.asAt].start + lx[d.asAt].text.length, text: ' MATERIALIZED' });
  }
  return out;
}

/** The offset in `sql` of its first set operator (UNION, INTERSECT, EXCEPT, MINUS), or 0. */
export function firstSetOperator(sql: string): number {
  const at = lex(sql).find((l) => l.kind === 'word' && /^(union|intersect|except|minus)$/i.test(l.text));
  return at?.start ?? 0;
}
