// Config merging with dbt's precedence (dbt-semantics.md §3): defaults → dbt_project.yml tree levels →
// schema.yml `config:` → `config()` in the SQL. tags and hooks append; meta-like dicts merge; the rest
// is overwritten.
import type { HookDef, NodeConfig, OnSchemaChange, RelationName, TargetConfig } from '../core/types';
import { exact, isPlainObject, noFields, noItems, NO_STRINGS, stringList } from '../core/plain';

const DICT_MERGE = new Set(['meta', 'quoting', 'docs', 'contract', 'persist_docs']);
const ON_SCHEMA_CHANGE = new Set<OnSchemaChange>(['ignore', 'fail', 'append_new_columns', 'sync_all_columns']);

// The defaults' containers are shared and frozen: mergeConfig copies a container before adding to it, and tens
// of thousands of nodes (every generic test) keep their defaults for life.
const NO_META = noFields();
const NO_HOOKS = noItems<HookDef>();

export function defaultConfig(materialized: string): NodeConfig {
  return { enabled: true, materialized, tags: NO_STRINGS, meta: NO_META, 'pre-hook': NO_HOOKS, 'post-hook': NO_HOOKS };
}

/** `+schema` → `schema`, `pre_hook` → `pre-hook`. */
export function configKey(k: string): string {
  const key = k.startsWith('+') ? k.slice(1) : k;
  return key === 'pre_hook' ? 'pre-hook' : key === 'post_hook' ? 'post-hook' : key;
}

/** Hooks as written (string, list of strings, `{sql, transaction}` objects) → HookDef[]. */
export function normalizeHooks(v: unknown): HookDef[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: HookDef[] = [];
  for (const h of list) {
    if (typeof h === 'string') out.push({ sql: h, transaction: true });
    else if (isPlainObject(h) && typeof h.sql === 'string') out.push({ sql: h.sql, transaction: h.transaction !== false });
  }
  return out;
}

/** Applies one config layer on top of `base`, returning a new config. */
export function mergeConfig(base: NodeConfig, layer: Record<string, unknown> | undefined): NodeConfig {
  if (!layer) return base;
  let any = false;
  for (const _ in layer) {
    any = true;
    break;
  }
  if (!any) return base;
  const out: NodeConfig = { ...base };
  mergeInto(out, layer);
  return out;
}

/** Applies `layer` to `out` in place (mergeConfig's rules; `out`'s containers are replaced, never changed). */
function mergeInto(out: Record<string, unknown> & Pick<NodeConfig, 'tags' | 'pre-hook' | 'post-hook'>, layer: Record<string, unknown>): void {
  // for…in, not Object.entries: no pair arrays for the ~10 layers of each of a big project's nodes.
  for (const rawKey in layer) {
    const value = layer[rawKey];
    const key = configKey(rawKey);
    if (key === 'tags') {
      let tags: string[] | undefined;
      for (const t of stringList(value)) if (!out.tags.includes(t) && !tags?.includes(t)) (tags ??= [...out.tags]).push(t);
      if (tags) out.tags = exact(tags);
    } else if (key === 'pre-hook' || key === 'post-hook') {
      out[key] = out[key].concat(normalizeHooks(value));
    } else if (key === 'grants' && isPlainObject(value)) {
      out.grants = mergeGrants(out.grants, value);
    } else if (DICT_MERGE.has(key) && isPlainObject(value)) {
      out[key] = { ...(isPlainObject(out[key]) ? (out[key] as Record<string, unknown>) : {}), ...value };
    } else {
      out[key] = value;
    }
  }
}

/**
 * dbt's grants merge (MergeBehavior.DictKeyAppend, https://docs.getdbt.com/reference/resource-configs/grants): a
 * `+privilege` key adds its grantees to those inherited, a plain key replaces them, and a single grantee is a list of one.
 */
function mergeGrants(base: unknown, layer: Record<string, unknown>): Record<string, unknown> {
  const listify = (v: unknown): unknown[] => (Array.isArray(v) ? [...v] : [v]);
  const out: Record<string, unknown> = {};
  if (isPlainObject(base)) for (const k in base) out[k] = listify(base[k]);
  for (const k in layer) {
    const extend = k.startsWith('+');
    const key = extend ? k.replace(/^\++/, '') : k;
    out[key] = extend && Array.isArray(out[key]) ? [...(out[key] as unknown[]), ...listify(layer[k])] : listify(layer[k]);
  }
  return out;
}

/**
 * dbt's `unrendered_config`: only the keys the layers set (no defaults), merged as configs merge, with Jinja
 * left as written, so `state:modified.configs` does not see a change where only the environment differs.
 */
export function unrenderedConfig(layers: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  let keys: Set<string> | undefined;
  // One object merged in place (mergeConfig would copy it once per layer).
  const merged = defaultConfig('');
  for (const layer of layers) {
    if (!layer) continue;
    for (const k in layer) (keys ??= new Set()).add(configKey(k));
    mergeInto(merged, layer);
  }
  const out: Record<string, unknown> = {};
  if (keys) for (const k of keys) out[k] = merged[k];
  return out;
}

/** Final clean-up after merging: invalid on_schema_change becomes `ignore` (as dbt does). */
export function finalizeConfig(c: NodeConfig): NodeConfig {
  if (c.on_schema_change !== undefined && !ON_SCHEMA_CHANGE.has(c.on_schema_change)) c.on_schema_change = 'ignore';
  if (typeof c.enabled !== 'boolean') c.enabled = c.enabled !== false && c.enabled !== 'false';
  return c;
}

/** The config keys set at one level of a dbt_project.yml resource tree (`+key`, or a non-mapping value). */
export function levelConfigs(level: Record<string, unknown>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(level)) {
    if (k.startsWith('+') || !isPlainObject(v)) (out ??= {})[k] = v;
  }
  return out;
}

/**
 * The config layers a dbt_project.yml tree (`models:`, `seeds:`, `data_tests:`) gives a node with `fqn`,
 * general to specific: the tree's top level, then one level per fqn part that exists as a folder key.
 */
export function treeLayers(tree: unknown, fqn: readonly string[]): Record<string, unknown>[] {
  if (!isPlainObject(tree)) return [];
  const layers: Record<string, unknown>[] = [];
  const top = levelConfigs(tree);
  if (top) layers.push(top);
  let level: Record<string, unknown> = tree;
  for (const part of fqn) {
    const next = level[part];
    if (!isPlainObject(next)) break;
    level = next;
    const c = levelConfigs(level);
    if (c) layers.push(c);
  }
  return layers;
}

/**
 * treeLayers over several trees (a package's own, then the root project's), cached per folder: nodes in
 * one folder share every level but the last, which may name the node itself.
 */
export class LayerResolver {
  // Folders as a tree of their parts: finding a node's folder builds no key (every model, test and source asks).
  private readonly root: Folder = { sub: new Map() };

  constructor(private readonly trees: readonly unknown[]) {}

  private folder(fqn: readonly string[]): Required<Folder> {
    let f = this.root;
    for (let i = 0; i < fqn.length - 1; i++) {
      let next = f.sub.get(fqn[i]);
      if (!next) f.sub.set(fqn[i], (next = { sub: new Map() }));
      f = next;
    }
    if (!f.perTree) {
      const folder = fqn.slice(0, -1);
      f.perTree = this.trees.map((tree) => {
        const layers = treeLayers(tree, folder);
        let level: Record<string, unknown> | undefined = isPlainObject(tree) ? tree : undefined;
        for (const part of folder) {
          const next: unknown = level?.[part];
          level = isPlainObject(next) ? next : undefined;
        }
        return { layers, level };
      });
      // The same list for every node of the folder the trees do not name: callers may key caches on it.
      f.joined = f.perTree.length === 1 ? f.perTree[0].layers : f.perTree.flatMap((t) => t.layers);
    }
    return f as Required<Folder>;
  }

  layers(fqn: readonly string[]): Record<string, unknown>[] {
    const f = this.folder(fqn);
    const name = fqn[fqn.length - 1];
    let named = false;
    for (const t of f.perTree) if (isPlainObject(t.level?.[name])) named = true;
    if (!named) return f.joined;
    const out: Record<string, unknown>[] = [];
    for (const t of f.perTree) {
      const own = t.level?.[name];
      const extra = isPlainObject(own) ? levelConfigs(own) : undefined;
      out.push(...t.layers);
      if (extra) out.push(extra);
    }
    return out;
  }
}

interface Folder {
  sub: Map<string, Folder>;
  perTree?: { layers: Record<string, unknown>[]; level: Record<string, unknown> | undefined }[];
  joined?: Record<string, unknown>[];
}

export interface SchemaNameContext {
  name: string;
  packageName: string;
  fqn: string[];
  resourceType: string;
  config: NodeConfig;
}

/** Replaces dbt's `generate_schema_name` (e.g. from a project macro the template layer renders). */
export type GenerateSchemaName = (customSchema: string | undefined, node: SchemaNameContext, target: TargetConfig) => string;

/** dbt's default generate_schema_name: `<target.schema>_<custom>` when a custom schema is set. */
export const defaultGenerateSchemaName: GenerateSchemaName = (custom, _node, target) =>
  custom && custom.trim() ? `${target.schema}_${custom.trim()}` : target.schema;

/**
 * A snapshot configured the pre-1.9 way (`target_schema`, `target_database`) is written exactly there:
 * dbt does not pass these through generate_schema_name / generate_database_name.
 */
export function legacySnapshotRelation(node: SchemaNameContext, target: TargetConfig, alias?: string): RelationName | undefined {
  const c = node.config;
  if (node.resourceType !== 'snapshot' || typeof c.target_schema !== 'string' || c.target_schema === '') return undefined;
  const db = typeof c.target_database === 'string' && c.target_database ? c.target_database : typeof c.database === 'string' && c.database ? c.database : target.database;
  return { database: db, schema: c.target_schema, identifier: alias ?? node.name };
}

export function relationFor(
  node: SchemaNameContext & { version?: string | number },
  target: TargetConfig,
  generateSchemaName: GenerateSchemaName = defaultGenerateSchemaName,
): RelationName {
  const c = node.config;
  const custom = typeof c.schema === 'string' && c.schema ? c.schema : undefined;
  const alias = typeof c.alias === 'string' && c.alias ? c.alias : undefined;
  const legacy = legacySnapshotRelation(node, target, alias);
  if (legacy) return legacy;
  return {
    database: typeof c.database === 'string' && c.database ? c.database : target.database,
    schema: generateSchemaName(custom, node, target),
    identifier: alias ?? (node.version !== undefined ? `${node.name}_v${String(node.version).replace(/\./g, '_')}` : node.name),
  };
}
