// Stand-ins: a table of synthetic rows at the relation of a model the twin refuses by name (an EXTERNAL function, HASH),
// so the models downstream of it run offline instead of being skipped. Which models: those whose compiled SQL the
// Snowflake-on-DuckDB translator refuses (the decision `bronze check`'s twin rule shows), or that call a function the
// project's hooks create with no DuckDB form (foreign-udf.ts's refusal). Their columns and values are planned as a
// source's are (plan.ts): the refused model becomes a source its readers select from, its YAML columns declared, its
// tests the source's, and no dirt (a model's output is already clean).
import type { Engine } from '../../../server/src/engine';
import { isEphemeral } from '../../../server/src/engine';
import type { ColumnInfo, ModelNode, ProjectModel, RelationName, SourceNode, TestNode } from '../../../server/src/core/types';
import { quotePolicy, snowflakeStoredRelation } from '../../../server/src/core/quote-policy';
import type { DuckDbSession } from '../warehouse/duckdb';
import type { StandInEntry } from '../run/stand-in-record';
import { relationSql } from './sql';
import { splitStatementsWithOffsets } from '../../../server/src/core/sql/split';
import { tokenizeSql } from '../../../server/src/core/sql/tokenize';
import { translateWithMap } from '../../../server/src/core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { isForeignUdfMessage } from '../../../server/src/core/sql/snowflake-on-duckdb/foreign-udf';
import { SNOWFLAKE_FUNCTIONS } from '../../../server/src/core/sql/snowflake-on-duckdb/snowflake-functions';
import { DUCKDB_FUNCTIONS } from '../../../server/src/core/sql/snowflake-on-duckdb/duckdb-functions';
import { shimStatements } from '../warehouse/snowflake-on-duckdb/shims';
import { SamplePlanError, planSynthetic, type ColumnPlan, type TablePlan } from './plan';
import { renderOffline } from './rendered';
import type { ColumnTyping, OutputColumn } from './stand-in-columns';

/** The source name a stand-in is planned under (never a project's: planning only). */
export const STAND_IN_SOURCE = 'bronze_stand_in';

const SUFFIX = ' is not supported on the DuckDB target';

/**
 * The functions `statements` (the project's hook statements, rendered) create that the twin refuses to call: a
 * foreign or EXTERNAL function, a SQL UDF whose body it refuses. By lower-case name (the last part), the construct as
 * the refusal names it. Read from the translator's DuckDB form of each CREATE: a macro raising that refusal.
 */
export function refusedFunctions(statements: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const sql of statements) {
    if (!/\bfunction\b/i.test(sql)) continue;
    let translated: string;
    try {
      translated = translateWithMap(sql).sql;
    } catch {
      continue;
    }
    const made = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?MACRO\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"(?:[^"]|"")*"|[^\s("]+)(?:\.(?:"(?:[^"]|"")*"|[^\s(".]+))*)\s*\(/i.exec(translated);
    const raised = /\berror\('((?:[^']|'')*)'\)/.exec(translated);
    const message = raised?.[1].replace(/''/g, "'");
    if (!made || !message || !isForeignUdfMessage(message)) continue;
    const name = made[1].split('.').pop()!.replace(/^"|"$/g, '').toLowerCase();
    out.set(name, message.endsWith(SUFFIX) ? message.slice(0, -SUFFIX.length) : message);
  }
  return out;
}

/**
 * What the twin refuses in a model's compiled SQL, as the refusal names it, or undefined: the translator's refusal
 * (thrown, or a call of error() it writes in place of the construct, `bz_unsupported@N: HASH (…)`), else a call of a
 * function in `functions` (refusedFunctions). Some written-in refusals are raised only for some rows (an empty
 * SPLIT_TO_TABLE delimiter): a model that builds after all replaces its stand-in, which then served nothing.
 */
export function refusalOf(sql: string, functions: ReadonlyMap<string, string>): string | undefined {
  return refusalAt(sql, functions)?.construct;
}

/**
 * refusalOf with where the refused construct is: its offset in `sql`; `byRows` when the refusal is one the translator
 * writes into the statement, raised for the rows that reach it (not the translator's refusal of the text itself).
 */
export function refusalAt(sql: string, functions: ReadonlyMap<string, string>): { construct: string; at: number; byRows?: true } | undefined {
  for (const stmt of splitStatementsWithOffsets(sql)) {
    if (stmt.text.trim() === '') continue;
    let translated: string;
    try {
      translated = translateWithMap(stmt.text).sql;
    } catch (e) {
      if (e instanceof UnsupportedOnDuckDb) return { construct: e.construct, at: stmt.start + e.offset };
      continue;
    }
    const raised = /\berror\('bz_unsupported@(\d+): ((?:[^']|'')*)'\)/.exec(translated);
    if (raised) return { construct: raised[2].replace(/''/g, "'"), at: stmt.start + Number(raised[1]), byRows: true };
    const unknown = unknownBuiltinCall(translated);
    if (unknown) {
      const written = new RegExp(`\\b${unknown}\\s*\\(`, 'i').exec(stmt.text);
      return { construct: `Function ${unknown.toUpperCase()}`, at: stmt.start + (written?.index ?? 0) };
    }
  }
  return refusedCallAt(sql, functions);
}

/**
 * Names of Snowflake functions that DuckDB's parser or binder reads itself (CAST, COALESCE, EXTRACT, a type's
 * length `CHAR(10)`, …) rather than from its function catalog, and the spatial extension's ST_ functions, which
 * DuckDB loads on a call: none is an unknown function on the twin.
 */
const READ_BY_DUCKDB = new Set(['cast', 'try_cast', 'char', 'coalesce', 'collate', 'date', 'time', 'extract', 'grouping', 'grouping_id', 'ifnull']);

/** The functions the twin's session defines (shims.ts's macros), lower case: read once. */
let shimNames: ReadonlySet<string> | undefined;

/**
 * The first call, in a translated statement, of a Snowflake built-in the twin has no form of: not DuckDB's, not one
 * the translator rewrote, not a shim. DuckDB fails it only when it binds the statement, at build time ("Function
 * TO_ARRAY is not supported on the DuckDB target", duckdb-errors.ts): refused here, the model gets a stand-in and its
 * readers run (flipside_algorand's silver__swaps_humble_swap_dex, whose TO_ARRAY held 8 models back).
 */
function unknownBuiltinCall(translated: string): string | undefined {
  shimNames ??= new Set(shimStatements().flatMap((m) => /\bMACRO\s+(\w+)\s*\(/i.exec(m)?.[1]?.toLowerCase() ?? []));
  const { tokens } = tokenizeSql(translated);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const name = tokens[i].text.toLowerCase();
    if (tokens[i].kind !== 'ident' || tokens[i + 1].text !== '(' || tokens[i - 1]?.text === '.' || tokens[i - 1]?.text === '::' || /^as$/i.test(tokens[i - 1]?.text ?? '')) continue;
    if (SNOWFLAKE_FUNCTIONS.has(name) && !DUCKDB_FUNCTIONS.has(name) && !shimNames.has(name) && !READ_BY_DUCKDB.has(name) && !name.startsWith('st_')) return name;
  }
  return undefined;
}

/** The first call in `sql` of a function in `functions` (refusedFunctions): what the twin refuses there, and where. */
export function refusedCallAt(sql: string, functions: ReadonlyMap<string, string>): { construct: string; at: number } | undefined {
  if (functions.size === 0) return undefined;
  const { tokens } = tokenizeSql(sql);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const refused = tokens[i].kind === 'ident' && tokens[i + 1].text === '(' ? functions.get(tokens[i].text.toLowerCase()) : undefined;
    if (refused) return { construct: refused, at: tokens[i].start };
  }
  return undefined;
}

/** The enabled, non-ephemeral models another enabled model selects from. */
function modelsWithReaders(project: ProjectModel): ModelNode[] {
  const read = new Set<string>();
  for (const m of project.models.values()) if (m.resourceType === 'model' && m.config.enabled !== false) for (const id of m.dependsOn.nodes) read.add(id);
  return [...project.models.values()].filter((m) => m.resourceType === 'model' && m.config.enabled !== false && !isEphemeral(m) && read.has(m.uniqueId));
}

/**
 * The models a stand-in is for, with what the twin refuses in each: models others read that are Python models or
 * whose SQL rendered without a warehouse the twin refuses (refusalOf). A model whose rendering fails is left out
 * (nothing is known of it).
 */
export async function refusedModels(engine: Engine, hookStatements: readonly string[]): Promise<Map<string, string>> {
  const functions = refusedFunctions(hookStatements);
  const out = new Map<string, string>();
  for (const model of modelsWithReaders(engine.project)) {
    // The runner runs SQL only: a Python model fails by name on the twin (python-model.ts's pythonNotRunMessage).
    if (model.language === 'python') {
      out.set(model.uniqueId, 'a Python model');
      continue;
    }
    let sql: string;
    try {
      sql = await renderOffline(engine, model);
    } catch {
      continue;
    }
    const refusal = refusalOf(sql, functions);
    if (refusal) out.set(model.uniqueId, refusal);
  }
  return out;
}

/** A column's name as a YAML entry or a test gives it: a bare identifier, or a quoted one. */
const COLUMN_NAME = /^(?:[A-Za-z_][\w$]*|"(?:[^"]|"")+")$/;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `ref('m')`, `ref("pkg", "m")`, `ref('m', v=2)` of the model named `name`, in template text. */
function refPattern(name: string): RegExp {
  return new RegExp(`\\bref\\s*\\(\\s*(?:(['"])[^'"]*\\1\\s*,\\s*)?(['"])${escape(name)}\\2\\s*(?:,\\s*(?:v|version)\\s*=\\s*[^)]*)?\\)`, 'g');
}

/** The id of the source a model's stand-in is planned as. */
export function standInSourceId(model: ModelNode): string {
  return `source.${model.packageName}.${STAND_IN_SOURCE}.${model.name}`;
}

/**
 * The project as the planner sees it with each refused model a source (STAND_IN_SOURCE, the model's name) at the
 * model's relation: its YAML columns declared, its tests attached to the source, its readers selecting from the source
 * (their refs to it rewritten, their dependency on it the source's) — a refused reader too, whose build fails only
 * after DuckDB has bound what it reads. By source id, the model each stands in for.
 */
export function standInProject(
  project: ProjectModel,
  refused: Iterable<string>,
  outputs: ReadonlyMap<string, readonly OutputColumn[]> = new Map(),
): { project: ProjectModel; standIns: Map<string, ModelNode> } {
  const standIns = new Map<string, ModelNode>();
  const sources = new Map(project.sources);
  const models = new Map(project.models);
  const quoting = quotePolicy(project.projectConfig.quoting);
  const bySource = new Map<string, string>();
  for (const id of refused) {
    const model = project.models.get(id);
    if (!model) continue;
    const sourceId = standInSourceId(model);
    const node: SourceNode = {
      uniqueId: sourceId,
      name: model.name,
      resourceType: 'source',
      packageName: model.packageName,
      originalFilePath: model.originalFilePath,
      fqn: [model.packageName, STAND_IN_SOURCE, model.name],
      location: model.patchLocation ?? model.location,
      description: model.description,
      tags: model.tags,
      meta: {},
      sourceName: STAND_IN_SOURCE,
      identifier: model.relation.identifier,
      relation: model.relation,
      // A YAML entry that names an expression (`COALESCE(a,'~') || b`, for a test on it) is no column of the table.
      columns: outputs.has(id) ? outputColumns(model, outputs.get(id)!) : Object.fromEntries(Object.entries(model.columns).filter(([name]) => COLUMN_NAME.test(name))),
      config: { enabled: true },
      ...(quoting ? { quoting } : {}),
    };
    sources.set(sourceId, node);
    standIns.set(sourceId, model);
    bySource.set(id, sourceId);
  }
  const rewrite = (text: string): string => {
    let out = text;
    for (const [id, sourceId] of bySource) out = out.replace(refPattern(project.models.get(id)!.name), `source('${STAND_IN_SOURCE}', '${sources.get(sourceId)!.name}')`);
    return out;
  };
  const dependsOn = (nodes: readonly string[]): string[] => nodes.map((n) => bySource.get(n) ?? n);
  for (const [id, m] of models) {
    if (!m.dependsOn.nodes.some((n) => bySource.has(n))) continue;
    models.set(id, { ...m, rawCode: rewrite(m.rawCode), dependsOn: { ...m.dependsOn, nodes: dependsOn(m.dependsOn.nodes) } });
  }
  const tests = new Map<string, TestNode>();
  for (const [id, t] of project.tests) {
    if (!t.dependsOn.nodes.some((n) => bySource.has(n))) {
      tests.set(id, t);
      continue;
    }
    // A test of an expression (a column entry naming one) says nothing of a column the table holds.
    if (t.attachedNode && bySource.has(t.attachedNode) && t.columnName !== undefined && !COLUMN_NAME.test(t.columnName)) continue;
    const kwargs = t.testMetadata ? Object.fromEntries(Object.entries(t.testMetadata.kwargs).map(([k, v]) => [k, typeof v === 'string' ? rewrite(v) : v])) : undefined;
    tests.set(id, {
      ...t,
      rawCode: rewrite(t.rawCode),
      dependsOn: { ...t.dependsOn, nodes: dependsOn(t.dependsOn.nodes) },
      ...(t.attachedNode ? { attachedNode: bySource.get(t.attachedNode) ?? t.attachedNode } : {}),
      ...(t.testMetadata && kwargs ? { testMetadata: { ...t.testMetadata, kwargs } } : {}),
    });
  }
  return { project: { ...project, sources, models, tests }, standIns };
}

/**
 * A stand-in's declared columns when the model's output is known (stand-in-columns.ts): those columns, in its order,
 * typed as its query types them; a column the query leaves untyped keeps its YAML data_type, else the type its
 * readers' use implies. Its YAML entry (description, tests) still applies, matched as Snowflake matches an unquoted name.
 */
function outputColumns(model: ModelNode, outputs: readonly OutputColumn[]): Record<string, ColumnInfo> {
  const yaml = new Map(Object.values(model.columns).map((c) => [c.name.toLowerCase(), c]));
  const out: Record<string, ColumnInfo> = {};
  for (const o of outputs) {
    // A name the twin stores as it is written in lower or mixed case was quoted in the model.
    const quoted = o.name !== o.name.toUpperCase();
    const entry = quoted ? undefined : yaml.get(o.name.toLowerCase());
    const dataType = o.dataType ?? entry?.dataType;
    out[entry?.name ?? o.name] = {
      name: entry?.name ?? o.name,
      description: entry?.description ?? '',
      tags: entry?.tags ?? [],
      meta: entry?.meta ?? {},
      ...(dataType ? { dataType } : {}),
      ...(quoted ? { quote: true } : entry?.quote ? { quote: entry.quote } : {}),
    };
  }
  return out;
}

/** How each column of a stand-in's plan got its type: the model's output, its YAML data_type, or its readers' use. */
export function columnTypings(model: ModelNode, plan: TablePlan, outputs: readonly OutputColumn[] | undefined): Array<{ name: string; dataType: string; typedBy: ColumnTyping }> {
  const typed = new Set((outputs ?? []).filter((o) => o.dataType !== undefined).map((o) => o.name.toLowerCase()));
  const yaml = new Set(Object.values(model.columns).filter((c) => c.dataType).map((c) => c.name.toLowerCase()));
  return plan.columns.map((c) => {
    const name = c.name.toLowerCase();
    return { name: c.quoted ? c.name : c.name.toUpperCase(), dataType: c.dataType, typedBy: typed.has(name) ? 'model' : yaml.has(name) ? 'yaml' : 'use' };
  });
}

/**
 * The tables of the stand-ins for `refused` (model unique_id → refusal): planned as sources with no dirt, each
 * labelled for the sampler's progress lines. A model whose readers name no column of it and whose YAML declares none
 * is given to onSkip.
 */
export function planStandIns(
  project: ProjectModel,
  refused: ReadonlyMap<string, string>,
  options: {
    rows: number;
    testSql?: ReadonlyMap<string, string>;
    onSkip: (error: SamplePlanError) => void;
    /** By model unique_id, the columns its query outputs (stand-in-columns.ts): the stand-in has those and no others. */
    outputs?: ReadonlyMap<string, readonly OutputColumn[]>;
    /**
     * Models whose stand-ins stand beside these (a run drawing one again): sources of the planned project, as when
     * bronze sample planned them all together, so a key traced into one references its stand-in; not planned here.
     */
    beside?: Iterable<string>;
  },
): Array<{ plan: TablePlan; model: ModelNode; refusal: string }> {
  if (refused.size === 0) return [];
  const outputs = options.outputs ?? new Map<string, readonly OutputColumn[]>();
  const { project: planned, standIns: all } = standInProject(project, new Set([...refused.keys(), ...(options.beside ?? [])]), outputs);
  const standIns = new Map([...all].filter(([, model]) => refused.has(model.uniqueId)));
  // A stand-in the planner cannot describe is named as the model's, not as the source it is planned as.
  const onSkip = (e: SamplePlanError): void => {
    const model = [...standIns.values()].find((m) => e.message.startsWith(`source ${STAND_IN_SOURCE}.${m.name} `));
    options.onSkip(model ? new SamplePlanError(`no stand-in for model ${model.name}, which the twin refuses (${refused.get(model.uniqueId)}): neither its YAML nor the models reading it name a column of it.`, e.file) : e);
  };
  const plans = planSynthetic(planned, { rows: options.rows, clean: true, sourceIds: [...standIns.keys()], testSql: options.testSql, onSkip });
  return plans.flatMap((plan) => {
    const model = standIns.get(plan.sourceId);
    if (!model) return [];
    const refusal = refused.get(model.uniqueId)!;
    const label = `stand-in for model ${model.name} (the twin refuses ${refusal})`;
    const output = outputs.get(model.uniqueId);
    if (!output) return [{ plan: { ...plan, label }, model, refusal }];
    // A column its readers name that the model does not output would fail on Snowflake too: it is not made up.
    const names = new Set(output.map((o) => o.name.toLowerCase()));
    const kept = (c: string | undefined): string | undefined => (c !== undefined && names.has(c.toLowerCase()) ? c : undefined);
    // (A column whose values follow one not kept no longer follows it.)
    const columns = plan.columns
      .filter((c) => names.has(c.name.toLowerCase()))
      .map(({ sameAs, notBefore, ...c }): ColumnPlan => ({ ...c, ...(kept(sameAs) ? { sameAs } : {}), ...(kept(notBefore) ? { notBefore } : {}) }));
    return [{ plan: { ...plan, label, columns, key: kept(plan.key), updatedAt: kept(plan.updatedAt), loadedAt: kept(plan.loadedAt) }, model, refusal }];
  });
}

/** Where a model's stand-in is written: its relation as the twin stores it (the project's `quoting:`), as a source's. */
export function standInRelation(project: ProjectModel, model: ModelNode): RelationName {
  return snowflakeStoredRelation(model.relation, quotePolicy(project.projectConfig.quoting));
}

/**
 * The stand-ins that may be written: a relation that holds nothing yet, or a stand-in an earlier sample wrote. A
 * relation a build made is left as it was (its rows are the model's own), and said so.
 */
export async function writableStandIns<T extends { model: ModelNode; to: RelationName }>(
  session: DuckDbSession,
  recorded: ReadonlyMap<string, StandInEntry>,
  candidates: readonly T[],
  log: (line: string) => void,
): Promise<T[]> {
  const out: T[] = [];
  for (const c of candidates) {
    if (!recorded.has(c.model.uniqueId) && (await session.relationType(c.to)) !== null) log(`no stand-in for model ${c.model.name}: ${relationSql(c.to)} exists and is no stand-in (a build made it), left as it was.`);
    else out.push(c);
  }
  return out;
}
