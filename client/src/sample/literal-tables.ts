// Tables the models read by a name written out (`FROM bronze.fifa_metadata`, `JOIN db.schema.t`: neither ref() nor
// source()) that nothing in the project creates: no model, seed, snapshot or source is that relation, and no hook
// creates or inserts into it. On Snowflake such a table exists in the warehouse (made by hand, or by another
// project); on the twin it would not, and every model reading it would fail. The sampler writes each one as it writes
// a source that declares no columns: the columns are the ones the models read from it (usage.ts), typed by their uses.
// Each is planned as a source of its own (`undeclaredTableSources`), named as the models write it. A name the
// project's own macros read in the SQL they print (macro-sql.ts: a run_query of a control table) counts the same.
// So does a model's own table that the model reads by name (`builtBy`): it cannot make it without reading it first.
import type { ModelNode, ProjectModel, QuotePolicy, RelationName, SourceNode } from '../../../server/src/core/types';
import { scanJinja } from '../../../server/src/template/scan';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { formatNameParts, resolveName } from '../warehouse/snowflake-on-duckdb/stage-files';
import { macroSqlTexts } from './macro-sql';

export interface LiteralTable {
  /** The name as the first reader writes it (`bronze.fifa_metadata`). */
  name: string;
  /** The relation Snowflake resolves it to in the session's database, each part as stored (unquoted: upper case). */
  relation: RelationName;
  /** Parts written quoted: kept exactly as written. */
  quoting: QuotePolicy;
  /** The models (and the project macros, macro.… ids) that read it, by unique_id. */
  readers: string[];
  /** The lower-case parts it goes by: database.schema.table, and schema.table when it is in the session's database. */
  spellings: string[][];
  /**
   * The model (unique_id) whose own table it is and which reads it by name itself (robling's DWH_C_PARAM: `select …
   * from DW_DWH.DWH_C_PARAM` in models/DWH_C_PARAM.sql, incremental): its first run needs it to exist, on a fresh
   * Snowflake warehouse too, where the project's install scripts create it. Nothing else in the project makes it.
   */
  builtBy?: string;
}

/** The spellings (lower-case parts, two or three) each planned table goes by in the models: what usage.ts matches. */
const spellings = new WeakMap<SourceNode, string[][]>();

/** How the models write the table a planned source stands for, or undefined for a declared source. */
export function writtenNamesOf(source: SourceNode): string[][] | undefined {
  return spellings.get(source);
}

const isName = (t: SqlToken | undefined): boolean => !!t && (t.kind === 'ident' || t.kind === 'quoted');

/**
 * The dotted name (two or three parts) starting at token `i`, or undefined: not a call (`db.s.fn(…)`), not part of
 * a longer name, and no part of it Jinja (`{{ target.database }}.s.t` is not written out).
 */
function dottedName(tokens: SqlToken[], text: string, i: number): { parts: SqlToken[]; next: number } | undefined {
  const parts: SqlToken[] = [];
  let k = i;
  while (isName(tokens[k])) {
    parts.push(tokens[k]);
    if (tokens[k + 1]?.text !== '.') break;
    k += 2;
  }
  const next = i + parts.length * 2 - 1;
  if (parts.length < 2 || parts.length > 3 || tokens[next]?.text === '(' || tokens[next]?.text === '.') return undefined;
  if (parts.some((p) => text[p.start] === '{')) return undefined;
  return { parts, next };
}

/** Words that end a FROM clause at its depth. */
const FROM_ENDS = new Set(['where', 'group', 'order', 'having', 'qualify', 'limit', 'union', 'except', 'minus', 'intersect', 'window', 'select', 'connect', 'start', 'fetch', 'offset']);

/**
 * Whether the FROM at token `i` opens a query's FROM clause, not a function's argument (`EXTRACT(year FROM t.ts)`,
 * `TRIM(BOTH FROM x)`): at the top level, or inside parentheses a query opens.
 */
function queryFrom(tokens: SqlToken[], i: number): boolean {
  const depth = tokens[i].depth;
  if (depth === 0) return true;
  for (let k = i - 1; k >= 0; k--) {
    if (tokens[k].depth === depth - 1 && tokens[k].text === '(') return /^(select|with)$/i.test(tokens[k + 1]?.text ?? '');
  }
  return false;
}

/**
 * Each name the FROM clauses of `sql` (masked Jinja; `text` the template) read as written: the first item, each
 * item after a comma and each JOINed one, at the clause's own depth (a subquery's are read at its own FROM).
 */
function namesRead(sql: string, text: string): string[] {
  const { tokens } = tokenizeSql(sql);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'ident' || tokens[i].text.toLowerCase() !== 'from' || !queryFrom(tokens, i)) continue;
    const depth = tokens[i].depth;
    let item = true;
    for (let k = i + 1; k < tokens.length; k++) {
      const t = tokens[k];
      // A parenthesis has the depth of the text around it: the one closing the clause's query is one level out; one
      // at the clause's own depth closes an ON condition's `(…)` or a call's.
      if (t.depth < depth) break;
      if (t.depth > depth) continue;
      const word = t.kind === 'ident' ? t.text.toLowerCase() : '';
      if (FROM_ENDS.has(word)) break;
      if (t.text === ',' || word === 'join') {
        item = true;
        continue;
      }
      if (!item) continue;
      item = false;
      const found = dottedName(tokens, text, k);
      if (!found) continue;
      out.push(found.parts.map((p) => sql.slice(p.start, p.end)).join('.'));
      k = found.next - 1;
    }
  }
  return out;
}

const key = (r: RelationName): string => [r.database, r.schema, r.identifier].map((p) => p.toUpperCase()).join('.');

/** `CREATE … TABLE|VIEW name` and `INSERT INTO name` in hook statements: the relations the hooks make or fill. */
const HOOK_WRITE = /\b(?:create\s+(?:or\s+replace\s+)?(?:(?:local|global|temp|temporary|transient|volatile|secure|materialized|dynamic|external|iceberg)\s+)*(?:table|view)\s+(?:if\s+not\s+exists\s+)?|insert\s+(?:overwrite\s+)?into\s+)((?:"(?:[^"]|"")*"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[A-Za-z_][\w$]*)){0,2})/gi;

/**
 * The tables the enabled models read by a written-out name that no node of the project is and no hook statement
 * (`hooks`: rendered) creates or writes, resolved in `current` (the target's database and schema), in name order.
 */
export function literalTableReads(project: ProjectModel, current: { database: string; schema: string }, hooks: readonly string[] = []): LiteralTable[] {
  const resolve = (name: string): { relation: RelationName; quoting: QuotePolicy } => {
    const parts = formatNameParts(name);
    const [database, schema, identifier] = resolveName(parts, current.database.toUpperCase(), current.schema.toUpperCase());
    const quoted = (k: number): boolean => parts[parts.length - 3 + k]?.quoted === true;
    const quoting: QuotePolicy = { ...(quoted(0) ? { database: true } : {}), ...(quoted(1) ? { schema: true } : {}), ...(quoted(2) ? { identifier: true } : {}) };
    return { relation: { database, schema, identifier }, quoting };
  };
  const made = new Set<string>();
  // The nodes that are each relation: a model reading its own by name is the one such reader its table is sampled for.
  const nodesOf = new Map<string, string[]>();
  for (const node of [...project.models.values(), ...project.sources.values()]) nodesOf.set(key(node.relation), [...(nodesOf.get(key(node.relation)) ?? []), node.uniqueId]);
  for (const sql of hooks) for (const m of sql.matchAll(HOOK_WRITE)) made.add(key(resolve(m[1].replace(/\s*\.\s*/g, '.')).relation));
  // A table one of the project's macros creates is the project's own (an operation or a hook makes it).
  const macroSql = macroSqlTexts(project);
  for (const { sql } of macroSql) for (const m of sql.matchAll(HOOK_WRITE)) if (/^create\b/i.test(m[0])) made.add(key(resolve(m[1].replace(/\s*\.\s*/g, '.')).relation));
  const found = new Map<string, LiteralTable>();
  // Tables only the model that builds them reads before it runs: each table's key → that model's unique_id.
  const selfRead = new Map<string, string>();
  const reads: Array<{ name: string; reader: string }> = [];
  const read = (name: string, reader: string): void => {
    reads.push({ name, reader });
  };
  const record = ({ name, reader }: { name: string; reader: string }): void => {
    const { relation, quoting } = resolve(name);
    const k = key(relation);
    // The twin answers INFORMATION_SCHEMA and Snowflake's shared database itself.
    if (made.has(k) || (nodesOf.has(k) && !selfRead.has(k)) || relation.schema.toUpperCase() === 'INFORMATION_SCHEMA' || relation.database.toUpperCase() === 'SNOWFLAKE') return;
    const full = [relation.database, relation.schema, relation.identifier].map((p) => p.toLowerCase());
    const here = relation.database.toUpperCase() === current.database.toUpperCase();
    const builtBy = selfRead.get(k);
    const entry = found.get(k) ?? { name, relation, quoting, readers: [], spellings: here ? [full, full.slice(1)] : [full], ...(builtBy ? { builtBy } : {}) };
    if (!entry.readers.includes(reader)) entry.readers.push(reader);
    found.set(k, entry);
  };
  // (A Python model's `from snowflake.snowpark import …` is an import, not a table.)
  const models = [...project.models.values()].filter((m): m is ModelNode => m.resourceType === 'model' && m.config.enabled !== false && m.language !== 'python');
  for (const model of models) {
    const scan = scanJinja(model.rawCode);
    const names = namesRead(scan.masked, scan.text);
    for (const name of names) read(name, model.uniqueId);
    // A read of its own table under `{% if is_incremental() %}` is a later run's: the first run does not make it.
    // (Read again without those branches only by a model that names its own table at all.)
    const own = key(model.relation);
    if (!names.some((name) => key(resolve(name).relation) === own)) continue;
    for (const name of namesRead(outsideIncrementalBranches(scan), scan.text)) {
      const k = key(resolve(name).relation);
      const nodes = nodesOf.get(k);
      if (nodes?.length === 1 && nodes[0] === model.uniqueId && readsOwnStateFirst(model)) selfRead.set(k, model.uniqueId);
    }
  }
  // What the project's macros read by name (a run_query of a control table), read as the models' reads are.
  for (const { macroId, sql, text } of macroSql) for (const name of namesRead(sql, text)) read(name, macroId);
  for (const r of reads) record(r);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The masked SQL with each `{% if is_incremental() %} … {% endif %}` blanked (its else branch too), line breaks kept. */
function outsideIncrementalBranches(scan: ReturnType<typeof scanJinja>): string {
  let masked = scan.masked;
  const tags = scan.tags;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t.keyword !== 'if' || !/is_incremental/.test(scan.text.slice(t.innerStart, t.innerEnd))) continue;
    let depth = 0;
    let end = masked.length;
    for (let j = i; j < tags.length; j++) {
      if (tags[j].keyword === 'if') depth++;
      else if (tags[j].keyword === 'endif' && --depth === 0) {
        end = tags[j].end;
        break;
      }
    }
    masked = masked.slice(0, t.start) + masked.slice(t.start, end).replace(/[^\n]/g, ' ') + masked.slice(end);
  }
  return masked;
}

/**
 * Whether a model that reads its own table by name needs it before its first run: one that keeps or rebuilds a table
 * from what it finds there (incremental, table, a custom materialization). A view reading itself is recursive on
 * Snowflake whatever exists, and an ephemeral model has no table: neither is given one.
 */
function readsOwnStateFirst(model: ModelNode | undefined): boolean {
  return model !== undefined && model.resourceType === 'model' && !['view', 'ephemeral', 'materialized_view'].includes(String(model.config.materialized));
}

/**
 * A source node standing for a table nothing in the project declares, for the sampler to plan as it plans a source
 * that declares no columns: its unique_id `table.<DATABASE>.<SCHEMA>.<TABLE>`, labelled `parts` joined by dots,
 * located at the model that reads (or lists) it.
 */
export function tableSourceNode(project: ProjectModel, parts: readonly string[], relation: RelationName, quoting: QuotePolicy, reader: Pick<ModelNode, 'originalFilePath' | 'location'> | undefined): SourceNode {
  return {
    uniqueId: `table.${relation.database}.${relation.schema}.${relation.identifier}`,
    name: parts[parts.length - 1],
    resourceType: 'source',
    packageName: project.name,
    originalFilePath: reader?.originalFilePath ?? '',
    fqn: [project.name, ...parts],
    location: reader?.location ?? { file: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    description: '',
    tags: [],
    meta: {},
    sourceName: parts.slice(0, -1).join('.'),
    identifier: relation.identifier,
    relation,
    columns: {},
    config: { enabled: true },
    quoting,
  };
}

/**
 * The source ids (of `nodes`, undeclaredTableSources of `tables`, index for index) of the tables only the project's
 * macros read, no model: a framework's control tables, whose rows reach templates through run_query.
 */
export function macroOnlyTables(tables: readonly LiteralTable[], nodes: readonly SourceNode[]): Set<string> {
  return new Set(tables.flatMap((t, i) => (t.readers.length > 0 && t.readers.every((r) => r.startsWith('macro.')) && nodes[i] ? [nodes[i].uniqueId] : [])));
}

/** A source node for each table (tableSourceNode), labelled with the name the models write. */
export function undeclaredTableSources(project: ProjectModel, tables: readonly LiteralTable[]): SourceNode[] {
  return tables.map((t) => {
    const node = tableSourceNode(project, t.name.split('.'), t.relation, t.quoting, project.models.get(t.readers[0]) ?? project.macros.get(t.readers[0]));
    spellings.set(node, t.spellings);
    return node;
  });
}
