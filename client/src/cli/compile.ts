// `bronze compile`: target/compiled, target/run, target/manifest.json; `--print` writes the exact statements a
// run would execute. `--mode auto` asks the target whether each relation exists (unreachable → first).
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { ModelNode, RelationName, RelationType } from '../../../server/src/core/types';
import { buildManifest, offlineResolver, type CompiledModel, type Engine, type PreviewMode, type Resolver } from '../../../server/src/engine';
import { COMMAND_SELECTION, selectNodes } from '../../../server/src/graph';
import { openWarehouse } from '../warehouse/connect';
import type { WarehouseSession } from '../warehouse/warehouse';
import { openEngine } from '../run/runner';
import { sessionResolver } from '../run/node-runners';
import { unitTestSql } from '../run/unit-test-runner';
import { UsageError, cliInvocationFlags, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { applyDefer, stateComparison } from '../run/state';
import { stateRequest } from './state';

type Mode = PreviewMode | 'auto';

export async function compileCommand(args: CommonArgs, io: Io): Promise<number> {
  const modeFlag = String(args.flags.get('--mode') ?? 'auto');
  if (modeFlag !== 'first' && modeFlag !== 'incremental' && modeFlag !== 'auto') {
    throw new UsageError(`--mode takes first, incremental or auto, got '${modeFlag}'`);
  }
  const mode = modeFlag as Mode;
  const state = stateRequest(args);
  const engine = await openEngine(projectRequest(args));
  const selection = COMMAND_SELECTION.compile;
  const selected = selectNodes(engine.project, engine.graph, {
    select: args.select,
    exclude: args.exclude,
    defaultSelect: selection.defaultSelect,
    resourceTypes: ['model', 'snapshot'],
    state: stateComparison(engine, state),
  }).filter((id) => id.startsWith('model.') || id.startsWith('snapshot.'));

  let session: WarehouseSession | undefined;
  let closeWarehouse: (() => Promise<void>) | undefined;
  if (mode === 'auto') {
    try {
      const wh = await openWarehouse(engine.target, engine.project.root);
      session = await wh.openSession();
      closeWarehouse = async () => {
        await session?.close();
        await wh.close();
      };
    } catch {
      session = undefined; // unreachable target: compile as a first run
    }
  }
  // Compile builds nothing: a selected parent missing from the target is deferred too, as in dbt.
  const live = session;
  await applyDefer(engine, state, { selected, buildsSelected: false, exists: live ? async (rel) => (await live.relationType(rel)) !== null : undefined });

  // `--empty`: the compiled SQL reads every ref and source as zero rows, as the run would.
  const empty = args.flags.get('--empty') === true;
  const compiled = new Map<string, string>();
  const extraCtes = new Map<string, readonly { id: string; sql: string }[]>();
  const printed: string[] = [];
  // One invocation, as dbt's: its id and start time are what invocation_id and run_started_at render to.
  const invocation = { invocationId: randomUUID(), runStartedAt: new Date() };
  let failed = 0;
  let unitTests = 0;
  const base = isAbsolute(engine.project.targetPath) ? engine.project.targetPath : join(engine.project.root, engine.project.targetPath || 'target');
  try {
    for (const id of selected) {
      const model = engine.project.models.get(id)!;
      try {
        const existing: RelationType | null = session ? await session.relationType(model.relation) : mode === 'incremental' ? 'table' : null;
        const effective: PreviewMode = existing === 'table' && mode !== 'first' ? 'incremental' : 'first';
        const resolve = session ? compileResolver(session, model.relation, effective) : unreachableResolver(engine, model.relation, effective);
        const result = await engine.compileModel(model, {
          ...invocation,
          fullRefresh: args.fullRefresh,
          which: 'compile',
          flags: cliInvocationFlags(args),
          empty,
          existing: effective === 'incremental' ? 'table' : null,
          // A reachable target answers the template's warehouse questions (run_query, get_column_values, star …)
          // as dbt compile does; the model's own relation still follows the compile mode.
          resolve,
          });
        // After the compile, so a template error is reported as the compile meets it (the preview renders offline).
        const body = result.sql;
        extraCtes.set(id, result.extraCtes);
        compiled.set(id, body);
        // A Python model's compiled code is the whole answer: Bronze's runner has no statements for it.
        if (model.language === 'python') {
          write(join(base, 'compiled', model.packageName, model.originalFilePath), body);
          continue;
        }
        const statements = await previewFor(engine, model, effective, args.fullRefresh, session, resolve, empty, result);
        write(join(base, 'compiled', model.packageName, model.originalFilePath), body + '\n');
        write(join(base, 'run', model.packageName, model.originalFilePath), statements.join(';\n') + ';\n');
        printed.push(...statements);
      } catch (err) {
        failed++;
        reportError(io, model.name, model.location.file, err);
      }
    }
    // dbt compiles the unit tests of the selected models too: the SQL each runs, under the YAML that defines it.
    const chosen = new Set(selected);
    for (const test of engine.project.unitTests.values()) {
      const model = test.attachedNode && chosen.has(test.attachedNode) ? engine.project.models.get(test.attachedNode) : undefined;
      if (!model) continue;
      try {
        const sql = await unitTestSql(engine, model, test, session, { ...invocation, which: 'compile' });
        write(join(base, 'compiled', test.packageName, test.originalFilePath, `${test.name}.sql`), sql + '\n');
        unitTests++;
      } catch (err) {
        failed++;
        reportError(io, test.name, test.location.file, err);
      }
    }
  } finally {
    await closeWarehouse?.().catch(() => undefined);
  }
  // The invocation's id, as its renders saw it (dbt writes one invocation_id in every artifact of a command).
  const manifest = buildManifest(engine.project, { targetName: engine.target.name, adapterType: engine.target.type, compiled, extraCtes, invocationId: invocation.invocationId });
  write(join(base, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  if (args.flags.get('--print')) {
    if (printed.length) io.out(printed.join(';\n') + ';');
  } else {
    const tests = unitTests ? ` and ${unitTests} unit test${unitTests === 1 ? '' : 's'}` : '';
    io.err(`Compiled ${compiled.size} model${compiled.size === 1 ? '' : 's'}${tests} into ${join(base, 'compiled')}${failed ? `; ${failed} failed` : ''}.`);
  }
  return failed > 0 ? 1 : 0;
}

function reportError(io: Io, name: string, file: string, err: unknown): void {
  const loc = err && typeof err === 'object' && 'location' in err ? (err as { location?: { file: string; range: { start: { line: number; character: number } } } }).location : undefined;
  const where = loc ? `${loc.file}:${loc.range.start.line + 1}:${loc.range.start.character + 1}` : file;
  io.err(`${where}: error compiling ${name}: ${err instanceof Error ? err.message : String(err)}`);
}

async function previewFor(
  engine: Engine,
  model: ModelNode,
  mode: PreviewMode,
  fullRefresh: boolean,
  session: WarehouseSession | undefined,
  resolve: Resolver,
  empty: boolean,
  compiled: CompiledModel,
): Promise<string[]> {
  // With a live target, the target's columns stand in for the describe a run would make.
  const columns = session && mode === 'incremental' ? await session.describe(model.relation) : undefined;
  // The statements wrap the SQL just compiled (same options): a run renders a model once, and so does compile.
  return engine.previewStatements(model, mode, { columns: columns && columns.length ? columns : undefined, fullRefresh, resolve, empty, compiled });
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The session's answers, except whether the model itself exists, which the compile mode decides. */
export function compileResolver(session: WarehouseSession, self: RelationName, mode: PreviewMode): Resolver {
  const own = offlineResolver(self, mode);
  const live = sessionResolver(session);
  const same = (a: RelationName) =>
    a.database.toLowerCase() === self.database.toLowerCase() && a.schema.toLowerCase() === self.schema.toLowerCase() && a.identifier.toLowerCase() === self.identifier.toLowerCase();
  return async (request) => {
    if (request.kind === 'relationType' && same(request.relation)) return own(request);
    // dbt's get_columns_in_relation gives no columns for a relation not built yet (star() then prints its note).
    if (request.kind === 'columns' && (same(request.relation) || (await session.relationType(request.relation)) === null)) return own(request);
    return live(request);
  };
}

/**
 * Compile without a reachable target: relations follow the compile mode, but a query the template runs
 * (run_query, statement, get_column_values …) has no answer, and an invented empty one could compile wrong SQL.
 */
function unreachableResolver(engine: Engine, self: RelationName, mode: PreviewMode): Resolver {
  const own = offlineResolver(self, mode);
  return async (request) => {
    if (request.kind !== 'query') return own(request);
    throw new Error(`target '${engine.target.name}' is not reachable, so this query cannot be answered while compiling; connect the target (bronze debug) and compile again`);
  };
}
