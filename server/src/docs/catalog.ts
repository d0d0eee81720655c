// target/catalog.json in dbt's catalog v1 shape, from what the warehouse says about each model's and source's
// relation (type and columns). Relations the warehouse does not have are left out, as dbt does.
import type { ColumnDef, ProjectModel, RelationName, RelationType } from '../core/types';

export const CATALOG_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

/** What the warehouse reported for one relation. */
export interface DescribedRelation {
  type: RelationType;
  columns: ColumnDef[];
}

export interface CatalogColumn {
  type: string;
  index: number;
  name: string;
  comment: string | null;
}

export interface CatalogTable {
  metadata: { type: string; schema: string; name: string; database: string; comment: string | null; owner: string | null };
  columns: Record<string, CatalogColumn>;
  stats: Record<string, { id: string; label: string; value: boolean; include: boolean; description: string }>;
  unique_id: string;
}

export interface CatalogJson {
  metadata: { dbt_schema_version: string; dbt_version: string; generated_at: string | null; invocation_id: string | null; env: Record<string, string> };
  nodes: Record<string, CatalogTable>;
  sources: Record<string, CatalogTable>;
  errors: string[] | null;
}

export interface CatalogOptions {
  generatedAt?: Date;
  invocationId?: string;
  /** Messages of relations that could not be described (shown in the catalog's `errors`). */
  errors?: string[];
  /** Version string written as `dbt_version` (Bronze's own version). */
  version?: string;
}

const NO_STATS = {
  has_stats: { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' },
};

function table(uniqueId: string, relation: RelationName, described: DescribedRelation): CatalogTable {
  const columns: Record<string, CatalogColumn> = {};
  described.columns.forEach((c, i) => {
    columns[c.name] = { type: c.dataType, index: i + 1, name: c.name, comment: null };
  });
  return {
    // information_schema's table_type words, which dbt's catalog queries return.
    metadata: { type: described.type === 'view' ? 'VIEW' : 'BASE TABLE', schema: relation.schema, name: relation.identifier, database: relation.database, comment: null, owner: null },
    columns,
    stats: NO_STATS,
    unique_id: uniqueId,
  };
}

/** The relations catalog.json should describe: enabled models (not ephemeral/analyses) and enabled sources. */
export function catalogRelations(project: ProjectModel): { uniqueId: string; relation: RelationName; kind: 'node' | 'source' }[] {
  const out: { uniqueId: string; relation: RelationName; kind: 'node' | 'source' }[] = [];
  for (const m of project.models.values()) {
    if (m.config.enabled === false || m.config.materialized === 'ephemeral' || m.resourceType === 'analysis') continue;
    out.push({ uniqueId: m.uniqueId, relation: m.relation, kind: 'node' });
  }
  for (const s of project.sources.values()) {
    if (s.config.enabled === false) continue;
    out.push({ uniqueId: s.uniqueId, relation: s.relation, kind: 'source' });
  }
  return out.sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0));
}

/** Builds catalog.json from the described relations (keyed by unique_id). Deterministic for equal inputs. */
export function buildCatalog(project: ProjectModel, described: ReadonlyMap<string, DescribedRelation>, options: CatalogOptions = {}): CatalogJson {
  const nodes: Record<string, CatalogTable> = {};
  const sources: Record<string, CatalogTable> = {};
  for (const r of catalogRelations(project)) {
    const d = described.get(r.uniqueId);
    if (!d) continue;
    (r.kind === 'node' ? nodes : sources)[r.uniqueId] = table(r.uniqueId, r.relation, d);
  }
  return {
    metadata: {
      dbt_schema_version: CATALOG_SCHEMA_VERSION,
      dbt_version: options.version ?? 'bronze',
      generated_at: options.generatedAt ? options.generatedAt.toISOString() : null,
      invocation_id: options.invocationId ?? null,
      env: {},
    },
    nodes,
    sources,
    errors: options.errors && options.errors.length > 0 ? [...options.errors] : null,
  };
}

/** Column types per unique_id from a catalog, keyed by lower-cased column name (warehouses fold case). */
export function catalogColumnTypes(catalog: CatalogJson): Map<string, Map<string, { name: string; type: string; index: number }>> {
  const out = new Map<string, Map<string, { name: string; type: string; index: number }>>();
  for (const t of [...Object.values(catalog.nodes), ...Object.values(catalog.sources)]) {
    const cols = new Map<string, { name: string; type: string; index: number }>();
    for (const c of Object.values(t.columns)) cols.set(c.name.toLowerCase(), { name: c.name, type: c.type, index: c.index });
    out.set(t.unique_id, cols);
  }
  return out;
}
