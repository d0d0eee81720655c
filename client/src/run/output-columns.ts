// The columns (with the warehouse's types) a model outputs, asked of the target: its table when the model is
// built there, else its SQL with every input read as zero rows (`--empty`), which the target types without
// reading or writing a row.
import type { ModelNode } from '../../../server/src/core/types';
import { renderRelation } from '../../../server/src/compile';
import type { Engine } from '../../../server/src/engine';
import type { QueryColumn, WarehouseSession } from '../warehouse/warehouse';
import { sessionResolver } from './node-runners';

export interface OutputColumnsContext {
  invocationId: string;
  runStartedAt: Date;
  which: string;
  signal?: AbortSignal;
}

/** The model's SQL over zero-row inputs, typed by the target (its inputs must exist there). */
export async function emptyRunColumns(engine: Engine, model: ModelNode, session: WarehouseSession, ctx: OutputColumnsContext): Promise<QueryColumn[]> {
  const compiled = await engine.compileModel(model, {
    invocationId: ctx.invocationId,
    runStartedAt: ctx.runStartedAt,
    fullRefresh: true,
    which: ctx.which,
    empty: true,
    existing: null,
    resolve: sessionResolver(session, ctx.signal),
  });
  return (await session.execute(`select * from (\n${compiled.sql}\n) as bronze_output_columns\nwhere false\nlimit 0`, { signal: ctx.signal })).columns;
}

export interface ModelOutputColumns {
  /** `table`: the model's relation on the target; `sql`: its SQL typed over zero-row inputs. */
  from: 'table' | 'sql';
  columns: QueryColumn[];
}

export async function modelOutputColumns(engine: Engine, model: ModelNode, session: WarehouseSession, ctx: OutputColumnsContext): Promise<ModelOutputColumns> {
  if (model.config.materialized !== 'ephemeral' && (await session.relationType(model.relation)) !== null) {
    const shape = await session.execute(`select * from ${renderRelation(model.relation)} where false limit 0`, { signal: ctx.signal });
    return { from: 'table', columns: shape.columns };
  }
  return { from: 'sql', columns: await emptyRunColumns(engine, model, session, ctx) };
}
