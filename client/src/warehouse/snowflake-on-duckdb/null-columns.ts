// Which columns of DuckDB's bound plan hold only a bare NULL (`null as server_id`). Such a column has no type of its
// own in Snowflake: beside a VARCHAR in a UNION it is VARCHAR. DuckDB types it NULL, but when it materializes a CTE
// (mattermost's ephemeral int_cloud_trial_requests_history, read as a CTE in a WITH that holds other CTEs) it casts the
// NULL to INTEGER first, so a UNION branch reading that CTE shows an INTEGER converted to VARCHAR, which
// variant-implicit-cast.ts would otherwise refuse as a number beside text.
import type { PlanNode } from './variant-implicit-cast';

/** Operators whose output columns are their first child's, in order. */
const PASS_THROUGH = new Set(['LOGICAL_FILTER', 'LOGICAL_ORDER_BY', 'LOGICAL_LIMIT', 'LOGICAL_TOP_N', 'LOGICAL_DISTINCT']);

const children = (n: PlanNode | undefined): PlanNode[] => (Array.isArray(n?.children) ? (n.children as PlanNode[]) : []);

/** The plan's materialized CTEs by their index (the `cte_index` a LOGICAL_CTE_REF names). */
export function materializedCtes(plan: unknown): Map<number, PlanNode> {
  const out = new Map<number, PlanNode>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as PlanNode;
    if (n.type === 'LOGICAL_MATERIALIZED_CTE' && typeof n.table_index === 'number') out.set(n.table_index, n);
    for (const [k, v] of Object.entries(n)) if (k !== 'return_type' && k !== 'value') visit(v);
  };
  visit(plan);
  return out;
}

const isNullConstant = (n: PlanNode | undefined): boolean =>
  n?.expression_class === 'BOUND_CONSTANT' && (n.value as { is_null?: unknown } | undefined)?.is_null === true;

/**
 * Whether output column `index` of `op` is a bare NULL literal in every row: see isNullExpression, through operators
 * that pass their columns through and CTE references. Anything else (a join, an aggregate, a set operation) answers
 * false, so the caller's check stands.
 */
export function isNullColumn(op: PlanNode | undefined, index: number, ctes: ReadonlyMap<number, PlanNode>, duckDbCast: (cast: PlanNode) => boolean, depth = 0): boolean {
  if (!op || depth > 64) return false;
  const type = op.type ?? '';
  if (type === 'LOGICAL_PROJECTION') {
    const e = (Array.isArray(op.expressions) ? (op.expressions as PlanNode[]) : [])[index];
    return isNullExpression(e, children(op)[0], ctes, duckDbCast, depth + 1);
  }
  if (PASS_THROUGH.has(type) && !(Array.isArray(op.projection_map) && op.projection_map.length > 0)) return isNullColumn(children(op)[0], index, ctes, duckDbCast, depth + 1);
  // A WITH's result is its last child's (the others define its CTEs).
  if (type === 'LOGICAL_MATERIALIZED_CTE') return isNullColumn(children(op).at(-1), index, ctes, duckDbCast, depth + 1);
  if (type === 'LOGICAL_CTE_REF' && typeof op.cte_index === 'number') return isNullColumn(children(ctes.get(op.cte_index))[0], index, ctes, duckDbCast, depth + 1);
  return false;
}

/**
 * Whether expression `e` of an operator reading `input` is a bare NULL literal: a NULL constant, also under a cast
 * DuckDB added (`duckDbCast`; a cast the statement writes, `null::number`, gives the value that type), or a reference
 * to such a column of `input`.
 */
export function isNullExpression(e: PlanNode | undefined, input: PlanNode | undefined, ctes: ReadonlyMap<number, PlanNode>, duckDbCast: (cast: PlanNode) => boolean, depth = 0): boolean {
  if (isNullConstant(e)) return true;
  if (e?.expression_class === 'BOUND_CAST') return duckDbCast(e) && isNullExpression(e.child, input, ctes, duckDbCast, depth + 1);
  if (e?.expression_class === 'BOUND_REF' && typeof e.index === 'number') return isNullColumn(input, e.index, ctes, duckDbCast, depth + 1);
  return false;
}
