// dbt's `--defer`: a ref to a model that this invocation does not build, and that does not exist in the target
// (or any unselected one, with `--favor-state`), reads the relation the state manifest recorded for it instead —
// so a child can run in an empty development schema against production's parents.
import type { ProjectModel, RelationName } from '../core/types';
import type { ManifestDocument } from '../graph';

/** Node types a ref can reach whose relation can be deferred (dbt's refables, less ephemeral models). */
const DEFERRABLE = new Set(['model', 'seed', 'snapshot']);

/**
 * The relation the state manifest records for each current node that could be deferred: present in both, not
 * ephemeral on either side. The identifier is the entry's `alias` (dbt's), else its name.
 */
export function stateRelations(project: Pick<ProjectModel, 'models'>, state: ManifestDocument): Map<string, RelationName> {
  const out = new Map<string, RelationName>();
  for (const node of project.models.values()) {
    if (!DEFERRABLE.has(node.resourceType) || node.config.materialized === 'ephemeral') continue;
    const saved = state.nodes?.[node.uniqueId];
    if (!saved) continue;
    const config = saved.config as { materialized?: unknown } | undefined;
    if (config?.materialized === 'ephemeral') continue;
    const { database, schema } = saved;
    const identifier = typeof saved.alias === 'string' && saved.alias !== '' ? saved.alias : saved.name;
    if (typeof database !== 'string' || typeof schema !== 'string' || typeof identifier !== 'string') continue;
    out.set(node.uniqueId, { database, schema, identifier });
  }
  return out;
}
