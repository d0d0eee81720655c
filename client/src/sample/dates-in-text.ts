// Text the models cut a date out of: `TRY_TO_TIMESTAMP(REPLACE(RIGHT(file_name, 19), '.csv', ''),
// 'YYYYMMDD_HH24MISS')`, `TO_DATE(SPLIT_PART(batch, '_', 2), 'YYYYMMDD')`, `REGEXP_SUBSTR(path, '[0-9]{8}')::DATE`,
// `TRY_TO_DATE(TRIM(value:c6::string), 'DD.MM.YYYY')` (a JSON leaf's text). Sampled as plain text ('file_name_3'), or
// as a date in DuckDB's ISO text, every such parse is NULL, and a model whose load filter compares the parsed date
// with a high-water mark (`WHERE load_ts > hwm`) keeps no row. Each parse is read from the SQL as a chain of cuts
// down to one source column or JSON leaf, through the select items of CTEs that compute it; date-templates.ts turns
// the chains of one text into the template its values take.
import type { ModelNode, ProjectModel, SourceNode } from '../../../server/src/core/types';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { snowflakeFormatToStrftime } from '../../../server/src/core/sql/snowflake-on-duckdb/date-parts';
import { scanJinja } from '../../../server/src/template/scan';
import { followColumns } from './column-flow';
import { aliasedItems } from './expression-origin';
import { EXAMPLE, dateTextFor, formatTime, type Cut, type DatePiece, type DateText } from './date-templates';
import { pathAfter, type PathStep } from './json-shape';
import { externalFilesOf, fileNameStart, readsFile } from './external-names';
import { FILENAME_COLUMN } from '../../../server/src/core/sql/snowflake-on-duckdb/external-table-files';
import { isColumnWord, sourceSites } from './usage';

/** A date parsed out of a source column, or out of a text leaf of its JSON (`value:c6::string`). */
export interface DateCut extends DatePiece {
  /** The source column, as the model spells it. */
  column: string;
  /** The JSON path read of the column (`value:c6`), or none: the column's own text. */
  path: PathStep[];
}

/** Parsers of text into a date or timestamp, and what an omitted format (AUTO) reads: ISO text. */
const PARSERS: Record<string, 'date' | 'timestamp'> = {
  to_date: 'date',
  try_to_date: 'date',
  date: 'date',
  to_timestamp: 'timestamp',
  to_timestamp_ntz: 'timestamp',
  to_timestamp_ltz: 'timestamp',
  to_timestamp_tz: 'timestamp',
  try_to_timestamp: 'timestamp',
  try_to_timestamp_ntz: 'timestamp',
  try_to_timestamp_ltz: 'timestamp',
  try_to_timestamp_tz: 'timestamp',
};
const AUTO: Record<'date' | 'timestamp', string> = { date: '%Y-%m-%d', timestamp: '%Y-%m-%d %H:%M:%S' };
/** Functions that hand their text argument on unchanged, for values without padding (the template has none). */
const UNCHANGED = new Set(['trim', 'ltrim', 'rtrim', 'to_varchar', 'to_char', 'to_text', 'to_string']);
const TEXT_TYPE = /^(varchar|string|text|char|character|nvarchar|nchar)$/i;
const DATE_TYPE = /^(date|timestamp|timestamp_ntz|timestamp_ltz|timestamp_tz|datetime|timestampntz|timestampltz|timestamptz)$/i;

/** The `)` closing the `(` at `open`. */
function closing(tokens: SqlToken[], open: number): number {
  for (let k = open + 1; k < tokens.length; k++) if (tokens[k].text === ')' && tokens[k].depth === tokens[open].depth) return k;
  return tokens.length;
}

/** The arguments of the call whose `(` is at `open`, as token ranges. */
export function argsOf(tokens: SqlToken[], open: number): Array<[number, number]> {
  const close = closing(tokens, open);
  const out: Array<[number, number]> = [];
  let start = open + 1;
  for (let k = open + 1; k <= close; k++) {
    if (k === close || (tokens[k].text === ',' && tokens[k].depth === tokens[open].depth + 1)) {
      if (k > start) out.push([start, k]);
      start = k + 1;
    }
  }
  return out;
}

/** A string literal's value (`'a''b'`, `'\\d'`, `$$x$$`), or undefined for anything else. */
function stringValue(tokens: SqlToken[], [start, end]: [number, number]): string | undefined {
  if (end - start !== 1 || tokens[start].kind !== 'string') return undefined;
  const text = tokens[start].text;
  if (text.startsWith('$$')) return text.slice(2, -2);
  // Snowflake's single-quoted strings take `''` and backslash escapes.
  return text.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', 0: '\0' })[c] ?? c);
}

/** An integer literal, signed or not. */
export function intValue(tokens: SqlToken[], [start, end]: [number, number]): number | undefined {
  const sign = end - start === 2 && (tokens[start].text === '-' || tokens[start].text === '+') ? (tokens[start].text === '-' ? -1 : 1) : undefined;
  const at = sign === undefined ? start : start + 1;
  if (end - at !== 1 || tokens[at].kind !== 'number' || !/^\d+$/.test(tokens[at].text)) return undefined;
  return (sign ?? 1) * Number(tokens[at].text);
}

/** The top-level `::` of a range (the last one), or -1. */
function lastCast(tokens: SqlToken[], start: number, end: number): number {
  for (let k = end - 1; k > start; k--) if (tokens[k].text === '::' && tokens[k].depth === tokens[start].depth) return k;
  return -1;
}

export interface Chain {
  column: string;
  path: PathStep[];
  cuts: Cut[];
}

/**
 * The cuts that make the text of tokens [start, end) out of one source column (`sourceColumn(i)` names the source
 * column token i reads, if any), following a name to the select items that compute it; undefined when the range is
 * anything else.
 */
export function chainOf(tokens: SqlToken[], start: number, end: number, sourceColumn: (i: number) => string | undefined, hops = 0): Chain | undefined {
  while (end - start > 2 && tokens[start].text === '(' && closing(tokens, start) === end - 1) {
    start++;
    end--;
  }
  if (end <= start) return undefined;
  const cast = lastCast(tokens, start, end);
  if (cast > 0) return end - cast === 2 && TEXT_TYPE.test(tokens[cast + 1].text) ? chainOf(tokens, start, cast, sourceColumn, hops) : undefined;
  const t = tokens[start];
  // A JSON path of the source's column (`value:c6`, `value['c6']`), its leaf's text (cast to text above).
  if ((t.kind === 'ident' || t.kind === 'quoted') && /^[:[]$/.test(tokens[start + 1]?.text ?? '')) {
    const path = pathAfter(tokens, start + 1);
    const column = path.end === end && path.steps.length > 0 ? sourceColumn(start) : undefined;
    return column !== undefined ? { column, path: path.steps, cuts: [] } : undefined;
  }
  // A name: the source's column, or a select item's alias whose expression is followed (a CTE's computed column).
  const qualified = end - start === 3 && tokens[start + 1].text === '.';
  if ((end - start === 1 || qualified) && (tokens[end - 1].kind === 'ident' || tokens[end - 1].kind === 'quoted')) {
    const column = sourceColumn(end - 1);
    if (column !== undefined) return { column, path: [], cuts: [] };
    if (hops >= 6) return undefined;
    for (const item of aliasedItems(tokens, tokens[end - 1].text, true)) {
      if (item.start <= start && start < item.end) continue;
      const found = chainOf(tokens, item.start, item.end, sourceColumn, hops + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (t.kind !== 'ident' || tokens[start + 1]?.text !== '(' || closing(tokens, start + 1) !== end - 1) return undefined;
  const fn = t.text.toLowerCase();
  const args = argsOf(tokens, start + 1);
  const inner = (cut?: Cut): Chain | undefined => {
    const found = chainOf(tokens, args[0][0], args[0][1], sourceColumn, hops);
    return found && cut ? { ...found, cuts: [cut, ...found.cuts] } : found;
  };
  if (UNCHANGED.has(fn) && args.length === 1) return inner();
  if (fn === 'cast' && args.length === 1) {
    const as = tokens.findIndex((x, k) => k > args[0][0] && k < args[0][1] && x.depth === tokens[start + 1].depth + 1 && /^as$/i.test(x.text));
    if (as < 0 || args[0][1] - as !== 2 || !TEXT_TYPE.test(tokens[as + 1].text)) return undefined;
    return chainOf(tokens, args[0][0], as, sourceColumn, hops);
  }
  if ((fn === 'right' || fn === 'left') && args.length === 2) {
    const n = intValue(tokens, args[1]);
    return n !== undefined && n > 0 ? inner({ fn, n }) : undefined;
  }
  if ((fn === 'substr' || fn === 'substring') && (args.length === 2 || args.length === 3)) {
    const from = intValue(tokens, args[1]);
    const length = args.length === 3 ? intValue(tokens, args[2]) : undefined;
    if (from === undefined || (args.length === 3 && (length === undefined || length <= 0))) return undefined;
    return inner({ fn: 'substr', from: from === 0 ? 1 : from, ...(length !== undefined ? { length } : {}) });
  }
  if (fn === 'reverse' && args.length === 1) return inner({ fn: 'reverse' });
  if (fn === 'replace' && (args.length === 2 || args.length === 3)) {
    const what = stringValue(tokens, args[1]);
    const by = args.length === 3 ? stringValue(tokens, args[2]) : '';
    return what !== undefined && what !== '' && by !== undefined ? inner({ fn: 'replace', what, with: by }) : undefined;
  }
  if (fn === 'split_part' && args.length === 3) {
    const delimiter = stringValue(tokens, args[1]);
    const part = intValue(tokens, args[2]);
    return delimiter !== undefined && delimiter !== '' && part !== undefined ? inner({ fn: 'split_part', delimiter, part: part === 0 ? 1 : part }) : undefined;
  }
  if (fn === 'regexp_substr' && args.length >= 2 && args.length <= 6) {
    const pattern = stringValue(tokens, args[1]);
    // Only from the first character, the first match: a later position or occurrence is not inverted here.
    if (args.length >= 3 && intValue(tokens, args[2]) !== 1) return undefined;
    if (args.length >= 4 && intValue(tokens, args[3]) !== 1) return undefined;
    const params = args.length >= 5 ? stringValue(tokens, args[4]) : 'c';
    const group = args.length >= 6 ? intValue(tokens, args[5]) : params?.includes('e') ? 1 : 0;
    if (pattern === undefined || params === undefined || group === undefined || !/^[cimes]*$/.test(params)) return undefined;
    return inner({ fn: 'regexp_substr', pattern, flags: params.includes('i') ? 'i' : '', group });
  }
  return undefined;
}

/**
 * The dates each model's SQL parses out of the source's columns: a parser (TO_DATE, TRY_TO_TIMESTAMP, …) with a
 * format over cuts of a column, or a cast to a date or timestamp of cuts of one. A format alone over the bare column
 * counts too (`to_date(x, 'DD.MM.YYYY')`); a bare column without one is the usage reading's (`textOf`).
 */
export function dateCutsIn(tokens: SqlToken[], sourceColumn: (i: number) => string | undefined): DateCut[] {
  const out: DateCut[] = [];
  const add = (start: number, end: number, format: string | undefined, kind: 'date' | 'timestamp'): void => {
    const chain = chainOf(tokens, start, end, sourceColumn);
    if (!chain || (chain.cuts.length === 0 && format === undefined)) return;
    let unknown = false;
    // 'AUTO' (any case) is the format omitted.
    const strftime = format === undefined || /^auto$/i.test(format.trim()) ? AUTO[kind] : snowflakeFormatToStrftime(format, () => (unknown = true));
    // Only fixed-width elements (no fractions, names of days, zones): the template places each character.
    if (!unknown && formatTime(strftime, EXAMPLE) !== undefined) out.push({ ...chain, format: strftime });
  };
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    const word = t.kind === 'ident' ? t.text.toLowerCase() : '';
    if (tokens[i + 1].text === '(' && word in PARSERS && tokens[i - 1]?.text !== '.') {
      const args = argsOf(tokens, i + 1);
      const format = args.length === 2 ? stringValue(tokens, args[1]) : undefined;
      if (args.length === 1 || format !== undefined) add(args[0][0], args[0][1], format, PARSERS[word]);
    } else if ((word === 'cast' || word === 'try_cast') && tokens[i + 1].text === '(') {
      const args = argsOf(tokens, i + 1);
      const as = args.length === 1 ? tokens.findIndex((x, k) => k > args[0][0] && k < args[0][1] && x.depth === tokens[i + 1].depth + 1 && /^as$/i.test(x.text)) : -1;
      if (as > 0 && args[0][1] - as === 2 && DATE_TYPE.test(tokens[as + 1].text)) add(args[0][0], as, undefined, /^date$/i.test(tokens[as + 1].text) ? 'date' : 'timestamp');
    } else if (t.text === '::' && DATE_TYPE.test(tokens[i + 1]?.text ?? '')) {
      // `x::date`, `(cuts)::date`, `fn(…)::timestamp`: the operand just before the `::`.
      const prev = tokens[i - 1];
      let start = i - 1;
      if (prev?.text === ')') {
        start = tokens.slice(0, i - 1).findLastIndex((x) => x.text === '(' && x.depth === prev.depth);
        if (tokens[start - 1]?.kind === 'ident') start--;
      } else if (tokens[i - 2]?.text === '.') start = i - 3;
      if (start >= 0) add(start, i, undefined, /^date$/i.test(tokens[i + 1].text) ? 'date' : 'timestamp');
    }
  }
  return out;
}

/** A template for a source column's text, or for a text leaf of its JSON at `path`. */
export interface DatedText {
  column: string;
  path: PathStep[];
  text: DateText;
}

/**
 * Each model reading `source` straight (its rendering when its template hides SQL), tokenized, with the source
 * column (of `columns`) each token names, followed through its CTEs and aliases (column-flow.ts).
 */
export function readersOfSource(
  project: ProjectModel,
  source: SourceNode,
  columns: readonly string[],
  rendered?: ReadonlyMap<string, string>,
): Array<{ tokens: SqlToken[]; sourceColumn: (i: number) => string | undefined }> {
  const byName = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const readers = [...project.models.values()].filter((m: ModelNode) => m.resourceType === 'model' && m.language !== 'python' && m.dependsOn.nodes.includes(source.uniqueId));
  return readers.flatMap((model) => {
    const sql = rendered?.get(model.uniqueId);
    const scan = sql === undefined ? scanJinja(model.rawCode) : undefined;
    const { tokens } = tokenizeSql(sql ?? scan!.masked);
    const sites = sourceSites(tokens, scan?.calls ?? [], source, model);
    if (sites.length === 0) return [];
    const flow = followColumns(tokens, sites.map((s) => ({ at: s.at, columns: byName })), isColumnWord);
    return [{ tokens, sourceColumn: (i: number) => flow.at.get(i) }];
  });
}

/**
 * The columns of `source` (and text leaves of its JSON columns) whose readers parse a date out of them, with the
 * template their values take. `columns` are the source's planned column names; `rendered` the rendered SQL of
 * readers whose templates hide it.
 */
export function datesInText(project: ProjectModel, source: SourceNode, columns: readonly string[], rendered?: ReadonlyMap<string, string>): DatedText[] {
  const found = new Map<string, DateCut[]>();
  for (const { tokens, sourceColumn } of readersOfSource(project, source, columns, rendered)) {
    for (const cut of dateCutsIn(tokens, sourceColumn)) {
      const key = JSON.stringify([cut.column.toLowerCase(), cut.path]);
      const list = found.get(key) ?? [];
      if (!list.some((c) => JSON.stringify(c) === JSON.stringify(cut))) list.push(cut);
      found.set(key, list);
    }
  }
  const table = source.relation.identifier.toLowerCase().replace(/[^a-z_]/g, '');
  // An external table's file name (METADATA$FILENAME, or a partition computed from it) is one its LOCATION path and
  // PATTERN read: it starts as they fix it, and each value printed must match (external-names.ts).
  const external = externalFilesOf(project, source);
  return [...found.values()].flatMap((cuts) => {
    const isFile = external && cuts[0].path.length === 0 && (external.fileColumns.has(cuts[0].column.toLowerCase()) || cuts[0].column.toUpperCase() === FILENAME_COLUMN);
    const text = isFile
      ? dateTextFor(cuts, [fileNameStart(external)], (value) => readsFile(external, value))
      : dateTextFor(cuts, table ? [`${table}_`] : []);
    return text ? [{ column: cuts[0].column, path: cuts[0].path, text }] : [];
  });
}
