// The order in which dbt's GraphQueue hands out ready nodes: a priority queue of (score, unique_id), where a node's
// score is its depth level in the selection's graph — 0 for a node with no selected ancestor, else one more than its
// deepest parent (dbt-core graph/queue.py _get_scores over _grouped_topological_sort). With one thread dbt so runs the
// graph level by level, ids in code-point order within a level; projects whose hidden dependencies (a table read by
// its written-out name, not through ref) work under dbt rely on that order.

/**
 * `ids` in dbt's queue priority. `upstream` gives each id's parents among the nodes dbt's queue holds, which may be
 * more than `ids` (dbt queues ephemeral models, which count towards their children's depth but run nothing).
 */
export function dbtQueueOrder(ids: readonly string[], upstream: ReadonlyMap<string, readonly string[]>): string[] {
  // Kahn's walk over the queue's graph, as _grouped_topological_sort: a node's level is the generation in which its
  // last parent is done. Iterative, so a long chain of models cannot exhaust the stack.
  const waiting = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const [id, parents] of upstream) {
    const known = parents.filter((p) => p !== id && upstream.has(p));
    waiting.set(id, known.length);
    for (const p of known) {
      const list = children.get(p);
      if (list) list.push(id);
      else children.set(p, [id]);
    }
  }
  const level = new Map<string, number>();
  let generation = [...waiting].filter(([, n]) => n === 0).map(([id]) => id);
  for (let depth = 0; generation.length > 0; depth++) {
    const next: string[] = [];
    for (const id of generation) {
      level.set(id, depth);
      for (const child of children.get(id) ?? []) {
        const left = waiting.get(child)! - 1;
        waiting.set(child, left);
        if (left === 0) next.push(child);
      }
    }
    generation = next;
  }
  // An id outside the queue's graph, or on a cycle (the graph is checked before a run), keeps its place at the end.
  const keyed = ids.map((id, at) => ({ id, at, level: level.get(id) ?? Number.MAX_SAFE_INTEGER }));
  // Python compares str by code point; for the ids dbt makes (no lone surrogates) UTF-16 code-unit order agrees.
  keyed.sort((a, b) => a.level - b.level || (a.level === Number.MAX_SAFE_INTEGER ? a.at - b.at : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.id);
}
