// A run writes a synthetic stand-in again, with the columns and types of the model it stands in for, when that model
// has just been refused: its parents exist then (built, or stand-ins themselves), so its query binds on the twin
// (stand-in-columns.ts) — at `bronze sample` time they may not. Its rows are drawn as the sampler drew them (the
// record's seed, days and anchor; its readers' and its tests' constraints), so its readers see what a build on
// Snowflake would give them: a UNION of its column with a BOOLEAN, a column only its select list names.
import type { Engine } from '../../../server/src/engine';
import type { ModelNode, RelationName } from '../../../server/src/core/types';
import { snowflakeStoredRelation } from '../../../server/src/core/quote-policy';
import { writeSynthetic } from '../cli/sample';
import { modelOutputColumns, type OutputColumn } from '../sample/stand-in-columns';
import { columnTypings, planStandIns, standInSourceId } from '../sample/stand-ins';
import { DuckDbSession } from '../warehouse/duckdb';
import type { WarehouseSession } from '../warehouse/warehouse';
import type { StandInEntry } from './stand-in-record';

/** Whether the recorded columns are already the output's: the same names in order, typed as the output types them. */
function alreadyTyped(entry: StandInEntry, outputs: readonly OutputColumn[]): boolean {
  const recorded = entry.columns;
  if (!recorded || recorded.length !== outputs.length) return false;
  return outputs.every((o, i) => recorded[i].name.toLowerCase() === o.name.toLowerCase() && (o.dataType === undefined || (recorded[i].typedBy === 'model' && recorded[i].dataType === o.dataType)));
}

/**
 * The stand-in of `model` (refused by this run, `compiledSql` its query) written again with the model's output
 * columns: its record entry updated, or why its rows could not be written (the table is left as it was); undefined
 * when it is kept as it is (copied from a target, the query does not bind, already so typed).
 */
export async function retypeStandIn(
  engine: Engine,
  session: WarehouseSession,
  model: ModelNode,
  entry: StandInEntry,
  compiledSql: string | undefined,
  /** The project's own generic tests, compiled (renderOwnTests): asked once per run, only when a stand-in is drawn again. */
  testSql: () => Promise<ReadonlyMap<string, string>>,
  signal?: AbortSignal,
  /** The run's other stand-ins, by model unique_id: planned beside this one, as bronze sample planned them. */
  beside: ReadonlyMap<string, StandInEntry> = new Map(),
): Promise<{ entry: StandInEntry } | { failed: string } | undefined> {
  if (entry.from || !entry.drawn || model.language === 'python' || compiledSql === undefined || !(session instanceof DuckDbSession)) return undefined;
  const outputs = await modelOutputColumns(session, compiledSql, signal);
  if (!outputs || alreadyTyped(entry, outputs)) return undefined;
  const [planned] = planStandIns(engine.project, new Map([[model.uniqueId, entry.refusal]]), {
    rows: entry.rows,
    testSql: await testSql(),
    outputs: new Map([[model.uniqueId, outputs]]),
    onSkip: () => undefined,
    beside: [...beside.keys()].filter((id) => id !== model.uniqueId),
  });
  if (!planned || planned.plan.columns.length === 0) return undefined;
  const plan = { ...planned.plan, relation: entry.relation };
  // A column referencing a sampled source draws from what the sample wrote there, as it did at sample time.
  const sampledAt = (sourceId: string): RelationName | undefined => {
    const source = engine.project.sources.get(sourceId);
    if (source) return snowflakeStoredRelation(source.relation, source.quoting);
    // Another stand-in (planned as a source, stand-ins.ts): where the record says it is.
    const other = [...beside.values()].find((e) => engine.project.models.has(e.model) && standInSourceId(engine.project.models.get(e.model)!) === sourceId);
    return other?.relation;
  };
  const written = await writeSynthetic(session, [plan], { ...entry.drawn, signal, log: () => undefined, sampledAt });
  if (written.tables.length === 0) return { failed: written.failed[0]?.message ?? `sampling ${plan.label} wrote nothing` };
  return { entry: { ...entry, columns: columnTypings(model, plan, outputs) } };
}

/** What a refusal's message adds when its stand-in was written again with the model's columns, or could not be. */
export function retypedNote(retyped: { entry: StandInEntry } | { failed: string }): string {
  if ('failed' in retyped) return `Its stand-in could not be written again with the model's own columns: ${retyped.failed}.`;
  const { entry } = retyped;
  const columns = entry.columns ?? [];
  const byUse = columns.filter((c) => c.typedBy !== 'model').map((c) => c.name);
  const typed = `typed as the model's query types them on the twin${byUse.length ? ` (but ${byUse.join(', ')}: not settled by the query, typed ${columns.some((c) => c.typedBy === 'yaml') ? 'by YAML or ' : ''}by use)` : ''}`;
  return `Its stand-in was written again with the ${columns.length} column(s) the model outputs, ${typed}.`;
}
