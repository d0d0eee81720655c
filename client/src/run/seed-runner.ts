// Loading one seed on a session: read its CSV as dbt's agate does, plan dbt's seed materialization and run
// it. Like the model and test runners, every outcome — success, failure, cancellation — is a NodeResult.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelNode } from '../../../server/src/core/types';
import { ownRelationAtPostHooks, shouldFullRefresh, type DeferredHooks } from '../../../server/src/compile';
import { readSeed } from '../../../server/src/compile/seed-csv';
import { planSeed, seedRowsCsv } from '../../../server/src/compile/seed';
import type { WarehouseSession } from '../warehouse/warehouse';
import { executePlan } from './execute-plan';
import { ended, failed, modelMacroRenderer, relationName, sessionRenderOptions, type ModelArtifacts, type NodeRunContext } from './node-runners';
import type { NodeResult } from './results';

function columnTypesOf(value: unknown): Record<string, string> {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export async function runSeed(
  seed: ModelNode,
  session: WarehouseSession,
  thread: number,
  ctx: NodeRunContext,
  artifacts: Map<string, ModelArtifacts>,
): Promise<NodeResult> {
  const startedAt = new Date();
  const rel = seed.relation;
  const base = {
    uniqueId: seed.uniqueId,
    name: seed.name,
    resourceType: 'seed' as const,
    startedAt,
    threadId: `Thread-${thread + 1}`,
    relationName: relationName(seed),
    failures: null,
  };
  const art: ModelArtifacts = { executed: [] };
  artifacts.set(seed.uniqueId, art);
  let rowsDir: string | undefined;
  try {
    const text = await readFile(seed.location.file, 'utf8');
    const c = seed.config;
    const table = readSeed(text, {
      file: seed.location.file,
      delimiter: typeof c.delimiter === 'string' ? c.delimiter : undefined,
      columnTypes: columnTypesOf(c.column_types),
    });
    const existing = await session.relationType(rel);
    let preHooks: string[] = [];
    let postHooks: string[] = [];
    let hookRenders: DeferredHooks | undefined;
    if (c['pre-hook'].length + c['post-hook'].length > 0) {
      const compiled = await ctx.engine.compileModel(seed, sessionRenderOptions(ctx, session, { existing, deferHooks: true, existingAtPostHooks: ownRelationAtPostHooks('seed', existing, shouldFullRefresh(c, ctx.fullRefresh)) }));
      preHooks = compiled.preHooks;
      postHooks = compiled.postHooks;
      hookRenders = compiled.hookRenders;
    }
    // The embedded DuckDB reads the rows from a file of their cast values (one INSERT … SELECT, vectorised).
    let rowsFile: string | undefined;
    if (ctx.engine.dialect.name === 'duckdb' && !ctx.empty && table.rows.length > 0) {
      rowsDir = await mkdtemp(join(tmpdir(), 'bronze-seed-'));
      rowsFile = join(rowsDir, `${seed.name}.csv`);
      await writeFile(rowsFile, seedRowsCsv(table));
    }
    const plan = planSeed(ctx.engine.dialect, seed.name, {
      relation: rel,
      table,
      config: c,
      existing,
      fullRefresh: shouldFullRefresh(c, ctx.fullRefresh),
      location: seed.location,
      preHooks,
      postHooks,
      hookRenders,
      empty: ctx.empty,
      rowsFile,
    });
    const outcome = await executePlan(session, plan.steps, ctx.signal, ctx.traceStatement, modelMacroRenderer(seed, session, ctx, existing));
    art.executed = outcome.executed;
    return ended(base, 'success', {
      rowsAffected: plan.rows,
      queryId: outcome.queryId,
      message: `${plan.code} ${plan.rows}`,
      adapterCode: plan.code,
    });
  } catch (err) {
    return failed(base, err, ctx, seed.location, undefined, 'Cancelled while loading; the target was left as it was.');
  } finally {
    if (rowsDir) await rm(rowsDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
