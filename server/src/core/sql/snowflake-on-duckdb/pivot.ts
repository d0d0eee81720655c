// Snowflake's PIVOT (docs.snowflake.com/en/sql-reference/constructs/pivot) names the column made from a string value
// by the literal as written, quotes included: `IN ('Confirmed')` gives a column `'Confirmed'`, read as
// `"'Confirmed'"`. DuckDB's PIVOT of the same form names it `Confirmed`, so each such value gets that name as an
// alias. The forms whose names or rows differ further (an alias on the aggregate, DEFAULT ON NULL, a dynamic IN list)
// are refused by name; DuckDB would reject or rename them.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The index of the `)` closing the `(` at `open` (or `to` when unbalanced). */
function closing(lx: Lexeme[], open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (isPunct(lx[i], '(')) depth++;
    else if (isPunct(lx[i], ')') && --depth === 0) return i;
  }
  return to;
}

/** Indexes of the meaningful lexemes between `from` and `to` at the paren depth of `from`. */
function topLevel(lx: Lexeme[], from: number, to: number): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const l = lx[i];
    if (isTrivia(l)) continue;
    if (depth === 0) out.push(i);
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth--;
  }
  return out;
}

/** Adds to `edits` the aliases every PIVOT between lexemes `from` and `to` needs for Snowflake's column names. */
export function pivotEdits(lx: Lexeme[], from: number, to: number, edits: Map<number, string>): void {
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'pivot')) continue;
    let open = i + 1;
    while (open < to && isTrivia(lx[open])) open++;
    if (!isPunct(lx[open], '(')) continue;
    const close = closing(lx, open, to);
    const body = topLevel(lx, open + 1, close);
    const forAt = body.findIndex((k) => isWord(lx[k], 'for'));
    const inAt = body.findIndex((k, n) => n > forAt && isWord(lx[k], 'in'));
    if (forAt < 0 || inAt < 0 || !isPunct(lx[body[inAt + 1]], '(')) continue;
    const at = lx[i].start;
    // `sum(x) AS total` appends `_TOTAL` to Snowflake's names; the aggregate is a call and its `(…)`: two lexemes here.
    if (forAt > 2) throw new UnsupportedOnDuckDb('PIVOT with an alias on the aggregate', at);
    if (body.slice(inAt + 2).some((k) => isWord(lx[k], 'default'))) throw new UnsupportedOnDuckDb('PIVOT … DEFAULT ON NULL', at);
    const listOpen = body[inAt + 1];
    const listClose = closing(lx, listOpen, close);
    const items: number[][] = [[]];
    for (const k of topLevel(lx, listOpen + 1, listClose)) {
      if (isPunct(lx[k], ',')) items.push([]);
      else items[items.length - 1].push(k);
    }
    if (isWord(lx[items[0][0]], 'any') || isWord(lx[items[0][0]], 'select')) {
      throw new UnsupportedOnDuckDb('PIVOT on ANY or a subquery (a dynamic pivot)', at);
    }
    for (const item of items) {
      if (item.length !== 1 || lx[item[0]].kind !== 'string') continue;
      const literal = lx[item[0]].text;
      if (/\\|''/.test(literal.slice(1, -1))) throw new UnsupportedOnDuckDb('PIVOT on a string value holding a quote or backslash without an alias', lx[item[0]].start);
      edits.set(item[0], `${literal} AS "${literal.replace(/"/g, '""')}"`);
    }
    i = close;
  }
}
