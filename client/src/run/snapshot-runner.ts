// Running one snapshot on a session: render its SELECT, ask the warehouse what the plan needs (does the table
// exist, the query's columns), execute the plan (server/src/compile/snapshot.ts). Like runModel, every outcome
// is a NodeResult; a failure inside the MERGE's transaction is rolled back by executePlan.
import type { ModelNode } from '../../../server/src/core/types';
import { needsQueryColumns, planSnapshot } from '../../../server/src/compile';
import type { WarehouseSession } from '../warehouse/warehouse';
import { executePlan } from './execute-plan';
import { countRows, ended, failed, modelMacroRenderer, relationName, sessionRenderOptions, type ModelArtifacts, type NodeRunContext } from './node-runners';
import type { NodeResult } from './results';

/** dbt's get_columns_in_query: the columns of a query, from a result that holds no rows. */
export async function queryColumnNames(session: WarehouseSession, sql: string, signal?: AbortSignal): Promise<string[]> {
  const result = await session.execute(`select * from (\n${sql}\n) as __dbt_sbq\nwhere false\nlimit 0`, { signal });
  return result.columns.map((c) => c.name);
}

export async function runSnapshot(node: ModelNode, session: WarehouseSession, thread: number, ctx: NodeRunContext, artifacts: Map<string, ModelArtifacts>): Promise<NodeResult> {
  const startedAt = new Date();
  const rel = node.relation;
  const name = relationName(node);
  const base = { uniqueId: node.uniqueId, name: node.name, resourceType: 'snapshot' as const, startedAt, threadId: `Thread-${thread + 1}`, relationName: name, failures: null };
  const art: ModelArtifacts = { executed: [] };
  artifacts.set(node.uniqueId, art);
  try {
    const existing = await session.relationType(rel);
    // --full-refresh does not rebuild a snapshot in dbt: its history cannot be recomputed from the source.
    // `--empty` (build or snapshot): refs and sources read as zero rows, as for models.
    const compiled = await ctx.engine.compileModel(node, sessionRenderOptions(ctx, session, { fullRefresh: false, empty: ctx.empty, existing, deferHooks: true }));
    const sql = compiled.sql.trim();
    art.compiledSql = sql;
    const queryColumns = needsQueryColumns(node.config, existing) ? await queryColumnNames(session, sql, ctx.signal) : undefined;
    const hooks = (list: ModelNode['config']['pre-hook'], rendered: string[]) => list.map((h, i) => ({ ...h, sql: rendered[i] ?? '' }));
    const steps = planSnapshot(ctx.engine.dialect, {
      relation: rel,
      compiledSql: sql,
      config: node.config,
      existing,
      queryColumns,
      preHooks: hooks(node.config['pre-hook'], compiled.preHooks),
      postHooks: hooks(node.config['post-hook'], compiled.postHooks),
      hookRenders: compiled.hookRenders,
      location: node.location,
      profileQueryTag: typeof ctx.engine.target.query_tag === 'string' ? ctx.engine.target.query_tag : undefined,
    });
    const outcome = await executePlan(session, steps, ctx.signal, ctx.traceStatement, modelMacroRenderer(node, session, ctx, existing));
    art.executed = outcome.executed;
    if (outcome.rowsAffected === null) outcome.rowsAffected = await countRows(session, name, ctx.signal);
    return ended(base, 'success', {
      rowsAffected: outcome.rowsAffected,
      queryId: outcome.queryId,
      message: outcome.rowsAffected !== null ? `SUCCESS ${outcome.rowsAffected}` : 'SUCCESS',
      compiledCode: sql,
    });
  } catch (err) {
    return failed(base, err, ctx, node.location, art.compiledSql, 'Cancelled while running; the snapshot was left as it was.');
  }
}
