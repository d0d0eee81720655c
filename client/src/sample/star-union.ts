// Sources a model UNIONs by `dbt_utils.star`: `select {{ dbt_utils.star(from=source('a', 'x')) }} from … union all
// select {{ dbt_utils.star(from=ref('m')) }} from {{ ref('m') }}`, where m is itself `select {{ dbt_utils.star(
// from=source('b', 'y')) }} …`. The project relies on those tables having the same columns in the same order (UNION
// is by position; mattermost_analytics' base_events_merged merges a history table with the event table it copies),
// so the sampler gives every source of such a group one column list.
// More widely, sources whose rows reach one UNION in its branches (through models that pass them through) meet
// there column by column: Snowflake holds them in one shape, so a column one of them types is that type in all.
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';

/** `dbt_utils.star(from=source('a', 'x') …)` / `dbt_utils.star(ref('m') …)`: what each star of `sql` reads from. */
const STAR = /\bdbt_utils\.star\(\s*(?:from\s*=\s*)?(source|ref)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)/g;

type StarTarget = { kind: 'source'; sourceName: string; name: string } | { kind: 'ref'; name: string };

function starTargets(sql: string): StarTarget[] {
  return [...sql.matchAll(STAR)].map((m) =>
    m[1] === 'source' ? { kind: 'source', sourceName: m[3], name: m[5] ?? '' } : { kind: 'ref', name: m[5] ?? m[3] },
  );
}

/** For each source in a group of sources star-UNIONed together (directly or through a model that stars one source), the group, sorted. */
export function starUnionGroups(project: ProjectModel): Map<string, string[]> {
  const sourceId = new Map([...project.sources.values()].map((s) => [`${s.sourceName}.${s.name}`.toLowerCase(), s.uniqueId]));
  const modelByName = new Map([...project.models.values()].filter((m) => m.resourceType === 'model').map((m) => [m.name.toLowerCase(), m]));
  const resolve = (t: StarTarget, hops: number): string | undefined => {
    if (t.kind === 'source') return sourceId.get(`${t.sourceName}.${t.name}`.toLowerCase());
    const model = modelByName.get(t.name.toLowerCase());
    // A model that passes one source through by a star: its columns are that source's.
    const inner = model && hops > 0 ? starTargets(model.rawCode) : [];
    return inner.length === 1 ? resolve(inner[0], hops - 1) : undefined;
  };
  const groups = new Map<string, string[]>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || !/\bunion\b/i.test(model.rawCode)) continue;
    const targets = starTargets(model.rawCode);
    if (targets.length < 2) continue;
    const ids = targets.map((t) => resolve(t, 3));
    if (ids.some((id) => id === undefined)) continue;
    const members = new Set<string>(ids as string[]);
    for (const id of ids as string[]) for (const other of groups.get(id) ?? []) members.add(other);
    if (members.size < 2) continue;
    const group = [...members].sort();
    for (const id of group) groups.set(id, group);
  }
  return groups;
}

/** How many models a source's rows are followed through on their way to a UNION. */
const MAX_PASS_HOPS = 8;

/**
 * The sources whose rows `model` passes through whole (columns kept by name): the one it stars
 * (`dbt_utils.star(from=…)`), else its one parent, else — a UNION — what each branch (each star, else each parent)
 * passes. A join of several parents passes none: its columns are not one source's.
 */
function passedSources(project: ProjectModel, node: string, hops: number): string[] {
  if (node.startsWith('source.')) return project.sources.has(node) ? [node] : [];
  const model = project.models.get(node);
  if (!model || model.resourceType !== 'model' || hops <= 0) return [];
  const stars = starTargets(model.rawCode).map((t) => targetNode(project, t));
  if (stars.length === 1) return stars[0] ? passedSources(project, stars[0], hops - 1) : [];
  const branches = unionBranches(project, model);
  if (branches) return [...new Set(branches.flatMap((b) => passedSources(project, b, hops - 1)))];
  return model.dependsOn.nodes.length === 1 ? passedSources(project, model.dependsOn.nodes[0], hops - 1) : [];
}

/** A star's target as a node id: the source, or the model `ref` names. */
function targetNode(project: ProjectModel, t: StarTarget): string | undefined {
  if (t.kind === 'source') return [...project.sources.values()].find((s) => s.sourceName.toLowerCase() === t.sourceName.toLowerCase() && s.name.toLowerCase() === t.name.toLowerCase())?.uniqueId;
  return [...project.models.values()].find((m) => m.resourceType === 'model' && m.name.toLowerCase() === t.name.toLowerCase())?.uniqueId;
}

/** The nodes a UNION model's branches read: its stars (two or more), else its parents; undefined when it has no UNION. */
function unionBranches(project: ProjectModel, model: ModelNode): string[] | undefined {
  if (!/\bunion\b/i.test(model.rawCode)) return undefined;
  const stars = starTargets(model.rawCode).map((t) => targetNode(project, t));
  if (stars.length >= 2) return stars.every((s) => s !== undefined) ? (stars as string[]) : undefined;
  return model.dependsOn.nodes.length >= 2 ? model.dependsOn.nodes : undefined;
}

/**
 * For each source whose rows reach a UNION's branches with another's (grp_performance_events: one telemetry event
 * table through its staging model, the other through a merge of its history and its delta), those others.
 */
export function unionKin(project: ProjectModel): Map<string, Set<string>> {
  const kin = new Map<string, Set<string>>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model') continue;
    const branches = unionBranches(project, model);
    if (!branches) continue;
    const members = new Set(branches.flatMap((b) => passedSources(project, b, MAX_PASS_HOPS)));
    if (members.size < 2) continue;
    for (const id of members) {
      let set = kin.get(id);
      if (!set) kin.set(id, (set = new Set()));
      for (const other of members) if (other !== id) set.add(other);
    }
  }
  return kin;
}
