// Generic data tests declared in schema.yml → TestNodes named the way dbt names them
// (`not_null_bz_users_user_id`, `source_unique_raw_users_user_id`, `dbt_utils_expression_is_true_…`).
import { YamlFloat, YamlTimestamp } from '../core/yaml-python-values';
import type { DependsOn, NodeConfig, RefCall, SourceCall, TestMetadata, TestNode } from '../core/types';
import { defaultConfig, mergeConfig } from './config';
import { fastHash, md5 } from './hash';
import { TEST_CONFIG_KEYS, testConfigSchema, validate, type SchemaIssue } from './schemas';
import type { PathSegment } from './yaml-source';
import { isPlainObject, noFields, NO_STRINGS, noItems } from '../core/plain';
import { sortShort } from '../core/sort';

export { md5 } from './hash';

export interface ParsedTestEntry {
  name: string;
  namespace?: string;
  /** Test arguments (without config keys); `column_name` is added by the caller. */
  args: Record<string, unknown>;
  /** Config from top-level config keys and the `config:` block (the block wins). */
  config: Record<string, unknown>;
  /** An explicit `name:` for the test node. */
  customName?: string;
  description?: string;
}

const CONFIG_KEYS = new Set<string>(TEST_CONFIG_KEYS);
const TEST_NAME = /^(?:([a-zA-Z_][0-9a-zA-Z_]*)\.)?([a-zA-Z_][0-9a-zA-Z_]*)$/;

/** Parses one entry of a `tests:`/`data_tests:` list in any of the forms dbt accepts. */
export function parseTestEntry(entry: unknown, path: PathSegment[]): ParsedTestEntry | SchemaIssue[] {
  const bad = (message: string, at: PathSegment[] = path): SchemaIssue[] => [{ path: at, part: 'value', severity: 'error', code: 'bronze/schema-invalid', message }];
  let testName: string;
  let raw: Record<string, unknown>;
  let argsPath = path;
  if (typeof entry === 'string') {
    testName = entry;
    raw = {};
  } else if (isPlainObject(entry)) {
    if (typeof entry.test_name === 'string') {
      testName = entry.test_name;
      raw = { ...entry };
      delete raw.test_name;
    } else {
      const keys = Object.keys(entry);
      if (keys.length !== 1) {
        return bad(
          `A test must be \`name\`, \`{name: {arguments}}\` or \`{test_name: name, …}\`; this mapping has ${keys.length} keys (${keys.join(', ')}). Nest the arguments under the test name.`,
        );
      }
      testName = keys[0];
      const v = entry[testName];
      if (v !== null && v !== undefined && !isPlainObject(v)) return bad(`The arguments of test \`${testName}\` must be a mapping, e.g. \`${testName}: {values: [...]}\`.`, [...path, testName]);
      raw = v ? { ...v } : {};
      argsPath = [...path, testName];
    }
  } else {
    return bad('A test must be a test name or a mapping; write e.g. `- not_null` or `- accepted_values: {values: [a, b]}`.');
  }
  const m = TEST_NAME.exec(testName);
  if (!m) return bad(`\`${testName}\` is not a valid test name: use \`name\` or \`package.name\` (letters, digits, _).`);
  const config: Record<string, unknown> = {};
  let args: Record<string, unknown> = {};
  let customName: string | undefined;
  let description: string | undefined;
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'config' || k === 'arguments') continue;
    if (k === 'name' && typeof v === 'string') customName = v;
    else if (k === 'description' && typeof v === 'string') description = v;
    else if (CONFIG_KEYS.has(k)) config[k] = v;
    else args[k] = v;
  }
  if (raw.arguments !== undefined) {
    if (!isPlainObject(raw.arguments)) return bad('`arguments:` must be a mapping of argument names to values.', [...argsPath, 'arguments']);
    args = { ...args, ...raw.arguments };
  }
  if (raw.config !== undefined) {
    if (!isPlainObject(raw.config)) return bad('`config:` must be a mapping, e.g. `config: {severity: warn}`.', [...argsPath, 'config']);
    Object.assign(config, raw.config);
  }
  // Most tests set no config (`- not_null`): nothing to validate.
  let any = false;
  for (const _ in config) {
    any = true;
    break;
  }
  if (any) {
    // dbt renders a string config value with Jinja when it builds the test (`enabled: "{{ target.type != 'x' }}"`),
    // so such a value is checked once rendered, where the target is known (checkRenderedTestConfig).
    const literal = hasJinjaConfig(config) ? withoutJinja(config) : config;
    const checked = validate(testConfigSchema, literal, `the config of test \`${testName}\``, raw.config !== undefined ? [...argsPath, 'config'] : argsPath);
    if (!checked.data) return checked.issues;
  }
  if (args.model !== undefined) return bad(`Test \`${testName}\` must not set \`model\`: it is the model or source the test is attached to. Remove it.`, [...argsPath, 'model']);
  return { name: m[2], namespace: m[1], args, config, customName, description };
}

const isJinja = (v: unknown): v is string => typeof v === 'string' && (v.includes('{{') || v.includes('{%'));

/** Whether a test's config has a value dbt renders with Jinja when it builds the test (`where` included). */
export function hasJinjaConfig(config: Record<string, unknown>): boolean {
  for (const k in config) if (isJinja(config[k])) return true;
  return false;
}

function withoutJinja(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in config) if (!isJinja(config[k])) out[k] = config[k];
  return out;
}

/** The values a Jinja config rendered to, checked as written values are: a message per wrong one. */
export function checkRenderedTestConfig(testName: string, rendered: Record<string, unknown>): string[] {
  const checked = validate(testConfigSchema, rendered, `the config of test \`${testName}\` (rendered)`);
  return checked.data ? [] : checked.issues.filter((i) => i.severity === 'error').map((i) => i.message);
}

function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  // Python's str() of PyYAML's whole floats ('1.0') and dates ('2024-01-01'), which dbt's names are made from.
  if (v instanceof YamlFloat || v instanceof YamlTimestamp) return v.toString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function cleanPart(v: unknown): string {
  return pyStr(v).replace(/[^0-9a-zA-Z_]+/g, '_');
}

/**
 * dbt's synthesized names: the full name `<type>_<target>_<flat args>` (args sorted, `model` skipped, values
 * cleaned to [0-9a-zA-Z_]); when it reaches 64 characters, a short name `<first 30 of type_target>_<md5>`
 * is used as the alias. Returns [shortName, fullName].
 */
export function synthesizeTestName(testType: string, targetName: string, args: Record<string, unknown>): [string, string] {
  const flat: string[] = [];
  for (const argName of sortedKeys(args)) {
    if (argName === 'model') continue;
    const v = args[argName];
    if (isPlainObject(v)) for (const k in v) flat.push(cleanPart(v[k]));
    else if (Array.isArray(v)) for (const p of v) flat.push(cleanPart(p));
    else flat.push(cleanPart(v));
  }
  const identifier = `${testType}_${targetName}`;
  const full = `${identifier}_${flat.join('__')}`;
  const short = full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full;
  return [short, full];
}

export interface TestAttachment {
  kind: 'model' | 'source';
  /** unique_id of the model or source. */
  uniqueId: string;
  /** Model name, or the source name for sources. */
  name: string;
  /** Table name (sources only). */
  tableName?: string;
  version?: string | number;
}

export interface GenericTestContext {
  /** The schema file's package, path and fqn folders (one object per file: its tests share it). */
  origin: TestOrigin;
  columnName?: string;
  /** Tags of the column (and of the source/table for source tests): dbt adds them to the test. */
  inheritedTags: string[];
  /** Config layers from dbt_project.yml's `data_tests:` tree for this test's fqn (computed by the caller). */
  treeLayers: (fqn: string[]) => Record<string, unknown>[];
}

/** Where a generic test is declared: what every test of one schema file shares. */
export interface TestOrigin {
  readonly packageName: string;
  /** Path of the schema file relative to the package root. */
  readonly originalFilePath: string;
  /** fqn folders of the schema file inside its resource path. */
  readonly dirs: readonly string[];
}

/**
 * A generic test's node. A big project declares tens of thousands, alive as long as the project: each holds what
 * is its own, and reads what follows from it (fqn, tags, meta, package and file) through the prototype.
 */
class GenericTestNode implements TestNode {
  constructor(
    public uniqueId: string,
    public name: string,
    readonly origin: TestOrigin,
    public location: TestNode['location'],
    public description: string,
    public config: NodeConfig,
    public rawCode: string,
    public testMetadata: TestMetadata,
    public attachedNode: string,
    public columnName: string | undefined,
    public refs: RefCall[],
    public sources: SourceCall[],
    public dependsOn: DependsOn,
  ) {}

  ownConfigKeys?: readonly string[];

  get resourceType(): 'test' {
    return 'test';
  }

  get packageName(): string {
    return this.origin.packageName;
  }

  get originalFilePath(): string {
    return this.origin.originalFilePath;
  }

  get fqn(): string[] {
    return [this.origin.packageName, ...this.origin.dirs, this.name];
  }

  get tags(): string[] {
    return this.config.tags;
  }

  get meta(): Record<string, unknown> {
    return this.config.meta;
  }

  /** The same node with other calls and dependencies (a reload's copy; a spread would drop the getters). */
  withCalls(refs: RefCall[], sources: SourceCall[], nodes: string[]): GenericTestNode {
    const dependsOn = { nodes, macros: this.dependsOn.macros };
    const copy = new GenericTestNode(this.uniqueId, this.name, this.origin, this.location, this.description, this.config, this.rawCode, this.testMetadata, this.attachedNode, this.columnName, refs, sources, dependsOn);
    if (this.ownConfigKeys) copy.ownConfigKeys = this.ownConfigKeys;
    return copy;
  }

  /** JSON (snapshots, logs) sees the plain node, every field in the order a node literal has them. */
  toJSON(): TestNode {
    return {
      uniqueId: this.uniqueId,
      name: this.name,
      resourceType: 'test',
      packageName: this.packageName,
      originalFilePath: this.originalFilePath,
      fqn: this.fqn,
      location: this.location,
      description: this.description,
      tags: this.tags,
      meta: this.meta,
      rawCode: this.rawCode,
      config: this.config,
      testMetadata: this.testMetadata,
      attachedNode: this.attachedNode,
      columnName: this.columnName,
      refs: this.refs,
      sources: this.sources,
      dependsOn: this.dependsOn,
    };
  }
}

/** A copy of `node` with other calls and dependencies, for a node shared with the previous load. */
export function withCalls<T extends TestNode>(node: T, refs: RefCall[], sources: SourceCall[], nodes: string[]): T {
  if (node instanceof GenericTestNode) return node.withCalls(refs, sources, nodes) as TestNode as T;
  return { ...node, refs, sources, dependsOn: { ...node.dependsOn, nodes } };
}

/** What the tests of one model or source table share: the ref/source they depend on, the `model` argument. */
interface AttachmentShared {
  refs: RefCall[];
  sources: SourceCall[];
  modelArg: string;
}
const ATTACHED = new WeakMap<TestAttachment, AttachmentShared>();
function attachmentShared(at: TestAttachment): AttachmentShared {
  let s = ATTACHED.get(at);
  if (!s) {
    const call =
      at.kind === 'model'
        ? at.version !== undefined
          ? `ref('${at.name}', v=${typeof at.version === 'number' ? at.version : `'${at.version}'`})`
          : `ref('${at.name}')`
        : `source('${at.name}', '${at.tableName}')`;
    s = {
      refs: at.kind === 'model' ? [at.version !== undefined ? { name: at.name, version: at.version } : { name: at.name }] : NO_REFS,
      sources: at.kind === 'source' ? [{ sourceName: at.name, tableName: at.tableName! }] : NO_SOURCES,
      modelArg: `{{ get_where_subquery(${call}) }}`,
    };
    ATTACHED.set(at, s);
  }
  return s;
}

// Most tests set no config of their own: tests with the same project layers and inherited tags share one frozen
// config (the layers are the resolver's cached list for a folder, so its identity is a key).
const SHARED_CONFIGS = new WeakMap<readonly Record<string, unknown>[], Map<string, NodeConfig>>();

function testConfig(layers: Record<string, unknown>[], inheritedTags: string[], own: Record<string, unknown>): NodeConfig {
  let config: NodeConfig = defaultConfig('test');
  config.severity = 'ERROR';
  for (const layer of layers) config = mergeConfig(config, layer);
  if (inheritedTags.length) config = mergeConfig(config, { tags: inheritedTags });
  config = mergeConfig(config, own);
  if (typeof config.severity === 'string') config.severity = config.severity.toUpperCase();
  return config;
}

function sharedTestConfig(layers: Record<string, unknown>[], inheritedTags: string[]): NodeConfig {
  let byTags = SHARED_CONFIGS.get(layers);
  if (!byTags) SHARED_CONFIGS.set(layers, (byTags = new Map()));
  const key = inheritedTags.join('\u0000');
  let config = byTags.get(key);
  if (!config) byTags.set(key, (config = Object.freeze(testConfig(layers, inheritedTags, NO_CONFIG))));
  return config;
}
const NO_CONFIG: Record<string, unknown> = noFields();

export function buildGenericTest(parsed: ParsedTestEntry, at: TestAttachment, ctx: GenericTestContext, location: TestNode['location']): TestNode {
  const origin = ctx.origin;
  const shared = attachmentShared(at);
  // The test's keyword arguments: its own, column_name, then model (added below, after the name, which skips it).
  const kwargs: Record<string, unknown> = { ...parsed.args };
  if (ctx.columnName !== undefined) kwargs.column_name = ctx.columnName;
  let testType = at.kind === 'source' ? `source_${parsed.name}` : parsed.name;
  if (parsed.namespace) testType = `${parsed.namespace}_${testType}`;
  const targetName = at.kind === 'source' ? `${at.name}_${at.tableName}` : at.version !== undefined ? `${at.name}_v${at.version}` : at.name;
  const [shortName, fullName] = synthesizeTestName(testType, targetName, kwargs);
  const name = parsed.customName ?? fullName;
  const layers = ctx.treeLayers([origin.packageName, ...origin.dirs, name]);
  const needsAlias = !parsed.customName && shortName !== fullName;
  let config: NodeConfig;
  if (!needsAlias && isEmpty(parsed.config)) config = sharedTestConfig(layers, ctx.inheritedTags);
  else {
    config = testConfig(layers, ctx.inheritedTags, parsed.config);
    if (needsAlias && config.alias === undefined) config.alias = shortName;
  }

  kwargs.model = shared.modelArg;
  let refs = shared.refs;
  let sources = shared.sources;
  // relationships(to=ref('x')) and friends: the `to` expression is a dependency too.
  for (const k in parsed.args) {
    const v = parsed.args[k];
    if (typeof v !== 'string') continue;
    const r = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$/.exec(v);
    if (r) refs = [...refs, r[2] ? { package: r[1], name: r[2] } : { name: r[1] }];
    const s = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(v);
    if (s) sources = [...sources, { sourceName: s[1], tableName: s[2] }];
  }
  const kwargsText = JSON.stringify(sortedKwargs(kwargs));
  const contentHash = fastHash(name + kwargsText + (parsed.namespace ?? ''));
  const metaHash = contentHash.slice(0, 10);
  const macro = testMacro(parsed.namespace, parsed.name);
  const node = new GenericTestNode(
    `test.${origin.packageName}.${name}.${metaHash}`,
    name,
    origin,
    location,
    parsed.description ?? '',
    config,
    macro.rawCode,
    { name: parsed.name, namespace: parsed.namespace, kwargs },
    at.uniqueId,
    ctx.columnName,
    refs,
    sources,
    { nodes: NO_STRINGS, macros: macro.macros },
  );
  if (!isEmpty(parsed.config)) node.ownConfigKeys = Object.keys(parsed.config);
  return node;
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

// Shared by the tens of thousands of generic tests of a big project: the empty dependency lists, and per test
// macro its one-line template and its two macro dependencies (found without building a key).
const NO_REFS = noItems<RefCall>();
const NO_SOURCES = noItems<SourceCall>();
interface TestMacro {
  rawCode: string;
  macros: string[];
}
const TEST_MACROS = new Map<string, Map<string, TestMacro>>();
function testMacro(namespace: string | undefined, name: string): TestMacro {
  let byName = TEST_MACROS.get(namespace ?? '');
  if (!byName) TEST_MACROS.set(namespace ?? '', (byName = new Map()));
  let m = byName.get(name);
  if (!m) {
    const pkg = namespace ?? 'dbt';
    m = {
      rawCode: `{{ ${namespace ? `${namespace}.test_${name}` : `test_${name}`}(**_dbt_generic_test_kwargs) }}`,
      macros: Object.freeze([`macro.${pkg}.test_${name}`, 'macro.dbt.get_where_subquery']) as unknown as string[],
    };
    byName.set(name, m);
  }
  return m;
}

function sortedKwargs(k: Record<string, unknown>): [string, unknown][] {
  return sortedKeys(k).map((key) => [key, k[key]]);
}

/** Object.keys in code-unit order (tests have a few keys: see core/sort.ts). */
function sortedKeys(o: Record<string, unknown>): string[] {
  return sortShort(Object.keys(o));
}
