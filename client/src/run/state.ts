// `--state DIR` and `--defer` for every command that selects: the saved manifest is read once, compared with
// the project as loaded now (for `state:` selectors), and, under `--defer`, decides where refs read from.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BronzeError, type RelationName } from '../../../server/src/core/types';
import { buildManifest, stateRelations, type Engine } from '../../../server/src/engine';
import { StateComparison, type ManifestDocument } from '../../../server/src/graph';

export interface StateRequest {
  /** `--state DIR`: the folder holding a saved manifest.json, for `state:` selectors (and `--defer`). */
  stateDir?: string;
  /** `--defer`: refs to models not built here read the state manifest's relations. */
  defer?: boolean;
  /** `--favor-state`: under `--defer`, an unselected model reads the state relation even when it exists here. */
  favorState?: boolean;
  /** `--defer-state DIR`: a different manifest to defer to (dbt 1.5+); default `stateDir`. */
  deferStateDir?: string;
}

/** Reads `DIR/manifest.json`; a missing or unreadable file is a configuration error that names it. */
export function readStateManifest(dir: string, flag = '--state'): ManifestDocument {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new BronzeError(`${flag} ${dir}: no such folder. Pass the folder that holds the saved manifest.json (e.g. a copy of production's target/).`, undefined, 'bronze/state-config');
  }
  const file = join(folder, 'manifest.json');
  if (!existsSync(file)) {
    throw new BronzeError(`${flag} ${dir}: ${file} does not exist. Save a manifest.json there (bronze compile or build writes one into target/).`, undefined, 'bronze/state-config');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BronzeError(`${flag} ${dir}: ${file} is not valid JSON (${(e as Error).message}).`, undefined, 'bronze/state-config');
  }
  if (typeof doc !== 'object' || doc === null || typeof (doc as { nodes?: unknown }).nodes !== 'object') {
    throw new BronzeError(`${flag} ${dir}: ${file} is not a dbt manifest (it has no "nodes").`, undefined, 'bronze/state-config');
  }
  return doc as ManifestDocument;
}

/** The comparison `state:` selectors use, or undefined without `--state`. */
export function stateComparison(engine: Engine, state: StateRequest | undefined): StateComparison | undefined {
  if (!state?.stateDir) return undefined;
  const saved = readStateManifest(state.stateDir);
  const current = buildManifest(engine.project, { targetName: engine.target.name, adapterType: engine.target.type }) as ManifestDocument;
  return new StateComparison(saved, current);
}

export interface DeferContext {
  /** The nodes this invocation selected. */
  selected: readonly string[];
  /** Models it reads without selecting them (the refs of `show --inline`). */
  reads?: readonly string[];
  /** Whether the selected nodes are built before their children read them (run/build/seed/snapshot; not compile). */
  buildsSelected: boolean;
  /** Whether a relation exists in the target now; undefined when the target cannot be asked (then: it does not). */
  exists?: (relation: RelationName) => Promise<boolean>;
}

/**
 * dbt's deferral rule, applied to the engine: a model the selection reaches through refs reads the state's relation
 * when `--favor-state` is set and it is not selected, or when its own relation does not exist in the target (a
 * selected model that this invocation builds exists by the time its children run). Returns the deferred ids.
 */
export async function applyDefer(engine: Engine, state: StateRequest | undefined, ctx: DeferContext): Promise<string[]> {
  if (!state?.defer) return [];
  const dir = state.deferStateDir ?? state.stateDir;
  if (!dir) throw new BronzeError('--defer needs the manifest to defer to: pass --state DIR (or --defer-state DIR), or set DBT_STATE.', undefined, 'bronze/state-config');
  const relations = stateRelations(engine.project, readStateManifest(dir, state.deferStateDir ? '--defer-state' : '--state'));
  const selected = new Set(ctx.selected);
  // Only what the selection can reach through refs matters (and tests read the model they test).
  const roots = new Set([...selected, ...(ctx.reads ?? [])]);
  const reached = new Set([...roots, ...engine.graph.ancestorsOf(roots)]);
  const deferred = new Map<string, RelationName>();
  for (const id of reached) {
    const rel = relations.get(id);
    const node = engine.project.models.get(id);
    if (!rel || !node) continue;
    if (state.favorState && !selected.has(id)) deferred.set(id, rel);
    else if (ctx.buildsSelected && selected.has(id)) continue;
    else if (!ctx.exists || !(await ctx.exists(node.relation))) deferred.set(id, rel);
  }
  engine.deferTo(deferred);
  return [...deferred.keys()].sort();
}
