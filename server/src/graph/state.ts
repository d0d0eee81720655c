// dbt's `state:` selection: each node of the current manifest is compared with its entry in a saved one
// (`--state DIR`). Both sides are manifest.json documents, so a state written by dbt and one written by Bronze
// compare the same way, and what is compared is exactly what the artifact records (raw code, seed checksum,
// unrendered config, relation config, persisted descriptions, contract, macro text).

/** The values `state:` takes, as dbt documents them. */
export const STATE_SELECTORS = [
  'new',
  'old',
  'modified',
  'unmodified',
  'modified.body',
  'modified.configs',
  'modified.relation',
  'modified.persisted_descriptions',
  'modified.contract',
  'modified.macros',
] as const;
export type StateSelector = (typeof STATE_SELECTORS)[number];

type Entry = Record<string, unknown>;

/** The parts of manifest.json the comparison reads. */
export interface ManifestDocument {
  nodes?: Record<string, Entry>;
  sources?: Record<string, Entry>;
  macros?: Record<string, Entry>;
  /** dbt 1.8's unit tests, kept apart from `nodes`. */
  unit_tests?: Record<string, Entry>;
}

/** Config keys dbt leaves out of `same_config` (relation keys are compared by `modified.relation`; tags never count). */
const CONFIG_KEYS_NOT_COMPARED = new Set(['alias', 'schema', 'database', 'tags', 'group']);

/** Macro packages Bronze implements itself and so does not write into its manifest (dbt writes them). */
const BUILT_IN_MACRO_PACKAGE = /^macro\.dbt(_[a-z]+)?\./;

export class StateComparison {
  private modifiedMacros?: Set<string>;

  constructor(
    private readonly saved: ManifestDocument,
    private readonly current: ManifestDocument,
  ) {}

  /** Whether the current node `uniqueId` matches `state:<selector>`. */
  matches(uniqueId: string, selector: StateSelector): boolean {
    const node = entryOf(this.current, uniqueId);
    if (!node) return false;
    const old = entryOf(this.saved, uniqueId);
    const isSource = node.resource_type === 'source';
    switch (selector) {
      case 'new':
        return old === undefined;
      case 'old':
        return old !== undefined;
      case 'modified':
        return this.modified(node, old);
      case 'unmodified':
        return !this.modified(node, old);
      // A node the saved manifest lacks counts as changed in every part it has (dbt's check_modified_factory).
      case 'modified.body':
        return !isSource && node.resource_type !== 'unit_test' && (old === undefined || !sameBody(node, old));
      case 'modified.configs':
        return old === undefined || !sameConfig(node, old);
      case 'modified.relation':
        return old === undefined || !sameRelation(node, old);
      case 'modified.persisted_descriptions':
        return !isSource && node.resource_type !== 'unit_test' && (old === undefined || !samePersistedDescription(node, old));
      case 'modified.contract':
        return !isSource && node.resource_type !== 'unit_test' && (old === undefined || !sameContract(node, old));
      case 'modified.macros':
        return this.macrosModified(node);
    }
  }

  private modified(node: Entry, old: Entry | undefined): boolean {
    return !sameContents(node, old) || this.macrosModified(node);
  }

  /** dbt's `recursively_check_macros_modified`: a macro the node calls, or one those call, changed. */
  private macrosModified(node: Entry): boolean {
    const changed = (this.modifiedMacros ??= this.changedMacros());
    if (changed.size === 0) return false;
    const seen = new Set<string>();
    const pending = [...macroDeps(node)];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (changed.has(id)) return true;
      const macro = this.current.macros?.[id];
      if (macro) pending.push(...macroDeps(macro));
    }
    return false;
  }

  /** Macros whose text changed, that are new, or that were removed. */
  private changedMacros(): Set<string> {
    const now = this.current.macros ?? {};
    const before = this.saved.macros ?? {};
    const out = new Set<string>();
    for (const [id, m] of Object.entries(now)) {
      if (!(id in before) || before[id].macro_sql !== m.macro_sql) out.add(id);
    }
    for (const id of Object.keys(before)) {
      // A state written by dbt lists dbt's own macros, which Bronze's manifest leaves out: not a removal.
      if (!(id in now) && !BUILT_IN_MACRO_PACKAGE.test(id)) out.add(id);
    }
    return out;
  }
}

function entryOf(doc: ManifestDocument, uniqueId: string): Entry | undefined {
  return doc.nodes?.[uniqueId] ?? doc.sources?.[uniqueId] ?? doc.unit_tests?.[uniqueId];
}

function macroDeps(entry: Entry): string[] {
  const deps = entry.depends_on;
  if (!isRecord(deps) || !Array.isArray(deps.macros)) return [];
  return deps.macros.filter((m): m is string => typeof m === 'string');
}

/** dbt's `same_contents`: per resource type, the parts whose change makes a node `state:modified`. */
function sameContents(node: Entry, old: Entry | undefined): boolean {
  if (node.resource_type === 'source') {
    // dbt's SourceDefinition.same_contents answers true for a source the saved manifest lacks: a new source is
    // `state:new` but not `state:modified`.
    if (old === undefined) return true;
    return (
      sameRelation(node, old) &&
      sameValue(node.fqn, old.fqn) &&
      sameConfig(node, old) &&
      sameValue(node.quoting ?? null, old.quoting ?? null) &&
      sameValue(node.freshness ?? null, old.freshness ?? null) &&
      sameValue(node.loaded_at_field ?? null, old.loaded_at_field ?? null) &&
      sameValue(node.external ?? null, old.external ?? null)
    );
  }
  if (old === undefined) return false;
  // A unit test is what it feeds the model and what it expects back.
  if (node.resource_type === 'unit_test') {
    return ['model', 'given', 'expect', 'overrides', 'fqn'].every((k) => sameValue(node[k], old[k])) && sameConfig(node, old);
  }
  // A generic test has no text of its own: its config and fqn (which carries its arguments) say what it is.
  if (node.resource_type === 'test' && isRecord(node.test_metadata)) return sameConfig(node, old) && sameValue(node.fqn, old.fqn);
  return (
    sameBody(node, old) &&
    sameConfig(node, old) &&
    samePersistedDescription(node, old) &&
    sameValue(node.fqn, old.fqn) &&
    sameRelation(node, old) &&
    sameContract(node, old)
  );
}

/** A seed by its file checksum (dbt hashes seeds up to 1 MiB, larger ones by path); other nodes by raw code. */
function sameBody(node: Entry, old: Entry): boolean {
  if (node.resource_type === 'seed') return sameValue(node.checksum, old.checksum);
  return node.raw_code === old.raw_code;
}

/** The config as written (before Jinja), so a config that renders per environment is not a change. */
function unrenderedConfig(entry: Entry): Record<string, unknown> {
  if (isRecord(entry.unrendered_config)) return entry.unrendered_config;
  return isRecord(entry.config) ? entry.config : {};
}

/** dbt's BaseConfig.same_contents over the unrendered configs: a key set on one side only is a change. */
function sameConfig(node: Entry, old: Entry): boolean {
  const a = unrenderedConfig(node);
  const b = unrenderedConfig(old);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (CONFIG_KEYS_NOT_COMPARED.has(key)) continue;
    if (!(key in a) || !(key in b) || !sameValue(a[key], b[key])) return false;
  }
  return true;
}

/**
 * dbt's same_database_representation. For a node: the configured database, schema and alias (not the names
 * generate_*_name made of them, which depend on the target). For a source: the names themselves.
 */
function sameRelation(node: Entry, old: Entry): boolean {
  if (node.resource_type === 'source') {
    return node.database === old.database && node.schema === old.schema && node.identifier === old.identifier;
  }
  const a = unrenderedConfig(node);
  const b = unrenderedConfig(old);
  return ['database', 'schema', 'alias'].every((k) => sameValue(a[k] ?? null, b[k] ?? null));
}

/** Descriptions count only where `persist_docs` writes them into the warehouse (relation and/or columns). */
function samePersistedDescription(node: Entry, old: Entry): boolean {
  const persist = isRecord(node.config) && isRecord(node.config.persist_docs) ? node.config.persist_docs : {};
  if (truthy(persist.relation) && (node.description ?? '') !== (old.description ?? '')) return false;
  if (truthy(persist.columns) && !sameValue(columnDescriptions(node), columnDescriptions(old))) return false;
  return true;
}

function columnDescriptions(entry: Entry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isRecord(entry.columns)) for (const [k, c] of Object.entries(entry.columns)) out[k] = isRecord(c) ? c.description ?? '' : '';
  return out;
}

/** The config says it (dbt derives the node's top-level `contract` from it). */
function contractEnforced(entry: Entry): boolean {
  if (isRecord(entry.config) && isRecord(entry.config.contract)) return truthy(entry.config.contract.enforced);
  return isRecord(entry.contract) && entry.contract.enforced === true;
}

/**
 * dbt's ModelNode.same_contract: unchanged when enforced on neither side; a change when it becomes enforced,
 * stops being enforced, or the enforced columns (name, data type, constraints) or model constraints differ.
 * Only models have contracts.
 */
function sameContract(node: Entry, old: Entry): boolean {
  if (node.resource_type !== 'model') return true;
  const now = contractEnforced(node);
  const before = contractEnforced(old);
  if (!now && !before) return true;
  if (now !== before) return false;
  return contractState(node) === contractState(old);
}

/** What a contract pins, in one comparable text: columns sorted by name with their types and constraints. */
export function contractState(entry: Entry): string {
  const columns = isRecord(entry.columns) ? Object.values(entry.columns).filter(isRecord) : [];
  columns.sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
  let text = '';
  for (const c of columns) text += `|${String(c.name)}${c.data_type == null ? 'None' : String(c.data_type)}${constraintText(c.constraints)}`;
  const materialized = isRecord(entry.config) ? entry.config.materialized : undefined;
  // dbt adds the materialization and the model-level constraints where the materialization enforces them.
  if (materialized === 'table' || materialized === 'incremental') text += `${String(materialized)}${constraintText(entry.constraints)}`;
  return text;
}

function constraintText(list: unknown): string {
  return Array.isArray(list) && list.length > 0 ? canonical(list) : '[]';
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^true$/i.test(v));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python's `==` on JSON values: mappings compare regardless of key order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Most compared values are strings and numbers: no need to serialise them (null and undefined are one value).
  if (a === null || a === undefined || typeof a !== 'object') return (a ?? null) === (b ?? null);
  if (b === null || b === undefined || typeof b !== 'object') return false;
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}
