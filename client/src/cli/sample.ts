// `bronze sample --synthetic`: RAW rows for every declared source (or `-s source:…`), written into the embedded
// target at the source's database.schema.table, deterministic with --seed. Each table is replaced in one
// transaction, so Ctrl-C leaves every table either as it was or complete.
import { COMMAND_SELECTION, selectNodes } from '../../../server/src/graph';
import { openWarehouse } from '../warehouse/connect';
import { snowflakeStoredRelation } from '../../../server/src/core/quote-policy';
import { DuckDbSession } from '../warehouse/duckdb';
import { WarehouseError } from '../warehouse/warehouse';
import { openEngine } from '../run/runner';
import type { Engine } from '../../../server/src/engine';
import { copyTables, type CopyTable } from '../sample/copy';
import { relative } from 'node:path';
import { SamplePlanError, planSynthetic, type TablePlan } from '../sample/plan';
import { queriesAskedByModels, renderHidingReaders, renderOwnTests } from '../sample/rendered';
import { keptRows, quoteIdent, relationSql, storedColumnName, syntheticCreate, syntheticInsert, type SqlContext } from '../sample/sql';
import { recordExternalFiles } from '../warehouse/snowflake-on-duckdb/external-table-files';
import { FILENAME_COLUMN } from '../../../server/src/core/sql/snowflake-on-duckdb/external-table-files';
import { tzNote } from '../sample/column-kinds';
import { hookStageLoads, writeStageFiles } from '../sample/stage-loads';
import { renderedHookStatements } from '../sample/hook-statements';
import { createHookTables, hookCreatedTables, hookInsertTables } from '../sample/hook-tables';
import { literalTableReads, macroOnlyTables, undeclaredTableSources } from '../sample/literal-tables';
import { macroStatements } from '../sample/macro-sql';
import { planViewsOverTables, viewStatements, viewsOverReadTables, type ViewOverTable } from '../sample/pass-through-views';
import { listedTableSources, tablesListingsNeed } from '../sample/listed-tables';
import type { ModelNode, RelationName, SourceNode } from '../../../server/src/core/types';
import { addWrittenColumns, customMaterializationStatements, writtenTable, type WrittenTable } from '../sample/materialization-writes';
import { sourcesBuiltByKeepingNodes } from '../sample/model-built-sources';
import { twinInfo } from '../../../server/src/project/profiles';
import { columnTypings, planStandIns, refusedModels, standInRelation, writableStandIns } from '../sample/stand-ins';
import { readStandIns, standInRecordPath, writeStandIns, type StandInEntry } from '../run/stand-in-record';
import { UsageError, intFlag, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';

/** The newest generated timestamp by default: fixed, not the clock, so a seed always gives the same rows. */
export const SAMPLE_ANCHOR = '2026-01-01 00:00:00';

/** The run's clock as the sampler writes timestamps ('YYYY-MM-DD HH:MM:SS', UTC): what recency tests measure from. */
export function sampleClock(now: Date = new Date()): string {
  return now.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The newest generated timestamp: `--anchor DATE[ TIME]`, or `--anchor today` (the start of today, UTC); else
 * SAMPLE_ANCHOR. A column a recency test guards is placed before the run's clock instead (sampleClock).
 */
export function sampleAnchor(flag: string | boolean | undefined, now: Date = new Date()): string {
  if (flag === undefined) return SAMPLE_ANCHOR;
  if (typeof flag === 'string' && flag.trim().toLowerCase() === 'today') return `${now.toISOString().slice(0, 10)} 00:00:00`;
  const m = typeof flag === 'string' ? /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(flag.trim()) : null;
  if (!m || Number.isNaN(Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`))) {
    throw new UsageError(`--anchor takes a date, a timestamp or today (2026-01-01, '2026-01-01 12:00:00', today), not ${JSON.stringify(flag)}.`);
  }
  return `${m[1]} ${m[2] ?? '00:00:00'}`;
}

export interface SampleOutcome {
  tables: Array<{ label: string; relation: string; rows: number; ms: number }>;
  /** Tables that could not be written (each left as it was), with why. */
  failed: Array<{ label: string; relation: string; message: string }>;
}


/** Writes each plan's table (referenced tables first); `log` gets one progress line per table. */
export async function writeSynthetic(
  session: DuckDbSession,
  plans: readonly TablePlan[],
  options: {
    seed: number;
    days: number;
    anchor: string;
    now?: string;
    append?: boolean;
    signal?: AbortSignal;
    log: (line: string) => void;
    /** Where an earlier sample wrote a source no plan here describes (a run drawing a stand-in again references it). */
    sampledAt?: (sourceId: string) => RelationName | undefined;
  },
): Promise<SampleOutcome> {
  const out: SampleOutcome = { tables: [], failed: [] };
  const references: SqlContext['references'] = new Map();
  const onAbort = (): void => session.connection.interrupt();
  options.signal?.addEventListener('abort', onAbort);
  try {
    for (const [i, plan] of plans.entries()) {
      if (options.signal?.aborted) throw new WarehouseError('Sampling cancelled.', { cancelled: true });
      for (const c of plan.columns) {
        if (!c.references) continue;
        const key = `${c.references.sourceId}|${c.references.column}`;
        if (references.has(key)) continue;
        const target = plans.find((p) => p.sourceId === c.references!.sourceId);
        const relation = target?.relation ?? options.sampledAt?.(c.references.sourceId);
        if (!relation) continue;
        const col = quoteIdent(c.references.column);
        const keep = target ? keptRows(target) : undefined;
        // The referenced table may predate this run (not selected): count what is there.
        const counted = await session.connection
          .runAndReadAll(`SELECT count(DISTINCT ${col}) FROM ${relationSql(relation)} WHERE ${col} IS NOT NULL${keep ? ` AND ${keep}` : ''}`)
          .then((r) => Number(r.getRows()[0]?.[0] ?? 0), () => 0);
        references.set(key, { relation, count: counted, ...(keep ? { keep } : {}) });
      }
      const started = Date.now();
      const rel = plan.relation;
      const existing = options.append && (await session.relationType(rel)) !== null;
      let append: SqlContext['append'];
      if (existing) {
        const ts = plan.updatedAt ? `CAST(max(${quoteIdent(plan.updatedAt)}) AS VARCHAR)` : 'NULL';
        const keys = plan.key ? `count(DISTINCT ${quoteIdent(plan.key)})` : '0';
        const row = (await session.connection.runAndReadAll(`SELECT count(*), ${ts}, ${keys} FROM ${relationSql(rel)}`)).getRows()[0] ?? [];
        const after = row[1] == null ? options.anchor : String(row[1]).slice(0, 19);
        append = { offset: Number(row[0] ?? 0), after, keys: Number(row[2] ?? 0) };
      }
      await session.connection.run('BEGIN TRANSACTION');
      try {
        if (!existing) {
          if (rel.database) await session.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(rel.database)}.${quoteIdent(rel.schema)}`);
          else await session.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(rel.schema)}`);
          await session.execute(syntheticCreate(plan));
        }
        // Files an appended table already holds and no sampler write recorded: their time is not known.
        const external = plan.columns.some((c) => storedColumnName(c) === FILENAME_COLUMN);
        if (external && existing) await recordExternalFiles(session.connection, rel, { written: 'before', replaced: false });
        // An interrupt sent while no statement runs (between two of them) is lost: check before the insert, keep
        // interrupting while it runs once cancelled, and never commit a cancelled table.
        if (options.signal?.aborted) throw new WarehouseError('Sampling cancelled.', { cancelled: true });
        const nudge = setInterval(() => {
          if (options.signal?.aborted) session.connection.interrupt();
        }, 200);
        try {
          await session.connection.run(syntheticInsert(plan, { seed: options.seed, days: options.days, anchor: options.anchor, now: options.now ?? sampleClock(), references, append }));
        } finally {
          clearInterval(nudge);
        }
        if (options.signal?.aborted) throw new WarehouseError('Sampling cancelled.', { cancelled: true });
        // An external table's files: registered now, for EXTERNAL_TABLE_FILES.
        if (external) await recordExternalFiles(session.connection, rel, { written: 'now', replaced: !existing });
        await session.connection.run('COMMIT');
      } catch (e) {
        await session.connection.run('ROLLBACK').catch(() => undefined);
        if (options.signal?.aborted) throw new WarehouseError('Sampling cancelled; the table being written was left as it was.', { cancelled: true });
        // One table the twin cannot hold (a system schema, say) must not cost the others their rows.
        const message = `sampling ${plan.label} into ${relationSql(rel)} failed, the table was left as it was: ${(e as Error).message.split('\n')[0]}`;
        out.failed.push({ label: plan.label, relation: relationSql(rel), message });
        options.log(`warning: ${message}`);
        continue;
      }
      const ms = Date.now() - started;
      out.tables.push({ label: plan.label, relation: relationSql(rel), rows: plan.rows, ms });
      const dirt = append
        ? `appended after ${append.offset} rows`
        : [plan.duplicates ? `${plan.duplicates} repeated keys` : '', plan.nullKeys ? `${plan.nullKeys} NULL keys` : ''].filter(Boolean).join(', ');
      options.log(`${i + 1} of ${plans.length} sampled ${plan.label} → ${relationSql(rel)}: ${plan.rows} rows${dirt ? ` (${dirt})` : ''} in ${ms} ms${tzNote(plan.columns)}`);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return out;
}

/** The target rows are written to: --target, else the profile's default when it is embedded, else `local`. */
async function destinationEngine(args: CommonArgs): Promise<Engine> {
  const engine = await openEngine(projectRequest(args));
  if (engine.target.type === 'duckdb') return engine;
  if (args.target) {
    throw new UsageError(`bronze sample writes into the embedded target, and '${engine.target.name}' is ${engine.target.type}: pass --target local (the twin).`);
  }
  return openEngine({ ...projectRequest(args), target: 'local' });
}

export async function sampleCommand(args: CommonArgs, io: Io, signal: AbortSignal): Promise<number> {
  const synthetic = args.flags.get('--synthetic') === true;
  const from = args.flags.get('--from');
  if (!synthetic && typeof from !== 'string') throw new UsageError('bronze sample needs --synthetic (rows made from the project) or --from TARGET (rows copied from Snowflake).');
  if (synthetic && typeof from === 'string') throw new UsageError('bronze sample takes --synthetic or --from TARGET, not both.');
  const rows = intFlag(args, '--rows', 10_000, 1, 100_000_000);
  const seed = intFlag(args, '--seed', 42, 0, 2 ** 31 - 1);
  const days = intFlag(args, '--days', 30, 1, 3650);
  const anchor = sampleAnchor(args.flags.get('--anchor'));
  const append = args.flags.get('--append') === true;
  const engine = await destinationEngine(args);
  const selected =
    args.select.length > 0
      ? selectNodes(engine.project, engine.graph, { select: args.select, exclude: args.exclude, defaultSelect: COMMAND_SELECTION.list.defaultSelect, resourceTypes: ['source'] })
      : [...engine.project.sources.values()].filter((s) => s.config.enabled !== false).map((s) => s.uniqueId).sort();
  if (selected.length === 0) {
    throw new UsageError(args.select.length > 0 ? `no source matches --select ${args.select.join(' ')}: select sources like source:raw.users or source:raw.` : 'the project declares no sources to sample.');
  }
  let plans: TablePlan[] = [];
  let standIns: ReturnType<typeof planStandIns> = [];
  let views: ViewOverTable[] = [];
  const skipped: SamplePlanError[] = [];
  // (Also for --from: a table a hook makes is the project's own, not one to copy.)
  const hookStatements = synthetic || args.select.length === 0 ? await renderedHookStatements(engine) : [];
  // A source a hook creates with its columns (`create table if not exists …`) is the project's own table: its rows
  // are what the project's runs write there, not sampled ones.
  const current = { database: String(engine.target.database ?? '').toUpperCase(), schema: String(engine.target.schema ?? 'main').toUpperCase() };
  const hookMade = hookCreatedTables(synthetic ? hookStatements : [], current);
  const sourceIds = selected.filter((id) => {
    const s = engine.project.sources.get(id);
    const key = s ? [s.relation.database, s.relation.schema, s.relation.identifier].join('.').toUpperCase() : '';
    if (!s || !hookMade.has(key)) return true;
    io.err(`source ${s.sourceName}.${s.name} (${key}) is created by a hook of the project (create table … with its columns): not sampled, the hook makes it.`);
    return false;
  });
  // A stand-in for each model the twin refuses by name that other models read (stand-ins.ts), unless sources are
  // selected, rows are appended, or --no-stand-ins: synthetic rows, or the model's relation copied from --from.
  const refused = args.select.length === 0 && !append && args.flags.get('--no-stand-ins') !== true ? await refusedModels(engine, hookStatements.map((h) => h.sql)) : new Map<string, string>();
  // A source on the table a model builds and keeps rows in is that model's table, as on a fresh warehouse
  // (model-built-sources.ts): the model's first run makes it.
  const modelBuilt = synthetic ? sourcesBuiltByKeepingNodes(engine.project, sourceIds) : new Map<string, ModelNode>();
  for (const [id, node] of modelBuilt) {
    const s = engine.project.sources.get(id)!;
    io.err(`source ${s.sourceName}.${s.name} names ${[s.relation.database, s.relation.schema, s.relation.identifier].join('.')}, the table ${node.resourceType} ${node.name} builds (${node.resourceType === 'snapshot' ? 'snapshot' : String(node.config.materialized)}, keeping the rows it finds): not sampled, as on a fresh warehouse its first run makes it.`);
  }
  sourceIds.splice(0, sourceIds.length, ...sourceIds.filter((id) => !modelBuilt.has(id)));
  if (synthetic) {
    // Tables the models read by a written-out name that nothing in the project creates (literal-tables.ts) are
    // sampled with the sources unless sources are selected: planned as sources that declare no columns.
    const tables = args.select.length > 0 ? [] : literalTableReads(engine.project, { database: engine.target.database, schema: engine.target.schema }, hookStatements.map((h) => h.sql));
    const undeclared = undeclaredTableSources(engine.project, tables);
    for (const t of tables) {
      const readers = t.readers.map((id) => engine.project.models.get(id)?.name ?? (engine.project.macros.has(id) ? `macro ${engine.project.macros.get(id)!.name}` : id));
      const builder = t.builtBy !== undefined ? engine.project.models.get(t.builtBy) : undefined;
      if (builder) {
        // (literal-tables.ts builtBy) The model's first run reads its own table: the rows stand for the state the
        // project's install scripts leave in the warehouse, and that run is an incremental one over them.
        io.err(`table ${t.name} (${[t.relation.database, t.relation.schema, t.relation.identifier].join('.')}) is model ${builder.name}'s own (${String(builder.config.materialized)}), and ${builder.name} reads it by name before it writes it${readers.length > 1 ? ` (so do ${readers.filter((r) => r !== builder.name).join(', ')})` : ''}: nothing else in the project creates it, so even on Snowflake its first run needs it to exist. Sampled with the columns the models read from it; ${builder.name}'s first run on the twin runs over these rows.`);
        continue;
      }
      io.err(`table ${t.name} (${[t.relation.database, t.relation.schema, t.relation.identifier].join('.')}) is read by ${readers.join(', ')} and created by nothing in the project (no model, seed, snapshot, source or hook): sampled with the columns the models read from it.`);
    }
    // Tables a model's listing of a schema keeps where it keeps none the project declares (listed-tables.ts).
    const enabled = [...engine.project.sources.values()].filter((s) => s.config.enabled !== false);
    const listed = args.select.length > 0 ? [] : await tablesListingsNeed(engine, [...enabled, ...undeclared], rows);
    for (const { node, note } of listedTableSources(engine.project, listed, enabled)) {
      undeclared.push(node);
      io.err(note);
    }
    const project = undeclared.length > 0 ? { ...engine.project, sources: new Map([...engine.project.sources, ...undeclared.map((n): [string, SourceNode] => [n.uniqueId, n])]) } : engine.project;
    // One source nothing describes must not cost the others their rows: it is named and left out.
    const rendered = await renderHidingReaders(engine, sourceIds);
    // The project's own generic tests, compiled: what their SQL asserts bounds the rows (test-sql.ts).
    const testSql = await renderOwnTests(engine);
    // What the models and their hooks ask by name while rendering (a lookup of a control table by a computed key).
    const asked = undeclared.length > 0 ? await queriesAskedByModels(engine) : [];
    const templateOnly = macroOnlyTables(tables, undeclared);
    // A model's own table it reads before it writes it holds one row per unique_key, as the model keeps it.
    const ownKeys = new Map(
      tables.flatMap((t, i) => {
        const key = t.builtBy !== undefined ? engine.project.models.get(t.builtBy)?.config.unique_key : undefined;
        return key !== undefined && undeclared[i] ? [[undeclared[i].uniqueId, typeof key === 'string' ? [key] : key] as const] : [];
      }),
    );
    plans = planSynthetic(project, { rows, clean: args.flags.get('--clean') === true, sourceIds: [...sourceIds, ...undeclared.map((n) => n.uniqueId)], rendered, testSql, asked, templateOnly, ownKeys, onSkip: (e) => skipped.push(e) });
    for (const e of skipped) io.err(`warning: ${e.file ? `${relative(engine.project.root, e.file)}: ` : ''}${e.message}`);
    // A table named as the project names its views over its tables, over one sampled here: written as that view
    // (pass-through-views.ts), so the two hold one set of rows.
    const pairs = viewsOverReadTables(engine.project, tables).map(({ view, table }) => ({ view: undeclared[view].uniqueId, table: undeclared[table].uniqueId }));
    ({ plans, views } = planViewsOverTables(plans, pairs));
    for (const v of views) {
      io.err(`table ${v.label} (${[v.view.database, v.view.schema, v.view.identifier].join('.')}) is named as the project names its views over its tables (a prefix on the table's name, in the schema its own such views are in): written on the twin as a view over ${[v.over.database, v.over.schema, v.over.identifier].join('.')}, not sampled apart.`);
    }
    // Columns the project's custom materializations, hooks and macros write into a sampled table that its readers do
    // not read, or read only as text.
    const statements = [...(await customMaterializationStatements(engine)), ...hookStatements.map((h) => h.sql), ...macroStatements(engine.project).map((m) => m.sql)];
    const writes = statements.map((sql) => writtenTable(sql.trim(), current)).filter((w): w is WrittenTable => w !== undefined);
    for (const note of addWrittenColumns(plans, writes)) io.err(note);
    if (plans.length === 0) throw new UsageError('no selected source can be sampled (see the warnings above).');
    if (refused.size > 0) {
      standIns = planStandIns(project, refused, {
        rows,
        testSql,
        onSkip: (e) => io.err(`warning: ${e.message}`),
      });
    }
  }
  const fromEngine = typeof from === 'string' ? await openEngine({ ...projectRequest(args), target: from }) : undefined;
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      if (!(session instanceof DuckDbSession)) throw new UsageError('bronze sample writes into the embedded DuckDB target.');
      const log = (l: string): void => io.err(l);
      let tables: Array<{ label: string; rows: number; ms: number }>;
      const record = standInRecordPath(engine.project.root, engine.target.name);
      const recorded = readStandIns(record);
      const standInsWritten: StandInEntry[] = [];
      if (fromEngine) {
        const copies: CopyTable[] = sourceIds.map((id) => {
          const src = engine.project.sources.get(id)!;
          return { label: `${src.sourceName}.${src.name}`, from: fromEngine.project.sources.get(id)?.relation ?? src.relation, to: snowflakeStoredRelation(src.relation, src.quoting), source: src };
        });
        // Tables the models or the project's macros read by a written-out name that nothing in the project creates
        // (literal-tables.ts) are the warehouse's: copied with the sources unless sources are selected, read where
        // the --from target resolves the name as written and written where the twin resolves it.
        const hooks = hookStatements.map((h) => h.sql);
        const literal = args.select.length > 0 ? [] : literalTableReads(engine.project, { database: engine.target.database, schema: engine.target.schema }, hooks);
        const remote = new Map(literalTableReads(fromEngine.project, { database: fromEngine.target.database, schema: fromEngine.target.schema }, hooks).map((t) => [t.name, t.relation]));
        for (const [i, node] of undeclaredTableSources(engine.project, literal).entries()) {
          const t = literal[i];
          copies.push({ label: t.name, from: remote.get(t.name) ?? t.relation, to: snowflakeStoredRelation(node.relation, node.quoting), source: node });
        }
        const warehouseFrom = await openWarehouse(fromEngine.target, engine.project.root);
        try {
          const rs = await warehouseFrom.openSession();
          try {
            tables = await copyTables(rs, session, copies, { rows, append, signal, log });
            // A refused model's stand-in: its relation as the --from target builds it (a model that target has not
            // built is named and left out).
            const candidates = [...refused].map(([id, refusal]) => {
              const model = engine.project.models.get(id)!;
              return { model, refusal, from: fromEngine.project.models.get(id)?.relation ?? model.relation, to: standInRelation(engine.project, model) };
            });
            for (const c of await writableStandIns(session, recorded, candidates, log)) {
              const label = `stand-in for model ${c.model.name} (the twin refuses ${c.refusal})`;
              try {
                const [copied] = await copyTables(rs, session, [{ label, from: c.from, to: c.to, source: {} }], { rows, append: false, signal, log });
                tables.push(copied);
                standInsWritten.push({ model: c.model.uniqueId, name: c.model.name, relation: c.to, refusal: c.refusal, rows: copied.rows, from: fromEngine.target.name });
              } catch (e) {
                if (e instanceof WarehouseError && e.details.cancelled) throw e;
                log(`warning: no stand-in for model ${c.model.name}, which the twin refuses: ${(e as Error).message.split('\n')[0]}`);
              }
            }
          } finally {
            await rs.close();
          }
        } finally {
          await warehouseFrom.close();
        }
      } else {
        const fresh = await writableStandIns(session, recorded, standIns.map((s) => ({ ...s, to: s.plan.relation })), log);
        const written = await writeSynthetic(session, [...plans, ...fresh.map((s) => s.plan)], { seed, days, anchor, append, signal, log });
        tables = written.tables;
        for (const f of written.failed) skipped.push(new SamplePlanError(f.message));
        for (const v of views.filter((x) => written.tables.some((t) => t.label === x.overLabel))) {
          const existing = await session.relationType(v.view);
          for (const sql of viewStatements(v, existing)) await session.execute(sql);
          log(`view ${relationSql(v.view)} over ${relationSql(v.over)}`);
        }
        for (const s of fresh) {
          if (written.tables.some((t) => t.label === s.plan.label)) {
            standInsWritten.push({ model: s.model.uniqueId, name: s.model.name, relation: s.plan.relation, refusal: s.refusal, rows: s.plan.rows, drawn: { seed, days, anchor }, columns: columnTypings(s.model, s.plan, undefined) });
          }
        }
        // What the project's hooks need that is made outside the project on Snowflake: the stage files of the
        // sources they load (stage-loads.ts), the tables they insert into (hook-tables.ts).
        const twinDir = twinInfo(engine.target)?.dir;
        if (twinDir) {
          const statements = hookStatements;
          const current = { database: String(engine.target.database ?? session.databaseName).toUpperCase(), schema: String(engine.target.schema ?? 'main').toUpperCase() };
          const loads = hookStageLoads(statements);
          const sampled = plans.filter((p) => written.tables.some((t) => t.label === p.label)).map((p) => p.relation);
          if (loads.length > 0) await writeStageFiles(session, twinDir, current, loads, sampled, log);
          // (A macro's own INSERT INTO a table nothing creates is read as a hook's: macro-sql.ts.)
          await createHookTables(session, engine.project, hookInsertTables([...statements, ...macroStatements(engine.project)], current), log);
        }
      }
      if (standInsWritten.length > 0) writeStandIns(record, new Map([...recorded, ...standInsWritten.map((e): [string, StandInEntry] => [e.model, e])]).values());
      if (args.output === 'json') io.out(JSON.stringify({ target: engine.target.name, tables }, null, 2));
      else io.err(`bronze sample: ${tables.length - standInsWritten.length} source table(s)${standInsWritten.length ? ` and ${standInsWritten.length} stand-in(s) for models the twin refuses` : ''} written into target '${engine.target.name}'${fromEngine ? ` from '${fromEngine.target.name}'` : ` (seed ${seed}, newest rows at ${anchor} UTC)`}${skipped.length ? `; ${skipped.length} left out (see the warnings above)` : ''}.`);
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  return skipped.length > 0 ? 1 : 0;
}
