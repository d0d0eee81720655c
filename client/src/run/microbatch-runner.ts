// A microbatch model's run, as dbt-core's MicrobatchModelRunner orchestrates it (core/dbt/task/run.py): the batches
// MicrobatchBuilder computes (or, under `bronze retry`, the batches that failed), one after another, each rendered with
// its `model.batch` (inputs with `event_time` filtered to the batch) and materialized on its own: the first creates the
// table on a first run, the rest replace their window (dbt-snowflake's delete + insert). Pre-hooks run with the first
// batch and post-hooks with the last. A failed first batch skips the others; a later failure leaves the batches before
// it in place, and the model ends in dbt's `partial success`. `concurrent_batches` is accepted; Bronze runs batches in
// order on one session.
import type { ModelNode } from '../../../server/src/core/types';
import {
  formatBatchStart,
  microbatchConfig,
  planBatches,
  pyUtcIso,
  pyUtcString,
  batchModel,
  ownRelationAtPostHooks,
  shouldFullRefresh,
  batchId,
  type Batch,
} from '../../../server/src/compile';
import { executePlan } from './execute-plan';
import { countRows, describeError, ended, failed, modelMacroRenderer, sessionRenderOptions, startModelResult, type ModelArtifacts, type NodeRunContext } from './node-runners';
import type { BatchResults, NodeResult } from './results';
import type { WarehouseSession } from '../warehouse/warehouse';

const byStart = (a: Batch, b: Batch) => a.start.getTime() - b.start.getTime();
const asPair = (b: Batch): [string, string] => [pyUtcIso(b.start), pyUtcIso(b.end)];

/** run_results.json's batch_results (ISO texts) back to batches: what `bronze retry` re-runs. */
export function batchesOf(pairs: ReadonlyArray<readonly [string, string]>): Batch[] {
  return pairs.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
}

export async function runMicrobatchModel(
  model: ModelNode,
  session: WarehouseSession,
  thread: number,
  ctx: NodeRunContext,
  artifacts: Map<string, ModelArtifacts>,
): Promise<NodeResult> {
  const { base, art } = startModelResult(model, thread, artifacts);
  let batches: Batch[];
  let retrying = false;
  try {
    const config = microbatchConfig(model.config, model.name, model.location);
    const existing = await session.relationType(model.relation);
    // dbt's _is_incremental: the relation is a table and no full refresh applies.
    const incremental = existing === 'table' && !shouldFullRefresh(model.config, ctx.fullRefresh);
    const retry = ctx.retryBatches?.get(model.uniqueId);
    retrying = retry !== undefined;
    batches = retry ?? planBatches({ config, incremental, eventTimeStart: ctx.eventTimeStart, eventTimeEnd: ctx.eventTimeEnd, now: ctx.runStartedAt });
  } catch (err) {
    return failed(base, err, ctx, model.location, undefined, 'Cancelled while running; the target was left as it was.');
  }
  const size = model.config.batch_size as Parameters<typeof formatBatchStart>[1];
  const successful: Batch[] = [];
  const failedBatches: Batch[] = [];
  const errors: string[] = [];
  let rows = 0;
  let anyRows = false;
  let firstError: NodeResult | undefined;
  for (const [i, batch] of batches.entries()) {
    const label = `batch ${formatBatchStart(batch.start, size)} of ${model.name} (${i + 1} of ${batches.length})`;
    // dbt skips every batch after a failed first one (they count as failed batches).
    if (i > 0 && successful.length === 0) {
      failedBatches.push(batch);
      ctx.warn?.(`  ${label}: SKIPPED`);
      continue;
    }
    if (ctx.signal?.aborted) {
      failedBatches.push(batch);
      continue;
    }
    const hooked = batchModel(model, i, batches.length);
    try {
      const existing = await session.relationType(model.relation);
      const renderBatch = { id: batchId(batch.start, size), start: batch.start, end: batch.end };
      // Batches after the first are incremental whatever --full-refresh says (dbt: should_full_refresh is False there);
      // so are retried batches, which go into the table the earlier run built (as dbt's retry intends: its batch info
      // "forces the microbatch process into incremental mode").
      const fullRefresh = i === 0 && !retrying ? ctx.fullRefresh : false;
      const compiled = await ctx.engine.compileModel(
        hooked,
        sessionRenderOptions(ctx, session, {
          empty: ctx.empty,
          existing,
          deferHooks: true,
          existingAtPostHooks: ownRelationAtPostHooks(model.config.materialized, existing, shouldFullRefresh(model.config, fullRefresh)),
          batch: renderBatch,
        }),
      );
      art.compiledSql = compiled.sql;
      const steps = ctx.engine.planModel(hooked, compiled, existing, fullRefresh, i === 0, null, { start: pyUtcString(batch.start), end: pyUtcString(batch.end) });
      const outcome = await executePlan(session, steps, ctx.signal, ctx.traceStatement, modelMacroRenderer(hooked, session, ctx, existing));
      art.executed.push(...outcome.executed);
      // Snowflake's CTAS reports no count: a batch that created the table holds exactly its rows.
      const created = existing !== 'table' || shouldFullRefresh(model.config, fullRefresh);
      if (outcome.rowsAffected === null && created) outcome.rowsAffected = await countRows(session, base.relationName, ctx.signal);
      if (outcome.rowsAffected !== null) {
        rows += outcome.rowsAffected;
        anyRows = true;
      }
      successful.push(batch);
      ctx.warn?.(`  ${label}: OK${outcome.rowsAffected !== null ? ` ${outcome.rowsAffected}` : ''}`);
    } catch (err) {
      const result = failed(base, err, ctx, model.location, art.compiledSql, 'Cancelled while running.');
      firstError ??= result;
      failedBatches.push(batch);
      errors.push(`${label}: ${describeError(err, ctx.scrub).message}`);
      ctx.warn?.(`  ${label}: ERROR ${describeError(err, ctx.scrub).message.split('\n')[0]}`);
    }
  }
  const batchResults: BatchResults = {
    successful: [...successful].sort(byStart).map(asPair),
    failed: [...failedBatches].sort(byStart).map(asPair),
  };
  // A retry reports the batches the earlier run completed as successful too (dbt's merge_batch_results).
  if (ctx.retrySuccessful?.get(model.uniqueId)) batchResults.successful.push(...ctx.retrySuccessful.get(model.uniqueId)!);
  const rowsAffected = anyRows ? rows : null;
  if (failedBatches.length === 0) {
    return ended(base, 'success', { rowsAffected, message: rowsAffected !== null ? `SUCCESS ${rowsAffected}` : 'SUCCESS', compiledCode: art.compiledSql, batchResults });
  }
  const located = firstError?.errorLocation ? { errorLocation: firstError.errorLocation } : {};
  if (successful.length === 0) {
    // Cancelled before any batch finished: reported as the interrupted node it is.
    if (firstError?.interrupted) return { ...firstError, batchResults };
    return ended(base, 'error', { rowsAffected: null, message: errors.length > 0 ? errors.join('\n') : 'ERROR', compiledCode: art.compiledSql, batchResults, ...located });
  }
  const total = successful.length + failedBatches.length;
  return ended(base, 'partial success', {
    rowsAffected,
    message: [`PARTIAL SUCCESS (${successful.length}/${total})`, ...errors].join('\n'),
    compiledCode: art.compiledSql,
    batchResults,
    ...located,
  });
}
