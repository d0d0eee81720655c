// Snowflake string and hash functions whose DuckDB namesakes differ in arguments or edge cases.
import type { Handler } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/**
 * POSITION(needle, haystack [, start]) and CHARINDEX: 1-based, 0 when absent (also when start is past the end); the
 * `POSITION(a IN b)` form is DuckDB's own and never reaches here.
 */
const position: Handler = (a, ctx) => {
  // DuckDB reads X'EF' as the text 'xEF' and has no strpos on BLOBs: a binary search would answer wrongly.
  if (a.some((x) => x.sig.length === 2 && /^x$/i.test(x.sig[0].text) && x.sig[1].kind === 'string')) {
    throw new UnsupportedOnDuckDb('POSITION on BINARY values', ctx.at);
  }
  if (a.length === 2) return ['strpos(', 1, ', ', 0, ')'];
  if (a.length !== 3) return null;
  return ['bz_position(', 0, ', ', 1, ', ', 2, ')'];
};

/** LPAD/RPAD: the pad defaults to a blank; an empty pad only truncates (DuckDB raises "Insufficient padding"). */
const pad = (fn: 'lpad' | 'rpad'): Handler => (a) => {
  if (a.length === 2) return [`${fn}(`, 0, ', ', 1, ", ' ')"];
  if (a.length !== 3) return null;
  return ['(CASE WHEN (', 2, ") = '' THEN left(", 0, ', ', 1, `) ELSE ${fn}(`, 0, ', ', 1, ', ', 2, ') END)'];
};

export const STRING_HANDLERS: Record<string, Handler> = {
  position,
  charindex: position,
  lpad: pad('lpad'),
  rpad: pad('rpad'),
  // REPLACE without a replacement removes every occurrence.
  replace: (a) => (a.length === 2 ? ['replace(', 0, ', ', 1, ", '')"] : null),
};
