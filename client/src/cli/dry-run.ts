// `bronze run --dry-run`: what the run would do to each selected model's table, computed with SELECTs only.
// Each model is measured against the tables as they are now: a model downstream of another selected model sees
// that model's current table, not the one the run would leave.
import { COMMAND_SELECTION, selectNodes } from '../../../server/src/graph';
import { openWarehouse } from '../warehouse/connect';
import { openEngine } from '../run/runner';
import { describeError } from '../run/node-runners';
import { computeRunImpact, type RunImpact } from '../preview/impact';
import type { CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { formatTable, jsonReplacer } from './table';
import { applyDefer, stateComparison } from '../run/state';
import { stateRequest } from './state';

export interface DryRunEntry {
  model: string;
  impact?: RunImpact;
  error?: string;
}

export async function dryRunCommand(args: CommonArgs, io: Io, signal: AbortSignal): Promise<number> {
  const state = stateRequest(args);
  const engine = await openEngine(projectRequest(args));
  const ids = selectNodes(engine.project, engine.graph, {
    select: args.select,
    exclude: args.exclude,
    defaultSelect: COMMAND_SELECTION.run.defaultSelect,
    resourceTypes: ['model'],
    state: stateComparison(engine, state),
  });
  const models = ids.map((id) => engine.project.models.get(id)!).filter((m) => m && m.config.materialized !== 'ephemeral');
  const entries: DryRunEntry[] = [];
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      // Nothing is built: each model reads its parents as they are now, from the state where --defer sends them.
      await applyDefer(engine, state, { selected: ids, buildsSelected: false, exists: async (rel) => (await session.relationType(rel)) !== null });
      for (const model of models) {
        if (signal.aborted) break;
        try {
          entries.push({ model: model.name, impact: await computeRunImpact({ engine, session, model, fullRefresh: args.fullRefresh, signal }) });
        } catch (e) {
          entries.push({ model: model.name, error: describeError(e, (t) => t).message });
        }
      }
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  if (args.output === 'json') io.out(JSON.stringify({ dry_run: true, target: engine.target.name, models: entries }, jsonReplacer, 2));
  else io.out(formatDryRun(entries));
  return entries.some((e) => e.error || e.impact?.wouldFail) ? 1 : 0;
}

function formatDryRun(entries: DryRunEntry[]): string {
  const rows = entries.map((e) => {
    const i = e.impact;
    if (!i) return { model: e.model, action: 'error', inserted: '', updated: '', deleted: '', unchanged: '', note: e.error ?? '' };
    const notes = [
      i.wouldFail,
      i.changedColumns.length ? `changes ${i.changedColumns.map((c) => `${c.column} (${c.rows})`).join(', ')}` : '',
      i.mode === 'incremental' && i.updated > i.changedRows ? `${i.updated - i.changedRows} matched row(s) keep their values` : '',
      i.duplicateKeys.keys ? `${i.duplicateKeys.keys} key value(s) repeat in the source` : '',
      i.newColumns.length ? `new column(s) ${i.newColumns.join(', ')}` : '',
    ].filter(Boolean);
    const action = i.mode === 'incremental' ? `${i.strategy ?? 'merge'}` : i.mode;
    return {
      model: i.model,
      action,
      inserted: String(i.inserted),
      updated: String(i.updated),
      deleted: String(i.deleted),
      unchanged: String(i.unchanged),
      note: notes.join('; '),
    };
  });
  const cols = ['model', 'action', 'inserted', 'updated', 'deleted', 'unchanged', 'note'];
  return `${formatTable(cols, rows)}\nDry run: nothing was written.`;
}
