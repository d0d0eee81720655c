// VARCHAR(n) as a cast target: Snowflake refuses a value longer than n ("String '…' is too long and would be
// truncated") and TRY_CAST gives NULL; DuckDB ignores the length. CHAR and CHARACTER without one are VARCHAR(1).
import type { Lexeme } from '../tokenize';
import { isPunct } from './template';

const TEXT_TYPES = new Set(['varchar', 'string', 'text', 'char', 'character', 'nvarchar', 'nchar', 'nvarchar2', 'char varying']);
const LENGTH_ONE = new Set(['char', 'character', 'nchar']);

/** The length a text type names (`sig` from the type word on), or undefined when it has none or is not text. */
export function textTypeLength(sig: Lexeme[]): number | undefined {
  const name = sig[0]?.kind === 'word' ? sig[0].text.toLowerCase() : '';
  if (!TEXT_TYPES.has(name)) return undefined;
  if (isPunct(sig[1], '(')) {
    return sig[2]?.kind === 'number' && /^\d+$/.test(sig[2].text) && isPunct(sig[3], ')') ? Number(sig[2].text) : undefined;
  }
  return LENGTH_ONE.has(name) ? 1 : undefined;
}

/** The macro that checks the length before the cast (see shims.ts): refusing for CAST and `::`, NULL for TRY_CAST. */
export const fitMacro = (tryCast: boolean): string => (tryCast ? 'bz_text_try_fit' : 'bz_text_fit');
