// The parts of a CASE expression that rewrites of its results need: its own WHEN/THEN/ELSE/END keywords (at its paren
// depth, outside nested CASEs) and each result's span, from a THEN or ELSE to the next keyword.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

export interface CaseResult {
  /** The THEN or ELSE keyword opening the result. */
  open: number;
  /** The WHEN, ELSE or END keyword closing it. */
  close: number;
}

/** The CASE at `at` (a `case` word) up to `to`: its keywords and results, or null when its END is not found. */
export function caseResults(lx: Lexeme[], at: number, to: number): { keys: number[]; results: CaseResult[] } | null {
  const keys: number[] = [];
  let depth = 0;
  let nested = 0;
  let end = -1;
  for (let k = at + 1; k < to && end < 0; k++) {
    const l = lx[k];
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) {
      if (--depth < 0) break;
    } else if (depth === 0 && isWord(l, 'case')) nested++;
    else if (depth === 0 && isWord(l, 'end') && nested > 0) nested--;
    else if (depth === 0 && nested === 0 && (isWord(l, 'when') || isWord(l, 'then') || isWord(l, 'else') || isWord(l, 'end'))) {
      keys.push(k);
      if (isWord(l, 'end')) end = k;
    }
  }
  if (end < 0) return null;
  const results = keys.flatMap((k, n) => (isWord(lx[k], 'then') || isWord(lx[k], 'else') ? [{ open: k, close: keys[n + 1] }] : []));
  return { keys, results };
}
