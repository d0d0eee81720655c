// BINARY values from text (docs.snowflake.com/en/sql-reference/binary-input-output): HEX_ENCODE gives a value's bytes
// as hex digits (upper case unless its case argument is 0); TO_BINARY reads text as HEX (the default
// BINARY_INPUT_FORMAT), BASE64 or UTF-8; HEX_DECODE_BINARY / HEX_DECODE_STRING read hex. Hex text with an odd number
// of digits or a non-hex digit fails, as in Snowflake (DuckDB's unhex would pad an odd one).
import { refusalCast } from './errors';
import { literalValue, quote, type Handler, type HandlerContext, type Template } from './template';
import { refusalMessage } from './timestamp-tz';
import { UnsupportedOnDuckDb } from './unsupported';

export const BINARY_MACROS: string[] = [
  `bz_hex_binary(x) AS CASE WHEN length(x) % 2 = 1 ` +
    `THEN CAST(CAST(${refusalCast("'The following string is not a legal hex-encoded value: ''' || x || ''''", 'INTEGER')} AS VARCHAR) AS BLOB) ` +
    `ELSE unhex(x) END`,
  // TO_VARCHAR(binary, 'HEX' | 'BASE64' | 'UTF-8'). `unhex(hex(x))` is the value's bytes whatever its type, so the
  // calls bind for any argument; an argument that is not a BINARY fails through `m` (each value bound once through a
  // one-element list). Bytes that are not UTF-8 fail through `bad`.
  `bz_binary_text(x, fmt, m, bad) AS list_transform([x], lambda bz_b: CASE WHEN bz_b IS NULL THEN NULL ` +
    `WHEN typeof(bz_b) <> 'BLOB' THEN CAST(CAST(m AS INTEGER) AS VARCHAR) ` +
    `WHEN fmt = 'HEX' THEN hex(unhex(hex(bz_b))) WHEN fmt = 'BASE64' THEN to_base64(unhex(hex(bz_b))) ` +
    `WHEN try(decode(unhex(hex(bz_b)))) IS NOT NULL THEN decode(unhex(hex(bz_b))) ` +
    `ELSE CAST(CAST(bad AS INTEGER) AS VARCHAR) END)[1]`,
];

/**
 * TO_CHAR / TO_VARCHAR of a BINARY with one of the binary formats (https://docs.snowflake.com/sql-reference/functions/to_char:
 * "For binary_expr, specifies the format in which to produce the string (e.g. 'HEX', 'BASE64' or 'UTF-8')"), or
 * undefined when `format` is none of them (a date or number format). HEX is written in upper case, as Snowflake's
 * binary output shows it. What Snowflake gives for bytes that are not UTF-8, or for such a format applied to a value
 * that is not BINARY, is not documented: both are refused by name.
 */
export function binaryToText(format: string, ctx: HandlerContext): Template | undefined {
  const f = format.trim().toUpperCase();
  const canonical = f === 'HEX' ? 'HEX' : f === 'BASE64' ? 'BASE64' : f === 'UTF-8' || f === 'UTF8' ? 'UTF-8' : undefined;
  if (!canonical) return undefined;
  const notBinary = quote(refusalMessage(`TO_VARCHAR with the binary format '${canonical}' of a value that is not BINARY`, ctx));
  const notUtf8 = quote(refusalMessage(`TO_VARCHAR(…, 'UTF-8') of bytes that are not UTF-8`, ctx));
  return ['bz_binary_text(', 0, `, '${canonical}', ${notBinary}, ${notUtf8})`];
}

const hexEncode: Handler = (a, ctx) => {
  if (a.length === 1) return ['hex(', 0, ')'];
  if (a.length !== 2) return null;
  const lower = a[1].sig.length === 1 && a[1].sig[0].kind === 'number' ? a[1].sig[0].text : undefined;
  if (lower === '0') return ['lower(hex(', 0, '))'];
  if (lower === '1') return ['hex(', 0, ')'];
  throw new UnsupportedOnDuckDb('HEX_ENCODE with a case argument other than 0 or 1', ctx.at);
};

const toBinary: Handler = (a, ctx) => {
  if (a.length < 1 || a.length > 2) return null;
  const format = a.length === 2 ? literalValue(a[1])?.toUpperCase() : 'HEX';
  if (format === 'HEX') return ['bz_hex_binary(', 0, ')'];
  if (format === 'UTF-8' || format === 'UTF8') return ['encode(', 0, ')'];
  if (format === 'BASE64') return ['from_base64(', 0, ')'];
  throw new UnsupportedOnDuckDb('TO_BINARY with a format other than HEX, BASE64 or UTF-8 written as a literal', ctx.at);
};

/** Calls whose result is a BINARY written in the text: LENGTH of one counts bytes (DuckDB's octet_length). */
const BINARY_CALLS = new Set(['to_binary', 'hex_decode_binary', 'base64_decode_binary', 'try_base64_decode_binary']);

/** LENGTH / LEN of a value the text shows is BINARY (a TO_BINARY call or an X'…' literal): its byte count. */
const binaryLength: Handler = (a) => {
  if (a.length !== 1) return null;
  const [first, second] = a[0].sig;
  const call = first?.kind === 'word' && BINARY_CALLS.has(first.text.toLowerCase()) && second?.text === '(';
  const literal = a[0].sig.length === 2 && /^x$/i.test(first?.text ?? '') && second?.kind === 'string';
  return call || literal ? ['octet_length(', 0, ')'] : null;
};

export const BINARY_HANDLERS: Record<string, Handler> = {
  length: binaryLength,
  len: binaryLength,
  hex_encode: hexEncode,
  to_binary: toBinary,
  hex_decode_binary: (a) => (a.length === 1 ? ['bz_hex_binary(', 0, ')'] : null),
  hex_decode_string: (a) => (a.length === 1 ? ['decode(bz_hex_binary(', 0, '))'] : null),
};
