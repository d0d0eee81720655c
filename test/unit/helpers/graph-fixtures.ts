// A small ProjectModel factory for the graph tests: only the fields the DAG and selection read are
// meaningful; the rest are filled with empty values of the right type.

import type {
  ModelNode,
  NodeConfig,
  ProjectModel,
  SourceNode,
  TestNode,
} from '../../../server/src/core/types';
import { ZERO_RANGE } from '../../../server/src/core/types';

export const ROOT = '/work/proj';

export interface ModelOpts {
  deps?: string[];
  /** Path relative to the package root; default `models/<name>.sql`. */
  path?: string;
  tags?: string[];
  config?: Partial<NodeConfig>;
  packageName?: string;
  resourceType?: ModelNode['resourceType'];
  /** Absolute path of the schema.yml that documents the model. */
  patchFile?: string;
}

export interface TestOpts {
  deps?: string[];
  tags?: string[];
  config?: Partial<NodeConfig>;
  namespace?: string;
  column?: string;
  path?: string;
  packageName?: string;
}

function config(extra: Partial<NodeConfig> = {}, materialized = 'view'): NodeConfig {
  return { enabled: true, materialized, tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra } as NodeConfig;
}

export class ProjectBuilder {
  readonly models = new Map<string, ModelNode>();
  readonly tests = new Map<string, TestNode>();
  readonly sources = new Map<string, SourceNode>();

  constructor(
    readonly name = 'proj',
    readonly root = ROOT,
  ) {}

  model(name: string, opts: ModelOpts = {}): string {
    const pkg = opts.packageName ?? this.name;
    const type = opts.resourceType ?? 'model';
    const path = opts.path ?? `models/${name}.sql`;
    const folders = path.split('/').slice(1, -1);
    const uniqueId = `${type}.${pkg}.${name}`;
    const node: ModelNode = {
      uniqueId,
      name,
      resourceType: type,
      packageName: pkg,
      originalFilePath: path,
      fqn: [pkg, ...folders, name],
      location: { file: `${this.root}/${path}`, range: ZERO_RANGE },
      description: '',
      tags: opts.tags ?? [],
      meta: {},
      rawCode: 'select 1',
      config: config(opts.config),
      columns: {},
      refs: [],
      sources: [],
      dependsOn: { nodes: opts.deps ?? [], macros: [] },
      relation: { database: 'db', schema: 'main', identifier: name },
    };
    if (opts.patchFile) node.patchLocation = { file: opts.patchFile, range: ZERO_RANGE };
    this.models.set(uniqueId, node);
    return uniqueId;
  }

  source(sourceName: string, table: string, opts: { tags?: string[]; enabled?: boolean; packageName?: string; path?: string } = {}): string {
    const pkg = opts.packageName ?? this.name;
    const path = opts.path ?? 'models/sources.yml';
    const uniqueId = `source.${pkg}.${sourceName}.${table}`;
    this.sources.set(uniqueId, {
      uniqueId,
      name: table,
      resourceType: 'source',
      packageName: pkg,
      originalFilePath: path,
      fqn: [pkg, ...path.split('/').slice(1, -1), sourceName, table],
      location: { file: `${this.root}/${path}`, range: ZERO_RANGE },
      description: '',
      tags: opts.tags ?? [],
      meta: {},
      sourceName,
      identifier: table,
      relation: { database: 'db', schema: sourceName, identifier: table },
      columns: {},
      config: { enabled: opts.enabled ?? true },
    });
    return uniqueId;
  }

  /** A generic test (`not_null`, `unique`, `relationships` …) attached to `attached`. */
  generic(testName: string, attached: string, opts: TestOpts = {}): string {
    const pkg = opts.packageName ?? this.name;
    const target = attached.split('.').slice(2).join('_');
    const name = `${opts.namespace ? `${opts.namespace}_` : ''}${testName}_${target}${opts.column ? `_${opts.column}` : ''}`;
    const uniqueId = `test.${pkg}.${name}`;
    const path = opts.path ?? 'models/schema.yml';
    this.tests.set(uniqueId, {
      uniqueId,
      name,
      resourceType: 'test',
      packageName: pkg,
      originalFilePath: path,
      fqn: [pkg, ...path.split('/').slice(1, -1), name],
      location: { file: `${this.root}/${path}`, range: ZERO_RANGE },
      description: '',
      tags: opts.tags ?? [],
      meta: {},
      rawCode: `{{ ${testName}() }}`,
      config: config(opts.config, 'test'),
      testMetadata: { name: testName, namespace: opts.namespace, kwargs: {} },
      attachedNode: attached,
      columnName: opts.column,
      refs: [],
      sources: [],
      dependsOn: { nodes: [attached, ...(opts.deps ?? [])], macros: [] },
    });
    return uniqueId;
  }

  /** A singular test: a .sql file under tests/ that refs `deps`. */
  singular(name: string, deps: string[], opts: TestOpts = {}): string {
    const pkg = opts.packageName ?? this.name;
    const path = opts.path ?? `tests/${name}.sql`;
    const uniqueId = `test.${pkg}.${name}`;
    this.tests.set(uniqueId, {
      uniqueId,
      name,
      resourceType: 'test',
      packageName: pkg,
      originalFilePath: path,
      fqn: [pkg, ...path.split('/').slice(1, -1), name],
      location: { file: `${this.root}/${path}`, range: ZERO_RANGE },
      description: '',
      tags: opts.tags ?? [],
      meta: {},
      rawCode: 'select 1 where false',
      config: config(opts.config, 'test'),
      refs: [],
      sources: [],
      dependsOn: { nodes: deps, macros: [] },
    });
    return uniqueId;
  }

  build(): ProjectModel {
    return {
      root: this.root,
      name: this.name,
      profileName: this.name,
      projectConfig: { name: this.name },
      modelPaths: ['models'],
      testPaths: ['tests'],
      macroPaths: ['macros'],
      seedPaths: ['seeds'],
      targetPath: 'target',
      packagesInstallPath: 'dbt_packages',
      vars: {},
      onRunStart: [],
      onRunEnd: [],
      models: this.models,
      tests: this.tests,
      unitTests: new Map(),
      sources: this.sources,
      macros: new Map(),
      packages: [],
      files: new Map(),
      diagnostics: [],
    };
  }
}

/** Just the edges: `{ a: [], b: ['a'] }` builds models a and b with b depending on a. */
export function chain(edges: Record<string, string[]>, name = 'proj'): ProjectModel {
  const b = new ProjectBuilder(name);
  for (const [model, parents] of Object.entries(edges)) {
    b.model(model, { deps: parents.map((p) => `model.${name}.${p}`) });
  }
  return b.build();
}
