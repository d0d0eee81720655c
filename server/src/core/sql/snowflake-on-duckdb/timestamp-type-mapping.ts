// Snowflake's TIMESTAMP_TYPE_MAPPING session parameter on DuckDB: the TIMESTAMP alias (in casts, `::`, column and
// parameter types, RETURNS, `TIMESTAMP '…'`) and TO_TIMESTAMP / TRY_TO_TIMESTAMP stand for the variation it names
// (https://docs.snowflake.com/en/sql-reference/parameters#timestamp-type-mapping). It changes a statement's types,
// which DuckDB fixes when it binds, so it cannot be read at run time as WEEK_START is: the session passes it to the
// translator, which renames the alias to the variation's own word before anything else reads the statement — the rest
// of the layer then treats `TIMESTAMP` exactly as if TIMESTAMP_LTZ (or _TZ) had been written.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

export type TimestampMapping = 'TIMESTAMP_NTZ' | 'TIMESTAMP_LTZ' | 'TIMESTAMP_TZ';

export const TIMESTAMP_MAPPINGS: readonly TimestampMapping[] = ['TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ'];

const FUNCTIONS = new Set(['to_timestamp', 'try_to_timestamp']);
const CASTS = new Set(['cast', 'try_cast']);

/**
 * `lx` (one or more statements) with the TIMESTAMP type alias and TO_TIMESTAMP / TRY_TO_TIMESTAMP renamed to the
 * variation `mapping` names. A word `timestamp` elsewhere is a name (a column may be called timestamp) and stays.
 */
export function mapTimestampAlias(lx: Lexeme[], mapping: TimestampMapping): Lexeme[] {
  if (mapping === 'TIMESTAMP_NTZ') return lx;
  const suffix = mapping.slice('TIMESTAMP'.length).toLowerCase();
  const out = lx.slice();
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
    if (l.kind !== 'word') continue;
    const word = l.text.toLowerCase();
    const next = at(k + 1);
    if (FUNCTIONS.has(word) && isPunct(next, '(') && !isPunct(prev, '.')) {
      out[sig[k]] = { ...l, text: `${l.text}${suffix}` };
      continue;
    }
    if (word !== 'timestamp' || isPunct(prev, '.') || isPunct(next, '.')) continue;
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
    if (isType) out[sig[k]] = { ...l, text: `${l.text}${suffix}` };
  }
  return out;
}
