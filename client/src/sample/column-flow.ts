// Where a relation's columns go inside one model: `select t.qty as quantity_on_tag from {{ ref('tag') }} t` hands
// `qty` on as `quantity_on_tag`; a CTE that lists `poi.quantity_ordered` hands it on to the blocks reading the CTE,
// bare or through the CTE's alias; `select *` hands on all. Each token that names one of the relation's columns (by
// any of those names) is found, and so are the names the model's own output gives them — what its readers see.
// (ammodepot's inventory models subtract columns a staging model renamed and a CTE listed: sampled as text, the
// subtraction was refused.)
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { topLevelCommas } from '../../../server/src/core/sql/split';

/** Where the model reads the relation (a masked `{{ ref(…) }}` token) and the relation's columns by name. */
export interface Inbound<T> {
  at: number;
  columns: ReadonlyMap<string, T>;
}

export interface ColumnFlow<T> {
  /** The column each token names, by token index. */
  at: Map<number, T>;
  /** The model's output names for the relation's columns (its first top-level select list). */
  handed: Map<string, T>;
}

/** Words that end a FROM item (never its alias). */
const CLAUSE_WORDS = new Set(
  'on using where group order qualify having limit union except intersect minus window join left right inner outer full cross natural lateral as select from pivot unpivot sample tablesample'.split(' '),
);
/** Set operators, which end a query block and join it to the next. */
const SET_OPERATOR = /^(union|except|intersect|minus)$/i;
/** Words that end the FROM clause. */
const FROM_ENDS = /^(where|group|order|qualify|having|limit|window)$/i;

/**
 * The columns of a relation whose column list is not read (model-reads.ts reads a model's parents so): every name is
 * one of them. A `select *` over it hands every name on as well — but the names its own items give (`select *,
 * a as b`): those are the items' — so `with s as (select * from {{ ref('m') }}) select s.x from s` reads m's x.
 */
export class AnyColumns<T> extends Map<string, T> {
  constructor(
    private readonly column: (name: string) => T | undefined,
    /** Names the query's own items give: their columns (none for a computed item). */
    private readonly own: ReadonlyMap<string, T | undefined> = new Map(),
  ) {
    super();
  }
  override get(name: string): T | undefined {
    return this.own.has(name) ? this.own.get(name) : this.column(name);
  }
  override has(name: string): boolean {
    return !this.own.has(name) || this.own.get(name) !== undefined;
  }
}

interface Item<T> {
  /** The relation's columns by name, as far as known to come from the inbound relation. */
  columns: ReadonlyMap<string, T>;
  /** Every output name, when known (a CTE's or derived table's select list); undefined for other relations. */
  outputs?: ReadonlySet<string>;
  /** The name that qualifies its columns (its alias, else its own name), lower case. */
  qualifier?: string;
}

interface Block {
  select: number;
  from: number;
  end: number;
  depth: number;
}

function blocksOf(tokens: SqlToken[]): Block[] {
  const blocks: Block[] = [];
  for (let s = 0; s < tokens.length; s++) {
    if (tokens[s].kind !== 'ident' || !/^select$/i.test(tokens[s].text)) continue;
    const depth = tokens[s].depth;
    let end = tokens.length;
    let from = -1;
    for (let j = s + 1; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.depth < depth || (t.depth === depth && (t.text === ';' || SET_OPERATOR.test(t.text)))) {
        end = j;
        break;
      }
      if (from < 0 && t.depth === depth && /^from$/i.test(t.text)) from = j;
    }
    blocks.push({ select: s, from, end, depth });
  }
  return blocks;
}

/** The index of the `)` closing the `(` at `open`. */
function closing(tokens: SqlToken[], open: number): number {
  for (let k = open + 1; k < tokens.length; k++) if (tokens[k].text === ')' && tokens[k].depth === tokens[open].depth) return k;
  return tokens.length;
}

/** The select items of a block, each as its token indexes. */
function selectItems(tokens: SqlToken[], block: Block): number[][] {
  const items: number[][] = [];
  const stop = block.from >= 0 ? block.from : block.end;
  let from = block.select + 1;
  for (const end of [...topLevelCommas(tokens, from, stop), stop]) {
    const item: number[] = [];
    for (let k = from; k < end; k++) {
      const t = tokens[k];
      if (!(item.length === 0 && /^(distinct|all)$/i.test(t.text) && t.depth === block.depth)) item.push(k);
    }
    items.push(item);
    from = end + 1;
  }
  return items.filter((i) => i.length > 0);
}

/**
 * The name a word or quoted identifier gives a column, as the flow keys it: lower case, unless quoted in a case of its
 * own (`"Product ID"`; a quoted `"PRODUCT_ID"` is the unquoted name, which Snowflake stores in upper case).
 */
function nameKey(t: SqlToken): string {
  return t.kind === 'quoted' && !/^[A-Z_][A-Z0-9_$]*$/.test(t.text) ? t.text : t.text.toLowerCase();
}

/** The output name of a select item (`x`, `t.x`, `expr as y`, `expr y`), as nameKey keys it; undefined for `*`. */
export function outputName(tokens: SqlToken[], item: number[]): string | undefined {
  const last = tokens[item[item.length - 1]];
  if (last.kind !== 'ident' && last.kind !== 'quoted') return undefined;
  return nameKey(last);
}

/**
 * The token naming the column a select item passes on as it is: `x`, `t.x`, optionally `as y` / `y`; undefined for
 * anything computed.
 */
export function plainReference(tokens: SqlToken[], item: number[]): number | undefined {
  // `t.x …` names x; else the item's first token (`x`, `x as y`, `x y`), when it is a name (not a literal or a call).
  const ref = tokens[item[1]]?.text === '.' && item.length >= 3 ? item[2] : item[0];
  if (tokens[ref]?.kind !== 'ident' && tokens[ref]?.kind !== 'quoted') return undefined;
  const rest = item.filter((k) => k > ref);
  const plain = rest.length === 0 || (rest.length === 1 && tokens[rest[0]].kind === 'ident') || (rest.length === 2 && /^as$/i.test(tokens[rest[0]].text));
  return plain ? ref : undefined;
}


/** A chain of query blocks joined by set operators: its branches' select items, and whether it is the model's output. */
export interface SetOperation {
  /** Each branch's select items (token indexes), in order. */
  branches: number[][][];
  /** The final query's chain (not a CTE's or a subquery's): its first branch names the model's columns. */
  top: boolean;
}

/**
 * Each chain of query blocks joined by set operators (`select … union all select …`), anywhere in the tokens (a CTE's
 * body or the final query).
 */
export function setOperationBranches(tokens: SqlToken[]): SetOperation[] {
  const blocks = blocksOf(tokens);
  const bySelect = new Map(blocks.map((b) => [b.select, b]));
  const later = new Set<Block>();
  const chains: SetOperation[] = [];
  for (const first of [...blocks].sort((a, b) => a.select - b.select)) {
    if (later.has(first) || !SET_OPERATOR.test(tokens[first.end]?.text ?? '')) continue;
    const chain: number[][][] = [];
    for (let b: Block | undefined = first; b; ) {
      chain.push(selectItems(tokens, b));
      if (!SET_OPERATOR.test(tokens[b.end]?.text ?? '')) break;
      let next = b.end + 1;
      while (/^(all|distinct|\()$/i.test(tokens[next]?.text ?? '')) next++;
      b = bySelect.get(next);
      if (b) later.add(b);
    }
    chains.push({ branches: chain, top: first.depth === 0 && tokens[first.select - 1]?.text !== '(' });
  }
  return chains;
}

/** The CTE a set operation is the whole body of: `name as (select … union all select … )`. */
export function setOperationCte(tokens: SqlToken[], branches: number[][][]): { cte?: string } {
  let select = branches[0]?.[0]?.[0] ?? 0;
  while (select > 0 && !/^select$/i.test(tokens[select].text)) select--;
  const open = select - 1;
  if (tokens[open]?.text !== '(' || !/^as$/i.test(tokens[open - 1]?.text ?? '') || tokens[open - 2]?.kind !== 'ident') return {};
  const last = branches[branches.length - 1];
  const end = last[last.length - 1];
  // The body ends with the last branch (its FROM, WHERE, … at the CTE's depth): the parenthesis closes it.
  let k = end[end.length - 1] + 1;
  while (k < tokens.length && tokens[k].depth > tokens[open].depth) k++;
  return tokens[k]?.text === ')' ? { cte: tokens[open - 2].text.toLowerCase() } : {};
}

/** Date and time parts, which name columns too (an hours spine's `hour`, a calendar's `day`). */
const DATE_PART = /^(years?|yrs?|yy|yyyy|quarters?|qtr|months?|mm|weeks?|wk|days?|dd|hours?|hrs?|hh|minutes?|mins?|mi|seconds?|secs?|ss|epoch)$/i;

/**
 * Whether a word that is elsewhere a keyword names a column where it stands: qualified (`A.hour`), or a select item by
 * itself (`SELECT HOUR FROM {{ source('shared', 'hours') }}`). A date part is a column's name too; as a keyword it is
 * a function's argument (`DATEADD(hour, …)`) or follows a literal (`INTERVAL '1' HOUR`).
 */
function columnWhereItStands(tokens: SqlToken[], i: number, depth: number): boolean {
  if (tokens[i - 1]?.text === '.') return true;
  // (TRUE, FALSE, NULL, CURRENT_DATE alone are values.)
  if (!DATE_PART.test(tokens[i].text)) return false;
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  const starts = before !== undefined && before.depth === depth && (before.text === ',' || /^(select|distinct)$/i.test(before.text));
  const ends = after === undefined || (after.depth === depth && (after.text === ',' || /^(from|as)$/i.test(after.text))) || after.depth < depth;
  return starts && ends;
}

/**
 * Follows the columns of the relations read at `inbound` through the model's query blocks. `isColumnWord` says
 * whether an unquoted word may name a column (not a keyword).
 */
export function followColumns<T>(tokens: SqlToken[], inbound: ReadonlyArray<Inbound<T>>, isColumnWord: (word: string) => boolean): ColumnFlow<T> {
  const at = new Map<number, T>();
  const blocks = blocksOf(tokens);
  const bySelect = new Map(blocks.map((b) => [b.select, b]));
  // A CTE's body: `name as ( select … )`, by name.
  const cteBody = new Map<string, Block>();
  for (const b of blocks) {
    const open = b.select - 1;
    if (tokens[open]?.text !== '(' || !/^as$/i.test(tokens[open - 1]?.text ?? '') || tokens[open - 2]?.kind !== 'ident') continue;
    const name = tokens[open - 2].text.toLowerCase();
    if (!cteBody.has(name)) cteBody.set(name, b);
  }
  const inboundAt = new Map(inbound.map((i) => [i.at, i.columns]));
  const handedBy = new Map<Block, { columns: Map<string, T>; outputs?: Set<string> }>();
  // What a query hands on: its first block's names, with the columns its UNION's later branches hand on under them
  // (`select * from google union all select * from meta`: each branch's own columns count).
  const handedOf = (first: Block): { columns: Map<string, T>; outputs?: Set<string> } | undefined => {
    const own = handedBy.get(first);
    if (!own) return undefined;
    // A single query over a relation of any columns hands on any column (a copy would list none).
    if (own.columns instanceof AnyColumns && !SET_OPERATOR.test(tokens[first.end]?.text ?? '')) return own;
    const columns = new Map(own.columns);
    for (let b: Block | undefined = first; b && SET_OPERATOR.test(tokens[b.end]?.text ?? ''); ) {
      let next = b.end + 1;
      while (/^(all|distinct|\()$/i.test(tokens[next]?.text ?? '')) next++;
      b = bySelect.get(next);
      for (const [k, v] of (b ? handedBy.get(b)?.columns : undefined) ?? []) if (!columns.has(k)) columns.set(k, v);
    }
    return { columns, ...(own.outputs ? { outputs: own.outputs } : {}) };
  };
  // Innermost blocks (and earlier CTEs) first: a block's items are settled before the blocks that read them.
  for (const block of [...blocks].sort((a, b) => a.end - b.end || b.select - a.select)) {
    const items: Array<Item<T>> = [];
    if (block.from >= 0) {
      let expect = true;
      for (let k = block.from + 1; k < block.end; k++) {
        const t = tokens[k];
        if (t.depth !== block.depth) continue;
        if (FROM_ENDS.test(t.text)) break;
        if (t.text === ',' || /^join$/i.test(t.text)) {
          expect = true;
          continue;
        }
        if (!expect) continue;
        expect = false;
        let columns: ReadonlyMap<string, T> = new Map();
        let outputs: ReadonlySet<string> | undefined;
        let next = k + 1;
        let own: string | undefined;
        if (t.text === '(') {
          const inner = bySelect.get(k + 1);
          const handed = inner ? handedOf(inner) : undefined;
          if (handed) ({ columns, outputs } = handed);
          next = closing(tokens, k) + 1;
        } else if (inboundAt.has(k) || t.kind === 'ident') {
          // (A masked `{{ ref(…) }}` qualifies its columns only through an alias.)
          own = inboundAt.has(k) ? undefined : t.text.toLowerCase();
          const body = own === undefined ? undefined : cteBody.get(own);
          const handed = body && body.select > k ? undefined : body ? handedOf(body) : undefined;
          if (inboundAt.has(k)) columns = inboundAt.get(k)!;
          else if (handed) ({ columns, outputs } = handed);
          // A dotted name (`db.schema.table`, as a rendering writes the relation read): its last part names it.
          while (tokens[next]?.text === '.' && (tokens[next + 1]?.kind === 'ident' || tokens[next + 1]?.kind === 'quoted')) {
            own = tokens[next + 1].text.toLowerCase();
            next += 2;
          }
        }
        if (/^as$/i.test(tokens[next]?.text ?? '')) next++;
        const alias = tokens[next]?.kind === 'ident' && !CLAUSE_WORDS.has(tokens[next].text.toLowerCase()) && isColumnWord(tokens[next].text) ? tokens[next].text.toLowerCase() : undefined;
        items.push({ columns, ...(outputs ? { outputs } : {}), ...((alias ?? own) ? { qualifier: alias ?? own } : {}) });
      }
    }
    const resolve = (i: number): T | undefined => {
      const name = nameKey(tokens[i]);
      if (tokens[i - 1]?.text === '.') {
        const q = tokens[i - 2]?.text.toLowerCase();
        return items.find((item) => item.qualifier === q)?.columns.get(name);
      }
      const having = items.filter((item) => item.columns.has(name));
      if (having.length !== 1) return undefined;
      // Beside other relations, a bare name is this one's only when each other one is known not to have it.
      const others = items.filter((item) => item !== having[0]);
      if (others.some((item) => !item.outputs || item.outputs.has(name) || item.outputs.has('*'))) return undefined;
      return having[0].columns.get(name);
    };
    // The block's own tokens (not those of the blocks nested in it).
    const nested = blocks.filter((b) => b !== block && b.select > block.select && b.select < block.end);
    for (let i = block.select + 1; i < block.end; i++) {
      const inner = nested.find((b) => i >= b.select && i < b.end);
      if (inner) {
        i = inner.end - 1;
        continue;
      }
      const t = tokens[i];
      if (t.kind !== 'ident' && t.kind !== 'quoted') continue;
      if (t.kind === 'ident' && !isColumnWord(t.text) && !columnWhereItStands(tokens, i, block.depth)) continue;
      if (/^[(.]$/.test(tokens[i + 1]?.text ?? '') || /^(as|::|:)$/i.test(tokens[i - 1]?.text ?? '') || inboundAt.has(i)) continue;
      const column = resolve(i);
      if (column !== undefined) at.set(i, column);
    }
    // What the block hands on: plain references under their output names; `*` and `q.*` hand on whole relations.
    const columns = new Map<string, T>();
    const outputs = new Set<string>();
    // The names the items give, each with its column (undefined for a computed item), for a `*` of any columns.
    const named = new Map<string, T | undefined>();
    const starred: Array<Item<T>> = [];
    for (const item of selectItems(tokens, block)) {
      const first = tokens[item[0]];
      const star = tokens[item[item.length - 1]].text === '*';
      if (star) {
        const q = item.length === 3 && tokens[item[1]].text === '.' ? first.text.toLowerCase() : undefined;
        for (const from of items.filter((x) => q === undefined || x.qualifier === q)) {
          starred.push(from);
          for (const [k, v] of from.columns) columns.set(k, v);
        }
        outputs.add('*');
        continue;
      }
      const name = outputName(tokens, item);
      if (name) outputs.add(name);
      const ref = plainReference(tokens, item);
      const column = ref !== undefined ? at.get(ref) : undefined;
      if (column !== undefined && name) columns.set(name, column);
      if (name) named.set(name, column);
    }
    // `*` of exactly one relation of any columns: any name not an item's own is that relation's.
    const anyOf = starred.length === 1 && starred[0].columns instanceof AnyColumns ? starred[0].columns : undefined;
    handedBy.set(block, { columns: anyOf ? new AnyColumns<T>((n) => anyOf.get(n), named) : columns, outputs });
  }
  const top = blocks.find((b) => b.depth === 0 && !(tokens[b.select - 1]?.text === '('));
  return { at, handed: top ? (handedOf(top)?.columns ?? new Map()) : new Map() };
}
