// A model run by its project's (or a package's) `{% materialization %}` block (Engine.materialize): the block sends
// its statements itself, through the session, as it renders. On the DuckDB target the whole block runs in one
// transaction, rolled back when it fails, so a failed run leaves the target as it was (the built-in
// materializations' guarantee: atomic `create or replace`, DML between begin and commit). Snowflake commits DDL
// as it runs, as it does for dbt, so there the block's own statements decide what a failure leaves.
import type { ModelNode } from '../../../server/src/core/types';
import type { CompiledModel } from '../../../server/src/engine';
import type { WarehouseSession } from '../warehouse/warehouse';
import { sessionRenderOptions, type NodeRunContext } from './node-runners';

export async function runCustomMaterialization(
  model: ModelNode,
  compiled: CompiledModel,
  session: WarehouseSession,
  ctx: NodeRunContext,
): Promise<{ executed: string[] }> {
  const { engine, signal } = ctx;
  const executed: string[] = [];
  const send = async (sql: string) => {
    executed.push(sql);
    const began = Date.now();
    await session.execute(sql, { signal });
    ctx.traceStatement?.(sql, Date.now() - began);
  };
  // dbt creates the schemas of the selected nodes before running them; the built-in plans do it first too.
  await send(engine.dialect.createSchema(model.relation.database, model.relation.schema));
  const holdsTransaction = engine.target.type === 'duckdb';
  if (holdsTransaction) await send('begin');
  try {
    const options = sessionRenderOptions(ctx, session, { empty: ctx.empty });
    const resolve = options.resolve;
    const traced: typeof resolve = async (request) => {
      const began = Date.now();
      const answer = await resolve(request);
      if (request.kind === 'query') ctx.traceStatement?.(request.sql, Date.now() - began);
      return answer;
    };
    executed.push(...(await engine.materialize(model, compiled, { ...options, resolve: traced }, !holdsTransaction)).statements);
    if (holdsTransaction) await send('commit');
  } catch (err) {
    if (holdsTransaction) await session.execute('rollback', { signal }).catch(() => undefined);
    throw err;
  }
  return { executed };
}
