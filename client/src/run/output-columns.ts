// The columns (with the warehouse's types) a model outputs, asked of the target: its table when the model is
// built there, else its SQL with every input read as zero rows (`--empty`), which the target types without
// reading or writing a row. `bronze generate yaml` and the editor's "Generate YAML for model" type schema.yml with it.
import type { ModelNode } from '../../../server/src/core/types';
import { renderRelation } from '../../../server/src/compile';
import type { Engine } from '../../../server/src/engine';
import type { QueryColumn, WarehouseSession } from '../warehouse/warehouse';
import { openWarehouse } from '../warehouse/connect';
import { snowflakeTypeName } from '../warehouse/snowflake-type-name';
import { describeError, sessionRenderOptions } from './node-runners';
import { openEngine, type ProjectRequest } from './runner';

export interface OutputColumnsContext {
  invocationId: string;
  runStartedAt: Date;
  which: string;
  signal?: AbortSignal;
}

/** The model's SQL over zero-row inputs, typed by the target (its inputs must exist there). */
export async function emptyRunColumns(engine: Engine, model: ModelNode, session: WarehouseSession, ctx: OutputColumnsContext): Promise<QueryColumn[]> {
  engine.assertRunnable(model);
  const compiled = await engine.compileModel(model, sessionRenderOptions(ctx, session, { fullRefresh: true, empty: true, existing: null }));
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

/** The data_types of a model's output for schema.yml, or why the target could not give them. */
export type OutputTypesAnswer =
  | { ok: true; from: 'table' | 'sql'; target: string; types: Map<string, string> }
  | { ok: false; target?: string; reason: string };

/**
 * The Snowflake data_types of the output of the model in `modelFile`, by lower-cased column name, as the
 * request's target reports them (see modelOutputColumns). A type with no Snowflake name is left out.
 */
export async function modelOutputTypes(req: ProjectRequest, modelFile: string, signal?: AbortSignal): Promise<OutputTypesAnswer> {
  let target: string | undefined;
  try {
    const engine = await openEngine(req);
    target = engine.target.name;
    const model = [...engine.project.models.values()].find((m) => m.location.file === modelFile);
    if (!model) return { ok: false, target, reason: `${modelFile} is not a model of ${engine.project.name}` };
    const warehouse = await openWarehouse(engine.target, engine.project.root);
    try {
      const session = await warehouse.openSession();
      try {
        const out = await modelOutputColumns(engine, model, session, { invocationId: '00000000-0000-0000-0000-000000000000', runStartedAt: new Date(0), which: 'compile', signal });
        const types = new Map<string, string>();
        for (const c of out.columns) {
          const t = snowflakeTypeName(c.type);
          if (t) types.set(c.name.toLowerCase(), t);
        }
        return { ok: true, from: out.from, target, types };
      } finally {
        await session.close();
      }
    } finally {
      await warehouse.close();
    }
  } catch (e) {
    return { ok: false, target, reason: describeError(e, (t) => t).message.split('\n')[0] };
  }
}
