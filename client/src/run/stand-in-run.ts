// A run on the twin over stand-ins (stand-in-record.ts): a model the twin refuses by name stays an error, but when
// `bronze sample` wrote a stand-in at its relation its descendants run on that instead of being skipped, and say so
// (message, run_results' adapter_response, the audit row); its own tests are not run (they would test synthetic rows).
// Without a recorded stand-in, or on Snowflake, nothing changes.
import type { Engine } from '../../../server/src/engine';
import { pythonNotRunMessage } from '../../../server/src/project/python-model';
import type { WarehouseSession } from '../warehouse/warehouse';
import type { NodeResult } from './results';
import { readStandIns, standInRecordPath, writeStandIns, type StandInEntry } from './stand-in-record';

/** What every refusal by name says (server …/snowflake-on-duckdb/unsupported.ts's UnsupportedOnDuckDb); a Python model's is its own. */
const REFUSED = ' is not supported on the DuckDB target';

export class StandInRun {
  /** Models with a stand-in that this run refused by name (or does not build): by id, their names. */
  private readonly standingIn = new Map<string, string>();
  /** The stand-ins each finished node read, directly or through its parents. */
  private readonly read = new Map<string, string[]>();

  private constructor(
    private readonly engine: Engine,
    private readonly entries: Map<string, StandInEntry>,
    private readonly record: string,
  ) {}

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

  /** A model with a stand-in builds as on a first run (a full refresh): the stand-in is never its previous state. */
  replacesStandIn(id: string): boolean {
    return this.entries.has(id);
  }

  /** A test of a model standing in: not run, and not holding back that model's descendants. */
  skippedTest(id: string): NodeResult | undefined {
    const test = this.engine.project.tests.get(id);
    const models = test ? test.dependsOn.nodes.filter((n) => this.standingIn.has(n)) : [];
    if (!test || models.length === 0) return undefined;
    const names = models.map((m) => this.standingIn.get(m)!);
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
      message: `Skipped: ${names.map((n) => `model ${n}`).join(', ')} is a stand-in bronze sample wrote (the twin refuses the model): its synthetic rows are not the model's to test.`,
      standIn: { role: 'untested', models: names },
    };
  }

  /** The result as the run reports it: a refusal with its stand-in, or a node that read stand-ins, said so. */
  finished(result: NodeResult): NodeResult {
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
      const where = [entry.relation.database, entry.relation.schema, entry.relation.identifier].filter(Boolean).join('.');
      return {
        ...result,
        message: `${result.message}\nIts descendants run on its stand-in at ${where} (${entry.rows} synthetic rows bronze sample wrote), not on a build of it.`,
        standIn: { role: 'refused', models: [entry.name] },
      };
    }
    const parents = this.engine.graph.parents(result.uniqueId);
    const models = [...new Set(parents.flatMap((p) => (this.standingIn.has(p) ? [this.standingIn.get(p)!] : (this.read.get(p) ?? []))))].sort();
    if (models.length === 0 || result.status === 'skipped') return result;
    this.read.set(result.uniqueId, models);
    const list = models.map((m) => `model ${m}`).join(', ');
    return { ...result, message: `${result.message} (read the stand-in of ${list}: synthetic rows, not a build of it)`, standIn: { role: 'read', models } };
  }

  /** Whether a result holds back its dependents no longer: the refusal whose stand-in they read, its skipped tests. */
  static passes(result: NodeResult): boolean {
    return result.standIn?.role === 'refused' || result.standIn?.role === 'untested';
  }
}
