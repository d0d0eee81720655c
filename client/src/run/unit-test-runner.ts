// Running one dbt unit test on a session: each given input becomes a CTE of its rows, typed by the input
// relation's columns on the target when it exists (else its declared data_types, else its values); the model's
// SQL reads those CTEs; the expected rows are cast to the model's output types; the two sides compare as
// multisets over the expected columns. A difference is a `fail` whose message is the row diff.
import type { ColumnInfo, ModelNode, RelationName, UnitTestInput, UnitTestNode } from '../../../server/src/core/types';
import { BronzeError } from '../../../server/src/core/types';
import {
  actualSelect,
  fixtureColumns,
  inputCteName,
  inputKey,
  rowsSelect,
  withInputCtes,
  type FixtureColumn,
} from '../../../server/src/compile/unit-test';
import { diffRows, formatRowDiff } from '../../../server/src/compile/unit-test-diff';
import { offlineResolver, type Engine, type RenderContextOptions } from '../../../server/src/engine';
import type { Graph } from '../../../server/src/graph';
import type { QueryColumn, WarehouseSession } from '../warehouse/warehouse';
import { ended, failed, sessionResolver, type NodeRunContext } from './node-runners';
import { emptyRunColumns } from './output-columns';
import type { NodeResult } from './results';

/** The relation an input stands for and its documented columns (either may be unknown). */
function inputTarget(engine: Engine, model: ModelNode, g: UnitTestInput): { relation?: RelationName; columns: Record<string, ColumnInfo> } {
  if (g.isThis) return { relation: model.relation, columns: model.columns };
  if (g.ref) {
    const m = engine.findModel(g.ref.name);
    return m ? { relation: m.resourceType === 'model' && m.config.materialized === 'ephemeral' ? undefined : m.relation, columns: m.columns } : { columns: {} };
  }
  const s = [...engine.project.sources.values()].find((x) => x.sourceName === g.source!.sourceName && x.name === g.source!.tableName);
  return s ? { relation: s.relation, columns: s.columns } : { columns: {} };
}

function declaredColumns(columns: Record<string, ColumnInfo>): FixtureColumn[] {
  return Object.values(columns).map((c) => ({ name: c.name, type: c.dataType }));
}

/**
 * The SELECT of an input's rows. `fullLoadColumns` answers the columns of the model's output on a full load,
 * which is what its table (`this`) holds when the table is not built and its columns are not all typed.
 */
async function inputSql(engine: Engine, model: ModelNode, test: UnitTestNode, g: UnitTestInput, session: WarehouseSession | undefined, ctx: UnitTestContext, fullLoadColumns: () => Promise<FixtureColumn[]>): Promise<string> {
  if (g.format === 'sql') return engine.unitTestFixtureSql(model, test, g.sql!, g.location, fixtureRenderContext(model, session, ctx));
  const rows = g.rows ?? [];
  const { relation, columns } = inputTarget(engine, model, g);
  const allTyped = Object.keys(columns).length > 0 && Object.values(columns).every((c) => c.dataType);
  let relationColumns: FixtureColumn[] | undefined;
  if (!session) {
    // Compiling without a target: the declared types, else the values, type the rows.
  } else if (relation && (await session.relationType(relation)) !== null) {
    relationColumns = (await session.describe(relation)).map((c) => ({ name: c.name, type: c.dataType }));
  } else if (g.isThis && !allTyped) {
    relationColumns = await fullLoadColumns();
  } else if (g.ref && !allTyped) {
    relationColumns = await unbuiltModelColumns(engine, g, session, ctx);
  }
  const cols = fixtureColumns(rows, relationColumns, declaredColumns(columns), g.input, g.location);
  return rowsSelect(rows, cols, engine.target.type, g.location);
}

/** What rendering a unit test needs of its command (a run's NodeRunContext, or compile's). */
export type UnitTestContext = Pick<NodeRunContext, 'invocationId' | 'runStartedAt' | 'which' | 'signal' | 'flags'>;

function fixtureRenderContext(model: ModelNode, session: WarehouseSession | undefined, ctx: UnitTestContext): RenderContextOptions {
  // Without a target the template's warehouse questions are answered as a first run's compile answers them.
  const resolve = session ? sessionResolver(session, ctx.signal) : offlineResolver(model.relation, 'first');
  return { invocationId: ctx.invocationId, runStartedAt: ctx.runStartedAt, fullRefresh: false, which: ctx.which, flags: ctx.flags, resolve };
}

/**
 * The columns (and types) a ref'd model that is not built would have: its SQL with its own inputs read as zero
 * rows (`--empty`), asked of the warehouse. Undefined when that cannot be answered (its inputs are not there
 * either): then declared types, then the values, type the fixture.
 */
async function unbuiltModelColumns(engine: Engine, g: UnitTestInput, session: WarehouseSession, ctx: UnitTestContext): Promise<FixtureColumn[] | undefined> {
  const m = engine.findModel(g.ref!.name);
  if (!m) return undefined;
  try {
    return (await emptyRunColumns(engine, m, session, ctx)).map((c) => ({ name: c.name, type: c.type }));
  } catch {
    return undefined;
  }
}

/**
 * The unit test's SQL: the model's SQL reading one CTE of rows per given input. Without a session (compile with
 * the target unreachable) the inputs are typed by their declared data_types, else by their values.
 */
export async function unitTestSql(engine: Engine, model: ModelNode, test: UnitTestNode, session: WarehouseSession | undefined, ctx: UnitTestContext): Promise<string> {
  const ctes = new Map<string, string>();
  const inputs: { cte: string; sql: string }[] = [];
  const renderCtx = fixtureRenderContext(model, session, ctx);
  // `this` last: its columns may be the model's output over the other inputs.
  const ordered = [...test.given.filter((g) => !g.isThis), ...test.given.filter((g) => g.isThis)];
  const fullLoadColumns = async (): Promise<FixtureColumn[]> => {
    const fullLoad = { ...test, overrides: { ...test.overrides, macros: { ...test.overrides.macros, is_incremental: false } } };
    const body = withInputCtes(await engine.unitTestModelSql(model, fullLoad, ctes, renderCtx), inputs);
    const shape = await session!.execute(`${actualSelect(body, [])}\nwhere false\nlimit 0`, { signal: ctx.signal });
    return shape.columns.map((c) => ({ name: c.name, type: c.type }));
  };
  for (const g of ordered) {
    const cte = inputCteName(g, model.name);
    const sqlOfInput = await inputSql(engine, model, test, g, session, ctx, fullLoadColumns);
    ctes.set(inputKey(g), cte);
    inputs.push({ cte, sql: sqlOfInput });
  }
  return withInputCtes(await engine.unitTestModelSql(model, test, ctes, renderCtx), inputs);
}

/** Expected columns in the order first written; each must be a column of the model's output. */
function expectedColumns(test: UnitTestNode, names: readonly string[], actual: readonly QueryColumn[]): QueryColumn[] {
  return names.map((n) => {
    const hit = actual.find((c) => c.name.toLowerCase() === n.toLowerCase());
    if (!hit) {
      throw new BronzeError(
        `Unit test '${test.name}' expects column '${n}', which model '${test.model}' does not return (its columns: ${actual.map((c) => c.name.toLowerCase()).join(', ')}). Fix the name under expect:.`,
        test.expect.location,
        'bronze/unit-test-column',
      );
    }
    return hit;
  });
}

export async function runUnitTest(test: UnitTestNode, session: WarehouseSession, thread: number, ctx: NodeRunContext): Promise<NodeResult> {
  const startedAt = new Date();
  const base = { uniqueId: test.uniqueId, name: test.name, resourceType: 'unit_test' as const, startedAt, threadId: `Thread-${thread + 1}` };
  let sql: string | undefined;
  try {
    const engine = ctx.engine;
    const model = test.attachedNode ? engine.project.models.get(test.attachedNode) : undefined;
    if (!model) throw new BronzeError(`Unit test '${test.name}' tests model '${test.model}', which does not exist.`, test.location, 'bronze/unit-test-unknown-model');
    const signal = ctx.signal;
    const renderCtx = fixtureRenderContext(model, session, ctx);
    sql = await unitTestSql(engine, model, test, session, ctx);
    const actual = await session.execute(actualSelect(sql, []), { signal });

    let expectedRows: Record<string, unknown>[];
    let columns: QueryColumn[];
    if (test.expect.format === 'sql') {
      const expectSql = await engine.unitTestFixtureSql(model, test, test.expect.sql!, test.expect.location, renderCtx);
      const raw = await session.execute(actualSelect(expectSql, []), { signal });
      columns = expectedColumns(test, raw.columns.map((c) => c.name), actual.columns);
      const typed = columns.map((c, i) => `cast(${quoted(raw.columns[i].name)} as ${c.type}) as ${quoted(c.name)}`).join(', ');
      expectedRows = (await session.execute(`select ${typed} from (\n${expectSql}\n) as dbt_internal_unit_test_expected`, { signal })).rows;
    } else {
      const rows = test.expect.rows ?? [];
      const names: string[] = [];
      for (const r of rows) for (const k of Object.keys(r)) if (!names.some((n) => n.toLowerCase() === k.toLowerCase())) names.push(k);
      columns = rows.length === 0 ? [...actual.columns] : expectedColumns(test, names, actual.columns);
      // Each expected value is keyed by the output's own spelling, so rowsSelect casts it to the output's type.
      const keyed = rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, valueIgnoringCase(r, c.name)])));
      expectedRows = rows.length === 0 ? [] : (await session.execute(rowsSelect(keyed, columns.map((c) => ({ name: c.name, type: c.type })), engine.target.type, test.expect.location), { signal })).rows;
    }
    const names = columns.map((c) => c.name);
    const diff = diffRows(names, expectedRows, actual.rows);
    const failures = diff.missing.length + diff.extra.length;
    return ended(base, diff.equal ? 'pass' : 'fail', {
      rowsAffected: null,
      failures,
      message: diff.equal ? 'PASS' : formatRowDiff(names.map((n) => n.toLowerCase()), diff),
      compiledCode: sql,
    });
  } catch (err) {
    return failed({ ...base, failures: null }, err, ctx, test.location, sql, 'Cancelled while running.');
  }
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function valueIgnoringCase(row: Record<string, unknown>, column: string): unknown {
  if (column in row) return row[column];
  const key = Object.keys(row).find((k) => k.toLowerCase() === column.toLowerCase());
  return key === undefined ? null : row[key];
}

/**
 * dbt runs a model's unit tests before the model, and a failing one skips it: each selected unit test waits for
 * what its model waits for (not for other unit tests), and its model, when selected, waits for it.
 */
export function unitTestsFirst(graph: Pick<Graph, 'parents'>, selected: readonly string[], upstream: Map<string, string[]>): void {
  const chosen = new Set(selected);
  for (const id of selected) {
    if (!id.startsWith('unit_test.')) continue;
    const model = graph.parents(id)[0];
    if (model === undefined || !chosen.has(model)) continue;
    const before = upstream.get(model) ?? [];
    upstream.set(id, before.filter((u) => !u.startsWith('unit_test.')));
    upstream.set(model, [...before, id]);
  }
}
