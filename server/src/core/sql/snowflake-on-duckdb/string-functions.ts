// Snowflake string and hash functions whose DuckDB namesakes differ in arguments or edge cases.
import type { Arg, Handler } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** Whether an argument is a BINARY literal, X'…'. */
const isBinaryLiteral = (x: Arg): boolean => x.sig.length === 2 && /^x$/i.test(x.sig[0].text) && x.sig[1].kind === 'string';

/** POSITION of BINARY values: the 1-based byte where needle `n` starts in `h` at or after byte `s`, 0 when absent. */
export const BINARY_POSITION_MACRO =
  'bz_binary_position(n, h, s) AS CASE WHEN n IS NULL OR h IS NULL OR s IS NULL THEN NULL ELSE coalesce(list_filter(range(1, length(hex(h)) - length(hex(n)) + 2, 2), ' +
  'lambda i: i >= 2 * s - 1 AND substr(hex(h), i, length(hex(n))) = hex(n))[1] // 2 + 1, 0) END';

/**
 * POSITION(needle, haystack [, start]) and CHARINDEX: 1-based, 0 when absent (also when start is past the end); the
 * `POSITION(a IN b)` form is DuckDB's own and never reaches here.
 */
const position: Handler = (a, ctx) => {
  // DuckDB has no strpos on BLOBs. Two X'…' literals are searched byte by byte (bz_binary_position); other binary
  // operands are refused, as text beside a binary converts through BINARY_INPUT_FORMAT in Snowflake.
  const binary = a.slice(0, 2).map(isBinaryLiteral);
  if (binary[0] && binary[1] && a.length <= 3) return a.length === 2 ? ['bz_binary_position(', 0, ', ', 1, ', 1)'] : ['bz_binary_position(', 0, ', ', 1, ', ', 2, ')'];
  if (binary.some(Boolean)) throw new UnsupportedOnDuckDb('POSITION on BINARY values (other than two X\'…\' literals)', ctx.at);
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
