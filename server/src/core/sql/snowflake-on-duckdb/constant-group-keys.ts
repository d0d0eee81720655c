// `SELECT NULL AS tenant, cohort, ROUND(COUNT(u) / n, 4) … GROUP BY 1, 2, n`: a GROUP BY key that is a constant —
// a literal, or the position of a select item that is one (docs.snowflake.com/en/sql-reference/constructs/group-by:
// a group item is an alias, a position or an expression). DuckDB's binder replaces every expression of the select
// list equal to a GROUP BY key by a reference to that key, literals inside expressions too (inside the macros the
// translator writes, such as the scale of `/`'s NUMBER result), so a literal that must stay a constant while binding
// (ROUND's scale, a struct field name) no longer is and DuckDB fails ("ROUND(DECIMAL, INTEGER) with non-constant
// precision is not supported"). A constant key splits no group, so it is dropped when another key remains. When every
// key is constant the query still has one group when rows are there and none over no rows (unlike no GROUP BY, which
// gives one row over none): the keys become the one literal below, which nothing else in the text equals. A GROUP BY
// name is left in place: it may name a column of the tables (Snowflake reads a column before an alias, group-by:
// "If a GROUP BY clause contains a name that matches both a column name and an alias, then the GROUP BY clause uses
// the column name"; DuckDB too). Where it is the alias of a literal item (`NULL AS t … GROUP BY t`), the item is
// written as a scalar subquery of itself, `(SELECT NULL) AS t`: the same value and DuckDB type, and an expression
// no literal of the select list equals, whichever the name turns out to be.
// GROUP BY ALL over constants and aggregates only becomes that literal too (allGroupsOnce).
import { isTrivia, type Lexeme } from '../tokenize';
import { depths, isBareName, readSelect, split, type Item } from './group-by-alias';
import { isPunct, isWord } from './template';

/** The key that stands for "one group": a literal no select list or macro of the translator writes. */
export const ONE_GROUP_KEY = "'bronze: one group'";

const LITERAL_WORDS = new Set(['null', 'true', 'false']);

/**
 * Whether `sig[first..last]` is a literal, maybe parenthesized, signed or cast (`(NULL)`, `NULL::VARCHAR`,
 * `CAST('x' AS TEXT)`); its core's lexeme.
 */
function constantCore(sig: Lexeme[], first: number, last: number): Lexeme | undefined {
  if (isPunct(sig[first], '(') && closing(sig, first, last) === last && last > first + 1) return constantCore(sig, first + 1, last - 1);
  if (isWord(sig[first], 'cast') && isPunct(sig[first + 1], '(') && isPunct(sig[last], ')')) {
    const as = sig.findIndex((l, k) => k > first + 2 && k < last && isWord(l, 'as'));
    if (as < 0 || !isTypeName(sig, as + 1, last - 1)) return undefined;
    return constantCore(sig, first + 2, as - 1);
  }
  let k = first;
  if ((isPunct(sig[k], '-') || isPunct(sig[k], '+')) && sig[k + 1]?.kind === 'number') k++;
  const core = sig[k];
  const literal = core.kind === 'string' || core.kind === 'number' || (core.kind === 'word' && LITERAL_WORDS.has(core.text.toLowerCase()));
  if (!literal) return undefined;
  // `::type` casts after it, each a type name with its optional (precision, scale).
  for (let j = k + 1; j <= last; ) {
    if (!isPunct(sig[j], '::')) return undefined;
    let end = j + 1;
    while (end <= last && !isPunct(sig[end], '::')) end++;
    if (!isTypeName(sig, j + 1, end - 1)) return undefined;
    j = end;
  }
  return core;
}

/** Whether `sig[first..last]` is a type name: words, then maybe `(n [, m])`. */
function isTypeName(sig: Lexeme[], first: number, last: number): boolean {
  let k = first;
  while (k <= last && sig[k].kind === 'word') k++;
  if (k === first) return false;
  if (k > last) return true;
  if (!isPunct(sig[k], '(') || !isPunct(sig[last], ')')) return false;
  for (let j = k + 1; j < last; j++) if (sig[j].kind !== 'number' && !isPunct(sig[j], ',')) return false;
  return true;
}

/** A `*` or `t.*` item (EXCLUDE / RENAME after it included): the items after it have no position known here. */
function isStar(sig: Lexeme[], item: Item): boolean {
  for (let k = item.first; k <= item.last; k++) if (isPunct(sig[k], '*') && (k === item.first || isPunct(sig[k - 1], '.'))) return true;
  return false;
}

/** Aggregate functions an item of a GROUP BY ALL list may call (a call of any other name leaves the list as written). */
const AGGREGATES = new Set([
  'count', 'count_if', 'sum', 'avg', 'min', 'max', 'any_value', 'median', 'listagg', 'array_agg', 'arrayagg',
  'array_unique_agg', 'object_agg', 'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop',
  'boolor_agg', 'booland_agg', 'approx_count_distinct', 'min_by', 'max_by', 'mode', 'hash_agg',
]);
/** Words of an expression that name no column. */
const EXPRESSION_WORDS = new Set(['null', 'true', 'false', 'case', 'when', 'then', 'else', 'end', 'and', 'or', 'not', 'is', 'in', 'like', 'ilike', 'between', 'distinct', 'as']);

/** The index of the last lexeme of the type name after `sig[k]` (`::` or CAST's AS), up to `last`. */
function typeEnd(sig: Lexeme[], k: number, last: number): number {
  let j = k;
  while (j < last && sig[j + 1].kind === 'word') j++;
  if (j < last && isPunct(sig[j + 1], '(')) {
    let e = j + 2;
    while (e <= last && (sig[e].kind === 'number' || isPunct(sig[e], ','))) e++;
    if (isPunct(sig[e], ')')) j = e;
  }
  return j;
}

/** The index of the `)` closing the `(` at `open`, or `last`. */
function closing(sig: Lexeme[], open: number, last: number): number {
  let depth = 0;
  for (let k = open; k <= last; k++) {
    if (isPunct(sig[k], '(')) depth++;
    else if (isPunct(sig[k], ')') && --depth === 0) return k;
  }
  return last;
}

/** Whether `sig[first..last]` reads no column outside the aggregate calls it makes (and is no window). */
function aggregateOnly(sig: Lexeme[], first: number, last: number): boolean {
  let aggregates = 0;
  for (let k = first; k <= last; k++) {
    const l = sig[k];
    if (l.kind === 'quoted-identifier' || isWord(l, 'over')) return false;
    // A type name after `::` or CAST's AS names no column.
    if (isPunct(l, '::') || isWord(l, 'as')) {
      k = typeEnd(sig, k, last);
      continue;
    }
    if (l.kind !== 'word' || EXPRESSION_WORDS.has(l.text.toLowerCase())) continue;
    if (!isPunct(sig[k + 1], '(')) return false;
    if (!AGGREGATES.has(l.text.toLowerCase())) continue;
    // The aggregate's arguments (and its WITHIN GROUP (…)) are read per row.
    k = closing(sig, k + 1, last);
    if (isWord(sig[k + 1], 'within') && isWord(sig[k + 2], 'group')) k = closing(sig, k + 3, last);
    aggregates++;
  }
  return aggregates > 0;
}

/**
 * GROUP BY ALL groups by every select item that uses no aggregate function (docs.snowflake.com/en/sql-reference/
 * constructs/group-by, ALL), constants too. DuckDB's leaves constants out, so when the items are constants and
 * aggregates only it grouped by nothing: one row over no rows, every row kept without an aggregate. Snowflake's one
 * group (none over no rows) is the one key below.
 */
function allGroupsOnce(sig: Lexeme[], items: Item[]): boolean {
  let constants = 0;
  for (const it of items) {
    if (isStar(sig, it)) return false;
    if (constantCore(sig, it.first, it.exprLast)) constants++;
    else if (!aggregateOnly(sig, it.first, it.exprLast)) return false;
  }
  return constants > 0;
}

/** Adds to `edits` (lexeme index → text) the constant GROUP BY keys of every query block in `[from, to)` dropped. */
export function constantGroupKeyEdits(lx: Lexeme[], from: number, to: number, edits: Map<number, string>): void {
  // Every edit below is made in a query block's GROUP BY clause, which starts at a word GROUP: without one in
  // [from, to) there is nothing to do, and reading every block's select list to find that out (readSelect) was most of
  // this pass's time — in a cold `bronze check`, where the snowflake-on-duckdb rule translates every model.
  let grouped = false;
  for (let i = from; i < to && !grouped; i++) grouped = isWord(lx[i], 'group');
  if (!grouped) return;
  const at: number[] = [];
  for (let i = from; i < to; i++) if (!isTrivia(lx[i])) at.push(i);
  const sig = at.map((i) => lx[i]);
  const depth = depths(sig);
  for (let s = 0; s < sig.length; s++) {
    if (!isWord(sig[s], 'select')) continue;
    const block = readSelect(sig, depth, s);
    const group = block?.clauses.findIndex((c) => c.word === 'group' && isWord(sig[c.at + 1], 'by')) ?? -1;
    if (!block || group < 0) continue;
    const keysFrom = block.clauses[group].at + 2;
    const keysTo = block.clauses[group + 1]?.at ?? block.stop;
    const head = sig[keysFrom];
    if (isWord(head, 'all') && keysTo === keysFrom + 1 && allGroupsOnce(sig, block.items) && !edits.has(at[keysFrom])) edits.set(at[keysFrom], ONE_GROUP_KEY);
    if (head && !isWord(head, 'all')) literalAliasKeyEdits(sig, at, keysFrom, keysTo, block.items, edits);
    if (!head || isWord(head, 'all') || isWord(head, 'grouping') || isWord(head, 'rollup') || isWord(head, 'cube')) continue;
    const keys = split(sig, depth, depth[s], keysFrom, keysTo);
    // Beside ROLLUP / CUBE / GROUPING SETS a constant key is what keeps their () set from one row over no rows.
    if (keys.some(({ first }) => ['rollup', 'cube', 'grouping'].some((w) => isWord(sig[first], w)))) continue;
    const constant = keys.map(({ first, last }) => {
      const core = constantCore(sig, first, last);
      // A literal written as the key; a number there is a position, not a constant.
      if (core && core.kind !== 'number') return true;
      if (first !== last || sig[first].kind !== 'number' || !/^\d+$/.test(sig[first].text)) return false;
      const position = Number(sig[first].text);
      const items = block.items;
      if (position < 1 || position > items.length || items.slice(0, position).some((it) => isStar(sig, it))) return false;
      return constantCore(sig, items[position - 1].first, items[position - 1].exprLast) !== undefined;
    });
    if (!constant.some(Boolean)) continue;
    // Lexeme indexes to write: a constant key's (trivia inside it too) and every comma but the one before each kept
    // key after the first kept.
    const writes = new Map<number, string>();
    const firstKept = constant.indexOf(false);
    keys.forEach((key, j) => {
      if (j > 0 && (constant[j] || j === firstKept)) writes.set(at[key.first - 1], '');
      if (constant[j]) for (let i = at[key.first]; i <= at[key.last]; i++) writes.set(i, '');
    });
    if (firstKept < 0) writes.set(at[keys[0].first], ONE_GROUP_KEY);
    // A lexeme another rewrite already writes: this block is left as it is.
    if ([...writes.keys()].some((i) => edits.has(i))) continue;
    for (const [i, text] of writes) edits.set(i, text);
  }
}

/**
 * Each literal select item whose alias a key names (in a ROLLUP, CUBE or GROUPING SETS too) written `(SELECT
 * literal)` (see the head comment). Value-preserving either way, so a name that is a column after all costs nothing.
 */
function literalAliasKeyEdits(sig: Lexeme[], at: number[], keysFrom: number, keysTo: number, items: Item[], edits: Map<number, string>): void {
  for (const item of items) {
    if (item.alias === undefined || isStar(sig, item) || !constantCore(sig, item.first, item.exprLast)) continue;
    let named = false;
    for (let k = keysFrom; k < keysTo && !named; k++) named = isBareName(sig, k, item.alias);
    if (!named) continue;
    const [from, to] = [at[item.first], at[item.exprLast]];
    if (edits.has(from) || edits.has(to)) continue;
    if (from === to) edits.set(from, `(SELECT ${sig[item.first].text})`);
    else {
      edits.set(from, `(SELECT ${sig[item.first].text}`);
      edits.set(to, `${sig[item.exprLast].text})`);
    }
  }
}
