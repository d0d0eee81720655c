// Shared engine vocabulary. Every face (CLI, language server, extension) speaks in these types, so they
// stay free of LSP and VS Code imports. Positions are 0-based (LSP style); the CLI adds 1 when printing.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a file of the project. `file` is an absolute path. */
export interface SourceLocation {
  file: string;
  range: Range;
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A quick fix a diagnostic offers: a title and the edits it applies. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  file: string;
  range: Range;
  severity: Severity;
  /** `bronze/<kebab-name>` */
  code: string;
  message: string;
  fixes?: Fix[];
  /** Other places the message speaks of (where inside a package a call fails), outermost first. */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** An error the user can act on, with where it happened. Thrown by loaders, the renderer and the compiler. */
export class BronzeError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    readonly code: string = 'bronze/error',
  ) {
    super(message);
    this.name = 'BronzeError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Relations and columns

export type RelationType = 'table' | 'view';

/** A warehouse relation: renders unquoted as `database.schema.identifier` (dbt-snowflake's default). */
export interface RelationName {
  database: string;
  schema: string;
  identifier: string;
}

export interface ColumnDef {
  name: string;
  /** The warehouse's type text, e.g. `VARCHAR(16777216)`, `TIMESTAMP_NTZ(9)`, `BIGINT`. */
  dataType: string;
}

// ---------------------------------------------------------------------------------------------------------
// Configs

export interface HookDef {
  sql: string;
  /** dbt's `transaction: true` (the default). Snowflake runs only transactional hooks. */
  transaction: boolean;
}

export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

/**
 * A node's merged config (defaults → dbt_project.yml tree → schema.yml → config()). Known keys are typed;
 * anything else a project sets is kept too, because `config.get()` must be able to read it.
 */
export interface NodeConfig {
  enabled: boolean;
  materialized: string;
  tags: string[];
  meta: Record<string, unknown>;
  'pre-hook': HookDef[];
  'post-hook': HookDef[];
  schema?: string;
  database?: string;
  alias?: string;
  full_refresh?: boolean | null;
  unique_key?: string | string[];
  incremental_strategy?: string;
  on_schema_change?: OnSchemaChange;
  incremental_predicates?: string[];
  merge_update_columns?: string[];
  merge_exclude_columns?: string[];
  transient?: boolean;
  cluster_by?: string | string[];
  secure?: boolean;
  copy_grants?: boolean;
  snowflake_warehouse?: string;
  query_tag?: string;
  tmp_relation_type?: string;
  // data-test configs
  severity?: string;
  where?: string;
  limit?: number;
  warn_if?: string;
  error_if?: string;
  fail_calc?: string;
  store_failures?: boolean;
  store_failures_as?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------
// Calls found in templates (by the position-aware scanner, and recorded in the parse phase)

export interface RefCall {
  package?: string;
  name: string;
  version?: string | number;
  /** Range of the whole call `ref(...)`, when the scanner found it in the file. */
  range?: Range;
  /** Range of the model-name string literal (for go-to-definition, completion and did-you-mean fixes). */
  nameRange?: Range;
}

export interface SourceCall {
  sourceName: string;
  tableName: string;
  range?: Range;
  sourceNameRange?: Range;
  tableNameRange?: Range;
}

// ---------------------------------------------------------------------------------------------------------
// Project nodes (a faithful subset of dbt's manifest)

export type ResourceType = 'model' | 'test' | 'unit_test' | 'source' | 'macro' | 'seed' | 'snapshot' | 'analysis';

export interface TestRef {
  /** unique_id of the generated test node */
  uniqueId: string;
}

export interface ColumnInfo {
  name: string;
  description: string;
  dataType?: string;
  quote?: boolean;
  tags: string[];
  meta: Record<string, unknown>;
  /** schema.yml `constraints:` as written (read by contracts, compile/contract.ts). */
  constraints?: unknown[];
  /** Where the column is declared in schema.yml. */
  location?: SourceLocation;
}

export interface NodeBase {
  uniqueId: string;
  name: string;
  resourceType: ResourceType;
  packageName: string;
  /** Path relative to the package root, with forward slashes (dbt's `original_file_path`). */
  originalFilePath: string;
  fqn: string[];
  /** Where the node is defined (the .sql file, or its YAML entry for sources and generic tests). */
  location: SourceLocation;
  description: string;
  tags: string[];
  meta: Record<string, unknown>;
}

export interface DependsOn {
  nodes: string[];
  macros: string[];
}

export interface ModelNode extends NodeBase {
  resourceType: 'model' | 'seed' | 'snapshot' | 'analysis';
  rawCode: string;
  config: NodeConfig;
  columns: Record<string, ColumnInfo>;
  refs: RefCall[];
  sources: SourceCall[];
  dependsOn: DependsOn;
  relation: RelationName;
  version?: string | number;
  /** The schema.yml entry that documents this model, if any. */
  patchLocation?: SourceLocation;
  /** dbt's `unrendered_config`: the config keys set for this node, as written (Jinja not rendered). */
  unrenderedConfig?: Record<string, unknown>;
  /** Model-level schema.yml `constraints:` as written (contracts, compile/contract.ts). */
  constraints?: unknown[];
  /** Set for a dbt Python model (a .py file; rawCode is Python, never rendered as Jinja); absent for SQL. */
  language?: 'python';
}

export interface TestMetadata {
  /** Generic test name, e.g. `not_null`, `accepted_values`, `expression_is_true`. */
  name: string;
  /** `dbt_utils` for package tests, undefined for built-ins and the project's own. */
  namespace?: string;
  kwargs: Record<string, unknown>;
}

export interface TestNode extends NodeBase {
  resourceType: 'test';
  /** Generic tests: the test's Jinja call; singular tests: the file's SQL. */
  rawCode: string;
  config: NodeConfig;
  testMetadata?: TestMetadata;
  /** unique_id of the model or source the test is attached to. */
  attachedNode?: string;
  columnName?: string;
  refs: RefCall[];
  sources: SourceCall[];
  dependsOn: DependsOn;
  /** A generic test's config keys its YAML entry sets: they outrank a config() in the test's `{% test %}` block. */
  ownConfigKeys?: readonly string[];
}

/** One `given:` input of a unit test: the rows that stand in for a ref(), source() or `this`. */
export interface UnitTestInput {
  /** As written: `ref('stg_users')`, `source('raw', 'users')`, `this`. */
  input: string;
  ref?: RefCall;
  source?: { sourceName: string; tableName: string };
  /** `this`: the model's own relation (incremental-mode tests). */
  isThis?: boolean;
  format: 'dict' | 'csv' | 'sql';
  /** dict and csv formats (csv cells are strings; an empty cell is NULL). */
  rows?: Record<string, unknown>[];
  /** sql format: a SELECT giving the rows. */
  sql?: string;
  location: SourceLocation;
}

/** A dbt 1.8 unit test (`unit_tests:` in a schema file): the model's SQL run on fixed inputs, compared to `expect`. */
export interface UnitTestNode extends NodeBase {
  resourceType: 'unit_test';
  /** The tested model's name and unique_id. */
  model: string;
  attachedNode?: string;
  /** The version of a versioned model this copy of the test runs on (dbt expands a test per version). */
  version?: string | number;
  given: UnitTestInput[];
  expect: { format: 'dict' | 'csv' | 'sql'; rows?: Record<string, unknown>[]; sql?: string; location: SourceLocation };
  overrides: { macros: Record<string, unknown>; vars: Record<string, unknown>; envVars: Record<string, string> };
  config: { enabled: boolean; tags: string[]; meta: Record<string, unknown>; [key: string]: unknown };
  dependsOn: DependsOn;
}

export interface FreshnessThreshold {
  count: number;
  period: 'minute' | 'hour' | 'day';
}

export interface FreshnessRule {
  warnAfter?: FreshnessThreshold;
  errorAfter?: FreshnessThreshold;
  filter?: string;
}

export interface SourceNode extends NodeBase {
  resourceType: 'source';
  sourceName: string;
  identifier: string;
  relation: RelationName;
  loadedAtField?: string;
  freshness?: FreshnessRule | null;
  columns: Record<string, ColumnInfo>;
  config: { enabled: boolean; [key: string]: unknown };
  /** schema.yml `quoting:` of the source, overridden per part by the table's (dbt quotes a source by these alone). */
  quoting?: QuotePolicy;
  /** The table's `external:` properties as written, Jinja rendered (dbt_external_tables reads them from the graph). */
  external?: Record<string, unknown>;
}

/** Which parts of a relation name are quoted when it is printed (dbt's quote policy; unset parts: not quoted). */
export type QuotePolicy = Partial<Record<'database' | 'schema' | 'identifier', boolean>>;

export interface MacroNode extends NodeBase {
  resourceType: 'macro';
  /** Argument names in order, as declared in `{% macro name(a, b=1) %}`. */
  args: string[];
  /** The whole macro file's text (rendering registers every macro in it). */
  fileText: string;
  /** Range of the `{% macro … %}` … `{% endmacro %}` block. */
  dependsOn: DependsOn;
}

export type ExecutableNode = ModelNode | TestNode;

// ---------------------------------------------------------------------------------------------------------
// Profiles and targets

export type TargetType = 'duckdb' | 'snowflake';

/** The resolved target: the profiles.yml output with env_var() already applied. May hold secrets. */
export interface TargetConfig {
  name: string;
  profileName: string;
  type: TargetType;
  threads: number;
  database: string;
  schema: string;
  [key: string]: unknown;
}

/** Keys that hold secrets: never printed, logged, written into audit rows or exposed in `target`. */
export const SECRET_KEYS: readonly string[] = [
  'password',
  'private_key',
  'private_key_passphrase',
  'token',
  'oauth_client_secret',
  'secrets',
];

// ---------------------------------------------------------------------------------------------------------
// The loaded project

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  kind: 'project' | 'profiles' | 'packages' | 'schema' | 'model' | 'test' | 'macro' | 'other';
  text: string;
}

export interface PackageInfo {
  name: string;
  root: string;
  /** `vars:` of the package's own dbt_project.yml (below the root project's, as dbt ranks them). */
  vars?: Record<string, unknown>;
}

export interface ProjectModel {
  /** Absolute path of the folder that holds dbt_project.yml. */
  root: string;
  name: string;
  profileName: string;
  /** The parsed dbt_project.yml (validated), keys as written (hyphenated). */
  projectConfig: Record<string, unknown>;
  modelPaths: string[];
  testPaths: string[];
  macroPaths: string[];
  seedPaths: string[];
  targetPath: string;
  packagesInstallPath: string;
  /** Global and project-scoped vars from dbt_project.yml, in dbt's shape. */
  vars: Record<string, unknown>;
  onRunStart: string[];
  onRunEnd: string[];
  models: Map<string, ModelNode>;
  tests: Map<string, TestNode>;
  unitTests: Map<string, UnitTestNode>;
  sources: Map<string, SourceNode>;
  macros: Map<string, MacroNode>;
  packages: PackageInfo[];
  files: Map<string, ProjectFile>;
  /** Every problem found while loading; loading never stops at the first. */
  diagnostics: Diagnostic[];
}
