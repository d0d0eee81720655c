// A VARIANT as written (a `:`/`[]` path without a cast, PARSE_JSON, GET, ::VARIANT, CAST(… AS VARIANT)), read from the
// text alone. A VARCHAR beside a VARIANT in COALESCE/CASE/IFF/a comparison/a UNION column is not settled here: the
// bound plan shows where DuckDB would parse the text as JSON, and the VARIANT side is converted to VARCHAR there
// (variant-implicit-cast.ts), as Snowflake's conversion table allows (VARIANT is coercible to VARCHAR; VARCHAR is
// castable, not coercible, to VARIANT).
import type { Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** Functions whose call is a VARIANT: PARSE_JSON(…), GET(…), … (their result is JSON in the translation too). */
const VARIANT_CALLS = new Set(['parse_json', 'try_parse_json', 'to_variant', 'get', 'get_path', 'get_ignore_case', 'bz_parse_json', 'bz_try_parse_json']);

const isName = (l: Lexeme | undefined): boolean => !!l && (l.kind === 'word' || l.kind === 'quoted-identifier');

/** The index after the group opened at `open` (its matching `)` or `]`), or -1. */
function afterGroup(sig: Lexeme[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (isPunct(sig[k], '(') || isPunct(sig[k], '[')) depth++;
    else if (isPunct(sig[k], ')') || isPunct(sig[k], ']')) {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

/**
 * Whether an argument's text makes it a VARIANT: `x::VARIANT`, CAST(x AS VARIANT), a VARIANT-returning call, or a
 * `:`/`[]` path read (`c.metadata:"id"`, `v['k'][0]`) with no cast or operator after it.
 */
export function isVariantArgument(sig: Lexeme[]): boolean {
  const n = sig.length;
  if (n === 0) return false;
  if (n > 2 && isPunct(sig[n - 2], '::')) return isWord(sig[n - 1], 'variant');
  const head = sig[0].kind === 'word' ? sig[0].text.toLowerCase() : '';
  if (isPunct(sig[1], '(')) {
    const end = afterGroup(sig, 1);
    if (end === n) return VARIANT_CALLS.has(head) || (head === 'cast' && isWord(sig[n - 2], 'variant') && isWord(sig[n - 3], 'as'));
    if (end < 0 || !VARIANT_CALLS.has(head)) return false;
    return pathFrom(sig, end, true);
  }
  // A (dotted) column name, then path steps.
  if (!isName(sig[0])) return false;
  let k = 1;
  while (isPunct(sig[k], '.') && isName(sig[k + 1])) k += 2;
  return pathFrom(sig, k, false);
}

/** Whether sig[k…] is path steps to the end (`:name`, `."name"`, `[…]`), at least one unless `already` read. */
function pathFrom(sig: Lexeme[], k: number, already: boolean): boolean {
  let steps = already ? 1 : 0;
  while (k < sig.length) {
    if ((isPunct(sig[k], ':') || isPunct(sig[k], '.')) && (isName(sig[k + 1]) || sig[k + 1]?.kind === 'string')) k += 2;
    else if (isPunct(sig[k], '[')) {
      k = afterGroup(sig, k);
      if (k < 0) return false;
    } else return false;
    steps++;
  }
  return steps > 0;
}
