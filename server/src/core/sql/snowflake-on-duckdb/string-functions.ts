// Snowflake string and hash functions whose DuckDB namesakes differ in arguments or edge cases.
import { lateTypes, type Arg, type Handler } from './template';
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

/**
 * LPAD/RPAD by the base's type, chosen when DuckDB binds: BINARY pads and truncates whole bytes (done on the hex text,
 * two digits a byte, as DuckDB has no lpad on BLOB); anything else as text. An empty pad only truncates (DuckDB's
 * lpad raises "Insufficient padding").
 */
export const PAD_MACROS: string[] = (['lpad', 'rpad'] as const).map(
  (fn) =>
    `bz_${fn}(x BLOB, n, p BLOB) AS unhex(CASE WHEN octet_length(p) = 0 THEN left(hex(x), 2 * CAST(n AS INTEGER)) ` +
    `ELSE ${fn}(hex(x), 2 * CAST(n AS INTEGER), hex(p)) END), ` +
    `(x, n, p) AS CASE WHEN p = '' THEN left(x, n) ELSE ${fn}(x, n, p) END`,
);

/** LPAD/RPAD: the pad defaults to a blank; BINARY operands through bz_lpad/bz_rpad (PAD_MACROS). */
const pad = (fn: 'lpad' | 'rpad'): Handler => (a) => {
  if (a.length === 2) return [`${fn}(`, 0, ', ', 1, ", ' ')"];
  if (a.length !== 3) return null;
  // A typed macro overload cannot be chosen for an argument typed only after binding (an aggregate, a bind): text.
  if (lateTypes(a[0].sig) || lateTypes(a[2].sig)) return ['(CASE WHEN (', 2, ") = '' THEN left(", 0, ', ', 1, `) ELSE ${fn}(`, 0, ', ', 1, ', ', 2, ') END)'];
  return [`bz_${fn}(`, 0, ', ', 1, ', ', 2, ')'];
};

export const STRING_HANDLERS: Record<string, Handler> = {
  position,
  charindex: position,
  lpad: pad('lpad'),
  rpad: pad('rpad'),
  // REPLACE without a replacement removes every occurrence.
  replace: (a) => (a.length === 2 ? ['replace(', 0, ', ', 1, ", '')"] : null),
};
