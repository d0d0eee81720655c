// `a JOIN b` with no ON or USING: Snowflake's JOIN page makes an INNER JOIN without ON the same as a CROSS JOIN (as a
// comma without a WHERE is), and a lateral table function takes no ON at all (`JOIN LATERAL SPLIT_TO_TABLE(a.x, ',') s`,
// flipside_axelar's silver__staking). DuckDB's grammar wants a condition after every JOIN but CROSS, NATURAL and
// POSITIONAL, and reads the next join's ON as this one's, so the statement failed with a raw "syntax error at or near
// GROUP". Such a join goes out as CROSS JOIN. An outer join without a condition (LEFT JOIN TABLE(FLATTEN(…)) f) has no
// result the page states: refused by name.
import { isTrivia, type Lexeme } from '../tokenize';
import { isWord, lowerText } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The words that may stand before JOIN to say its kind. */
const JOIN_KINDS = new Set(['inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'asof', 'positional', 'directed']);

/** Words after which a FROM clause's join items end (at the join's own depth). */
const ENDS_FROM = new Set(['where', 'group', 'having', 'qualify', 'order', 'limit', 'offset', 'fetch', 'union', 'except', 'intersect', 'minus', 'window']);

/**
 * Edits (lexeme index → text) turning each `[INNER] JOIN` that no ON or USING follows into `CROSS JOIN`; throws for an
 * outer join without one. An ON belongs to the nearest JOIN before it that has none yet (`a JOIN b JOIN c ON x ON y`
 * nests as SQL's grammar says), so `a JOIN LATERAL f(a.x) s JOIN c ON a.id = c.id` leaves the first join without one.
 */
export function joinConditionEdits(lx: Lexeme[], from: number, to: number): Map<number, string> {
  const edits = new Map<number, string>();
  // Per parenthesis depth, the joins still waiting for a condition (lexeme index of JOIN and of INNER, if written).
  const open = new Map<number, Array<{ join: number; inner?: number; outer?: string }>>();
  let depth = 0;
  const prev: number[] = [];
  const settle = (d: number): void => {
    for (const j of open.get(d) ?? []) {
      if (j.outer) throw new UnsupportedOnDuckDb(`${j.outer} JOIN without an ON or USING condition`, lx[j.join].start);
      if (j.inner !== undefined) edits.set(j.inner, '');
      edits.set(j.join, 'CROSS JOIN');
    }
    open.delete(d);
  };
  for (let i = from; i < to; i++) {
    const l = lx[i];
    if (isTrivia(l)) continue;
    // The punctuation's text and the word's lower case once per lexeme, compared inline (an isWord / isPunct call per
    // test was much of this pass's time in a cold check, which translates every model).
    const punct = l.kind === 'punct' ? l.text : '';
    const lower = l.kind === 'word' ? lowerText(l.text) : '';
    if (punct === '(') depth++;
    else if (punct === ')') {
      settle(depth);
      depth = Math.max(0, depth - 1);
    } else if (punct === ';' || punct === ',' || ENDS_FROM.has(lower)) settle(depth);
    else if (lower === 'on' || lower === 'using') open.get(depth)?.pop();
    else if (lower === 'join') {
      // The words right before JOIN say its kind: [INNER | {LEFT | RIGHT | FULL} [OUTER] | CROSS | NATURAL … | ASOF] [DIRECTED]
      // (and DuckDB's POSITIONAL, which takes no condition: translated SQL passes through unchanged).
      let k = prev.length;
      while (k > 0 && lx[prev[k - 1]].kind === 'word' && JOIN_KINDS.has(lowerText(lx[prev[k - 1]].text))) k--;
      const words = prev.slice(k).map((n) => lx[n].text.toLowerCase());
      if (!words.some((w) => w === 'cross' || w === 'natural' || w === 'asof' || w === 'positional')) {
        const list = open.get(depth) ?? [];
        open.set(depth, list);
        const outer = words.find((w) => w === 'left' || w === 'right' || w === 'full')?.toUpperCase();
        const inner = prev.slice(k).find((n) => isWord(lx[n], 'inner'));
        list.push({ join: i, ...(inner !== undefined ? { inner } : {}), ...(outer ? { outer } : {}) });
      }
    }
    // The (up to four) meaningful lexemes before the next one: a join's kind words (kept in place: a new array per
    // lexeme was a good part of this function's time).
    prev.push(i);
    if (prev.length > 4) prev.shift();
  }
  settle(depth);
  return edits;
}
