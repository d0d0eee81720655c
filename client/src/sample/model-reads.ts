// Which column of which relation a model reads where: its template tokenized, each `{{ ref() }}` / `{{ source() }}` it
// reads followed through its CTEs, subqueries, aliases and renames (column-flow.ts). The relations' column lists are
// not read here: any name qualified by a relation's alias is that relation's, and a bare name is one relation's only
// where nothing else is read beside it.
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import { AnyColumns, followColumns, type ColumnFlow } from './column-flow';
import { isColumnWord, refSites, sourceSites } from './usage';

/** A column of a relation a model reads: the `model.…` or `source.…` id, and the column's name there. */
export type Read = { relation: string; column: string };


/** `relation|column`, the column in lower case. */
export const readKey = (r: Read): string => `${r.relation}|${r.column.toLowerCase()}`;

/** A model's masked template, its tokens, and the column each token reads (by token index) and its output hands on. */
export function modelReads(project: ProjectModel, model: ModelNode): { masked: string; tokens: SqlToken[]; flow: ColumnFlow<Read> } {
  const scan = scanJinja(model.rawCode);
  const { tokens } = tokenizeSql(scan.masked);
  const inbound = model.dependsOn.nodes.flatMap((id) => {
    const parent = project.models.get(id);
    const source = project.sources.get(id);
    const sites = parent ? refSites(tokens, scan.calls, parent.name) : source ? sourceSites(tokens, scan.calls, source) : [];
    return sites.map((site) => ({ at: site.at, columns: new AnyColumns<Read>((column) => ({ relation: id, column })) }));
  });
  return { masked: scan.masked, tokens, flow: followColumns(tokens, inbound, isColumnWord) };
}

/**
 * The relation's column a model's output column passes on as it is (`fb.entity_id as "Product ID"` through a CTE
 * that joins four models on entity_id): undefined when the model computes it or the reading is ambiguous.
 */
export function passedThrough(project: ProjectModel, model: ModelNode, column: string): Read | undefined {
  const { handed } = modelReads(project, model).flow;
  return handed.get(column.toLowerCase()) ?? handed.get(column) ?? handed.get(`"${column}"`);
}
