// The databases a project names, for the local twin: the target's, every enabled source's and every model's
// (seeds and snapshots too), read from the relations the engine resolved, so generate_database_name and
// `database` configs count exactly as they do on Snowflake.
import { quotedNamePart } from '../core/quote-policy';
import type { ModelNode, ProjectModel, SourceNode, TargetConfig } from '../core/types';
import { twinCatalogName, twinInfo, type TwinInfo } from './profiles';

/** The distinct databases `project` names, target's first; `raw` and `RAW` are one (Snowflake folds case). */
export function projectDatabases(project: Pick<ProjectModel, 'models' | 'sources'>, target: Pick<TargetConfig, 'database'>): string[] {
  const seen = new Map<string, string>();
  const add = (db: string | undefined): void => {
    if (!db) return;
    const key = twinCatalogName(db);
    if (!seen.has(key)) seen.set(key, db);
  };
  add(target.database);
  for (const s of project.sources.values()) if (s.config.enabled !== false) add(s.relation.database);
  // Ephemeral models are CTEs: they never exist in a database.
  for (const m of project.models.values()) if (m.config.enabled !== false && m.config.materialized !== 'ephemeral') add(m.relation.database);
  return [...seen.values()];
}

/** The twin marker plus the databases the loaded project names (read when the warehouse connects). */
export interface TwinWithDatabases extends TwinInfo {
  readonly databases: readonly string[];
  /**
   * The enabled source whose relation is `database.schema.table` (names compared as the twin folds them), for the
   * advice on a missing table. A method, so printing the target (`bronze debug`) does not list every source.
   */
  sourceAt(parts: readonly string[]): SourceNode | undefined;
  /** The model (seed, snapshot) that builds `database.schema.table`, for the same advice. */
  modelAt(parts: readonly string[]): ModelNode | undefined;
}

/** A name part as the twin compares it: a quoted part's text, else the part; case folded (advice only). */
const foldedPart = (part: string): string => (quotedNamePart(part) ?? part).toUpperCase();

/** Whether `relation` is `database.schema.table` as the twin folds names. */
function isRelation(relation: { database?: string; schema: string; identifier: string }, [database, schema, table]: readonly string[]): boolean {
  if (!relation.database || twinCatalogName(relation.database) !== twinCatalogName(database)) return false;
  return foldedPart(relation.schema) === foldedPart(schema) && foldedPart(relation.identifier) === foldedPart(table);
}

/** The enabled source of `project` at `database.schema.table`; undefined for any other name. */
export function sourceAtRelation(project: Pick<ProjectModel, 'sources'>, parts: readonly string[]): SourceNode | undefined {
  if (parts.length !== 3) return undefined;
  for (const s of project.sources.values()) if (s.config.enabled !== false && isRelation(s.relation, parts)) return s;
  return undefined;
}

/**
 * The enabled model, seed or snapshot of `project` that builds `database.schema.table` (an ephemeral model or an
 * analysis builds nothing); undefined for any other name.
 */
export function modelAtRelation(project: Pick<ProjectModel, 'models'>, parts: readonly string[]): ModelNode | undefined {
  if (parts.length !== 3) return undefined;
  for (const m of project.models.values()) if (m.resourceType !== 'analysis' && m.config.enabled !== false && m.config.materialized !== 'ephemeral' && isRelation(m.relation, parts)) return m;
  return undefined;
}

/**
 * Gives a twin target the project's databases. They are read on use, not copied now: the relations are the
 * nodes' own, so a later resolution of database names (generate_database_name) is what the twin attaches.
 */
export function withTwinDatabases(target: TargetConfig, project: Pick<ProjectModel, 'models' | 'sources'>): TargetConfig {
  const info = twinInfo(target);
  if (!info) return target;
  const twin: TwinWithDatabases = {
    ...info,
    get databases() {
      return projectDatabases(project, target);
    },
    sourceAt: (parts) => sourceAtRelation(project, parts),
    modelAt: (parts) => modelAtRelation(project, parts),
  };
  return Object.assign(target, { twin });
}

/** The databases a twin target was given (just the target's own database when none were). */
export function twinDatabases(target: TargetConfig): string[] {
  const t = target.twin as Partial<TwinWithDatabases> | undefined;
  const list = t && Array.isArray(t.databases) ? t.databases.filter((d): d is string => typeof d === 'string') : [];
  return list.length ? list : [target.database];
}

/** The source at a `database.schema.table` of a twin target given a project (undefined when none was given). */
export function twinSourceAt(target: TargetConfig, parts: readonly string[]): SourceNode | undefined {
  const t = target.twin as Partial<TwinWithDatabases> | undefined;
  return typeof t?.sourceAt === 'function' ? t.sourceAt(parts) : undefined;
}

/** The model (seed, snapshot) that builds a `database.schema.table` of a twin target given a project. */
export function twinModelAt(target: TargetConfig, parts: readonly string[]): ModelNode | undefined {
  const t = target.twin as Partial<TwinWithDatabases> | undefined;
  return typeof t?.modelAt === 'function' ? t.modelAt(parts) : undefined;
}
