// Sources a model UNIONs by `dbt_utils.star`: `select {{ dbt_utils.star(from=source('a', 'x')) }} from … union all
// select {{ dbt_utils.star(from=ref('m')) }} from {{ ref('m') }}`, where m is itself `select {{ dbt_utils.star(
// from=source('b', 'y')) }} …`. The project relies on those tables having the same columns in the same order (UNION
// is by position; mattermost_analytics' base_events_merged merges a history table with the event table it copies),
// so the sampler gives every source of such a group one column list.
import type { ProjectModel } from '../../../server/src/core/types';

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
