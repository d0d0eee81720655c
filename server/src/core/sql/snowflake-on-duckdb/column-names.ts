// Result column names as Snowflake gives them. Snowflake names a select item that has no alias by the text the user
// wrote, in upper case: `SELECT CONCAT('George Washington ', 'Carver')` gives the column
// `CONCAT('GEORGE WASHINGTON ', 'CARVER')`, `SELECT CONCAT(s1, s2)` gives `CONCAT(S1, S2)`
// (https://docs.snowflake.com/en/sql-reference/functions/concat, https://docs.snowflake.com/en/sql-reference/functions-context).
// DuckDB names it by its own rendering of the expression it runs, which is the translated one: `TO_DATE('2024-05-10')`
// comes back as `BZ_TO_DATE('2024-05-10')`, `'2022-04-01'::DATE` as `CAST('2022-04-01' AS "DATE")`, `1+1` as
// `(1 + 1)`, `TRUE` as `CAST('t' AS BOOLEAN)`. Users would see Bronze's internal names in headers, and two different
// items can come out with one name (`TO_DATE(x)` and `DATE(x)`), which a driver keeps as one key. So each unaliased
// expression item of a select list gets an explicit alias with Snowflake's name before translation. A column reference
// (`a`, `t.a`, `"a"`, `(a)`) is named by its column, which DuckDB already does after identifier-case.ts's folding; a star
// (`*`, `t.* EXCLUDE …`) by its columns. Every select list of the statement is named (CTEs, subqueries and later UNION
// branches too): an outer `*` shows an inner query's names, and a name DuckDB never shows does no harm.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** Words that end a select list at its depth. */
const LIST_ENDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'window', 'union', 'except', 'intersect', 'minus', 'into', 'fetch', 'offset']);
/** Words right before a SELECT that starts a query (rather than, say, `GRANT SELECT`). */
const QUERY_AFTER = new Set(['as', 'all', 'distinct', 'union', 'except', 'intersect', 'minus']);
/** Words after which a name is an operand of the expression, not its alias (`NOT x`, `a AND b`, `OVER w`). */
const OPERAND_AFTER = new Set([
  'and', 'or', 'not', 'is', 'in', 'like', 'ilike', 'rlike', 'regexp', 'between', 'when', 'then', 'else', 'case', 'escape', 'over', 'distinct', 'from', 'interval', 'collate',
]);
/** Words that are expressions themselves: they never name an alias and are no column. */
const LITERAL_WORDS = new Set(['null', 'true', 'false']);

const isName = (l: Lexeme | undefined): boolean => l?.kind === 'word' || l?.kind === 'quoted-identifier';
const isOpen = (l: Lexeme | undefined): boolean => isPunct(l, '(') || isPunct(l, '[') || isPunct(l, '{');
const isClose = (l: Lexeme | undefined): boolean => isPunct(l, ')') || isPunct(l, ']') || isPunct(l, '}');

/** Whether `item` (meaningful lexemes) is a column reference: `a`, `t.a`, `db.s.t."a"`, in any number of parentheses. */
export function isColumnReference(item: Lexeme[]): boolean {
  let a = 0;
  let b = item.length - 1;
  while (b - a >= 2 && isPunct(item[a], '(') && isPunct(item[b], ')')) a++, b--;
  if (a > b || (a === b && item[a].kind === 'word' && LITERAL_WORDS.has(item[a].text.toLowerCase()))) return false;
  for (let k = a; k <= b; k++) if ((k - a) % 2 === 0 ? !isName(item[k]) : !isPunct(item[k], '.')) return false;
  return (b - a) % 2 === 0;
}

/** Whether `item` is a star item: `*` or `t.*`, with EXCLUDE, RENAME, REPLACE or ILIKE after it. */
export function isStar(item: Lexeme[]): boolean {
  let k = 0;
  while (isName(item[k]) && isPunct(item[k + 1], '.')) k += 2;
  return isPunct(item[k], '*');
}

/**
 * Whether `item` has an alias, erring on yes: a wrong yes leaves DuckDB's name, a wrong no writes a second alias.
 * AS at the item's depth, or a name after an expression's end (`f(x) n`, `'a' n`, `x::int n`, `a "n"`).
 */
export function hasAlias(item: Lexeme[]): boolean {
  let depth = 0;
  for (const l of item) {
    if (isOpen(l)) depth++;
    else if (isClose(l)) depth--;
    else if (depth === 0 && isWord(l, 'as')) return true;
  }
  const last = item[item.length - 1];
  const prev = item[item.length - 2];
  if (!isName(last) || !prev) return false;
  if (last.kind === 'word' && (LITERAL_WORDS.has(last.text.toLowerCase()) || isWord(last, 'end'))) return false;
  if (prev.kind === 'punct') return isClose(prev);
  return !(prev.kind === 'word' && OPERAND_AFTER.has(prev.text.toLowerCase()));
}

/** The name Snowflake gives an unaliased item: its text as written (comments left out), upper case. */
function writtenName(lx: Lexeme[], from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) if (lx[i].kind !== 'comment') text += lx[i].text;
  return text.toUpperCase();
}

/** A select list of a statement: where its SELECT is, whether DISTINCT, and where its items are (lexeme indexes). */
export interface SelectList {
  /** Index of the SELECT lexeme, and of the lexeme ending the list (FROM, `)`, …; lx.length at the end). */
  select: number;
  end: number;
  distinct: boolean;
  /** Each item's first and last lexeme (trivia left out at both ends). */
  items: { first: number; last: number }[];
}

/** Every select list of `lx` (CTEs, subqueries, set-operation branches), in the order they end. */
export function selectLists(lx: Lexeme[]): SelectList[] {
  const out: SelectList[] = [];
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  // Open select lists, innermost last: the paren depth of their items and where the current item starts (in sig).
  const lists: { depth: number; start: number; list: SelectList }[] = [];
  const finishItem = (list: { start: number; list: SelectList } | undefined, end: number): void => {
    if (list && end > list.start) list.list.items.push({ first: sig[list.start], last: sig[end - 1] });
  };
  const finishList = (end: number): void => {
    const open = lists.pop();
    finishItem(open, end);
    if (open) out.push({ ...open.list, end: end < sig.length ? sig[end] : lx.length });
  };
  let depth = 0;
  for (let k = 0; k < sig.length; k++) {
    const l = lx[sig[k]];
    const top = lists[lists.length - 1];
    if (isOpen(l)) {
      depth++;
      continue;
    }
    if (isClose(l)) {
      depth = Math.max(0, depth - 1);
      while (lists.length && lists[lists.length - 1].depth > depth) finishList(k);
      continue;
    }
    if (isPunct(l, ';')) {
      while (lists.length) finishList(k);
      depth = 0;
      continue;
    }
    if (top?.depth === depth) {
      if (isPunct(l, ',')) {
        finishItem(top, k);
        top.start = k + 1;
        continue;
      }
      if (l.kind === 'word' && LIST_ENDS.has(l.text.toLowerCase())) {
        const p = lx[sig[k - 1]];
        // `a IS [NOT] DISTINCT FROM b` and `LISTAGG(…) WITHIN GROUP (…)` go on.
        const inExpression = (isWord(l, 'from') && isWord(p, 'distinct') && (isWord(lx[sig[k - 2]], 'is') || isWord(lx[sig[k - 2]], 'not'))) || (isWord(l, 'group') && isWord(p, 'within'));
        if (!inExpression) {
          finishList(k);
          continue;
        }
      }
    }
    if (isWord(l, 'select')) {
      const p = lx[sig[k - 1]];
      if (!(p === undefined || isPunct(p, '(') || isPunct(p, ')') || isPunct(p, ';') || (p.kind === 'word' && QUERY_AFTER.has(p.text.toLowerCase())))) continue;
      let start = k + 1;
      const distinct = isWord(lx[sig[start]], 'distinct');
      if (distinct || isWord(lx[sig[start]], 'all')) start++;
      if (isWord(lx[sig[start]], 'top') && lx[sig[start + 1]]?.kind === 'number') start += 2;
      lists.push({ depth, start, list: { select: sig[k], end: lx.length, distinct, items: [] } });
      k = start - 1;
    }
  }
  while (lists.length) finishList(sig.length);
  return out;
}

/** An item's meaningful lexemes. */
export const itemLexemes = (lx: Lexeme[], item: { first: number; last: number }): Lexeme[] => lx.slice(item.first, item.last + 1).filter((l) => !isTrivia(l));

/**
 * The alias Snowflake's naming gives each unaliased expression item of every select list in `lx`: lexeme index of
 * the item's last lexeme → the column name.
 */
export function snowflakeItemNames(lx: Lexeme[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const list of selectLists(lx)) {
    for (const at of list.items) {
      const item = itemLexemes(lx, at);
      if (isColumnReference(item) || isStar(item) || hasAlias(item)) continue;
      names.set(at.last, writtenName(lx, at.first, at.last));
    }
  }
  return names;
}

/** `lx` with ` AS "<name>"` after each lexeme `names` gives a name for (as snowflakeItemNames computes them). */
export function withItemAliases(lx: Lexeme[], names: ReadonlyMap<number, string>): Lexeme[] {
  if (!names.size) return lx;
  const out: Lexeme[] = [];
  lx.forEach((l, i) => {
    out.push(l);
    const name = names.get(i);
    if (name === undefined) return;
    const at = l.start + l.text.length;
    out.push(
      { kind: 'ws', text: ' ', start: at },
      { kind: 'word', text: 'AS', start: at },
      { kind: 'ws', text: ' ', start: at },
      { kind: 'quoted-identifier', text: `"${name.replace(/"/g, '""')}"`, start: at },
    );
  });
  return out;
}
