// The columns a project's custom materializations write into a table the project declares as a source (robling's
// custom_merge MERGEs each model into DM_MERCH.DM_F_MEAS_FACT_ILD_B, named by a `target_table` config; seven
// sources declare that table, and its readers read only some of its columns). The sampler planned the table from
// its readers alone, so the MERGE's `tgt.TXN_ID = src.TXN_ID` named a column the twin's table lacked. Each custom
// materialization is rendered without a warehouse (its hooks left out: they ask the warehouse for rows it has not
// got), its MERGE / INSERT statements read for their target and the columns they write, and the sampled table gets
// the columns it lacks, NULL in every sampled row (nothing the project reads from them is known).
import type { Engine } from '../../../server/src/engine';
import { isCustomMaterialization } from '../../../server/src/compile';
import { splitLexemesAtCommas, splitStatementsWithOffsets } from '../../../server/src/core/sql/split';
import { isKeyword, tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import type { ModelNode } from '../../../server/src/core/types';
import { formatNameParts, resolveName } from '../warehouse/snowflake-on-duckdb/stage-files';
import { DEFAULT_TYPE, columnKind, kindFromName, typeFamily } from './column-kinds';
import type { ColumnPlan, TablePlan } from './plan';
import { offlineRenderOptions } from './rendered';
import { storedColumnName } from './sql';

/** A table a statement writes: its name resolved (database, schema, table) and the columns it names, in order. */
export interface WrittenTable {
  /** The name as the statement writes it (`db.PUBLIC.audit_log`). */
  name: string;
  resolved: [string, string, string];
  columns: Array<{ name: string; quoted: boolean; dataType?: string }>;
}

/** A column name as written (`TGT.col`, `"Col"`): its last part, and whether it was quoted. */
function columnOf(item: readonly SqlToken[]): { name: string; quoted: boolean } | undefined {
  const last = item[item.length - 1];
  if (!last || (last.kind !== 'ident' && last.kind !== 'quoted')) return undefined;
  // Parts joined by dots only: anything else is not a column name.
  for (let i = item.length - 2; i >= 0; i -= 2) if (item[i].text !== '.' || (item[i - 1]?.kind !== 'ident' && item[i - 1]?.kind !== 'quoted')) return undefined;
  return { name: last.text, quoted: last.kind === 'quoted' };
}

/** A type as written (`DATE`, `NUMBER(18, 2)`), upper-cased, or undefined for anything else. */
function typeText(tokens: readonly SqlToken[]): string | undefined {
  if (tokens.length === 1 && tokens[0].kind === 'ident') return tokens[0].text.toUpperCase();
  const args = tokens.slice(2, -1);
  if (tokens[0]?.kind !== 'ident' || tokens[1]?.text !== '(' || tokens[tokens.length - 1]?.text !== ')' || !args.every((t, i) => (i % 2 === 0 ? t.kind === 'number' : t.text === ','))) return undefined;
  return `${tokens[0].text.toUpperCase()}(${args.filter((t) => t.kind === 'number').map((t) => t.text).join(', ')})`;
}

/** The type a written value states (`CURRENT_TIMESTAMP::TIMESTAMP_NTZ`, `CAST(x AS NUMBER(18, 2))`), if it states one. */
function statedType(item: readonly SqlToken[]): string | undefined {
  const n = item.length;
  const depth = item[0]?.depth ?? 0;
  for (let i = n - 2; i > 0; i--) if (item[i].text === '::' && item[i].depth === depth) return typeText(item.slice(i + 1));
  const closes = n >= 6 && isKeyword(item[0], 'cast', 'try_cast') && item[1].text === '(' && item.findIndex((t, i) => i > 1 && t.text === ')' && t.depth === depth) === n - 1;
  if (!closes) return undefined;
  let as = n - 2;
  while (as > 1 && !(isKeyword(item[as], 'as') && item[as].depth === depth + 1)) as--;
  return as > 2 ? typeText(item.slice(as + 1, n - 1)) : undefined;
}

/** Functions whose result has one type whatever they are given. */
const RESULT_TYPES: Record<string, string> = {
  to_date: 'DATE',
  try_to_date: 'DATE',
  date: 'DATE',
  to_timestamp: 'TIMESTAMP_NTZ',
  to_timestamp_ntz: 'TIMESTAMP_NTZ',
  try_to_timestamp: 'TIMESTAMP_NTZ',
  try_to_timestamp_ntz: 'TIMESTAMP_NTZ',
  to_timestamp_ltz: 'TIMESTAMP_LTZ',
  try_to_timestamp_ltz: 'TIMESTAMP_LTZ',
  to_timestamp_tz: 'TIMESTAMP_TZ',
  try_to_timestamp_tz: 'TIMESTAMP_TZ',
  count: 'NUMBER(38, 0)',
  count_if: 'NUMBER(38, 0)',
  to_varchar: 'VARCHAR',
  to_char: 'VARCHAR',
  concat: 'VARCHAR',
  upper: 'VARCHAR',
  lower: 'VARCHAR',
  trim: 'VARCHAR',
};

/** A select item without its alias (`expr AS name`, `expr name`). */
function withoutAlias(item: readonly SqlToken[]): readonly SqlToken[] {
  const n = item.length;
  if (n >= 3 && isKeyword(item[n - 2], 'as')) return item.slice(0, n - 2);
  const before = item[n - 2];
  if (n >= 2 && (item[n - 1].kind === 'ident' || item[n - 1].kind === 'quoted') && before && before.text !== '.' && (before.kind !== 'punct' || before.text === ')') && before.kind !== 'op') return item.slice(0, n - 1);
  return item;
}

/**
 * The type the value a statement writes gives its column, where the value says it (a table written only by the
 * project's statements holds what they write): a cast's type; a string literal VARCHAR, a number NUMBER (FLOAT with a
 * point), TRUE/FALSE BOOLEAN, CURRENT_TIMESTAMP() TIMESTAMP_LTZ, CURRENT_DATE DATE; a function whose result has one
 * type (TO_DATE, TO_TIMESTAMP, COUNT); a bare column whose name says a date or time (`SRC.POST_DT`), as the sampler
 * types such a source column. Else undefined (NULL, arithmetic, an aggregate of unknown scale).
 */
export function writtenValueType(value: readonly SqlToken[]): string | undefined {
  const item = withoutAlias(value);
  const stated = statedType(item);
  if (stated) return stated;
  const words = item.map((l) => (l.kind === 'ident' ? l.text.toLowerCase() : l.text)).join('');
  if (item.length === 1 && item[0].kind === 'string') return 'VARCHAR';
  if (item.length === 1 && item[0].kind === 'number') return item[0].text.includes('.') ? 'FLOAT' : 'NUMBER(38, 0)';
  if (/^(current_timestamp|sysdate|getdate|localtimestamp|systimestamp)(\(\))?$/.test(words)) return 'TIMESTAMP_LTZ';
  if (/^current_date(\(\))?$/.test(words)) return 'DATE';
  if (words === 'true' || words === 'false') return 'BOOLEAN';
  const head = item[0];
  if (head?.kind === 'ident' && item[1]?.text === '(' && item[item.length - 1].text === ')' && item.findIndex((t, i) => i > 1 && t.text === ')' && t.depth === item[1].depth) === item.length - 1) {
    return RESULT_TYPES[head.text.toLowerCase()];
  }
  const column = columnOf(item);
  if (column) {
    const kind = kindFromName(column.name);
    if (kind === 'date' || kind === 'timestamp') return DEFAULT_TYPE[kind];
  }
  return undefined;
}

/** The items of the parenthesized list opening at tokens[open] (`(` …`)`), split at its top-level commas. */
function listAt(tokens: readonly SqlToken[], open: number): SqlToken[][] | undefined {
  if (tokens[open]?.text !== '(') return undefined;
  const depth = tokens[open].depth;
  let close = open + 1;
  while (close < tokens.length && !(tokens[close].text === ')' && tokens[close].depth === depth)) close++;
  return close < tokens.length ? splitLexemesAtCommas(tokens.slice(open + 1, close)) : undefined;
}

/** Words that end a SELECT's list at its depth. */
const LIST_ENDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'union', 'except', 'minus', 'intersect']);

/**
 * The items of the SELECT list an INSERT's query (from tokens[from]: `SELECT …` or `WITH … SELECT …`) writes, in
 * order: its first SELECT at the statement's depth (a CTE's is inside parentheses).
 */
function selectList(tokens: readonly SqlToken[], from: number): SqlToken[][] | undefined {
  const depth = tokens[from]?.depth;
  if (!isKeyword(tokens[from], 'select', 'with')) return undefined;
  let at = from;
  while (at < tokens.length && !(tokens[at].depth === depth && isKeyword(tokens[at], 'select'))) at++;
  at++;
  while (isKeyword(tokens[at], 'distinct', 'all')) at++;
  let end = at;
  while (end < tokens.length && !(tokens[end].depth === depth && (tokens[end].text === ';' || (tokens[end].kind === 'ident' && LIST_ENDS.has(tokens[end].text.toLowerCase()))))) end++;
  return end > at ? splitLexemesAtCommas(tokens.slice(at, end)) : undefined;
}

/** The dotted name starting at tokens[i], and the index after it. */
function nameAt(tokens: readonly SqlToken[], i: number): { name: string; next: number } | undefined {
  const part = (t: SqlToken | undefined): string | undefined => (t?.kind === 'ident' ? t.text : t?.kind === 'quoted' ? `"${t.text.replace(/"/g, '""')}"` : undefined);
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const p = part(tokens[j]);
    if (p === undefined) return undefined;
    parts.push(p);
    j++;
    if (tokens[j]?.text !== '.' || parts.length === 3) break;
    j++;
  }
  return { name: parts.join('.'), next: j };
}

/**
 * The table one MERGE or INSERT statement writes and the columns it names: an INSERT's column list (with the
 * type its VALUES row states for each), a MERGE's `WHEN NOT MATCHED THEN INSERT (…)` lists and `UPDATE SET col = …`
 * targets. Undefined for any other statement, or one that names no column.
 */
export function writtenTable(sql: string, current: { database: string; schema: string }): WrittenTable | undefined {
  const { tokens } = tokenizeSql(sql);
  const merge = isKeyword(tokens[0], 'merge') && isKeyword(tokens[1], 'into');
  const insert = isKeyword(tokens[0], 'insert') && (isKeyword(tokens[1], 'into') || (isKeyword(tokens[1], 'overwrite') && isKeyword(tokens[2], 'into')));
  if (!merge && !insert) return undefined;
  const at = nameAt(tokens, isKeyword(tokens[1], 'overwrite') ? 3 : 2);
  if (!at) return undefined;
  const columns: WrittenTable['columns'] = [];
  const add = (item: readonly SqlToken[], value?: readonly SqlToken[]): void => {
    const c = columnOf(item);
    if (!c || columns.some((x) => x.quoted === c.quoted && (c.quoted ? x.name === c.name : x.name.toUpperCase() === c.name.toUpperCase()))) return;
    const dataType = value ? writtenValueType(value) : undefined;
    columns.push({ ...c, ...(dataType ? { dataType } : {}) });
  };
  /** A column list at `open` and the VALUES list after it, if any. */
  const insertList = (open: number): void => {
    const names = listAt(tokens, open);
    if (!names) return;
    let after = open + 1;
    while (after < tokens.length && !(tokens[after].text === ')' && tokens[after].depth === tokens[open].depth)) after++;
    const values = isKeyword(tokens[after + 1], 'values') ? listAt(tokens, after + 2) : selectList(tokens, after + 1);
    names.forEach((n, i) => add(n, values?.[i]));
  };
  if (insert) {
    insertList(at.next);
  } else {
    for (let i = at.next; i < tokens.length; i++) {
      if (tokens[i].depth !== 0) continue;
      if (isKeyword(tokens[i], 'insert') && isKeyword(tokens[i - 1], 'then')) insertList(i + 1);
      if (isKeyword(tokens[i], 'set') && isKeyword(tokens[i - 1], 'update')) {
        let end = i + 1;
        while (end < tokens.length && !(tokens[end].depth === 0 && (isKeyword(tokens[end], 'when') || tokens[end].text === ';'))) end++;
        for (const item of splitLexemesAtCommas(tokens.slice(i + 1, end))) {
          const eq = item.findIndex((t) => t.text === '=' && t.depth === 0);
          if (eq > 0) add(item.slice(0, eq), item.slice(eq + 1));
        }
      }
    }
  }
  if (columns.length === 0) return undefined;
  return { name: at.name, resolved: resolveName(formatNameParts(at.name), current.database, current.schema), columns };
}

/**
 * The statements each enabled SQL model's custom materialization sends, rendered without a warehouse: the model's
 * hooks left out (they ask the warehouse for rows it has not got), each query the rendering runs answered with no
 * rows. A model whose rendering fails keeps the statements it sent until then.
 */
export async function customMaterializationStatements(engine: Engine): Promise<string[]> {
  const out: string[] = [];
  const answer = () => ({ columns: [], rows: [] });
  for (const model of engine.project.models.values()) {
    if (model.resourceType !== 'model' || model.language === 'python' || model.config.enabled === false || !isCustomMaterialization(model)) continue;
    const bare: ModelNode = { ...model, config: { ...model.config, 'pre-hook': [], 'post-hook': [] } };
    const options = offlineRenderOptions(model.relation, 'run', answer);
    const sent: string[] = [];
    try {
      await engine.materialize(bare, await engine.compileModel(bare, { ...options, deferHooks: true }), options, false, sent);
    } catch {
      // What it sent before failing is kept.
    }
    for (const sql of sent) for (const s of splitStatementsWithOffsets(sql)) if (s.text.trim()) out.push(s.text);
  }
  return out;
}

/**
 * Retypes a column the readers' uses made text (a comparison with a quoted literal: robling's `LOAD_DT = '{{ curr_day
 * }}'`) to the type the project's own statements write into it (`SRC.POST_DT AS LOAD_DT`, a DATE): Snowflake's table
 * holds what they write, and a reader comparing it with a DATE (`LOAD_DT IN (SELECT DISTINCT POST_DT …)`) needs the
 * DATE. A column whose values something else decides (accepted values, a seed, a reference, a date printed in text,
 * JSON) keeps its type. Returns whether it changed.
 */
function retyped(column: ColumnPlan, written: string | undefined): boolean {
  const family = written ? typeFamily(written) : undefined;
  if (!written || !family || family === 'text' || column.origin !== 'models' || typeFamily(column.dataType) !== 'text') return false;
  if (column.accepted || column.seedValues || column.references || column.sameAs || column.dateText || column.json || column.pairing) return false;
  column.dataType = written;
  column.kind = columnKind(column.name, written);
  column.dirty = false;
  return true;
}

/**
 * Each plan whose table a statement writes, with the written columns it lacks added: typed as the statement states
 * (a cast), else as the name suggests, and NULL in every sampled row (`unfilled`). Returns the notes to print.
 */
export function addWrittenColumns(plans: TablePlan[], written: readonly WrittenTable[]): string[] {
  const notes: string[] = [];
  const key = (parts: readonly string[]): string => parts.map((p) => p.toUpperCase()).join('.');
  for (const plan of plans) {
    const at = key([plan.relation.database, plan.relation.schema, plan.relation.identifier]);
    const added: string[] = [];
    const changed: string[] = [];
    for (const w of written) {
      if (key(w.resolved) !== at) continue;
      for (const c of w.columns) {
        const column: ColumnPlan = {
          name: c.name,
          quoted: c.quoted,
          dataType: c.dataType ?? DEFAULT_TYPE[kindFromName(c.name)],
          kind: kindFromName(c.name),
          notNull: false,
          unique: false,
          dirty: false,
          origin: 'models',
          unfilled: true,
        };
        const had = plan.columns.find((x) => storedColumnName(x) === storedColumnName(column));
        if (had) {
          if (retyped(had, c.dataType)) changed.push(`${had.name} ${had.dataType}`);
          continue;
        }
        plan.columns.push(column);
        added.push(`${c.name} ${column.dataType}`);
      }
    }
    if (changed.length > 0) notes.push(`${plan.label}: columns its readers' uses typed as text, typed as the project's own statements write into them: ${changed.join(', ')}`);
    if (added.length > 0) notes.push(`${plan.label}: the project's materializations, hooks or macros write columns its readers do not read; added, NULL in the sampled rows: ${added.join(', ')}`);
  }
  return notes;
}
