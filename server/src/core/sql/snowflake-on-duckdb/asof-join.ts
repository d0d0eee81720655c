// Snowflake's ASOF JOIN (https://docs.snowflake.com/en/sql-reference/constructs/asof-join):
//   FROM l ASOF JOIN r MATCH_CONDITION ( l.t <op> r.t ) [ ON l.k = r.k [ AND … ] | USING ( … ) ]
// finds for each left row the closest right row the comparison allows (op one of >=, <=, >, <) among those the ON
// equalities admit; "when there is no match for a row in the left table, the columns from the right table are
// null-padded". DuckDB's ASOF join takes the comparison inside ON, with the equalities, and keeps unmatched left rows
// only as ASOF LEFT JOIN; its parser stopped at MATCH_CONDITION. So ASOF becomes ASOF LEFT, MATCH_CONDITION becomes
// ON and a following ON becomes AND. The USING form (which DuckDB reads with the inequality column last) is refused by
// name.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** Edits (lexeme index → text) for each ASOF JOIN … MATCH_CONDITION (…) between `from` and `to`. */
export function asofJoinEdits(lx: Lexeme[], from: number, to: number): Map<number, string> {
  const edits = new Map<number, string>();
  const next = (i: number): number => {
    let j = i + 1;
    while (j < to && isTrivia(lx[j])) j++;
    return j;
  };
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'asof') || !isWord(lx[next(i)], 'join')) continue;
    // MATCH_CONDITION at the join's own depth, after the right relation (a name or a parenthesized query).
    let depth = 0;
    let at = -1;
    for (let j = next(i) + 1; j < to; j++) {
      if (isPunct(lx[j], '(')) depth++;
      else if (isPunct(lx[j], ')')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && isWord(lx[j], 'match_condition')) {
        at = j;
        break;
      } else if (depth === 0 && (isWord(lx[j], 'join') || isWord(lx[j], 'on') || isWord(lx[j], 'where') || isPunct(lx[j], ';'))) break;
    }
    if (at < 0) continue;
    const open = next(at);
    if (!isPunct(lx[open], '(')) continue;
    let close = open;
    for (let d = 0; close < to; close++) {
      if (isPunct(lx[close], '(')) d++;
      else if (isPunct(lx[close], ')') && --d === 0) break;
    }
    const after = next(close);
    if (isWord(lx[after], 'using')) throw new UnsupportedOnDuckDb('ASOF JOIN … MATCH_CONDITION (…) USING (…)', lx[after].start);
    edits.set(i, 'ASOF LEFT');
    edits.set(at, 'ON');
    if (isWord(lx[after], 'on')) edits.set(after, 'AND');
  }
  return edits;
}
