// Output-column inference: the names of the columns a model's final SELECT produces, read from the masked
// template (Jinja blanked, offsets kept). `*` expands when its relation's columns are known (a CTE, a
// subquery, or a ref()/source() the caller can describe). Anything the reader cannot be sure of — a Jinja
// expression or loop in the select list, an unnamed expression, a star over an unknown table — makes the
// result `complete: false`, and rules that compare column lists then say nothing.
import { isKeyword, tokenizeSql, type SqlToken } from '../core/sql/tokenize';
import type { CallInfo, TemplateScan } from '../template/scan';

export interface OutputColumn {
  /** As written (quoted identifiers keep their case). */
  name: string;
  /** Offsets in the model file of the column's name (alias) or expression; absent for expanded stars. */
  start?: number;
  end?: number;
  quoted: boolean;
  /** Offsets of the expression an alias names (`cast(x as int)` in `cast(x as int) as n`), when it has one. */
  expression?: { start: number; end: number };
}

export interface InferredColumns {
  columns: OutputColumn[];
  complete: boolean;
}

/** Columns of a ref()/source() placeholder, or undefined when unknown. */
export type RelationResolver = (call: CallInfo) => string[] | undefined;

const CLAUSE_END = new Set([
  'from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'union', 'intersect', 'except', 'minus', 'window', 'into',
]);
const FROM_END = new Set(['where', 'group', 'having', 'qualify', 'order', 'limit', 'union', 'intersect', 'except', 'minus', 'window']);
const JOIN_WORDS = new Set(['join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'lateral', 'asof']);
const NOT_ALIAS = new Set([
  'on', 'using', 'where', 'join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'group', 'order', 'limit',
  'qualify', 'having', 'union', 'except', 'intersect', 'minus', 'lateral', 'window', 'sample', 'tablesample', 'at', 'before',
  'changes', 'match_recognize', 'pivot', 'unpivot', 'asof',
]);

/** Words that end an expression and can never be an implicit alias. */
const RESERVED = new Set(['end', 'null', 'true', 'false', 'and', 'or', 'not', 'then', 'else', 'when', 'case', 'is', 'in', 'like', 'ilike', 'between', 'distinct', 'over', 'as', 'asc', 'desc', 'nulls', 'first', 'last']);

/** Normalises a column name for comparison: unquoted identifiers are case-insensitive in Snowflake and DuckDB. */
export function columnKey(name: string, quoted = false): string {
  return quoted ? name : name.toLowerCase();
}

class Inference {
  private readonly tokens: SqlToken[];
  private readonly ctes = new Map<string, [number, number]>();
  private readonly cteCache = new Map<string, InferredColumns>();
  private readonly visiting = new Set<string>();

  constructor(
    private readonly scan: TemplateScan,
    private readonly resolve: RelationResolver,
  ) {
    this.tokens = tokenizeSql(scan.masked).tokens;
  }

  run(): InferredColumns {
    const toks = this.tokens;
    // The last statement with content is the model's query (earlier ones come from set/call blocks rarely).
    let from = 0;
    let lastStart = 0;
    let lastEnd = toks.length;
    for (let i = 0; i < toks.length; i++) {
      if (toks[i].text === ';' && toks[i].depth === 0) {
        if (i > from) {
          lastStart = from;
          lastEnd = i;
        }
        from = i + 1;
      }
    }
    if (from < toks.length) {
      lastStart = from;
      lastEnd = toks.length;
    }
    return this.query(lastStart, lastEnd);
  }

  /** A query in tokens [s, e): optional WITH list, then the first SELECT's list. */
  private query(s: number, e: number): InferredColumns {
    const toks = this.tokens;
    while (s < e && toks[s].text === '(' && this.matching(s) === e - 1) {
      s++;
      e--;
    }
    // Leading Jinja (`{{ config(...) }}`) renders to nothing.
    while (s < e && this.isJinja(toks[s]) && toks[s + 1] && !isKeyword(toks[s + 1], 'as')) s++;
    if (s >= e) return { columns: [], complete: false };
    const base = toks[s].depth;
    let i = s;
    if (isKeyword(toks[i], 'with')) {
      i++;
      if (isKeyword(toks[i], 'recursive')) i++;
      for (;;) {
        const nameTok = toks[i];
        if (!nameTok || (nameTok.kind !== 'ident' && nameTok.kind !== 'quoted')) return { columns: [], complete: false };
        i++;
        if (toks[i]?.text === '(') {
          const close = this.matching(i); // column list
          if (close < 0) return { columns: [], complete: false };
          i = close + 1;
        }
        if (!isKeyword(toks[i], 'as')) return { columns: [], complete: false };
        i++;
        if (isKeyword(toks[i], 'materialized') || isKeyword(toks[i], 'not')) i++;
        if (isKeyword(toks[i], 'materialized')) i++;
        if (toks[i]?.text !== '(') return { columns: [], complete: false };
        const close = this.matching(i);
        if (close < 0) return { columns: [], complete: false };
        this.ctes.set(nameTok.text.toLowerCase(), [i + 1, close]);
        i = close + 1;
        if (toks[i]?.text === ',') {
          i++;
          continue;
        }
        break;
      }
    }
    // First SELECT at this depth.
    if (toks[i]?.text === '(') {
      // `(select …) union …`: the first branch names the columns.
      const close = this.matching(i);
      if (close > i && isKeyword(toks[i + 1], 'select', 'with')) return this.query(i + 1, close);
    }
    if (!(isKeyword(toks[i], 'select') && toks[i].depth === base)) return { columns: [], complete: false };
    if (i >= e) return { columns: [], complete: false };
    return this.select(i, e, base);
  }

  private select(selIdx: number, e: number, base: number): InferredColumns {
    const toks = this.tokens;
    let i = selIdx + 1;
    if (isKeyword(toks[i], 'distinct', 'all')) i++;
    if (isKeyword(toks[i], 'top')) i += 2;
    const listStart = i;
    while (i < e && !(toks[i].depth === base && toks[i].kind === 'ident' && CLAUSE_END.has(toks[i].text.toLowerCase()))) {
      if (toks[i].text === ';' && toks[i].depth === base) break;
      i++;
    }
    const listEnd = i;
    let complete = true;
    // A statement tag (for/if/set) inside the select list means the list is built by Jinja.
    if (listEnd > listStart) {
      const a = toks[listStart].start;
      const b = toks[listEnd - 1].end;
      if (this.scan.tags.some((t) => t.kind === 'stmt' && t.start >= a && t.start < b)) complete = false;
    }
    const fromItems = isKeyword(toks[listEnd], 'from') ? this.fromItems(listEnd + 1, e, base) : [];
    const columns: OutputColumn[] = [];
    let itemStart = listStart;
    for (let k = listStart; k <= listEnd; k++) {
      if (k === listEnd || (toks[k].text === ',' && toks[k].depth === base)) {
        if (k > itemStart) {
          const r = this.item(itemStart, k, fromItems);
          columns.push(...r.columns);
          if (!r.complete) complete = false;
        }
        itemStart = k + 1;
      }
    }
    if (listEnd === listStart) complete = false;
    return { columns, complete };
  }

  private isJinja(t: SqlToken): boolean {
    return t.kind === 'ident' && this.scan.masked.slice(t.start, t.end) !== this.scan.text.slice(t.start, t.end);
  }

  private item(s: number, e: number, fromItems: FromItem[]): InferredColumns {
    const toks = this.tokens;
    const last = toks[e - 1];
    // star forms: `*`, `t.*`, optionally followed by EXCLUDE/RENAME/ILIKE/REPLACE
    const starAt = this.starIndex(s, e);
    if (starAt >= 0) {
      const qualifier = starAt - 2 >= s && toks[starAt - 1].text === '.' ? toks[starAt - 2] : undefined;
      const items = qualifier ? fromItems.filter((f) => f.alias === qualifier.text.toLowerCase()) : fromItems;
      if (items.length === 0) return { columns: [], complete: false };
      let complete = true;
      let cols: OutputColumn[] = [];
      for (const f of items) {
        const r = this.relationColumns(f);
        if (!r.complete) complete = false;
        cols.push(...r.columns.map((c) => ({ name: c.name, quoted: c.quoted })));
      }
      const rest = toks.slice(starAt + 1, e);
      if (rest.length > 0) {
        if (isKeyword(rest[0], 'exclude')) {
          const drop = new Set(rest.slice(1).filter((t) => t.kind === 'ident' || t.kind === 'quoted').map((t) => columnKey(t.text, t.kind === 'quoted')));
          cols = cols.filter((c) => !drop.has(columnKey(c.name, c.quoted)));
        } else complete = false;
      }
      return { columns: cols, complete };
    }
    // alias: `expr AS name` or `expr name`
    if (last.kind === 'ident' || last.kind === 'quoted') {
      const prev = toks[e - 2];
      const reserved = last.kind === 'ident' && RESERVED.has(last.text.toLowerCase());
      const isAlias = e - s >= 2 && (isKeyword(prev, 'as') || (!reserved && prev.kind !== 'op' && prev.text !== '.' && prev.text !== ',' && prev.text !== '('));
      if (isAlias || e - s === 1 || (prev?.text === '.' && this.isPath(s, e))) {
        if (this.isJinja(last)) return { columns: [], complete: false };
        if (last.kind === 'ident' && /^(null|true|false)$/i.test(last.text) && e - s === 1) return { columns: [], complete: false };
        const col: OutputColumn = { name: last.text, start: last.start, end: last.end, quoted: last.kind === 'quoted' };
        const exprEnd = isAlias ? (isKeyword(prev, 'as') ? e - 2 : e - 1) : s;
        if (exprEnd > s) col.expression = { start: toks[s].start, end: toks[exprEnd - 1].end };
        return { columns: [col], complete: true };
      }
    }
    return { columns: [], complete: false };
  }

  /** `a.b.c` — a column path whose last part is the name. */
  private isPath(s: number, e: number): boolean {
    for (let k = s; k < e; k++) {
      const t = this.tokens[k];
      const want = (k - s) % 2 === 0;
      if (want ? !(t.kind === 'ident' || t.kind === 'quoted') : t.text !== '.') return false;
    }
    return true;
  }

  private starIndex(s: number, e: number): number {
    const toks = this.tokens;
    if (toks[s].kind === 'op' && toks[s].text === '*') return s;
    if (e - s >= 3 && toks[s + 1]?.text === '.' && toks[s + 2]?.text === '*') return s + 2;
    return -1;
  }

  private fromItems(s: number, e: number, base: number): FromItem[] {
    const toks = this.tokens;
    const items: FromItem[] = [];
    let i = s;
    while (i < e) {
      const t = toks[i];
      if (t.depth === base && t.kind === 'ident' && FROM_END.has(t.text.toLowerCase())) break;
      if (t.depth !== base) {
        i++;
        continue;
      }
      if (t.text === ',' || (t.kind === 'ident' && JOIN_WORDS.has(t.text.toLowerCase()))) {
        i++;
        continue;
      }
      if (isKeyword(t, 'on', 'using')) {
        // skip the join condition up to the next join word or comma at this depth
        i++;
        while (i < e && !(toks[i].depth === base && (toks[i].text === ',' || (toks[i].kind === 'ident' && (JOIN_WORDS.has(toks[i].text.toLowerCase()) || FROM_END.has(toks[i].text.toLowerCase())))))) i++;
        continue;
      }
      // a relation: (subquery) | name[.name…] | jinja placeholder
      let item: FromItem;
      if (t.text === '(') {
        const close = this.matching(i);
        if (close < 0) break;
        item = { kind: 'subquery', range: [i + 1, close], alias: '' };
        i = close + 1;
      } else if (t.kind === 'ident' || t.kind === 'quoted') {
        let j = i;
        const parts: SqlToken[] = [t];
        while (toks[j + 1]?.text === '.' && toks[j + 2] && (toks[j + 2].kind === 'ident' || toks[j + 2].kind === 'quoted')) {
          parts.push(toks[j + 2]);
          j += 2;
        }
        const lastPart = parts[parts.length - 1];
        if (this.isJinja(t) && parts.length === 1) {
          const call = this.scan.calls.find((c) => c.tag.start === t.start && (c.name === 'ref' || c.name === 'source'));
          item = { kind: 'call', call, alias: '' };
        } else if (parts.length === 1 && this.ctes.has(t.text.toLowerCase())) {
          item = { kind: 'cte', name: t.text.toLowerCase(), alias: t.text.toLowerCase() };
        } else {
          item = { kind: 'table', alias: lastPart.text.toLowerCase() };
        }
        i = j + 1;
        if (toks[i]?.text === '(') {
          const close = this.matching(i); // table function args
          if (close < 0) break;
          i = close + 1;
        }
      } else {
        i++;
        continue;
      }
      // alias
      if (isKeyword(toks[i], 'as')) i++;
      const a = toks[i];
      if (a && (a.kind === 'ident' || a.kind === 'quoted') && a.depth === base && !NOT_ALIAS.has(a.text.toLowerCase()) && !FROM_END.has(a.text.toLowerCase())) {
        item.alias = a.text.toLowerCase();
        i++;
      }
      items.push(item);
    }
    return items;
  }

  private relationColumns(f: FromItem): InferredColumns {
    if (f.kind === 'cte') return this.cte(f.name);
    if (f.kind === 'subquery') return this.query(f.range[0], f.range[1]);
    if (f.kind === 'call' && f.call) {
      const names = this.resolve(f.call);
      if (names) return { columns: names.map((n) => ({ name: n, quoted: false })), complete: true };
    }
    return { columns: [], complete: false };
  }

  /** The columns of a CTE of the model's query, or undefined when the query has no CTE of that name. */
  cteColumns(name: string): InferredColumns | undefined {
    this.run(); // registers the CTEs of the final query
    return this.ctes.has(name) ? this.cte(name) : undefined;
  }

  private cte(name: string): InferredColumns {
    const cached = this.cteCache.get(name);
    if (cached) return cached;
    if (this.visiting.has(name)) return { columns: [], complete: false };
    this.visiting.add(name);
    const [s, e] = this.ctes.get(name)!;
    const r = this.query(s, e);
    this.visiting.delete(name);
    this.cteCache.set(name, r);
    return r;
  }

  private matching(open: number): number {
    const toks = this.tokens;
    const d = toks[open].depth;
    for (let k = open + 1; k < toks.length; k++) if (toks[k].text === ')' && toks[k].depth === d) return k;
    return -1;
  }
}

type FromItem =
  | { kind: 'subquery'; range: [number, number]; alias: string }
  | { kind: 'call'; call: CallInfo | undefined; alias: string }
  | { kind: 'cte'; name: string; alias: string }
  | { kind: 'table'; alias: string };

export function inferOutputColumns(scan: TemplateScan, resolve: RelationResolver = () => undefined): InferredColumns {
  if (scan.truncated) return { columns: [], complete: false };
  try {
    return new Inference(scan, resolve).run();
  } catch {
    return { columns: [], complete: false };
  }
}

/** Columns of the CTE `name` (lower-cased) of the model's query; undefined when there is none. */
export function inferCteColumns(scan: TemplateScan, name: string, resolve: RelationResolver = () => undefined): InferredColumns | undefined {
  if (scan.truncated) return undefined;
  try {
    return new Inference(scan, resolve).cteColumns(name);
  } catch {
    return undefined;
  }
}
