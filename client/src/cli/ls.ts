// `bronze ls` (dbt's `list`): the selected resources as names, paths, selectors or JSON, sorted by unique_id as dbt
// prints them. JSON lines carry dbt's default keys, taken from the manifest entry so both artifacts agree.
import { buildManifest } from '../../../server/src/engine';
import { COMMAND_SELECTION, selectNodes } from '../../../server/src/graph';
import type { NodeBase, ResourceType } from '../../../server/src/core/types';
import { openEngine } from '../run/runner';
import { UsageError, type CommonArgs, type OutputFormat } from './args';
import { projectRequest, type Io } from './context';
import { stateComparison } from '../run/state';
import { stateRequest } from './state';

export type ListOutput = 'selector' | 'name' | 'path' | 'json';

/** What `--resource-type` accepts; `default`/`all` mean every type the project has. */
const RESOURCE_TYPES = ['model', 'test', 'unit_test', 'source', 'seed', 'snapshot', 'analysis'] as const;
/** dbt's `--output-keys` default for `--output json` (its ListTask.ALLOWED_KEYS; `source_name` only sources have). */
export const DEFAULT_JSON_KEYS = ['name', 'resource_type', 'package_name', 'source_name', 'original_file_path', 'unique_id', 'alias', 'config', 'tags', 'depends_on'];

/** `--output` as `ls` reads it: plain text means dbt's default, selectors. */
export function listOutput(value: OutputFormat): ListOutput {
  if (value === 'text') return 'selector';
  // args.ts admits only ls's own formats for this command.
  if (value === 'csv') throw new UsageError(`--output for 'bronze ls' takes name, path, json or selector`);
  return value;
}

export function resourceTypes(values: readonly string[]): ResourceType[] {
  if (values.length === 0 || values.some((v) => v === 'all' || v === 'default')) return [...RESOURCE_TYPES];
  for (const v of values) {
    if (!(RESOURCE_TYPES as readonly string[]).includes(v)) {
      throw new UsageError(`--resource-type takes ${RESOURCE_TYPES.join(', ')}, all or default, got '${v}'`);
    }
  }
  return values as ResourceType[];
}

/** One node as `ls` prints it. */
export function listLine(node: NodeBase & { sourceName?: string }, output: Exclude<ListOutput, 'json'>): string {
  switch (output) {
    case 'name':
      return node.resourceType === 'source' ? `${node.sourceName}.${node.name}` : node.name;
    case 'path':
      return node.originalFilePath;
    case 'selector':
      // dbt selects a source by package.source.table, whatever folder its YAML sits in (its fqn has the folders).
      return node.resourceType === 'source' ? `source:${node.packageName}.${node.sourceName}.${node.name}` : node.fqn.join('.');
  }
}

export async function lsCommand(args: CommonArgs, io: Io): Promise<number> {
  const output = listOutput(args.output);
  const types = resourceTypes(String(args.flags.get('--resource-type') ?? '').split(',').filter(Boolean));
  const keys = String(args.flags.get('--output-keys') ?? '').split(/[\s,]+/).filter(Boolean);
  const state = stateRequest(args);
  const engine = await openEngine(projectRequest(args));
  const { project, graph } = engine;
  const ids = selectNodes(project, graph, {
    select: args.select,
    exclude: args.exclude,
    defaultSelect: COMMAND_SELECTION.list.defaultSelect,
    resourceTypes: types,
    state: stateComparison(engine, state),
  }).sort();
  const nodeOf = (id: string): (NodeBase & { sourceName?: string }) | undefined =>
    project.models.get(id) ?? project.tests.get(id) ?? project.unitTests.get(id) ?? project.sources.get(id);
  if (output === 'json') {
    const manifest = buildManifest(project, { adapterType: engine.target.type, targetName: engine.target.name }) as {
      nodes: Record<string, Record<string, unknown>>;
      sources: Record<string, Record<string, unknown>>;
      unit_tests: Record<string, Record<string, unknown>>;
    };
    const wanted = keys.length > 0 ? keys : DEFAULT_JSON_KEYS;
    for (const id of ids) {
      const entry = manifest.nodes[id] ?? manifest.sources[id] ?? manifest.unit_tests[id];
      if (!entry) continue;
      io.out(JSON.stringify(Object.fromEntries(wanted.filter((k) => k in entry).map((k) => [k, entry[k]]))));
    }
  } else {
    for (const id of ids) {
      const node = nodeOf(id);
      if (node) io.out(listLine(node, output));
    }
  }
  if (ids.length === 0) io.err('bronze ls: no nodes selected.');
  return 0;
}
