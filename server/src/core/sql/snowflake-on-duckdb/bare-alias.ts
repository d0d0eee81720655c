// Snowflake takes a select item's alias without AS (`src::string source`); DuckDB's parser does not when the alias is
// one of its keywords, even an unreserved one (`select 1 name`, `… source`, `… type` are syntax errors there). A bare
// alias in a select list gets its AS written out, which means the same on both.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord, lowerText } from './template';

/** Words that end a select list at their depth. */
const LIST_ENDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'window', 'union', 'except', 'intersect', 'minus', 'into', 'fetch', 'offset']);
/** Words before which a word is not an alias: they start or shape a select item rather than end an expression. */
const NOT_AN_END = new Set(['select', 'distinct', 'all', 'as', 'exclude', 'rename', 'replace', 'ilike', 'and', 'or', 'not', 'is', 'in', 'like', 'rlike', 'regexp', 'between', 'when', 'then', 'else', 'case', 'top', 'by', 'over', 'escape', 'collate', 'nulls', 'asc', 'desc']);
/** Words that end an expression themselves: CASE's END, second words of type names (`DOUBLE PRECISION`), literals. */
const NOT_AN_ALIAS = new Set(['end', 'precision', 'varying', 'null', 'true', 'false']);

/**
 * Lexeme indexes (in from..to) of the whitespace before each bare alias of a select item, for `AS ` to follow it:
 * a word after an expression's last token, followed by `,`, FROM (or another clause) or the end of the list.
 */
export function bareAliasGaps(lx: Lexeme[], from: number, to: number): number[] {
  const sig: number[] = [];
  for (let i = from; i < to; i++) if (!isTrivia(lx[i])) sig.push(i);
  const gaps: number[] = [];
  const first = sig.length > 0 ? lx[sig[0]] : undefined;
  const privilegeStatement = first !== undefined && (isWord(first, 'grant') || isWord(first, 'revoke'));
  let depth = 0;
  const selecting: boolean[] = [false];
  for (let k = 0; k < sig.length; k++) {
    const l = lx[sig[k]];
    // The word's lower case once per lexeme, compared inline (an isWord call and a lowerText per test were much of this
    // pass's time in a cold check, which translates every model).
    const lower = l.kind === 'word' ? lowerText(l.text) : '';
    if (isPunct(l, '(')) {
      depth++;
      selecting[depth] = false;
      continue;
    }
    if (isPunct(l, ')')) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    // GRANT SELECT / REVOKE SELECT name a privilege, not a select list (`… to role r`: r is a role, not an alias).
    if (lower === 'select') selecting[depth] = !privilegeStatement;
    else if (LIST_ENDS.has(lower) && !(lower === 'group' && isWord(lx[sig[k - 1]], 'within'))) selecting[depth] = false;
    if (!selecting[depth] || l.kind !== 'word' || lower === 'select' || NOT_AN_ALIAS.has(lower)) continue;
    const next = lx[sig[k + 1]];
    const ends = next === undefined || isPunct(next, ',') || isPunct(next, ')') || isPunct(next, ';') || (next.kind === 'word' && LIST_ENDS.has(lowerText(next.text)));
    if (!ends) continue;
    // `PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY x)`: the aggregate's clause, not an alias before GROUP BY.
    if (isWord(l, 'within') && isWord(next, 'group') && isPunct(lx[sig[k + 2]], '(')) continue;
    const prev = lx[sig[k - 1]];
    // Only after whitespace: the gap is where AS goes (a comment between stays before it).
    if (!prev || lx[sig[k] - 1]?.kind !== 'ws') continue;
    const expressionEnd =
      prev.kind === 'number' ||
      prev.kind === 'string' ||
      prev.kind === 'dollar-string' ||
      prev.kind === 'quoted-identifier' ||
      isPunct(prev, ')') ||
      isPunct(prev, ']') ||
      (prev.kind === 'word' && !NOT_AN_END.has(lowerText(prev.text)));
    if (!expressionEnd) continue;
    // `TOP n name`: the number belongs to TOP.
    if (prev.kind === 'number' && isWord(lx[sig[k - 2]], 'top')) continue;
    gaps.push(sig[k] - 1);
  }
  return gaps;
}
