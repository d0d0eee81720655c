// Text columns the models cut a date out of: `TRY_TO_TIMESTAMP(REPLACE(RIGHT(file_name, 19), '.csv', ''),
// 'YYYYMMDD_HH24MISS')`, `TO_DATE(SPLIT_PART(batch, '_', 2), 'YYYYMMDD')`, `REGEXP_SUBSTR(path, '[0-9]{8}')::DATE`.
// Sampled as plain text ('file_name_3'), every such parse is NULL, and a model whose load filter compares the parsed
// date with a high-water mark (`WHERE load_ts > hwm`) keeps no row. Each parse is read from the SQL as a chain of
// cuts down to one source column (through the select items of CTEs that compute it), the chain is inverted into a
// template of the text — literal characters, filler, and the characters of the date in that format — and the
// templates of all parses of one column are laid over each other. A template is used only when replaying every cut
// (here, in JavaScript, with Snowflake's semantics) on an example value gives back the formatted date.
import type { ModelNode, ProjectModel, SourceNode } from '../../../server/src/core/types';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { snowflakeFormatToStrftime } from '../../../server/src/core/sql/snowflake-on-duckdb/date-parts';
import { scanJinja } from '../../../server/src/template/scan';
import { followColumns } from './column-flow';
import { aliasedItems } from './expression-origin';
import { isColumnWord, sourceSites } from './usage';

/** One text function between the column and the parser, as Snowflake documents it. */
export type Cut =
  | { fn: 'right' | 'left'; n: number }
  | { fn: 'substr'; from: number; length?: number }
  | { fn: 'reverse' }
  | { fn: 'replace'; what: string; with: string }
  | { fn: 'split_part'; delimiter: string; part: number }
  | { fn: 'regexp_substr'; pattern: string; flags: string; group: number };

/** A date parsed out of a source column: the cuts from the parser's argument inwards, and the strftime format. */
export interface DateCut {
  /** The source column, as the model spells it. */
  column: string;
  /** Outermost first: `right(replace(x, …), 19)` is [right, replace]. */
  cuts: Cut[];
  /** The format of the parsed piece, as strftime (DuckDB's) writes it. */
  format: string;
}

/** One character of a template: literal, filler of one character, filler of any length, or a character of a date. */
export type Cell = { char: string } | { free: true } | { any: true } | { slot: number; at: number };

/** A column's values: the template's cells, and each slot's strftime format (every slot prints the row's one time). */
export interface DateText {
  cells: Cell[];
  formats: string[];
  /** The filler a `{ free }` cell and an `{ any }` cell print (chosen so every cut replays). */
  free: string;
  any: string;
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
function argsOf(tokens: SqlToken[], open: number): Array<[number, number]> {
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
function intValue(tokens: SqlToken[], [start, end]: [number, number]): number | undefined {
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

interface Chain {
  column: string;
  cuts: Cut[];
}

/**
 * The cuts that make the text of tokens [start, end) out of one source column (`sourceColumn(i)` names the source
 * column token i reads, if any), following a name to the select items that compute it; undefined when the range is
 * anything else.
 */
function chainOf(tokens: SqlToken[], start: number, end: number, sourceColumn: (i: number) => string | undefined, hops = 0): Chain | undefined {
  while (end - start > 2 && tokens[start].text === '(' && closing(tokens, start) === end - 1) {
    start++;
    end--;
  }
  if (end <= start) return undefined;
  const cast = lastCast(tokens, start, end);
  if (cast > 0) return end - cast === 2 && TEXT_TYPE.test(tokens[cast + 1].text) ? chainOf(tokens, start, cast, sourceColumn, hops) : undefined;
  const t = tokens[start];
  // A name: the source's column, or a select item's alias whose expression is followed (a CTE's computed column).
  const qualified = end - start === 3 && tokens[start + 1].text === '.';
  if ((end - start === 1 || qualified) && (tokens[end - 1].kind === 'ident' || tokens[end - 1].kind === 'quoted')) {
    const column = sourceColumn(end - 1);
    if (column !== undefined) return { column, cuts: [] };
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
    return found && cut ? { column: found.column, cuts: [cut, ...found.cuts] } : found;
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
    if (!unknown && formatTime(strftime, EXAMPLE) !== undefined) out.push({ column: chain.column, cuts: chain.cuts, format: strftime });
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

// ---- Inverting the cuts into a template.

/** Fixes the template to exactly `n` characters: its first `any` takes the rest, the others none. */
function fixLength(cells: Cell[], n: number): Cell[] | undefined {
  const fixed = cells.filter((c) => !('any' in c)).length;
  const anys = cells.length - fixed;
  if (anys === 0) return fixed === n ? cells : undefined;
  if (fixed > n) return undefined;
  const out: Cell[] = [];
  let first = true;
  for (const c of cells) {
    if (!('any' in c)) out.push(c);
    else if (first) {
      first = false;
      for (let k = 0; k < n - fixed; k++) out.push({ free: true });
    }
  }
  return out;
}

const chars = (text: string): Cell[] => [...text].map((char) => ({ char }));

/** Text whose cut `cut` gives `wanted` (a template), as a template. */
function invert(cut: Cut, wanted: Cell[]): Cell[] | undefined {
  const free = (n: number): Cell[] => Array.from({ length: n }, (): Cell => ({ free: true }));
  switch (cut.fn) {
    case 'right': {
      const piece = fixLength(wanted, cut.n);
      return piece && [{ any: true }, ...piece];
    }
    case 'left': {
      const piece = fixLength(wanted, cut.n);
      return piece && [...piece, { any: true }];
    }
    case 'substr': {
      const piece = cut.length !== undefined ? fixLength(wanted, cut.length) : cut.from < 0 ? fixLength(wanted, -cut.from) : wanted;
      if (!piece) return undefined;
      if (cut.from > 0) return [...free(cut.from - 1), ...piece, ...(cut.length !== undefined ? [{ any: true } as Cell] : [])];
      // From the end: `substr(x, -k, n)` starts k characters before it.
      const after = -cut.from - piece.length;
      return after < 0 ? undefined : [{ any: true }, ...piece, ...free(after)];
    }
    case 'reverse':
      return [...wanted].reverse();
    case 'replace':
      // What the replace removes is appended (a file name's extension); what it puts in is left to the replay.
      return cut.with === '' ? [...wanted, ...chars(cut.what)] : wanted;
    case 'split_part': {
      const d = chars(cut.delimiter);
      const before = cut.part > 0 ? cut.part - 1 : 1;
      const after = cut.part > 0 ? 1 : -cut.part - 1;
      const out: Cell[] = [];
      for (let k = 0; k < before; k++) out.push({ any: true }, ...d);
      out.push(...wanted);
      for (let k = 0; k < after; k++) out.push(...d, { any: true });
      return out;
    }
    case 'regexp_substr':
      return [{ any: true }, ...wanted, { any: true }];
  }
}

/** The template of a date cut: the date's characters, then each cut inverted from the parser inwards. */
export function templateOf(cut: DateCut, slot: number): Cell[] | undefined {
  const width = formatTime(cut.format, EXAMPLE)?.length;
  if (width === undefined) return undefined;
  let cells: Cell[] | undefined = Array.from({ length: width }, (_, at): Cell => ({ slot, at }));
  for (const c of cut.cuts) {
    cells = invert(c, cells);
    if (!cells) return undefined;
  }
  return cells;
}

const sameCell = (a: Cell, b: Cell): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Two runs of fixed cells laid over each other, aligned at their starts (or ends): filler yields to anything. */
function overlay(a: Cell[], b: Cell[], fromEnd: boolean): Cell[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: Cell[] = [];
  for (let k = 0; k < n; k++) {
    const x = fromEnd ? a[a.length - n + k] : a[k];
    const y = fromEnd ? b[b.length - n + k] : b[k];
    if (!x || 'free' in x) out.push(y ?? x!);
    else if (!y || 'free' in y || sameCell(x, y)) out.push(x);
    else return undefined;
  }
  return out;
}

/** Two templates of one column as one: their fixed starts and ends laid over each other, their middles in turn. */
export function mergeTemplates(a: Cell[], b: Cell[]): Cell[] | undefined {
  const parts = (cells: Cell[]): { head: Cell[]; mid: Cell[]; tail: Cell[] } | undefined => {
    const first = cells.findIndex((c) => 'any' in c);
    if (first < 0) return undefined;
    const last = cells.findLastIndex((c) => 'any' in c);
    return { head: cells.slice(0, first), mid: cells.slice(first, last + 1), tail: cells.slice(last + 1) };
  };
  const [x, y] = [parts(a), parts(b)];
  if (!x || !y) return JSON.stringify(a) === JSON.stringify(b) ? a : undefined;
  const head = overlay(x.head, y.head, false);
  const tail = overlay(x.tail, y.tail, true);
  if (!head || !tail) return undefined;
  const mid = [...x.mid, ...y.mid].filter((c, k, all) => !('any' in c && k > 0 && 'any' in all[k - 1]));
  return [...head, ...mid, ...tail];
}

// ---- Replaying: the template printed for an example time, every cut applied as Snowflake applies it.

const EXAMPLE = new Date(Date.UTC(2024, 2, 7, 9, 5, 2));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A strftime format of fixed-width directives printed for `t` (UTC); undefined for any other directive. */
export function formatTime(format: string, t: Date): string | undefined {
  const two = (n: number): string => String(n).padStart(2, '0');
  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      out += format[i];
      continue;
    }
    const d = format[++i];
    const h = t.getUTCHours();
    const printed: Record<string, string> = {
      Y: String(t.getUTCFullYear()).padStart(4, '0'),
      y: two(t.getUTCFullYear() % 100),
      m: two(t.getUTCMonth() + 1),
      d: two(t.getUTCDate()),
      H: two(h),
      I: two(h % 12 === 0 ? 12 : h % 12),
      M: two(t.getUTCMinutes()),
      S: two(t.getUTCSeconds()),
      b: MONTHS[t.getUTCMonth()],
      p: h < 12 ? 'AM' : 'PM',
      '%': '%',
    };
    if (!(d in printed)) return undefined;
    out += printed[d];
  }
  return out;
}

/** The text of a template for time `t`. */
export function printTemplate(text: Pick<DateText, 'cells' | 'formats' | 'free' | 'any'>, t: Date): string | undefined {
  const printed = text.formats.map((f) => formatTime(f, t));
  let out = '';
  for (const c of text.cells) {
    if ('char' in c) out += c.char;
    else if ('free' in c) out += text.free;
    else if ('any' in c) out += text.any;
    else {
      const p = printed[c.slot];
      if (p === undefined) return undefined;
      out += p[c.at];
    }
  }
  return out;
}

/** One cut as Snowflake applies it (RIGHT, LEFT, SUBSTR, REVERSE, REPLACE, SPLIT_PART, REGEXP_SUBSTR); undefined for NULL. */
export function applyCut(cut: Cut, s: string): string | undefined {
  switch (cut.fn) {
    case 'right':
      return s.slice(Math.max(0, s.length - cut.n));
    case 'left':
      return s.slice(0, cut.n);
    case 'substr': {
      const start = cut.from > 0 ? cut.from - 1 : Math.max(0, s.length + cut.from);
      return cut.length === undefined ? s.slice(start) : s.slice(start, start + cut.length);
    }
    case 'reverse':
      return [...s].reverse().join('');
    case 'replace':
      return s.split(cut.what).join(cut.with);
    case 'split_part': {
      const parts = s.split(cut.delimiter);
      return (cut.part > 0 ? parts[cut.part - 1] : parts[parts.length + cut.part]) ?? '';
    }
    case 'regexp_substr': {
      let re: RegExp;
      try {
        re = new RegExp(cut.pattern, cut.flags);
      } catch {
        return undefined;
      }
      return re.exec(s)?.[cut.group] ?? undefined;
    }
  }
}

/**
 * Whether each chosen cut (the others undefined), replayed on the template printed for two example times, gives
 * that time in its format.
 */
function replays(text: DateText, cuts: ReadonlyArray<DateCut | undefined>): boolean {
  for (const t of [EXAMPLE, new Date(Date.UTC(2031, 10, 28, 23, 59, 41))]) {
    const value = printTemplate(text, t);
    if (value === undefined) return false;
    for (const cut of cuts) {
      if (!cut) continue;
      let piece: string | undefined = value;
      for (const c of [...cut.cuts].reverse()) piece = piece === undefined ? undefined : applyCut(c, piece);
      if (piece !== formatTime(cut.format, t)) return false;
    }
  }
  return true;
}

/**
 * The template for a column's values from the dates its readers cut out of it: all of them laid over each other
 * when that replays, else the first that replays alone; undefined when none does. `words` are fillers to try for
 * text of any length (a table's name: the values read like its files).
 */
export function dateTextFor(cuts: readonly DateCut[], words: readonly string[]): DateText | undefined {
  const templates = cuts.map((c, slot) => templateOf(c, slot));
  const attempt = (chosen: number[]): DateText | undefined => {
    let cells: Cell[] | undefined = templates[chosen[0]];
    for (const k of chosen.slice(1)) cells = cells && templates[k] ? mergeTemplates(cells, templates[k]!) : undefined;
    if (!cells) return undefined;
    const formats = cuts.map((c, k) => (chosen.includes(k) ? c.format : ''));
    const checked = cuts.map((c, k) => (chosen.includes(k) ? c : undefined));
    for (const any of [...words, 'file_', 'file']) {
      for (const free of ['_', '-', 'x']) {
        const text: DateText = { cells, formats, free, any };
        if (replays(text, checked)) return text;
      }
    }
    return undefined;
  };
  const usable = templates.flatMap((t, k) => (t ? [k] : []));
  if (usable.length === 0) return undefined;
  return attempt(usable) ?? usable.map((k) => attempt([k])).find((t) => t !== undefined);
}

// ---- From the project: the dates each source column's readers cut out of it.

/**
 * Each column of `source` (lower case) whose readers parse a date out of it, with the template its values take.
 * `columns` are the source's planned column names; `rendered` the rendered SQL of readers whose templates hide it.
 */
export function datesInText(project: ProjectModel, source: SourceNode, columns: readonly string[], rendered?: ReadonlyMap<string, string>): Map<string, DateText> {
  const byName = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const found = new Map<string, DateCut[]>();
  const readers = [...project.models.values()].filter((m: ModelNode) => m.resourceType === 'model' && m.language !== 'python' && m.dependsOn.nodes.includes(source.uniqueId));
  for (const model of readers) {
    const sql = rendered?.get(model.uniqueId);
    const scan = sql === undefined ? scanJinja(model.rawCode) : undefined;
    const { tokens } = tokenizeSql(sql ?? scan!.masked);
    const sites = sourceSites(tokens, scan?.calls ?? [], source);
    if (sites.length === 0) continue;
    const flow = followColumns(tokens, sites.map((s) => ({ at: s.at, columns: byName })), isColumnWord);
    for (const cut of dateCutsIn(tokens, (i) => flow.at.get(i))) {
      const key = cut.column.toLowerCase();
      const list = found.get(key) ?? [];
      if (!list.some((c) => JSON.stringify(c) === JSON.stringify(cut))) list.push(cut);
      found.set(key, list);
    }
  }
  const out = new Map<string, DateText>();
  const table = source.relation.identifier.toLowerCase().replace(/[^a-z_]/g, '');
  for (const [column, cuts] of found) {
    const text = dateTextFor(cuts, table ? [`${table}_`] : []);
    if (text) out.set(column, text);
  }
  return out;
}

/** The SQL (DuckDB) of a template's text for the timestamp expression `time`. */
export function dateTextSql(text: DateText, time: string): string {
  const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  const parts: string[] = [];
  let literal = '';
  const cells = text.cells;
  for (let k = 0; k < cells.length; ) {
    const c = cells[k];
    if (!('slot' in c)) {
      literal += 'char' in c ? c.char : 'free' in c ? text.free : text.any;
      k++;
      continue;
    }
    if (literal) parts.push(quote(literal));
    literal = '';
    // A run of one slot's characters in order (or reversed, after a REVERSE): one SUBSTR of the printed time.
    let n = 1;
    const step = (cells[k + 1] as { slot?: number; at?: number } | undefined)?.slot === c.slot && (cells[k + 1] as { at: number }).at === c.at - 1 ? -1 : 1;
    while (k + n < cells.length) {
      const next = cells[k + n];
      if (!('slot' in next) || next.slot !== c.slot || next.at !== c.at + step * n) break;
      n++;
    }
    const from = step === 1 ? c.at : c.at - n + 1;
    const piece = `substr(strftime(${time}, ${quote(text.formats[c.slot])}), ${from + 1}, ${n})`;
    parts.push(step === 1 ? piece : `reverse(${piece})`);
    k += n;
  }
  if (literal) parts.push(quote(literal));
  return parts.length === 0 ? "''" : `(${parts.join(' || ')})`;
}
