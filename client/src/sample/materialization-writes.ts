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
import { DEFAULT_TYPE, kindFromName } from './column-kinds';
import type { ColumnPlan, TablePlan } from './plan';
import { offlineRenderOptions } from './rendered';
import { storedColumnName } from './sql';

/** A table a statement writes: its name resolved (database, schema, table) and the columns it names, in order. */
export interface WrittenTable {
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

/** The type a written value states (`CURRENT_TIMESTAMP::TIMESTAMP_NTZ`, `CAST(x AS DATE)`), if it states one. */
function statedType(item: readonly SqlToken[]): string | undefined {
  const n = item.length;
  if (n >= 3 && item[n - 2].text === '::' && item[n - 1].kind === 'ident') return item[n - 1].text.toUpperCase();
  if (n >= 6 && isKeyword(item[0], 'cast', 'try_cast') && item[1].text === '(' && item[n - 1].text === ')' && isKeyword(item[n - 3], 'as') && item[n - 2].kind === 'ident') return item[n - 2].text.toUpperCase();
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
    const dataType = value ? statedType(value) : undefined;
    columns.push({ ...c, ...(dataType ? { dataType } : {}) });
  };
  /** A column list at `open` and the VALUES list after it, if any. */
  const insertList = (open: number): void => {
    const names = listAt(tokens, open);
    if (!names) return;
    let after = open + 1;
    while (after < tokens.length && !(tokens[after].text === ')' && tokens[after].depth === tokens[open].depth)) after++;
    const values = isKeyword(tokens[after + 1], 'values') ? listAt(tokens, after + 2) : undefined;
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
  return { resolved: resolveName(formatNameParts(at.name), current.database, current.schema), columns };
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
 * Each plan whose table a statement writes, with the written columns it lacks added: typed as the statement states
 * (a cast), else as the name suggests, and NULL in every sampled row (`unfilled`). Returns the notes to print.
 */
export function addWrittenColumns(plans: TablePlan[], written: readonly WrittenTable[]): string[] {
  const notes: string[] = [];
  const key = (parts: readonly string[]): string => parts.map((p) => p.toUpperCase()).join('.');
  for (const plan of plans) {
    const at = key([plan.relation.database, plan.relation.schema, plan.relation.identifier]);
    const added: string[] = [];
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
        if (plan.columns.some((x) => storedColumnName(x) === storedColumnName(column))) continue;
        plan.columns.push(column);
        added.push(`${c.name} ${column.dataType}`);
      }
    }
    if (added.length > 0) notes.push(`${plan.label}: the project's materializations write columns its readers do not read; added, NULL in the sampled rows: ${added.join(', ')}`);
  }
  return notes;
}
