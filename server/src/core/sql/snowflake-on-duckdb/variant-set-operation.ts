// UNION/INTERSECT/EXCEPT branches whose column is a VARIANT as written in one branch (`v:"id"`, PARSE_JSON(…),
// COALESCE(x::VARCHAR, v:"id")) and something else in another: Snowflake's conversion table makes a VARCHAR coercible to
// VARIANT, converted as TO_VARIANT converts it (a string, never parsed), while DuckDB's json extension PARSES the text
// ('123' becomes the number 123). The other branches' items are wrapped the way `x::VARIANT` is translated (json_quote,
// which leaves a JSON value as it is), by edits of the keywords and commas around them. Only select lists written out
// item by item are read: a `SELECT *` branch, or a first branch whose item has no alias (the wrap would rename the
// column), is left as it is, and the plan check refuses the VARCHAR by name (variant-implicit-cast.ts).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';
import { isVariantResult } from './variant-coercion';

const REFUSED = 'A UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and VARIANT in another';

const SET_OPERATORS = new Set(['union', 'intersect', 'except', 'minus']);

/** Keywords that end a select list (or a branch with no FROM). */
const LIST_ENDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'window', 'union', 'intersect', 'except', 'minus']);

/** An item of a select list: its expression's significant lexemes, the lexeme before it and the one after it. */
interface Item {
  sig: number[];
  /** The `SELECT`, `DISTINCT` or `,` before the item. */
  open: number;
  /** The `AS` of its alias, the gap before a bare alias, or the `,`/keyword after it. */
  close: number;
  aliased: boolean;
  /** Whether `close` can take the wrap's `)`: not at the end of the branch or statement (a `)` is written by the
   * translation itself, not through edits). */
  closable: boolean;
}

/** A branch: its items, and the set operator after it (-1 when the chain ends there). */
interface Branch {
  items: Item[] | undefined;
  next: number;
}

/** The branch whose SELECT is at `s`: its select list (undefined when it is not one this pass reads) and what follows. */
function readBranch(lx: Lexeme[], s: number, to: number, edits: Map<number, string>): Branch {
  let k = s + 1;
  while (k < to && isTrivia(lx[k])) k++;
  let open = s;
  if (isWord(lx[k], 'distinct') || isWord(lx[k], 'all')) open = k;
  const items: Item[] = [];
  let readable = !isWord(lx[k], 'top');
  let depth = 0;
  let start = open;
  let listDone = false;
  let next = -1;
  const finish = (close: number): void => {
    const range: number[] = [];
    for (let m = start + 1; m < close; m++) if (!isTrivia(lx[m])) range.push(m);
    // `expr AS alias`, or `expr alias` (bare-alias.ts has put an `AS` in the gap before the alias).
    let end = range.length;
    let at = close;
    let aliased = false;
    if (range.length >= 3 && isWord(lx[range[range.length - 2]], 'as')) {
      end = range.length - 2;
      at = range[end];
      aliased = true;
    } else if (range.length >= 2) {
      for (let m = range[range.length - 2] + 1; m < range[range.length - 1]; m++) {
        if (isTrivia(lx[m]) && edits.get(m)?.endsWith('AS ')) {
          end = range.length - 1;
          at = m;
          aliased = true;
        }
      }
    }
    const sig = range.slice(0, end);
    if (sig.length === 0 || sig.some((m) => isPunct(lx[m], '*'))) readable = false;
    items.push({ sig, open: start, close: at, aliased, closable: true });
    start = close;
  };
  for (; k < to; k++) {
    const l = lx[k];
    if (isTrivia(l)) continue;
    if (isPunct(l, '(') || isPunct(l, '[')) depth++;
    else if (isPunct(l, ')') || isPunct(l, ']')) {
      if (--depth < 0) break;
    } else if (depth === 0 && isPunct(l, ';')) break;
    else if (depth === 0 && l.kind === 'word' && SET_OPERATORS.has(l.text.toLowerCase())) {
      if (!listDone) finish(k);
      listDone = true;
      next = k;
      break;
    } else if (!listDone && depth === 0 && isPunct(l, ',')) finish(k);
    else if (!listDone && depth === 0 && l.kind === 'word' && LIST_ENDS.has(l.text.toLowerCase())) {
      finish(k);
      listDone = true;
    }
  }
  // A list running to the end of the branch or statement has no keyword after it to close a wrap at, unless its last
  // item has an alias (its AS closes it).
  if (!listDone) {
    finish(k);
    const last = items[items.length - 1];
    last.closable = last.aliased;
  }
  return { items: readable ? items : undefined, next };
}

/** The SELECT opening the branch after the set operator at `op` (past ALL/DISTINCT/BY NAME), or -1. */
function branchAfter(lx: Lexeme[], op: number, to: number): number {
  let k = op + 1;
  for (; k < to; k++) if (!isTrivia(lx[k]) && !isWord(lx[k], 'all') && !isWord(lx[k], 'distinct')) break;
  return isWord(lx[k], 'select') ? k : -1;
}

/** Edits converting the other branches' items of a column that one branch writes as a VARIANT. */
export function variantSetOperationEdits(lx: Lexeme[], from: number, to: number, edits: Map<number, string>): void {
  const chained = new Set<number>();
  const ours = new Set<number>();
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'select') || chained.has(i)) continue;
    const branches: Branch[] = [];
    for (let s = i; s >= 0; ) {
      chained.add(s);
      const b = readBranch(lx, s, to, edits);
      branches.push(b);
      s = b.next >= 0 ? branchAfter(lx, b.next, to) : -1;
      // A parenthesized branch, or one this pass does not read: the whole chain is left to the plan check.
      if (b.next >= 0 && s < 0) branches.push({ items: undefined, next: -1 });
    }
    if (branches.length < 2) continue;
    const lists = branches.map((b) => b.items);
    if (lists.some((items) => !items || items.length !== lists[0]?.length)) continue;
    const all = lists as Item[][];
    for (let c = 0; c < all[0].length; c++) {
      const column = all.map((items) => items[c]);
      const isVariant = column.map((item) => isVariantResult(item.sig.map((m) => lx[m])));
      if (!isVariant.some(Boolean) || isVariant.every(Boolean)) continue;
      // NULL needs no conversion, nor a number written as such where no wrap can close (DuckDB's JSON of a number is
      // the number, as TO_VARIANT's).
      const plain = (item: Item): boolean =>
        item.sig.length === 1 && (isWord(lx[item.sig[0]], 'null') || (!item.closable && lx[item.sig[0]].kind === 'number'));
      const wrapped = column.filter((item, b) => !isVariant[b] && !plain(item));
      // Anything else there (a string the last branch selects with no FROM, which DuckDB folds before the plan check
      // could see its conversion): refused by name rather than parsed as JSON.
      const open = wrapped.find((item) => !item.closable);
      if (open) throw new UnsupportedOnDuckDb(`${REFUSED} (the last branch's item has no alias or FROM after it: add one, or convert it with TO_VARIANT)`, lx[open.sig[0]].start);
      // The first branch names the column: its item wrapped without an alias would be named after the wrap.
      if (wrapped.some((item) => item === column[0] && !item.aliased)) continue;
      // Another pass's edit there (a CASE keyword, a dropped clause): left to the plan check. The gap before a bare alias
      // and this pass's own edits (a comma closing one item and opening the next) are added to.
      const foreign = (k: number): boolean => edits.has(k) && !ours.has(k) && !edits.get(k)?.endsWith('AS ');
      if (wrapped.some((item) => foreign(item.open) || foreign(item.close))) continue;
      for (const item of wrapped) {
        edits.set(item.open, `${edits.get(item.open) ?? lx[item.open].text} json_quote(`);
        edits.set(item.close, `) ${edits.get(item.close) ?? lx[item.close].text}`);
        ours.add(item.open).add(item.close);
      }
    }
  }
}
