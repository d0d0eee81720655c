// `TO_DATE(SELECT v FROM t WHERE …)` (robling_product's staging views, run by its daily batch): Snowflake takes a
// query written as a function's only argument without the parentheses of its own a subquery has, and reads everything
// up to the call's `)` as that query — commas included, so it is never one argument among several. The only reading
// is the scalar subquery `TO_DATE((SELECT …))`, which is what DuckDB is given. Snowflake's subquery page
// (https://docs.snowflake.com/en/user-guide/querying-subqueries) does not show the form; Snowflake's parser accepts it
// (sqlparser-rs models it for the Snowflake dialect: "the enclosing parentheses around a subquery can be omitted if
// it's the only argument to a function"). A query after another argument (`COALESCE(x, SELECT …)`) is no such form
// and stays refused by name (duckdb-errors.ts).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord, lowerText } from './template';
import { matchingParens } from './repeated-ctes';

/**
 * Words that stand before `(` without being a function's name: the parenthesis there opens a subquery, a list or a
 * clause of theirs (`IN (SELECT …)`, `FROM (SELECT …)`, `OVER (…)`), or a form whose parentheses hold more than a
 * value (`CAST(x AS t)`).
 */
export const NOT_CALL_NAMES = new Set(
  (
    'in exists any all some as from join lateral table values using on over and or not select where union intersect except ' +
    'minus when then else case by having qualify distinct is like ilike rlike regexp between escape limit offset fetch top into ' +
    'return returns with recursive default interval cast try_cast extract if call set window filter within group order partition for do explain'
  ).split(' '),
);

/** Words before a name that make it a relation's or a routine's, not a function call's (`INSERT INTO t (SELECT …)`). */
const RELATION_BEFORE = new Set(['into', 'table', 'view', 'from', 'join', 'update', 'function', 'procedure', 'exists', 'call', 'lateral', 'overwrite', 'using']);

/**
 * `lx` with a query written as a function's only argument (`f(SELECT …)`, `f(WITH … SELECT …)`) given parentheses of
 * its own: `f((SELECT …))`. The inserted lexemes carry the offsets of the parentheses they sit inside.
 */
export function parenthesizedQueryArguments(lx: Lexeme[]): Lexeme[] {
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  let close: Map<number, number> | undefined;
  const opens = new Set<number>();
  const closes = new Set<number>();
  for (let k = 1; k + 1 < sig.length; k++) {
    const open = lx[sig[k]];
    const first = lx[sig[k + 1]];
    if (!isPunct(open, '(') || !(isWord(first, 'select') || isWord(first, 'with')) || !isCallName(lx, sig, k - 1)) continue;
    close ??= matchingParens(lx, sig);
    const end = close.get(sig[k]);
    if (end === undefined) continue;
    opens.add(sig[k]);
    closes.add(end);
  }
  if (opens.size === 0) return lx;
  const out: Lexeme[] = [];
  lx.forEach((l, i) => {
    if (closes.has(i)) out.push({ kind: 'punct', text: ')', start: l.start });
    out.push(l);
    if (opens.has(i)) out.push({ kind: 'punct', text: '(', start: l.start + 1 });
  });
  return out;
}

/** Whether the significant lexeme `k` (before a `(`) names a function: a word or quoted name, maybe qualified. */
function isCallName(lx: Lexeme[], sig: number[], k: number): boolean {
  const name = lx[sig[k]];
  if (!name || (name.kind !== 'word' && name.kind !== 'quoted-identifier')) return false;
  if (name.kind === 'word' && NOT_CALL_NAMES.has(lowerText(name.text))) return false;
  // The name's first part (`db.schema.fn`), and the word before it.
  let j = k;
  while (j >= 2 && isPunct(lx[sig[j - 1]], '.') && (lx[sig[j - 2]].kind === 'word' || lx[sig[j - 2]].kind === 'quoted-identifier')) j -= 2;
  const before = lx[sig[j - 1]];
  return !(before?.kind === 'word' && RELATION_BEFORE.has(lowerText(before.text)));
}
