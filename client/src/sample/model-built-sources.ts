// A source declared on the very table a model of the project builds (robling's INV_TXN_DWH.DWH_F_INV_TXN_ILD_B is
// the incremental model DWH_F_INV_TXN_ILD_B's table, declared again so a reconciliation macro can read it). On a
// fresh warehouse that table is the model's: its first run creates it from the model's rows alone. Sampled first,
// the twin held invented rows there, the model's first run became an incremental MERGE into them, and the
// reconciliation's sums (staging against the model's table) differed by the invented rows. A model that replaces
// its relation (a view, a table, a seed) leaves nothing of sampled rows behind, so only models that keep what they
// find (incremental, snapshot, a custom materialization) take the source off the sampler's list.
import type { ModelNode, ProjectModel, RelationName } from '../../../server/src/core/types';

const REPLACING = new Set(['view', 'table', 'ephemeral', 'seed', 'materialized_view', 'dynamic_table']);

/** Whether a node's run over an existing relation keeps the rows it finds there. */
function keepsRows(node: ModelNode): boolean {
  if (node.resourceType === 'snapshot') return true;
  if (node.resourceType !== 'model') return false;
  return !REPLACING.has(String(node.config.materialized));
}

const key = (r: RelationName): string => [r.database, r.schema, r.identifier].join('.').toUpperCase();

/** Each of `sourceIds` whose table an enabled node of the project builds and keeps rows in: source id → that node. */
export function sourcesBuiltByKeepingNodes(project: ProjectModel, sourceIds: readonly string[]): Map<string, ModelNode> {
  const builders = new Map<string, ModelNode>();
  for (const node of project.models.values()) if (node.config.enabled !== false && keepsRows(node)) builders.set(key(node.relation), node);
  const out = new Map<string, ModelNode>();
  for (const id of sourceIds) {
    const source = project.sources.get(id);
    const node = source ? builders.get(key(source.relation)) : undefined;
    if (node) out.set(id, node);
  }
  return out;
}
