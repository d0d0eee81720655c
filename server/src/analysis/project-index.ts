// Name lookups over a loaded project, built once per analysis pass (linear in the project's size).
import type { MacroNode, ModelNode, ProjectModel, SourceNode, TestNode } from '../core/types';
import { exact } from '../core/plain';

export interface ProjectIndex {
  /** Models (and seeds/snapshots) by name; several when names collide across packages. */
  modelsByName: Map<string, ModelNode[]>;
  /** `source.table` → node. */
  sourceTables: Map<string, SourceNode>;
  /** source name → its tables. */
  sources: Map<string, SourceNode[]>;
  /** Macros by bare name (`star`) and qualified name (`dbt_utils.star`). */
  macros: Map<string, MacroNode[]>;
  /** model unique_id → tests attached to it. */
  testsByModel: Map<string, TestNode[]>;
  /** absolute file → model defined there. */
  modelByFile: Map<string, ModelNode>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function buildIndex(project: ProjectModel): ProjectIndex {
  const idx: ProjectIndex = {
    modelsByName: new Map(),
    sourceTables: new Map(),
    sources: new Map(),
    macros: new Map(),
    testsByModel: new Map(),
    modelByFile: new Map(),
  };
  for (const m of project.models.values()) {
    push(idx.modelsByName, m.name, m);
    idx.modelByFile.set(m.location.file, m);
  }
  for (const s of project.sources.values()) {
    idx.sourceTables.set(`${s.sourceName}.${s.name}`, s);
    push(idx.sources, s.sourceName, s);
  }
  for (const m of project.macros.values()) {
    push(idx.macros, m.name, m);
    push(idx.macros, `${m.packageName}.${m.name}`, m);
  }
  for (const t of project.tests.values()) {
    if (t.attachedNode) push(idx.testsByModel, t.attachedNode, t);
  }
  // A list grown by push past one item holds room for 17 or more (`exact`): the index lives as long as the project
  // (~1.5 MB over the 10,000 models of a big project with two tests each).
  for (const m of [idx.modelsByName, idx.sources, idx.macros, idx.testsByModel] as Map<string, unknown[]>[]) {
    for (const [k, list] of m) if (list.length > 1) m.set(k, exact(list));
  }
  return idx;
}

/** The model a `ref()` names: `ref('m')` or `ref('pkg', 'm')`. */
export function resolveRef(idx: ProjectIndex, name: string, pkg?: string): ModelNode | undefined {
  const list = idx.modelsByName.get(name);
  if (!list) return undefined;
  if (pkg) return list.find((m) => m.packageName === pkg);
  return list[0];
}
