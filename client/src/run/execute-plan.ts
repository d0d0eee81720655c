// Executes a materialization plan (server/src/compile) on one session: SQL steps statement by statement,
// `describe` steps answered by the session, `expand` steps built from the columns described so far. A failure
// inside `begin … commit` is rolled back, so the target keeps its previous contents.
import type { ColumnDef } from '../../../server/src/core/types';
import type { DescribedColumns, MacroRenderer, Step } from '../../../server/src/compile';
import type { WarehouseSession } from '../warehouse/warehouse';

export interface PlanOutcome {
  /** Rows affected by the model's main statement(s), when the warehouse reports it. */
  rowsAffected: number | null;
  queryId?: string;
  /** Every statement executed, in order (written to target/run). */
  executed: string[];
}

const LEADING_COMMENT = /^\s*(\/\*[\s\S]*?\*\/\s*)*/;

function keyword(statement: string): string {
  return statement.replace(LEADING_COMMENT, '').trim().split(/\s+/, 1)[0]?.toLowerCase().replace(/;$/, '') ?? '';
}

export async function executePlan(
  session: WarehouseSession,
  steps: Step[],
  signal?: AbortSignal,
  /** Called after each statement with its duration (for `BRONZE_TRACE_SQL`). */
  onStatement?: (statement: string, ms: number) => void,
  /** Renders a `macro` step in the model's context on this session (Engine.renderModelMacro). */
  renderMacro?: MacroRenderer,
): Promise<PlanOutcome> {
  const described: DescribedColumns = { tmp: [], target: [] };
  const outcome: PlanOutcome = { rowsAffected: null, executed: [] };
  let inTransaction = false;

  const run = async (list: Step[]): Promise<void> => {
    for (const step of list) {
      if (signal?.aborted) throw abortError();
      if (step.kind === 'describe') {
        const began = Date.now();
        const cols: ColumnDef[] = await session.describe(step.relation);
        onStatement?.(`describe ${step.relation.database}.${step.relation.schema}.${step.relation.identifier}`, Date.now() - began);
        described[step.into] = cols;
        continue;
      }
      if (step.kind === 'expand') {
        await run(step.build(described));
        continue;
      }
      if (step.kind === 'render') {
        await run(await step.render());
        continue;
      }
      if (step.kind === 'macro') {
        if (!renderMacro) throw new Error(`the plan's ${step.label} step needs the model's context to render in`);
        const began = Date.now();
        const { printed, sent } = await renderMacro(step);
        outcome.executed.push(...sent);
        onStatement?.(`${step.label} (${sent.length} statement${sent.length === 1 ? '' : 's'})`, Date.now() - began);
        if (step.then) await run(step.then(printed));
        continue;
      }
      for (const statement of step.statements) {
        const word = keyword(statement);
        outcome.executed.push(statement);
        const began = Date.now();
        const result = await session.execute(statement, { signal, native: step.native });
        onStatement?.(statement, Date.now() - began);
        if (word === 'begin') inTransaction = true;
        else if (word === 'commit' || word === 'rollback') inTransaction = false;
        if (step.label === 'main' && word !== 'begin' && word !== 'commit' && result.rowsAffected !== undefined) {
          outcome.rowsAffected = result.rowsAffected;
        }
        if (step.label === 'main' && result.queryId) outcome.queryId = result.queryId;
      }
    }
  };

  try {
    await run(steps);
  } catch (err) {
    if (inTransaction) {
      // Never let a half-applied DML stand: the target must be left exactly as it was.
      await session.execute('rollback').catch(() => undefined);
    }
    throw err;
  }
  return outcome;
}

function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}
