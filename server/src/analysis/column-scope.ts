// Columns in scope at a point of a model's SQL: the relations the enclosing query's FROM and JOIN clauses
// name (ref(), source(), CTEs, {{ this }}), by alias, and each relation's columns with what schema.yml says
// about them. Read from the masked template, like output-column inference, so Jinja never shifts offsets.
import type { ColumnInfo, ModelNode, SourceNode } from '../core/types';
import { columnKey, inferCteColumns } from './columns';
import type { DocumentView } from './document';
import { resolveRef } from './project-index';
import { isKeyword, tokenizeSql, type SqlToken } from '../core/sql/tokenize';
import { positional, type CallInfo } from '../template/scan';

export interface ScopeColumn {
  name: string;
  quoted: boolean;
  /** The schema.yml declaration, from the relation itself or (for a CTE) from the upstream it passes through. */
  info?: ColumnInfo;
  /** The model or source that declares `info`. */
  owner?: ModelNode | SourceNode;
}

export interface ScopeRelation {
  /** Lower-cased alias; the relation's own name when it has none. */
  alias: string;
  /** For display: `ref('bz_users')`, `source('raw', 'users')`, `cte src`. */
  label: string;
  owner?: ModelNode | SourceNode;
  columns(): ScopeColumn[];
}

const FROM_END = new Set(['where', 'group', 'having', 'qualify', 'order', 'limit', 'union', 'intersect', 'except', 'minus', 'window', 'select']);
const JOIN_WORDS = new Set(['join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'lateral', 'asof']);
const NOT_ALIAS = new Set([
  'on', 'using', 'where', 'join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'group', 'order', 'limit',
  'qualify', 'having', 'union', 'except', 'intersect', 'minus', 'lateral', 'window', 'sample', 'tablesample', 'at', 'before',
  'changes', 'match_recognize', 'pivot', 'unpivot', 'asof', 'select',
]);

export interface SqlContext {
  tokens: SqlToken[];
  view: DocumentView;
}

export function sqlContext(view: DocumentView): SqlContext | undefined {
  if (!view.scan || view.scan.truncated) return undefined;
  return { tokens: tokenizeSql(view.scan.masked).tokens, view };
}

function isJinja(view: DocumentView, t: SqlToken): boolean {
  return view.scan!.masked.slice(t.start, t.end) !== view.text.slice(t.start, t.end);
}

function matching(toks: SqlToken[], open: number): number {
  const d = toks[open].depth;
  for (let k = open + 1; k < toks.length; k++) if (toks[k].text === ')' && toks[k].depth === d) return k;
  return toks.length;
}

/** Token range [lo, hi) and depth of the innermost query (parenthesised or the statement) holding `offset`. */
function enclosingQuery(toks: SqlToken[], offset: number): { lo: number; hi: number; depth: number } {
  const stack: number[] = [];
  let statementStart = 0;
  for (let i = 0; i < toks.length && toks[i].start < offset; i++) {
    if (toks[i].text === '(') stack.push(i);
    else if (toks[i].text === ')') stack.pop();
    else if (toks[i].text === ';' && toks[i].depth === 0) statementStart = i + 1;
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    const o = stack[k];
    if (isKeyword(toks[o + 1], 'select', 'with')) return { lo: o + 1, hi: matching(toks, o), depth: toks[o].depth + 1 };
  }
  let end = statementStart;
  while (end < toks.length && !(toks[end].text === ';' && toks[end].depth === 0)) end++;
  return { lo: statementStart, hi: end, depth: 0 };
}

/** CTE names defined anywhere in the file (`name as (` after WITH or a comma). */
function cteNames(toks: SqlToken[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i + 2 < toks.length; i++) {
    const t = toks[i];
    if ((t.kind === 'ident' || t.kind === 'quoted') && isKeyword(toks[i + 1], 'as') && toks[i + 2].text === '(' && (isKeyword(toks[i - 1], 'with', 'recursive') || toks[i - 1].text === ',')) {
      out.add(t.text.toLowerCase());
    }
  }
  return out;
}

function modelColumns(view: DocumentView, m: ModelNode): ScopeColumn[] {
  const declared = Object.values(m.columns);
  const byKey = new Map(declared.map((c) => [columnKey(c.name, c.quote === true), c]));
  const inferred = view.project.facts(m.uniqueId)?.columns();
  const out: ScopeColumn[] = [];
  const seen = new Set<string>();
  for (const c of inferred?.columns ?? []) {
    const key = columnKey(c.name, c.quoted);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: c.name, quoted: c.quoted, info: byKey.get(key), owner: m });
  }
  // Declared columns the reader could not see in the SQL (a Jinja-built list); a complete inference wins.
  if (!inferred?.complete) {
    for (const c of declared) {
      const key = columnKey(c.name, c.quote === true);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: c.name, quoted: c.quote === true, info: c, owner: m });
    }
  }
  return out;
}

function sourceColumns(s: SourceNode): ScopeColumn[] {
  return Object.values(s.columns).map((c) => ({ name: c.name, quoted: c.quote === true, info: c, owner: s }));
}

function callStrings(call: CallInfo): string[] | undefined {
  const args = positional(call).map((a) => a.value);
  return args.every((a) => typeof a === 'string') ? (args as string[]) : undefined;
}

/** The model or source a ref()/source() call names. */
export function callTarget(view: DocumentView, call: CallInfo): ModelNode | SourceNode | undefined {
  const args = callStrings(call);
  if (!args) return undefined;
  if (call.name === 'ref' && (args.length === 1 || args.length === 2)) return resolveRef(view.project.index, args[args.length - 1], args.length === 2 ? args[0] : undefined);
  if (call.name === 'source' && args.length === 2) return view.project.index.sourceTables.get(`${args[0]}.${args[1]}`);
  return undefined;
}

function ownerColumns(view: DocumentView, owner: ModelNode | SourceNode): ScopeColumn[] {
  return owner.resourceType === 'source' ? sourceColumns(owner) : modelColumns(view, owner);
}

/** The ref()/source() relations of the whole file: where a CTE's pass-through columns are documented. */
function upstreams(view: DocumentView): (ModelNode | SourceNode)[] {
  const out: (ModelNode | SourceNode)[] = [];
  for (const c of view.scan!.calls) {
    if (c.name !== 'ref' && c.name !== 'source') continue;
    const t = callTarget(view, c);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function cteRelation(view: DocumentView, name: string, alias: string): ScopeRelation {
  return {
    alias,
    label: `cte ${name}`,
    columns: () => {
      const r = inferCteColumns(view.scan!, name, (call) => view.project.relationColumns(call.name, positional(call).map((a) => a.value)));
      const ups = upstreams(view);
      return (r?.columns ?? []).map((c) => {
        const key = columnKey(c.name, c.quoted);
        for (const u of ups) {
          const info = Object.values(u.columns).find((d) => columnKey(d.name, d.quote === true) === key);
          if (info) return { name: c.name, quoted: c.quoted, info, owner: u };
        }
        return { name: c.name, quoted: c.quoted };
      });
    },
  };
}

/** One relation of a FROM list starting at token i; returns it and the index after it (and its alias). */
function relationAt(ctx: SqlContext, i: number, depth: number, ctes: Set<string>): { rel?: ScopeRelation; next: number } {
  const { tokens: toks, view } = ctx;
  const t = toks[i];
  let rel: ScopeRelation | undefined;
  let next = i + 1;
  if (t.text === '(') {
    next = matching(toks, i) + 1;
    rel = { alias: '', label: 'subquery', columns: () => [] };
  } else if (t.kind === 'ident' || t.kind === 'quoted') {
    let j = i;
    while (toks[j + 1]?.text === '.' && toks[j + 2] && (toks[j + 2].kind === 'ident' || toks[j + 2].kind === 'quoted')) j += 2;
    const last = toks[j];
    next = j + 1;
    if (isJinja(view, t) && j === i) {
      const call = view.scan!.calls.find((c) => c.tag.start === t.start && (c.name === 'ref' || c.name === 'source'));
      const tag = view.scan!.tags.find((g) => g.start === t.start);
      const owner = call ? callTarget(view, call) : tag?.isThis ? view.model : undefined;
      const label = call ? view.text.slice(call.start, call.end + 1) : tag?.isThis ? 'this' : 'jinja';
      const name = owner ? owner.name.toLowerCase() : '';
      rel = { alias: name, label, owner, columns: () => (owner ? ownerColumns(view, owner) : []) };
    } else if (j === i && ctes.has(t.text.toLowerCase())) {
      rel = cteRelation(view, t.text.toLowerCase(), t.text.toLowerCase());
    } else {
      rel = { alias: last.text.toLowerCase(), label: view.text.slice(t.start, last.end), columns: () => [] };
    }
    if (toks[next]?.text === '(') next = matching(toks, next) + 1; // table function arguments
  } else return { next };
  if (isKeyword(toks[next], 'as')) next++;
  const a = toks[next];
  if (a && (a.kind === 'ident' || a.kind === 'quoted') && a.depth === depth && !NOT_ALIAS.has(a.text.toLowerCase()) && !FROM_END.has(a.text.toLowerCase()) && !isJinja(view, a)) {
    rel.alias = a.kind === 'quoted' ? a.text : a.text.toLowerCase();
    next++;
  }
  return { rel, next };
}

/** The relations of the query that holds `offset` (every FROM/JOIN at its level, union branches included). */
export function relationsInScope(ctx: SqlContext, offset: number): ScopeRelation[] {
  const toks = ctx.tokens;
  const { lo, hi, depth } = enclosingQuery(toks, offset);
  const ctes = cteNames(toks);
  const out: ScopeRelation[] = [];
  let i = lo;
  while (i < hi) {
    const t = toks[i];
    const starts = t.depth === depth && (isKeyword(t, 'from', 'join') || (t.text === ',' && inFrom(toks, lo, i, depth)));
    if (!starts || !toks[i + 1] || i + 1 >= hi) {
      i++;
      continue;
    }
    const { rel, next } = relationAt(ctx, i + 1, depth, ctes);
    if (rel) out.push(rel);
    i = Math.max(next, i + 1);
  }
  return out;
}

/** Whether token i (a comma) separates FROM items: the nearest clause word before it at this depth is FROM/JOIN. */
function inFrom(toks: SqlToken[], lo: number, i: number, depth: number): boolean {
  for (let k = i - 1; k >= lo; k--) {
    const t = toks[k];
    if (t.depth !== depth || t.kind !== 'ident') continue;
    const w = t.text.toLowerCase();
    if (w === 'from' || w === 'join') return true;
    if (w === 'select' || w === 'on' || w === 'using' || FROM_END.has(w)) return false;
  }
  return false;
}

/** The relation an alias (or relation name) qualifies, in the scope at `offset`. */
export function relationByAlias(ctx: SqlContext, offset: number, alias: string): ScopeRelation | undefined {
  const rels = relationsInScope(ctx, offset);
  const a = alias.toLowerCase();
  return rels.find((r) => r.alias === alias || r.alias === a) ?? rels.find((r) => r.owner?.name.toLowerCase() === a);
}

/** The column a (possibly qualified) name at `offset` refers to: the first relation in scope that has it. */
export function columnAt(ctx: SqlContext, offset: number): { column: ScopeColumn; relation: ScopeRelation; start: number; end: number } | undefined {
  const toks = ctx.tokens;
  const k = toks.findIndex((t) => t.start <= offset && offset <= t.end && (t.kind === 'ident' || t.kind === 'quoted'));
  if (k < 0) return undefined;
  const t = toks[k];
  if (isJinja(ctx.view, t) || toks[k + 1]?.text === '.' || toks[k + 1]?.text === '(') return undefined;
  const key = columnKey(t.text, t.kind === 'quoted');
  let rels: ScopeRelation[];
  if (toks[k - 1]?.text === '.' && toks[k - 2]) {
    const r = relationByAlias(ctx, t.start, toks[k - 2].text);
    rels = r ? [r] : [];
  } else rels = relationsInScope(ctx, t.start);
  for (const relation of rels) {
    const column = relation.columns().find((c) => columnKey(c.name, c.quoted) === key);
    if (column) return { column, relation, start: t.start, end: t.end };
  }
  return undefined;
}
