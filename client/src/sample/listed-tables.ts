// Tables a model finds by listing a schema (introspection.ts) that the project declares nowhere. On Snowflake a
// Rudderstack schema holds one table per event; a project declares a few (tracks, users) and its listing macro
// leaves exactly those out (`table_name not in ('TRACKS', 'USERS', …)`) or keeps only a name it gives
// (`lower(table_name) in ('event')`). On the twin the listing then finds nothing, the union renders no query, and
// every model downstream is lost. So each listing model is rendered offline, the INFORMATION_SCHEMA.TABLES queries
// it runs are collected, and each is run on a scratch DuckDB holding the schema's declared tables: when it keeps
// none of them, candidate tables are added — the names its filters compare TABLE_NAME with, else one name of the
// sampler's — and the ones it keeps are the tables to sample. A listing that keeps no candidate stays empty, so the
// build still reports it by name; schemas the project builds into are never filled.
import type { Engine } from '../../../server/src/engine';
import type { ModelNode, ProjectModel, RelationName, SourceNode, TargetConfig } from '../../../server/src/core/types';
import type { QueryResult } from '../../../server/src/template/dbt-context';
import { createDuckDbWarehouse, type DuckDbSession } from '../warehouse/duckdb';
import { markListedBy, modelsListingSources, namesSchema } from './introspection';
import { tableSourceNode } from './literal-tables';
import { renderOffline } from './rendered';
import { quoteIdent } from './sql';

/** The table name the sampler gives when the listing's filters name none it keeps; a wildcard's stand-in too. */
export const SAMPLED_TABLE_NAME = 'BRONZE_SYNTHETIC';

export interface ListedTable {
  /** Where it is written: the listed database and schema, the name upper-case (unquoted, as Snowflake stores it). */
  relation: RelationName;
  /** The models whose listing keeps it, by unique_id. */
  listers: string[];
  /** Whether the listing's filters name it (`table_name in ('event')`); else the sampler chose the name. */
  named: boolean;
  /** The tables the project declares in that schema, which the listing leaves out (stored names). */
  leftOut: string[];
}

/** The scratch DuckDB's own catalog, where the session rests between listings. */
const SCRATCH = 'memory';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const TABLES = /((?:"[^"]+"|[A-Za-z_][\w$]*)\s*\.\s*)?\binformation_schema\s*\.\s*tables\b/gi;

/**
 * The string literals `sql` compares `column` with: `column [not] in ('a', 'b')`, `[not] [i]like 'x%'`,
 * `= 'x'`, also with the column inside a function (`lower(table_name) in (…)`).
 */
export function comparedLiterals(sql: string, column: string): string[] {
  const literal = `'(?:[^']|'')*'`;
  const re = new RegExp(`\\b${column}\\b\\s*\\)?\\s*(?:not\\s+)?(?:(?:in|i?like\\s+any)\\s*\\(((?:\\s*${literal}\\s*,?)+)\\)|(?:i?like|=)\\s*(${literal}))`, 'gi');
  const out: string[] = [];
  for (const m of sql.matchAll(re)) {
    for (const v of (m[1] ?? m[2]).matchAll(new RegExp(literal, 'g'))) out.push(v[0].slice(1, -1).replace(/''/g, "'"));
  }
  return out;
}

/** A literal as a table name to try: an unquoted identifier upper-cased, a LIKE pattern with its `%` filled. */
function candidateName(literal: string): string | undefined {
  const name = literal.replace(/\\(.)/g, '$1').replace(/%/g, SAMPLED_TABLE_NAME);
  return IDENTIFIER.test(name) ? name.toUpperCase() : undefined;
}

/** The databases an INFORMATION_SCHEMA.TABLES query names (`current` when it names none), as written, unquoted. */
function listedDatabases(sql: string, current: string): string[] {
  const out = [...sql.matchAll(TABLES)].map((m) => (m[1] ? m[1].replace(/\s*\.\s*$/, '').replace(/^"|"$/g, '') : current));
  return [...new Set(out)];
}

/** The INFORMATION_SCHEMA.TABLES queries each listing model runs while it renders, by model. */
async function listingQueries(engine: Engine, models: readonly ModelNode[]): Promise<Map<ModelNode, string[]>> {
  const out = new Map<ModelNode, string[]>();
  for (const model of models) {
    const queries: string[] = [];
    const answer = (sql: string): QueryResult => {
      if (new RegExp(TABLES.source, 'i').test(sql) && !queries.includes(sql)) queries.push(sql);
      return { columns: [], rows: [] };
    };
    try {
      await renderOffline(engine, model, answer);
    } catch {
      // An empty answer may break what the model does with it: the queries asked before count.
    }
    if (queries.length > 0) out.set(model, queries);
  }
  return out;
}

interface Place {
  database: string;
  schema: string;
}

const sameName = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

/**
 * Runs `sql` on scratch catalogs holding each place's `tables` (stored names); the text values of its rows,
 * upper-cased (the names it keeps, however it spells them), or undefined when it fails there.
 */
async function keptNames(session: DuckDbSession, sql: string, places: ReadonlyArray<Place & { tables: readonly string[] }>, current: string, rows: number): Promise<Set<string> | undefined> {
  const databases = [...new Set(places.map((p) => p.database.toUpperCase()))];
  try {
    for (const db of databases) {
      await session.connection.run(`DETACH DATABASE IF EXISTS ${quoteIdent(db)}`);
      await session.connection.run(`ATTACH ':memory:' AS ${quoteIdent(db)}`);
    }
    // An INFORMATION_SCHEMA named without a database lists the session's: the target's.
    if ([...sql.matchAll(TABLES)].some((m) => !m[1])) await session.connection.run(`USE ${quoteIdent(current.toUpperCase())}`);
    // Row counts only matter to a listing that reads ROW_COUNT (`row_count >= 100`): the sampled tables' own.
    const filled = /\brow_count\b/i.test(sql) ? rows : 0;
    for (const p of places) {
      await session.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(p.database.toUpperCase())}.${quoteIdent(p.schema)}`);
      for (const t of p.tables) {
        const rel = `${quoteIdent(p.database.toUpperCase())}.${quoteIdent(p.schema)}.${quoteIdent(t)}`;
        await session.connection.run(`CREATE TABLE ${rel} AS SELECT range::INTEGER AS bz_row FROM range(${filled})`);
      }
    }
    const result = await session.execute(sql);
    const out = new Set<string>();
    for (const row of result.rows) for (const v of Object.values(row)) if (typeof v === 'string') out.add(v.toUpperCase());
    return out;
  } catch {
    // A listing the scratch catalog cannot answer (it reads more than the schema's tables) says nothing.
    return undefined;
  } finally {
    await session.connection.run(`USE ${SCRATCH}`);
    for (const db of databases) await session.connection.run(`DETACH DATABASE IF EXISTS ${quoteIdent(db)}`).catch(() => undefined);
  }
}

/**
 * The tables to sample so that each listing model's INFORMATION_SCHEMA.TABLES query finds one where it finds none
 * of the tables declared in the schema it lists (`sources`: the declared sources and any table planned like one).
 * `rows`: the rows each sampled table will hold (a listing may filter on ROW_COUNT).
 */
export async function tablesListingsNeed(engine: Engine, sources: readonly SourceNode[], rows: number): Promise<ListedTable[]> {
  const project = engine.project;
  const listers = [...modelsListingSources(project, sources).listers.keys()].filter((m) => m.config.enabled !== false && m.language !== 'python');
  if (listers.length === 0) return [];
  const queries = await listingQueries(engine, listers);
  if (queries.size === 0) return [];
  const built = builtSchemas(project);
  const declaredIn = (p: Place): string[] =>
    sources.filter((s) => sameName(s.relation.database, p.database) && sameName(s.relation.schema, p.schema)).map((s) => (s.quoting?.identifier ? s.relation.identifier : s.relation.identifier.toUpperCase()));
  const found = new Map<string, ListedTable>();
  const warehouse = await createDuckDbWarehouse({ name: 'bronze-sample-listing', profileName: 'bronze', type: 'duckdb', threads: 1, database: SCRATCH, schema: 'main', path: ':memory:' } as TargetConfig);
  try {
    const session = await warehouse.openSession();
    try {
      const answers = new Map<string, Array<{ place: Place; names: string[]; named: boolean; leftOut: string[] }>>();
      for (const [model, sqls] of queries) {
        for (const sql of sqls) {
          let answer = answers.get(sql);
          if (!answer) answers.set(sql, (answer = await neededBy(session, sql, placesOf(sql, engine.target.database, sources, built), declaredIn, engine.target.database, rows)));
          for (const a of answer) {
            for (const name of a.names) {
              const relation: RelationName = { database: a.place.database, schema: a.place.schema, identifier: name };
              const key = [relation.database, relation.schema, relation.identifier].join('.').toUpperCase();
              const entry = found.get(key) ?? { relation, listers: [], named: a.named, leftOut: a.leftOut };
              if (!entry.listers.includes(model.uniqueId)) entry.listers.push(model.uniqueId);
              found.set(key, entry);
            }
          }
        }
      }
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  return [...found.values()].sort((a, b) => [a.relation.database, a.relation.schema, a.relation.identifier].join('.').localeCompare([b.relation.database, b.relation.schema, b.relation.identifier].join('.')));
}

/** `database.schema` (upper-case) of every relation the project builds: a listing of those is of its own output. */
function builtSchemas(project: ProjectModel): Set<string> {
  return new Set([...project.models.values()].map((m) => `${m.relation.database}.${m.relation.schema}`.toUpperCase()));
}

/**
 * The schemas a listing query names (literals compared with TABLE_SCHEMA; a LIKE pattern stands for the declared
 * schemas it matches) in each database it lists, less INFORMATION_SCHEMA and the schemas the project builds into.
 */
function placesOf(sql: string, current: string, sources: readonly SourceNode[], built: ReadonlySet<string>): Place[] {
  const out: Place[] = [];
  for (const database of listedDatabases(sql, current)) {
    const schemas = new Set<string>();
    for (const literal of comparedLiterals(sql, 'table_schema')) {
      if (IDENTIFIER.test(literal)) schemas.add(literal.toUpperCase());
      else for (const s of sources) if (sameName(s.relation.database, database) && namesSchema(literal, s.relation.schema)) schemas.add(s.relation.schema.toUpperCase());
    }
    for (const schema of schemas) {
      if (schema === 'INFORMATION_SCHEMA' || built.has(`${database}.${schema}`.toUpperCase())) continue;
      out.push({ database: database.toUpperCase(), schema });
    }
  }
  return out;
}

/**
 * What one listing query needs: nothing when it keeps a declared table of a schema it lists; else, at the first
 * place where it keeps a candidate, the candidates its filters name that it keeps, or the sampler's name.
 */
async function neededBy(
  session: DuckDbSession,
  sql: string,
  places: readonly Place[],
  declaredIn: (p: Place) => string[],
  current: string,
  rows: number,
): Promise<Array<{ place: Place; names: string[]; named: boolean; leftOut: string[] }>> {
  if (places.length === 0) return [];
  const declared = places.map((p) => ({ ...p, tables: declaredIn(p) }));
  const kept = await keptNames(session, sql, declared, current, rows);
  if (!kept || declared.some((p) => p.tables.some((t) => kept.has(t.toUpperCase())))) return [];
  const named = [...new Set(comparedLiterals(sql, 'table_name').map(candidateName).filter((n): n is string => n !== undefined))];
  for (const p of declared) {
    const taken = new Set(p.tables.map((t) => t.toUpperCase()));
    const candidates = [...named, SAMPLED_TABLE_NAME].filter((n) => !taken.has(n));
    const got = await keptNames(session, sql, [{ ...p, tables: [...p.tables, ...candidates] }], current, rows);
    if (!got) continue;
    const keptNamed = named.filter((n) => got.has(n) && !taken.has(n));
    if (keptNamed.length > 0) return [{ place: p, names: keptNamed, named: true, leftOut: p.tables }];
    if (got.has(SAMPLED_TABLE_NAME)) return [{ place: p, names: [SAMPLED_TABLE_NAME], named: false, leftOut: p.tables }];
  }
  return [];
}

/**
 * A source node for each table (labelled `<source name of its schema, else the schema>.<table>`), recorded as listed
 * by its listing models, with the line `bronze sample` prints about it.
 */
export function listedTableSources(project: ProjectModel, tables: readonly ListedTable[], sources: readonly SourceNode[]): Array<{ node: SourceNode; note: string }> {
  return tables.map((t) => {
    const listers = t.listers.map((id) => project.models.get(id)).filter((m) => m !== undefined);
    const where = `${t.relation.database}.${t.relation.schema}`;
    const schema = sources.find((s) => sameName(s.relation.database, t.relation.database) && sameName(s.relation.schema, t.relation.schema));
    const node = tableSourceNode(project, [schema?.sourceName ?? t.relation.schema.toLowerCase(), t.relation.identifier.toLowerCase()], t.relation, {}, listers[0]);
    markListedBy(node, listers);
    const declared = t.leftOut.length === 0 ? 'the project declares no table there' : `it leaves out the ${t.leftOut.length} the project declares there (${t.leftOut.slice(0, 5).join(', ')}${t.leftOut.length > 5 ? ', …' : ''})`;
    // A listing of another target's output (production's schema) names the project's own models there.
    const model = [...project.models.values()].find((m) => m.resourceType === 'model' && sameName(m.relation.identifier, t.relation.identifier) && sameName(m.config.schema ?? '', t.relation.schema));
    const named = t.named ? `(a name its filters keep${model ? `: model ${model.name}'s table as another target builds it` : ''})` : '(a name the sampler chose; its filters keep it)';
    const note =
      `table ${where}.${t.relation.identifier} ${named} stands for the tables ${listers.map((m) => m.name).join(', ')} find${listers.length === 1 ? 's' : ''} by listing ${where}, ` +
      `where ${declared}: sampled with the columns read from ${listers.length === 1 ? 'that listing' : 'those listings'} downstream.`;
    return { node, note };
  });
}
