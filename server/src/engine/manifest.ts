// target/manifest.json: a faithful subset of dbt's manifest (nodes, sources, macros, parent/child maps), so
// tools that read dbt artifacts can read ours. Deterministic: keys sorted, no timestamps unless given.
import { DBT_VERSION } from '../core/dbt-version';
import { createHash } from 'node:crypto';
import type { ModelNode, ProjectModel, SourceNode, TestNode, MacroNode, ColumnInfo, UnitTestNode, QuotePolicy } from '../core/types';
import { quotePolicy } from '../core/quote-policy';
import { dbtColumns } from '../core/dbt-columns';
import { quotedRelationName } from '../template/relation';
import { seedManifestEntry } from './manifest-seed';
import { macroSql, MacroDependencies } from './manifest-macros';
import { contractState } from '../graph/state';

/** dbt's file checksum: sha256 of the file's text. Generic tests have no file of their own: dbt writes `none`. */
function fileChecksum(text: string): { name: string; checksum: string } {
  return { name: 'sha256', checksum: createHash('sha256').update(text).digest('hex') };
}
const NO_CHECKSUM = { name: 'none', checksum: '' };

export interface ManifestOptions {
  invocationId?: string;
  generatedAt?: Date;
  targetName: string;
  adapterType: string;
  /** Compiled SQL per unique_id when compiled (execute phase). */
  compiled?: Map<string, string>;
  /** The CTEs injected into each compiled node (CompiledModel.extraCtes), for dbt's `extra_ctes`. */
  extraCtes?: Map<string, readonly { id: string; sql: string }[]>;
}

/** dbt's `extra_ctes` / `extra_ctes_injected` of a node: set once the node is compiled. */
function cteFields(id: string, opts: ManifestOptions, compiled: boolean): Record<string, unknown> {
  return { extra_ctes_injected: compiled, extra_ctes: (opts.extraCtes?.get(id) ?? []).map((c) => ({ id: c.id, sql: c.sql })) };
}

/** dbt's `columns` of a node (dbtColumns), by name sorted. */
function columns(cols: Record<string, ColumnInfo>): Record<string, unknown> {
  const entries = dbtColumns(cols);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(entries).sort()) out[name] = entries[name];
  return out;
}

function relationName(r: { database: string; schema: string; identifier: string }, quote?: QuotePolicy): string {
  return quotedRelationName(r, quote);
}

/** dbt's `contract` of a model: whether it is enforced and a checksum of what it pins. */
function contractEntry(m: ModelNode, entry: Record<string, unknown>): Record<string, unknown> {
  const c = m.config.contract;
  const enforced = typeof c === 'object' && c !== null && (c as Record<string, unknown>).enforced === true;
  const aliasTypes = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).alias_types !== false : true;
  return { enforced, alias_types: aliasTypes, checksum: enforced ? createHash('sha256').update(contractState(entry)).digest('hex') : null };
}

function modelEntry(m: ModelNode, root: string, opts: ManifestOptions, macroDeps: MacroDependencies, quote: QuotePolicy | undefined): Record<string, unknown> {
  const compiled = opts.compiled?.get(m.uniqueId);
  const entry: Record<string, unknown> = {
    unique_id: m.uniqueId,
    resource_type: m.resourceType,
    name: m.name,
    package_name: m.packageName,
    path: m.originalFilePath.replace(/^[^/]+\//, ''),
    original_file_path: m.originalFilePath,
    root_path: root,
    fqn: m.fqn,
    alias: m.relation.identifier,
    database: m.relation.database,
    schema: m.relation.schema,
    // dbt gives an ephemeral model no relation of its own.
    relation_name: m.config.materialized === 'ephemeral' ? null : relationName(m.relation, quote),
    description: m.description,
    tags: m.tags,
    meta: m.meta,
    config: m.config,
    // Without it, state comparison reads `config`: an empty stand-in would hide every config change.
    ...(m.unrenderedConfig ? { unrendered_config: m.unrenderedConfig } : {}),
    columns: columns(m.columns),
    // A snapshot's text is its block body with the rest of its file blanked (lines kept for error positions).
    raw_code: m.resourceType === 'snapshot' ? m.rawCode.trim() : m.rawCode,
    language: m.language ?? 'sql',
    checksum: fileChecksum(m.rawCode),
    refs: m.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: m.sources.map((s) => [s.sourceName, s.tableName]),
    // Python code is not Jinja: its macro calls are none.
    depends_on: { nodes: m.dependsOn.nodes, macros: m.language === 'python' ? m.dependsOn.macros : mergedMacros(m.dependsOn.macros, macroDeps.of(m.rawCode, m.packageName)) },
    patch_path: m.patchLocation ? `${m.packageName}://${m.patchLocation.file.slice(root.length + 1)}` : null,
    ...nodeDefaults(m.config),
    version: m.version ?? null,
    ...(compiled !== undefined ? { compiled: true, compiled_code: compiled } : { compiled: false }),
    ...cteFields(m.uniqueId, opts, compiled !== undefined),
  };
  if (m.resourceType === 'model') {
    entry.contract = contractEntry(m, entry);
    // ModelNode's own fields (dbt's graph and manifest have them, None when unset).
    entry.access = typeof m.config.access === 'string' ? m.config.access : 'protected';
    entry.constraints = [];
    entry.latest_version = null;
    entry.deprecation_date = null;
  }
  return entry;
}

/** Fields every dbt node has (ParsedNode): `group`, `docs`, paths set only when written; none when unset. */
function nodeDefaults(config: Record<string, unknown>): Record<string, unknown> {
  const docs = config.docs !== null && typeof config.docs === 'object' ? (config.docs as Record<string, unknown>) : {};
  return {
    group: typeof config.group === 'string' ? config.group : null,
    docs: { show: docs.show !== false, node_color: typeof docs.node_color === 'string' ? docs.node_color : null },
    build_path: null,
    compiled_path: null,
    metrics: [],
  };
}

function mergedMacros(known: readonly string[], found: readonly string[]): string[] {
  return known.length === 0 ? [...found] : [...new Set([...known, ...found])].sort();
}

function testEntry(t: TestNode, opts: ManifestOptions, macroDeps: MacroDependencies): Record<string, unknown> {
  const compiled = opts.compiled?.get(t.uniqueId);
  return {
    unique_id: t.uniqueId,
    resource_type: 'test',
    name: t.name,
    package_name: t.packageName,
    original_file_path: t.originalFilePath,
    // A generic test's path is the SQL dbt writes for it; a singular test's is its file under the test paths.
    path: t.testMetadata ? `${t.name}.sql` : t.originalFilePath.replace(/^[^/]+\//, ''),
    fqn: t.fqn,
    alias: typeof t.config.alias === 'string' ? t.config.alias : t.name,
    relation_name: null,
    columns: {},
    language: 'sql',
    patch_path: null,
    contract: { enforced: false, alias_types: true, checksum: null },
    ...nodeDefaults(t.config),
    description: t.description,
    tags: t.tags,
    meta: t.meta,
    config: t.config,
    raw_code: t.rawCode,
    column_name: t.columnName ?? null,
    attached_node: t.attachedNode ?? null,
    test_metadata: t.testMetadata
      ? { name: t.testMetadata.name, namespace: t.testMetadata.namespace ?? null, kwargs: t.testMetadata.kwargs }
      : undefined,
    refs: t.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: t.sources.map((s) => [s.sourceName, s.tableName]),
    depends_on: { nodes: t.dependsOn.nodes, macros: t.testMetadata ? t.dependsOn.macros : mergedMacros(t.dependsOn.macros, macroDeps.of(t.rawCode, t.packageName)) },
    checksum: t.testMetadata ? NO_CHECKSUM : fileChecksum(t.rawCode),
    ...(compiled !== undefined ? { compiled: true, compiled_code: compiled } : { compiled: false }),
    ...cteFields(t.uniqueId, opts, compiled !== undefined),
  };
}

function sourceEntry(s: SourceNode): Record<string, unknown> {
  return {
    unique_id: s.uniqueId,
    resource_type: 'source',
    name: s.name,
    source_name: s.sourceName,
    package_name: s.packageName,
    original_file_path: s.originalFilePath,
    fqn: s.fqn,
    identifier: s.identifier,
    database: s.relation.database,
    schema: s.relation.schema,
    relation_name: relationName(s.relation, s.quoting),
    quoting: { database: s.quoting?.database ?? null, schema: s.quoting?.schema ?? null, identifier: s.quoting?.identifier ?? null, column: null },
    description: s.description,
    tags: s.tags,
    meta: s.meta,
    loaded_at_field: s.loadedAtField ?? null,
    freshness: s.freshness
      ? {
          warn_after: s.freshness.warnAfter ?? { count: null, period: null },
          error_after: s.freshness.errorAfter ?? { count: null, period: null },
          filter: s.freshness.filter ?? null,
        }
      : null,
    columns: columns(s.columns),
    config: s.config,
    external: s.external ?? null,
  };
}

/** A unit test as dbt 1.8 writes it under `unit_tests`. */
function unitTestEntry(u: UnitTestNode): Record<string, unknown> {
  const fixture = (f: { format: string; rows?: Record<string, unknown>[]; sql?: string }) => ({ rows: f.format === 'sql' ? (f.sql ?? null) : (f.rows ?? []), format: f.format, fixture: null });
  return {
    unique_id: u.uniqueId,
    resource_type: 'unit_test',
    name: u.name,
    model: u.model,
    version: u.version ?? null,
    package_name: u.packageName,
    path: u.originalFilePath,
    original_file_path: u.originalFilePath,
    fqn: u.fqn,
    description: u.description,
    given: u.given.map((g) => ({ input: g.input, ...fixture(g) })),
    expect: fixture(u.expect),
    overrides: { macros: u.overrides.macros, vars: u.overrides.vars, env_vars: u.overrides.envVars },
    depends_on: { macros: u.dependsOn.macros, nodes: u.dependsOn.nodes },
    config: { tags: u.config.tags, meta: u.config.meta, enabled: u.config.enabled },
  };
}

function macroEntry(m: MacroNode, macroDeps: MacroDependencies): Record<string, unknown> {
  const sql = macroSql(m);
  return {
    unique_id: m.uniqueId,
    resource_type: 'macro',
    name: m.name,
    package_name: m.packageName,
    original_file_path: m.originalFilePath,
    macro_sql: sql,
    arguments: m.args.map((name) => ({ name })),
    description: m.description,
    meta: m.meta,
    depends_on: { macros: mergedMacros(m.dependsOn.macros, macroDeps.of(sql, m.packageName)) },
  };
}

function sortedObject<T>(entries: Array<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

/** The manifest's `nodes` entries (models, seeds, snapshots, tests), unsorted. */
function nodeEntries(project: ProjectModel, opts: ManifestOptions, macroDeps: MacroDependencies): Array<[string, unknown]> {
  const nodes: Array<[string, unknown]> = [];
  const quote = quotePolicy(project.projectConfig.quoting);
  for (const m of project.models.values()) {
    const entry = modelEntry(m, project.root, opts, macroDeps, quote);
    nodes.push([m.uniqueId, m.resourceType === 'seed' ? seedManifestEntry(m, entry) : entry]);
  }
  for (const t of project.tests.values()) nodes.push([t.uniqueId, testEntry(t, opts, macroDeps)]);
  return nodes;
}

/**
 * dbt's `graph` context variable in the execute phase (the manifest's flat graph,
 * https://docs.getdbt.com/reference/dbt-jinja-functions/graph): every node and source as the manifest writes it.
 * Packages read it to list the project (dbt_project_evaluator, dbt_external_tables, codegen).
 */
export function flatGraph(project: ProjectModel, opts: ManifestOptions): Record<string, unknown> {
  const macroDeps = new MacroDependencies(project);
  return {
    nodes: Object.fromEntries(nodeEntries(project, opts, macroDeps)),
    sources: Object.fromEntries([...project.sources.values()].map((s) => [s.uniqueId, sourceEntry(s)])),
    exposures: {},
    metrics: {},
    groups: {},
    semantic_models: {},
    saved_queries: {},
  };
}

export function buildManifest(project: ProjectModel, opts: ManifestOptions): Record<string, unknown> {
  const macroDeps = new MacroDependencies(project);
  const nodes = nodeEntries(project, opts, macroDeps);
  const parentMap = new Map<string, string[]>();
  const childMap = new Map<string, string[]>();
  const all = [...project.models.values(), ...project.tests.values(), ...project.unitTests.values()];
  for (const n of [...all, ...project.sources.values()]) {
    parentMap.set(n.uniqueId, []);
    childMap.set(n.uniqueId, []);
  }
  for (const n of all) {
    for (const p of n.dependsOn.nodes) {
      parentMap.get(n.uniqueId)!.push(p);
      if (!childMap.has(p)) childMap.set(p, []);
      childMap.get(p)!.push(n.uniqueId);
    }
  }
  const sortLists = (m: Map<string, string[]>) => sortedObject([...m.entries()].map(([k, v]) => [k, [...new Set(v)].sort()]));
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: DBT_VERSION,
      generated_at: (opts.generatedAt ?? new Date(0)).toISOString(),
      invocation_id: opts.invocationId ?? null,
      project_name: project.name,
      adapter_type: opts.adapterType,
      target_name: opts.targetName,
      generator: 'bronze',
    },
    nodes: sortedObject(nodes),
    sources: sortedObject([...project.sources.values()].map((s) => [s.uniqueId, sourceEntry(s)])),
    macros: sortedObject([...project.macros.values()].map((m) => [m.uniqueId, macroEntry(m, macroDeps)])),
    unit_tests: sortedObject([...project.unitTests.values()].map((u) => [u.uniqueId, unitTestEntry(u)])),
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: sortLists(parentMap),
    child_map: sortLists(childMap),
  };
}
