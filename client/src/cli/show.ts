// `bronze show`: rows of an inline query or of a model's compiled SQL, on the target.
import { randomUUID } from 'node:crypto';
import { openWarehouse } from '../warehouse/connect';
import { openEngine } from '../run/runner';
import { sessionResolver } from '../run/node-runners';
import { compileResolver } from './compile';
import { UsageError, intFlag, cliInvocationFlags, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { formatCsv, formatTable, jsonReplacer } from './table';
import { applyDefer } from '../run/state';
import { scanTemplate } from '../../../server/src/project/scanner';
import { stateRequest } from './state';

export async function showCommand(args: CommonArgs, io: Io, signal: AbortSignal): Promise<number> {
  const inline = args.flags.get('--inline');
  const limit = intFlag(args, '--limit', 5, 0, 1_000_000);
  if (typeof inline !== 'string' && args.select.length !== 1) {
    throw new UsageError(`show needs --inline "SQL" or one model with --select MODEL`);
  }
  const state = stateRequest(args);
  const engine = await openEngine(projectRequest(args));
  const ctx = {
    // dbt show's invocation has its own uuid4, as every command's.
    invocationId: randomUUID(),
    runStartedAt: new Date(),
    fullRefresh: args.fullRefresh,
    which: 'show',
    flags: cliInvocationFlags(args),
  };
  const model = typeof inline === 'string' ? undefined : engine.findModel(args.select[0]);
  if (typeof inline !== 'string' && !model) throw new UsageError(`no model named '${args.select[0]}'. Run 'bronze check' to see the models.`);
  if (model) engine.assertRunnable(model);
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      // `--defer`: refs to models missing from the target (or, with --favor-state, any other model) read the state's.
      const reads = typeof inline === 'string' ? scanTemplate(inline).refs.map((r) => engine.findModel(r.name)?.uniqueId).filter((id): id is string => id !== undefined) : [];
      await applyDefer(engine, state, { selected: model ? [model.uniqueId] : [], reads, buildsSelected: false, exists: async (rel) => (await session.relationType(rel)) !== null });
      // The target answers the template's own warehouse questions (run_query, get_column_values …), as dbt show does.
      const compiled = model ? await engine.compileModel(model, { ...ctx, existing: null, resolve: compileResolver(session, model.relation, 'first') }) : undefined;
      if (model && compiled) engine.assertQuery(model, compiled);
      const sql = compiled
        ? compiled.sql
        : await engine.renderText(String(inline), `${engine.project.root}/<inline>`, { ...ctx, resolve: sessionResolver(session, signal) });
      // The cap stops the fetch; the query runs as written, so its ORDER BY and LIMIT mean what they say.
      const result = await session.execute(sql, { signal, maxRows: limit });
      if (result.truncated) io.err(`(showing the first ${limit} rows; more exist — raise --limit to see them)`);
      if (args.output === 'json') io.out(JSON.stringify(result.rows, jsonReplacer, 2));
      else if (args.output === 'csv') io.out(formatCsv(result.columns.map((c) => c.name), result.rows));
      else io.out(formatTable(result.columns.map((c) => c.name), result.rows));
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  return 0;
}
