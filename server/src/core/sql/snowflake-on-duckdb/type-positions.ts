// Where a statement names a data type. Snowflake reserves no type keyword
// (https://docs.snowflake.com/en/sql-reference/reserved-keywords: "with the exception of type keywords"), so a
// column or alias may be called TIMESTAMP, TIMESTAMPTZ or TIMESTAMP_NTZ; the translator renames such a word only
// where it is a type: after `::`, after AS inside CAST / TRY_CAST, before a string (`TIMESTAMP '…'`), after RETURNS
// or SET DATA TYPE, after a column or parameter name in a CREATE's list, or after ALTER … ADD [COLUMN] name.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

const CASTS = new Set(['cast', 'try_cast']);

/** The indexes into `lx` (one or more statements) of the words that stand where a type is written. */
export function typePositions(lx: readonly Lexeme[]): Set<number> {
  const found = new Set<number>();
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  const at = (k: number): Lexeme | undefined => (k >= 0 && k < sig.length ? lx[sig[k]] : undefined);
  // Per open parenthesis: the word before it (a function's name) and whether it opens a CREATE's column or
  // parameter list (depth 1, before any AS or SELECT).
  const parens: { fn: string; columns: boolean }[] = [];
  let first = '';
  let bodyStarted = false;
  for (let k = 0; k < sig.length; k++) {
    const l = at(k) as Lexeme;
    const prev = at(k - 1);
    if (isPunct(l, ';') && parens.length === 0) {
      first = '';
      bodyStarted = false;
      continue;
    }
    if (l.kind === 'word' && first === '') first = l.text.toLowerCase();
    if (parens.length === 0 && (isWord(l, 'as') || isWord(l, 'select'))) bodyStarted = true;
    if (isPunct(l, '(')) {
      const fn = prev?.kind === 'word' ? prev.text.toLowerCase() : '';
      parens.push({ fn, columns: first === 'create' && parens.length === 0 && !bodyStarted && !CASTS.has(fn) });
      continue;
    }
    if (isPunct(l, ')')) {
      parens.pop();
      continue;
    }
    if (l.kind !== 'word' || isPunct(prev, '.')) continue;
    const next = at(k + 1);
    if (isPunct(next, '.')) continue;
    const top = parens[parens.length - 1];
    const prev2 = at(k - 2);
    const named = prev?.kind === 'word' || prev?.kind === 'quoted-identifier';
    const isType =
      isPunct(prev, '::') ||
      (isWord(prev, 'as') && top !== undefined && CASTS.has(top.fn)) ||
      next?.kind === 'string' ||
      isWord(prev, 'returns') ||
      (isWord(prev, 'type') && isWord(prev2, 'data')) ||
      (named && top?.columns === true && parens.length === 1 && (isPunct(prev2, '(') || isPunct(prev2, ','))) ||
      (named && (first === 'alter' || first === 'create') && (isWord(prev2, 'column') || isWord(prev2, 'add')));
    if (isType) found.add(sig[k]);
  }
  return found;
}
