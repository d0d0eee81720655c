// A run on the twin over stand-ins (stand-in-record.ts): a model the twin refuses by name stays an error, but when
// `bronze sample` wrote a stand-in at its relation its descendants run on that instead of being skipped, and say so
// (message, run_results' adapter_response, the audit row); its own tests are not run (they would test synthetic rows).
// Without a recorded stand-in, or on Snowflake, nothing changes.
import type { Engine } from '../../../server/src/engine';
import { pythonNotRunMessage } from '../../../server/src/project/python-model';
import { WarehouseError, type WarehouseSession } from '../warehouse/warehouse';
import type { NodeResult } from './results';
import { readStandIns, standInRecordPath, writeStandIns, type StandInEntry } from './stand-in-record';
import { retypeStandIn, retypedNote } from './stand-in-retype';
import { renderOwnTests } from '../sample/rendered';
import { refusalAt, refusedCallAt, refusedFunctions } from '../sample/stand-ins';
import { renderedHookStatements } from '../sample/hook-statements';
import { unsupportedError } from '../warehouse/duckdb';
import { UNSUPPORTED_CODE, UnsupportedOnDuckDb } from '../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import type { ModelNode } from '../../../server/src/core/types';

/**
 * Evaluates a view's query once over the twin's rows: a row that reaches a refusal written into it raises that refusal
 * by name, re-located in `sql` (the evaluation's first line is its own). Any other failure is left to the view's own
 * creation, which says it as the warehouse does.
 */
async function refusedByRows(sql: string, session: WarehouseSession): Promise<void> {
  try {
    // count(bz_rows), the whole row: count(*) would let DuckDB drop the columns nothing reads, refusals with them.
    await session.execute(`select count(bz_rows) from (\n${sql.replace(/;\s*$/, '')}\n) as bz_rows`);
  } catch (e) {
    if (!(e instanceof WarehouseError) || e.details.code !== UNSUPPORTED_CODE || e.details.line === undefined || e.details.line < 2) return;
    const line = e.details.line - 1;
    const message = e.message.replace(/\(line \d+, column \d+\)$/, `(line ${line}, column ${e.details.column})`);
    throw new WarehouseError(message, { ...e.details, line, sql });
  }
}

/** What every refusal by name says (server …/snowflake-on-duckdb/unsupported.ts's UnsupportedOnDuckDb); a Python model's is its own. */
const REFUSED = ' is not supported on the DuckDB target';

export class StandInRun {
  /** Models with a stand-in that this run refused by name (or does not build): by id, their names. */
  private readonly standingIn = new Map<string, string>();
  /** The stand-ins each finished node read, directly or through its parents. */
  private readonly read = new Map<string, string[]>();

  /** The project's own generic tests, compiled: rendered once, when a first stand-in is drawn again. */
  private testSql?: Promise<Map<string, string>>;

  /** Every stand-in the run started with (`entries` loses those a build replaces). */
  private readonly all: ReadonlyMap<string, StandInEntry>;

  private constructor(
    private readonly engine: Engine,
    private readonly entries: Map<string, StandInEntry>,
    private readonly record: string,
  ) {
    this.all = new Map(entries);
  }

  /** The run's stand-ins: those recorded for the twin whose tables are still there (none on another target). */
  static async open(engine: Engine, session: WarehouseSession, selected: readonly string[]): Promise<StandInRun | undefined> {
    if (engine.target.type !== 'duckdb') return undefined;
    const record = standInRecordPath(engine.project.root, engine.target.name);
    const present = new Map<string, StandInEntry>();
    for (const [id, entry] of readStandIns(record)) if (engine.project.models.has(id) && (await session.relationType(entry.relation)) !== null) present.set(id, entry);
    if (present.size === 0) return undefined;
    const run = new StandInRun(engine, present, record);
    // A stand-in this run does not replace is read as it is.
    const building = new Set(selected);
    for (const [id, entry] of present) if (!building.has(id)) run.standingIn.set(id, entry.name);
    return run;
  }

  /** The functions the project's hooks create that the twin refuses to call (stand-ins.ts), read once when needed. */
  private functions?: Promise<Map<string, string>>;

  /**
   * A model with a stand-in that the twin would refuse only once rows reach the refused construct, refused before it
   * runs, located in its compiled SQL, so its stand-in stays:
   * - a view is created without evaluating its query: one calling a foreign UDF was created over its stand-in, and
   *   each reader failed by name instead. A refusal written in for some rows only (OBJECT_AGG's key that is not text,
   *   an empty SPLIT_TO_TABLE delimiter) is decided by the rows: the query is evaluated once over the twin's rows, and
   *   the view refused only when a row reaches the refusal (sage's int_synapse_data_access_submission keys its
   *   OBJECT_AGG with `id::varchar`: it never does);
   * - a table calling a foreign or EXTERNAL function runs its whole query up to the first row that reaches the call
   *   (flipside_algorand's silver__asset: 842 s on 100-row sources before its refusal).
   * Without a stand-in such a model runs as it would on Snowflake, and fails by name where a row reaches the call.
   */
  async refuseBeforeBuild(model: ModelNode, compiledSql: string, session: WarehouseSession): Promise<void> {
    if (!this.entries.has(model.uniqueId)) return;
    const functions = await (this.functions ??= renderedHookStatements(this.engine).then((hooks) => refusedFunctions(hooks.map((h) => h.sql))));
    const called = refusedCallAt(compiledSql, functions);
    const refused: ReturnType<typeof refusalAt> = model.config.materialized === 'view' && !called ? refusalAt(compiledSql, functions) : called;
    if (!refused) return;
    if (!refused.byRows) throw unsupportedError(new UnsupportedOnDuckDb(refused.construct, refused.at), compiledSql, 0, compiledSql, '');
    await refusedByRows(compiledSql, session);
  }

  /** A model with a stand-in builds as on a first run (a full refresh): the stand-in is never its previous state. */
  replacesStandIn(id: string): boolean {
    return this.entries.has(id);
  }

  /**
   * The model as its stand-in's replacement builds it: as on a first run, so its own `full_refresh: false` (which beats
   * the forced full refresh, as dbt's should_full_refresh() lets it) is dropped. On Snowflake the relation would not
   * exist yet and is_incremental() would be false; kept, the incremental branch ran over the stand-in and read tables
   * no build had written (flipside_axelar's bronze_api__get_blockchain_api: `EXCEPT SELECT … FROM silver.blockchain`
   * failed with DuckDB's Catalog Error instead of the model's refusal by name).
   */
  asFirstBuild(model: ModelNode): ModelNode {
    if (model.config.full_refresh !== false) return model;
    const { full_refresh: _kept, ...config } = model.config;
    return { ...model, config };
  }

  /** A test of a model standing in: not run, and not holding back that model's descendants. */
  skippedTest(id: string): NodeResult | undefined {
    const test = this.engine.project.tests.get(id);
    const models = test ? test.dependsOn.nodes.filter((n) => this.standingIn.has(n)) : [];
    if (!test || models.length === 0) return undefined;
    const names = models.map((m) => this.standingIn.get(m)!);
    const note = `Skipped: ${names.map((n) => `model ${n}`).join(', ')} is a stand-in bronze sample wrote (the twin refuses the model): its rows are not this build's to test.`;
    const now = new Date();
    return {
      uniqueId: id,
      name: test.name,
      resourceType: 'test',
      status: 'skipped',
      executionTime: 0,
      startedAt: now,
      completedAt: now,
      rowsAffected: null,
      failures: null,
      threadId: 'main',
      message: note,
      standIn: { role: 'untested', models: names, note },
    };
  }

  /**
   * The result as the run reports it: a refusal with its stand-in (written again with the model's own columns when
   * its query binds now, stand-in-retype.ts), or a node that read stand-ins, said so.
   */
  async finished(result: NodeResult, session: WarehouseSession, signal?: AbortSignal): Promise<NodeResult> {
    const entry = this.entries.get(result.uniqueId);
    if (entry && result.status === 'success') {
      // Its build replaced the stand-in.
      this.entries.delete(result.uniqueId);
      const recorded = readStandIns(this.record);
      recorded.delete(result.uniqueId);
      writeStandIns(this.record, recorded.values());
      return result;
    }
    if (entry && result.status === 'error' && (result.message.includes(REFUSED) || result.message.startsWith(pythonNotRunMessage(entry.name, 'duckdb')))) {
      this.standingIn.set(result.uniqueId, entry.name);
      const model = this.engine.project.models.get(result.uniqueId);
      const retyped = model ? await retypeStandIn(this.engine, session, model, entry, result.compiledCode, () => (this.testSql ??= renderOwnTests(this.engine)), signal, this.entries) : undefined;
      if (retyped && 'entry' in retyped) {
        this.entries.set(result.uniqueId, retyped.entry);
        const recorded = readStandIns(this.record);
        recorded.set(result.uniqueId, retyped.entry);
        writeStandIns(this.record, recorded.values());
      }
      const where = [entry.relation.database, entry.relation.schema, entry.relation.identifier].filter(Boolean).join('.');
      const rows = entry.from ? `${entry.rows} rows bronze sample copied from target '${entry.from}'` : `${entry.rows} synthetic rows bronze sample wrote`;
      const note = `Its descendants run on its stand-in at ${where} (${rows}), not on a build of it.${retyped ? ` ${retypedNote(retyped)}` : ''}`;
      return {
        ...result,
        message: `${result.message}\n${note}`,
        standIn: { role: 'refused', models: [entry.name], note },
      };
    }
    const parents = this.engine.graph.parents(result.uniqueId);
    const models = [...new Set(parents.flatMap((p) => (this.standingIn.has(p) ? [this.standingIn.get(p)!] : (this.read.get(p) ?? []))))].sort();
    if (models.length === 0 || result.status === 'skipped') return result;
    this.read.set(result.uniqueId, models);
    const note = standInNote(models, this.kinds(models));
    return { ...result, message: `${result.message} (${note})`, standIn: { role: 'read', models, note } };
  }

  /** What the stand-ins of these models hold: synthetic rows, or rows copied from a target. */
  private kinds(models: readonly string[]): string[] {
    const from = new Map([...this.all.values()].map((e) => [e.name, e.from]));
    return [...new Set(models.map((m) => (from.get(m) ? `rows copied from target '${from.get(m)}'` : 'synthetic rows')))];
  }

  /** Whether a result holds back its dependents no longer: the refusal whose stand-in they read, its skipped tests. */
  static passes(result: NodeResult): boolean {
    return result.standIn?.role === 'refused' || result.standIn?.role === 'untested';
  }
}

/** `read the stand-in of model a, model b: synthetic rows, not a build of it`: what a node read instead of builds. */
export function standInNote(models: readonly string[], kinds: readonly string[]): string {
  return `read the stand-in of ${models.map((m) => `model ${m}`).join(', ')}: ${kinds.join(' and ')}, not a build of ${models.length === 1 ? 'it' : 'them'}`;
}
