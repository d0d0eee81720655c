// `SELECT ARRAY_AGG(DISTINCT x) WITHIN GROUP (ORDER BY x) FROM t ORDER BY x`: an aggregate query without GROUP BY
// ordered by a column it aggregates. Snowflake's ARRAY_AGG page runs it; DuckDB's binder refuses the column outside
// an aggregate. The query returns exactly one row, so its ORDER BY cannot change the result and is dropped. Only that
// shape: a plain SELECT (no set operator, GROUP BY, window or QUALIFY at its level) whose every ORDER BY item is a
// bare column name found inside an aggregate call of its select list; any other stays DuckDB's (refused by name).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** Plain aggregate functions (one row per query without GROUP BY). */
const PLAIN_AGGREGATES = new Set(['array_agg', 'arrayagg', 'listagg', 'count', 'sum', 'avg', 'min', 'max', 'median', 'any_value']);

/** Words at the query's own level that make it something other than one aggregated row (and GROUP BY). */
const DISQUALIFYING = new Set(['union', 'intersect', 'except', 'minus', 'qualify', 'over', 'window']);

/** Words that end an ORDER BY clause. */
const ORDER_END = new Set(['limit', 'offset', 'fetch']);

/**
 * The lexeme indexes to drop (the ORDER BY clause) in the statement whose depth-0 meaningful lexemes are `sig`, or
 * undefined when the statement is not that shape.
 */
export function ungroupedOrderByDrop(lx: Lexeme[], sig: number[]): number[] | undefined {
  const word = (k: number): string => (lx[sig[k]]?.kind === 'word' ? lx[sig[k]].text.toLowerCase() : '');
  if (word(0) !== 'select' || sig.some((_, k) => DISQUALIFYING.has(word(k)) || (word(k) === 'group' && word(k + 1) === 'by'))) return undefined;
  const from = sig.findIndex((_, k) => word(k) === 'from');
  const order = sig.findIndex((_, k) => word(k) === 'order' && word(k + 1) === 'by');
  if (from < 0 || order < from) return undefined;
  // Names inside the select list's aggregate calls; an OVER anywhere in it (a window) disqualifies.
  const aggregated = new Set<string>();
  let aggregates = 0;
  for (let i = sig[0] + 1; i < sig[from]; i++) {
    if (isWord(lx[i], 'over')) return undefined;
    if (lx[i].kind !== 'word' || !PLAIN_AGGREGATES.has(lx[i].text.toLowerCase())) continue;
    let open = i + 1;
    while (isTrivia(lx[open])) open++;
    if (!isPunct(lx[open], '(')) continue;
    aggregates++;
    let depth = 0;
    for (let j = open; j < sig[from]; j++) {
      if (isPunct(lx[j], '(')) depth++;
      else if (isPunct(lx[j], ')') && --depth === 0) break;
      else if (lx[j].kind === 'word') aggregated.add(lx[j].text.toLowerCase());
    }
  }
  if (!aggregates) return undefined;
  // ORDER BY items: each a bare name (ASC/DESC, NULLS FIRST/LAST allowed) that an aggregate of the list reads.
  let end = order + 2;
  while (end < sig.length && !ORDER_END.has(word(end))) end++;
  let expectName = true;
  for (let k = order + 2; k < end; k++) {
    const l = lx[sig[k]];
    if (expectName) {
      if (l.kind !== 'word' || !aggregated.has(l.text.toLowerCase())) return undefined;
      expectName = false;
    } else if (isPunct(l, ',')) expectName = true;
    else if (!['asc', 'desc', 'nulls', 'first', 'last'].includes(word(k))) return undefined;
  }
  if (expectName) return undefined;
  const drop: number[] = [];
  const stop = end < sig.length ? sig[end] : sig[sig.length - 1] + 1;
  for (let i = sig[order]; i < stop; i++) drop.push(i);
  return drop;
}
