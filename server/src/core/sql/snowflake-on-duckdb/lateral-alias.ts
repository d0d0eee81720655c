// `SELECT TO_TIMESTAMP_NTZ(s) AS a, a AS b … WHERE a > …`: Snowflake reads a select-list alias in later select items,
// WHERE and QUALIFY (a column of the same name first). The translation checks some conversions while running
// (error() in a macro), which DuckDB counts as a side effect: it refuses such an alias anywhere but ORDER BY/HAVING/
// GROUP BY ("Alias "a" referenced - but the expression has side effects"). DuckDB binds a column first too, so the
// error proves the name is no column there; the statement is run again with those references replaced by the
// alias's (parenthesized) expression — the same value, since the expression is deterministic. So is an alias whose
// expression holds a subquery, which DuckDB refuses in the same places ("… has a subquery"): gn_dw's
// `(select count(*) from fmm) as total_unpaid, unmapped_cnt * 100.0 / nullif(total_unpaid, 0) as pct`. An expression
// with a random or sequence function (its value would differ per evaluation), a subquery that may choose its rows
// (LIMIT, SAMPLE, ANY_VALUE), or an alias that two query blocks define keeps the located refusal of duckdb-errors.ts —
// unless every such block reads only CTEs none of whose columns has the alias's name (then DuckDB's error cannot be
// about a column in any of them).
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { blockStart, depths, end, expressionHasQuery, isBareName, readSelect, type GroupByEdit, type SelectBlock } from './group-by-alias';
import { isPunct, isWord } from './template';

export const SIDE_EFFECT_ALIAS_ERROR = /^Alias "([^"]+)" referenced - but the expression has side effects/;
/** DuckDB's refusal of a lateral alias whose expression holds a subquery (gn_dw's `(select count(*) from fmm) as t`). */
export const SUBQUERY_ALIAS_ERROR = /^Alias "([^"]+)" referenced in a SELECT clause - but the expression has a subquery/;

/** Functions whose value differs per evaluation: inlining would not give the alias's one value. */
const VOLATILE = new Set(['random', 'uuid', 'gen_random_uuid', 'uuid_string', 'normal', 'uniform', 'randstr', 'zipf', 'nextval', 'currval', 'setseed', 'seq1', 'seq2', 'seq4', 'seq8']);
/**
 * Words with which a subquery may pick its rows differently per evaluation (`LIMIT` without an order that settles
 * ties, a SAMPLE, ANY_VALUE): an alias over such a subquery is not inlined.
 */
const ROW_CHOICE = new Set(['limit', 'top', 'fetch', 'offset', 'sample', 'tablesample', 'any_value']);

/** The edit that inlines the alias DuckDB's side-effect error names, or undefined (the refusal stands). */
export function inlineSideEffectAlias(sql: string, message: string): GroupByEdit | undefined {
  const m = SIDE_EFFECT_ALIAS_ERROR.exec(message) ?? SUBQUERY_ALIAS_ERROR.exec(message);
  if (!m) return undefined;
  const alias = m[1].toLowerCase();
  const sig = lex(sql).filter((l) => !isTrivia(l));
  const depth = depths(sig);
  const defining: SelectBlock[] = [];
  for (let k = 0; k < sig.length; k++) {
    if (!isWord(sig[k], 'select')) continue;
    const block = readSelect(sig, depth, k);
    if (block?.items.some((it) => it.alias === alias)) defining.push(block);
  }
  // Several blocks defining the alias (flipside_axelar's silver__staking: `OBJECT_AGG(…) AS j` in five CTEs, each
  // reading j:… later): each block's references are its own alias's, as long as no relation it reads has a column
  // of that name (Snowflake reads the column first). That holds when every FROM item is a CTE of the statement whose
  // select list names no such column; one block is inlined per DuckDB error, the next on the retry.
  const reading = defining.filter((b) => laterReferences(sig, depth, b, alias).length > 0);
  if (reading.length === 0) return undefined;
  if (defining.length > 1 && !reading.every((b) => readsOnlyCtesWithout(sig, depth, b, alias))) return undefined;
  const block = reading[0];
  const at = block.items.findIndex((it) => it.alias === alias);
  const target = block.items[at];
  // A subquery gives one value each time it is evaluated unless it may pick its rows differently (ROW_CHOICE); it
  // reads the same relations from the same row of the block wherever the alias's expression is repeated.
  const query = expressionHasQuery(sig, target);
  for (let k = target.first; k <= target.exprLast; k++) {
    if (sig[k].kind === 'word' && VOLATILE.has(sig[k].text.toLowerCase()) && isPunct(sig[k + 1], '(')) return undefined;
    if (query && sig[k].kind === 'word' && ROW_CHOICE.has(sig[k].text.toLowerCase())) return undefined;
    // `f(a) AS a`: the name inside is a column; the later references DuckDB refused are the alias, but keep it simple.
    if (isBareName(sig, k, alias)) return undefined;
  }
  const refs = laterReferences(sig, depth, block, alias);
  if (refs.length === 0) return undefined;
  const expression = { from: sig[target.first].start, to: end(sig[target.exprLast]) };
  const parts: GroupByEdit['parts'] = [];
  let cursor = sig[refs[0]].start;
  for (const k of refs) {
    if (sig[k].start > cursor) parts.push({ from: cursor, to: sig[k].start });
    parts.push('(', expression, ')');
    cursor = end(sig[k]);
  }
  return { from: sig[refs[0]].start, to: end(sig[refs[refs.length - 1]]), parts };
}

/** The references to `alias` in the block's later select items, WHERE and QUALIFY (its own, not a subquery's). */
function laterReferences(sig: Lexeme[], depth: number[], block: SelectBlock, alias: string): number[] {
  const at = block.items.findIndex((it) => it.alias === alias);
  const ranges: [number, number][] = [];
  if (at + 1 < block.items.length) ranges.push([block.items[at + 1].first, block.items[block.items.length - 1].last]);
  block.clauses.forEach((c, i) => {
    if (c.word === 'where' || c.word === 'qualify') ranges.push([c.at + 1, (block.clauses[i + 1]?.at ?? block.stop) - 1]);
  });
  const refs: number[] = [];
  for (const [from, to] of ranges) {
    for (let k = from; k <= to; k++) if (isBareName(sig, k, alias) && blockStart(sig, depth, k) === block.start) refs.push(k);
  }
  return refs.sort((a, b) => a - b);
}

/**
 * Whether every FROM/JOIN item of the block is a CTE the statement defines (`name AS (select …)`, at any depth: a
 * model's query sits inside CREATE TABLE … AS (…)) whose first select list names no column `alias` and selects no `*`.
 */
function readsOnlyCtesWithout(sig: Lexeme[], depth: number[], block: SelectBlock, alias: string): boolean {
  const from = block.clauses.find((c) => c.word === 'from');
  if (!from) return false;
  const d = depth[block.start];
  const end = block.clauses.find((c) => c.at > from.at && c.word !== 'from')?.at ?? block.stop;
  for (let k = from.at; k < end; k++) {
    if (depth[k] !== d || !(isWord(sig[k], 'from') || isWord(sig[k], 'join') || isPunct(sig[k], ','))) continue;
    const item = sig[k + 1];
    if (!item || (item.kind !== 'word' && item.kind !== 'quoted-identifier') || isPunct(sig[k + 2], '.') || isPunct(sig[k + 2], '(')) return false;
    const name = item.text.toLowerCase();
    const def = sig.findIndex((l, n) => (l.kind === 'word' || l.kind === 'quoted-identifier') && l.text.toLowerCase() === name && isWord(sig[n + 1], 'as') && isPunct(sig[n + 2], '('));
    const select = def >= 0 ? sig.findIndex((l, n) => n > def + 2 && isWord(l, 'select') && depth[n] === depth[def + 2] + 1) : -1;
    const body = select >= 0 ? readSelect(sig, depth, select) : undefined;
    if (!body || body.items.some((it) => it.alias === alias || isStar(sig, it) || (it.alias === undefined && isBareName(sig, it.exprLast, alias)))) return false;
  }
  return true;
}

/** Whether a select item is `*` or `t.*`. */
const isStar = (sig: Lexeme[], it: { first: number; exprLast: number }): boolean => isPunct(sig[it.exprLast], '*');
