// Columns a model compares for equality (`on s.shipment_id = sc.shipment_id`) are one type to Snowflake, which
// converts text to a number where the other side is one: followed back to the sources they come from, a column
// nothing types takes the number type of the column it is joined with (ammodepot's shipcarton.shipid, joined with
// ship.id, a number: sampled as text words, the join failed to convert them).
import type { ProjectModel } from '../../../server/src/core/types';

export type SourceColumn = { sourceId: string; column: string };

/** `{{ source('a', 'b') }} x` / `{{ ref('m') }} as x`: the relation each alias of a model's template names. */
function relationAliases(project: ProjectModel, code: string): Map<string, { sourceId: string } | { modelId: string } | null> {
  const out = new Map<string, { sourceId: string } | { modelId: string } | null>();
  const add = (alias: string, relation: { sourceId: string } | { modelId: string } | undefined): void => {
    const key = alias.toLowerCase();
    if (/^(where|join|left|right|inner|full|cross|on|group|order|union|limit|qualify|using)$/.test(key)) return;
    // An alias used for two relations says nothing for sure.
    out.set(key, out.has(key) || !relation ? null : relation);
  };
  for (const m of code.matchAll(/\{\{\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*\}\}\s+(?:as\s+)?([A-Za-z_]\w*)/gi)) {
    const source = [...project.sources.values()].find((s) => s.sourceName === m[1] && s.name === m[2]);
    add(m[3], source ? { sourceId: source.uniqueId } : undefined);
  }
  for (const m of code.matchAll(/\{\{\s*ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*\)\s*\}\}\s+(?:as\s+)?([A-Za-z_]\w*)/gi)) {
    const model = [...project.models.values()].find((x) => x.resourceType === 'model' && x.name === m[1]);
    add(m[2], model ? { modelId: model.uniqueId } : undefined);
  }
  return out;
}

/**
 * The source columns each source column is compared with for equality in some model (`a.x = b.y`, each side
 * qualified by the alias of a source or a model), by `sourceId|column` (lower case). `trace` gives the source
 * columns a model column is passed through from.
 */
export function joinedColumns(project: ProjectModel, trace: (modelId: string, column: string) => SourceColumn[]): Map<string, SourceColumn[]> {
  const out = new Map<string, SourceColumn[]>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model') continue;
    const aliases = relationAliases(project, model.rawCode);
    if (aliases.size < 2) continue;
    const sideOf = (alias: string, column: string): SourceColumn[] => {
      const relation = aliases.get(alias.toLowerCase());
      if (!relation) return [];
      return 'sourceId' in relation ? [{ sourceId: relation.sourceId, column: column.toLowerCase() }] : trace(relation.modelId, column);
    };
    for (const m of model.rawCode.matchAll(/\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b(?!\s*[(.:])/g)) {
      if (m[1].toLowerCase() === m[3].toLowerCase()) continue;
      const [left, right] = [sideOf(m[1], m[2]), sideOf(m[3], m[4])];
      for (const [a, b] of [
        [left, right],
        [right, left],
      ]) {
        for (const x of a) {
          const key = `${x.sourceId}|${x.column.toLowerCase()}`;
          const partners = out.get(key) ?? [];
          for (const y of b) if (!partners.some((p) => p.sourceId === y.sourceId && p.column === y.column.toLowerCase())) partners.push({ sourceId: y.sourceId, column: y.column.toLowerCase() });
          out.set(key, partners);
        }
      }
    }
  }
  return out;
}
