// `SELECT CAST(ts AS DATE) AS d, MD5(d) AS k, COUNT(*) … GROUP BY k, d`: a GROUP BY item naming a select-list alias
// whose expression reads another alias (dbt_utils.generate_surrogate_key over an alias does this). Snowflake resolves
// a GROUP BY name to a column of the query's tables, else to the select-list alias
// (docs.snowflake.com/en/sql-reference/constructs/group-by), and a name inside a select-list expression the same way
// (a column first, else a lateral alias). DuckDB expands the GROUP BY alias to its expression but refuses an alias
// inside it ("aliases cannot be used as part of an expression in the GROUP BY"). That error names the alias and
// proves it is no column in the query's scope (DuckDB binds a column first there too), so the statement is run again
// with the GROUP BY item replaced by its expression, the named alias replaced by its own (parenthesized) expression:
// the same value Snowflake groups by. One alias per retry; an alias the retried text still reads is inlined on the
// next error, only inside text this module wrote. Anything else (GROUP BY ALL/ROLLUP/…, an alias the user wrote
// inside a GROUP BY expression, a subquery in the expression) stays the located refusal of duckdb-errors.ts.
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** The replacement of `[from, to)`: literal text and ranges of the same statement, in order. */
export interface GroupByEdit {
  from: number;
  to: number;
  parts: (string | { from: number; to: number })[];
}

/** The GROUP BY binder error of an alias inside an expanded alias, or undefined. */
export const GROUP_BY_ALIAS_ERROR = /^Alias with name "([^"]+)" exists, but aliases cannot be used as part of an expression in the GROUP BY/;

/** The statement with `edit` applied. */
export function applyGroupByEdit(sql: string, edit: GroupByEdit): string {
  const middle = edit.parts.map((p) => (typeof p === 'string' ? p : sql.slice(p.from, p.to))).join('');
  return sql.slice(0, edit.from) + middle + sql.slice(edit.to);
}

/** The length of the text `edit` puts in place of `[from, to)`. */
export function editLength(edit: GroupByEdit): number {
  return edit.parts.reduce((n, p) => n + (typeof p === 'string' ? p.length : p.to - p.from), 0);
}

/** Words that end a query block's clause at its own depth. */
const CLAUSE_WORDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'offset', 'fetch', 'window', 'union', 'except', 'intersect', 'minus']);
const SET_OPERATORS = new Set(['union', 'except', 'intersect', 'minus']);
/** Words that cannot be an alias written without AS (`CASE … END x` has one; `… END` has none). */
const NOT_ALIAS = new Set(['end', 'null', 'true', 'false', 'and', 'or', 'not', 'is', 'in', 'like', 'ilike', 'between', 'distinct', 'then', 'else', 'when', 'case', 'asc', 'desc', 'all', 'as']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

export interface Item {
  /** Indexes into `sig` of the item's first and last lexeme. */
  first: number;
  last: number;
  /** Index into `sig` of the expression's last lexeme (before `AS alias` / `alias`). */
  exprLast: number;
  alias?: string;
}

interface Block {
  items: Item[];
  groupItems: Item[];
}

const isName = (l: Lexeme | undefined): boolean => !!l && (l.kind === 'word' || l.kind === 'quoted-identifier');
/** How DuckDB compares names: case-blind, quotes removed. */
const nameKey = (l: Lexeme): string => (l.kind === 'quoted-identifier' ? l.text.slice(1, -1).replace(/""/g, '"') : l.text).toLowerCase();

/** Inlines aliases into GROUP BY items, one binder error at a time, for one statement. */
export class GroupByAliasInliner {
  /** Ranges of the current text this inliner wrote (inlined expressions), shifted as later edits apply. */
  private written: { from: number; to: number }[] = [];

  /**
   * The edit that answers DuckDB's binder error `message` at `position` of `sql` (the statement DuckDB ran), or
   * undefined when the error is another one or the statement is not a form this module rewrites.
   */
  retry(sql: string, message: string, position: number | undefined): GroupByEdit | undefined {
    const m = GROUP_BY_ALIAS_ERROR.exec(message);
    if (!m || position === undefined) return undefined;
    const alias = m[1].toLowerCase();
    const lx = lex(sql);
    const sig = lx.filter((l) => !isTrivia(l));
    const depth = depths(sig);
    const at = sig.findIndex((l) => l.start <= position && position < l.start + l.text.length);
    if (at < 0) return undefined;
    const start = blockStart(sig, depth, at);
    if (start < 0) return undefined;
    const block = readBlock(sig, depth, start);
    if (!block) return undefined;
    const target = block.items.find((it) => it.alias === alias);
    if (!target || expressionHasQuery(sig, target)) return undefined;
    const inline = (from: number, to: number): GroupByEdit['parts'] => {
      const parts: GroupByEdit['parts'] = [];
      let cursor = sig[from].start;
      for (let k = from; k <= to; k++) {
        if (!isBareName(sig, k, alias)) continue;
        parts.push({ from: cursor, to: sig[k].start }, '(', { from: sig[target.first].start, to: end(sig[target.exprLast]) }, ')');
        cursor = end(sig[k]);
      }
      parts.push({ from: cursor, to: end(sig[to]) });
      return parts;
    };
    const offset = sig[at].start;
    const inWritten = this.written.find((r) => r.from <= offset && offset < r.to);
    let edit: GroupByEdit;
    if (inWritten) {
      // The alias read by an expression this inliner put in the GROUP BY: inlined there.
      const from = sig.findIndex((l) => l.start >= inWritten.from);
      const to = lastIndexBefore(sig, inWritten.to);
      if (from < 0 || to < from || !rangeReads(sig, from, to, alias)) return undefined;
      edit = { from: sig[from].start, to: end(sig[to]), parts: inline(from, to) };
    } else {
      // The error is in a select-list expression DuckDB expanded for a GROUP BY item that names it.
      const item = block.items.findIndex((it) => it.first <= at && at <= it.exprLast);
      if (item < 0 || expressionHasQuery(sig, block.items[item]) || !rangeReads(sig, block.items[item].first, block.items[item].exprLast, alias)) return undefined;
      const selected = block.items[item];
      // A position first (it can only mean this item); a name only when it is the item's alias.
      const byPosition = block.groupItems.find((g) => g.first === g.last && sig[g.first].kind === 'number' && Number(sig[g.first].text) === item + 1);
      const byName = block.groupItems.find((g) => g.first === g.last && isName(sig[g.first]) && selected.alias !== undefined && nameKey(sig[g.first]) === selected.alias);
      const group = byPosition ?? byName;
      if (!group) return undefined;
      edit = { from: sig[group.first].start, to: end(sig[group.last]), parts: ['(', ...inline(selected.first, selected.exprLast), ')'] };
    }
    this.record(edit);
    return edit;
  }

  /** Shifts the ranges written before by `edit` and adds the one it writes. */
  private record(edit: GroupByEdit): void {
    const length = editLength(edit);
    const shift = length - (edit.to - edit.from);
    this.written = this.written
      .filter((r) => r.to <= edit.from || r.from >= edit.to || (r.from <= edit.from && edit.to <= r.to))
      .map((r) => (r.from >= edit.to ? { from: r.from + shift, to: r.to + shift } : r.to <= edit.from ? r : { from: r.from, to: r.to + shift }));
    if (!this.written.some((r) => r.from <= edit.from && edit.from + length <= r.to)) this.written.push({ from: edit.from, to: edit.from + length });
  }
}

export const end = (l: Lexeme): number => l.start + l.text.length;

function lastIndexBefore(sig: Lexeme[], offset: number): number {
  let k = -1;
  for (let i = 0; i < sig.length && end(sig[i]) <= offset; i++) k = i;
  return k;
}

/** The bracket depth each lexeme sits at (an opening bracket at its outer depth, a closing one too). */
export function depths(sig: Lexeme[]): number[] {
  const out: number[] = [];
  let d = 0;
  for (const l of sig) {
    if (l.kind === 'punct' && CLOSE.has(l.text)) d--;
    out.push(d);
    if (l.kind === 'punct' && OPEN.has(l.text)) d++;
  }
  return out;
}

/** The `SELECT` opening the query block that holds lexeme `at`, or -1. */
export function blockStart(sig: Lexeme[], depth: number[], at: number): number {
  let min = depth[at];
  for (let k = at; k >= 0; k--) {
    min = Math.min(min, depth[k]);
    if (depth[k] === min && isWord(sig[k], 'select')) return k;
    if (depth[k] === min && sig[k].kind === 'word' && SET_OPERATORS.has(sig[k].text.toLowerCase())) return -1;
  }
  return -1;
}

/** A query block: its select-list items, the clause words at its depth, and where it stops. */
export interface SelectBlock {
  start: number;
  items: Item[];
  clauses: { word: string; at: number }[];
  stop: number;
}

/** The block opened by `select` at `start`, or undefined for a form not read here (SELECT TOP). */
export function readSelect(sig: Lexeme[], depth: number[], start: number): SelectBlock | undefined {
  const d = depth[start];
  const clauses: { word: string; at: number }[] = [];
  let stop = sig.length;
  for (let k = start + 1; k < sig.length; k++) {
    if (depth[k] < d || isPunct(sig[k], ';')) {
      stop = k;
      break;
    }
    if (depth[k] !== d || sig[k].kind !== 'word') continue;
    const w = sig[k].text.toLowerCase();
    if (SET_OPERATORS.has(w)) {
      stop = k;
      break;
    }
    // `LISTAGG(x) WITHIN GROUP (ORDER BY y)` sits in the select list: its GROUP is no clause.
    if (CLAUSE_WORDS.has(w) && !(w === 'group' && isWord(sig[k - 1], 'within'))) clauses.push({ word: w, at: k });
  }
  let listFrom = start + 1;
  while (isWord(sig[listFrom], 'distinct') || isWord(sig[listFrom], 'all')) listFrom++;
  if (isWord(sig[listFrom], 'top')) return undefined;
  const items = split(sig, depth, d, listFrom, clauses[0]?.at ?? stop).map((r) => selectItem(sig, r));
  return { start, items, clauses, stop };
}

/** The select list and GROUP BY items of the block opened by `select` at `start`. */
function readBlock(sig: Lexeme[], depth: number[], start: number): Block | undefined {
  const block = readSelect(sig, depth, start);
  if (!block) return undefined;
  const { clauses, stop } = block;
  const group = clauses.findIndex((c) => c.word === 'group');
  if (group < 0 || !isWord(sig[clauses[group].at + 1], 'by')) return undefined;
  const groupFrom = clauses[group].at + 2;
  const groupTo = clauses[group + 1]?.at ?? stop;
  const first = sig[groupFrom];
  if (isWord(first, 'all') || isWord(first, 'grouping') || isWord(first, 'rollup') || isWord(first, 'cube')) return undefined;
  return { items: block.items, groupItems: split(sig, depth, depth[start], groupFrom, groupTo).map((r) => ({ ...r, exprLast: r.last })) };
}

/** The comma-separated ranges of `[from, to)` at depth `d`. */
export function split(sig: Lexeme[], depth: number[], d: number, from: number, to: number): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  let first = from;
  for (let k = from; k <= to; k++) {
    if (k === to || (depth[k] === d && isPunct(sig[k], ','))) {
      if (k > first) out.push({ first, last: k - 1 });
      first = k + 1;
    }
  }
  return out;
}

function selectItem(sig: Lexeme[], r: { first: number; last: number }): Item {
  const last = sig[r.last];
  const before = sig[r.last - 1];
  if (r.last - r.first >= 2 && isWord(before, 'as') && isName(last)) return { ...r, exprLast: r.last - 2, alias: nameKey(last) };
  // An alias without AS: a name after a value (`count(*) c`, `x y`, `case … end z`), never after an operator or `.`.
  const implicit =
    r.last > r.first &&
    isName(last) &&
    !(last.kind === 'word' && NOT_ALIAS.has(last.text.toLowerCase())) &&
    (before.kind === 'word' || before.kind === 'quoted-identifier' || before.kind === 'number' || before.kind === 'string' || (before.kind === 'punct' && CLOSE.has(before.text)));
  return implicit ? { ...r, exprLast: r.last - 1, alias: nameKey(last) } : { ...r, exprLast: r.last };
}

/** Whether the name at `k` is `alias` read as a value: not qualified, not qualifying, not called, not a type. */
export function isBareName(sig: Lexeme[], k: number, alias: string): boolean {
  const l = sig[k];
  if (!isName(l) || nameKey(l) !== alias) return false;
  const prev = sig[k - 1];
  const next = sig[k + 1];
  if (isPunct(prev, '.') || isPunct(prev, '::') || isWord(prev, 'as')) return false;
  return !(isPunct(next, '.') || isPunct(next, '(') || isPunct(next, '=>'));
}

function rangeReads(sig: Lexeme[], from: number, to: number, alias: string): boolean {
  for (let k = from; k <= to; k++) if (isBareName(sig, k, alias)) return true;
  return false;
}

/** A subquery in the expression: its names resolve in another scope, which this module does not follow. */
export function expressionHasQuery(sig: Lexeme[], item: Item): boolean {
  for (let k = item.first; k <= item.exprLast; k++) if (isWord(sig[k], 'select')) return true;
  return false;
}
