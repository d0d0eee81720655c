// What dbt's on-run-end hooks see besides the usual context: `results` (one result per node that ran, with its
// node, status, message, execution_time, adapter_response …), `schemas` and `database_schemas` (where the run
// built relations), so a hook can grant on them or write the results into a table.
import type { Engine } from '../../../server/src/engine';
import { adapterResponse, timing, type NodeResult } from './results';

function nodeOf(engine: Engine, r: NodeResult): Record<string, unknown> {
  const model = engine.project.models.get(r.uniqueId);
  const test = engine.project.tests.get(r.uniqueId);
  const node = model ?? test;
  const relation = model?.relation;
  return {
    unique_id: r.uniqueId,
    name: r.name,
    resource_type: r.resourceType,
    package_name: node?.packageName ?? engine.project.name,
    fqn: node?.fqn ?? [],
    original_file_path: model?.originalFilePath ?? test?.originalFilePath ?? null,
    database: relation?.database ?? engine.target.database,
    schema: relation?.schema ?? engine.target.schema,
    alias: relation?.identifier ?? r.name,
    identifier: relation?.identifier ?? r.name,
    relation_name: r.relationName ?? null,
    config: node?.config ?? {},
    tags: node?.tags ?? [],
    // Every dbt node has these (Flipside's apply_meta_as_tags reads res.node.meta.database_tags of each result).
    meta: node?.meta ?? {},
    description: node?.description ?? '',
    compiled_code: r.compiledCode ?? null,
  };
}

export function runEndContext(engine: Engine, results: NodeResult[]): Record<string, unknown> {
  const built = results.filter((r) => r.resourceType !== 'test').map((r) => engine.project.models.get(r.uniqueId)?.relation).filter((x) => x !== undefined);
  const pairs = new Map<string, [string, string]>();
  for (const rel of built) pairs.set(`${rel.database}\0${rel.schema}`, [rel.database, rel.schema]);
  return {
    results: results.map((r) => ({
      node: nodeOf(engine, r),
      status: r.status,
      message: r.message,
      execution_time: r.executionTime,
      adapter_response: adapterResponse(r),
      thread_id: r.threadId,
      timing: timing(r),
      failures: r.failures,
    })),
    schemas: [...new Set([...pairs.values()].map(([, s]) => s))],
    database_schemas: [...pairs.values()],
  };
}
