// Base64 on the DuckDB target (docs.snowflake.com/en/sql-reference/functions/base64_encode, base64_decode_string,
// base64_decode_binary and their TRY_ forms). Snowflake's alphabet argument names the characters for indexes 62 and 63
// and the padding ('+', '/', '=' by default); the decoders map it onto the standard one before DuckDB's from_base64.
// Text in the standard form (groups of four, '=' padding only at the end) decodes; text with characters outside the
// alphabet is an error (NULL for TRY_). What Snowflake does with whitespace or missing padding is not documented: such
// text is refused by name rather than guessed. BASE64_DECODE_STRING of bytes that are not UTF-8 fails (NULL for TRY_:
// the TRY_BASE64_DECODE_STRING page's example gives NULL for '127', whose bytes are no UTF-8 even once padded).
import { refusalCast } from './errors';
import { refusalMessage } from './timestamp-tz';
import { literalValue, quote, type Arg, type Handler, type HandlerContext, type Template } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

const STANDARD = "'([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?'";
// Whitespace inside, or the last group short of its padding: valid for lenient decoders, undocumented for Snowflake.
const LOOSE = "'([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?'";
const NOT_BASE64 = refusalCast("'The following string is not a legal base64-encoded value: ''' || bz_s || ''''", 'INTEGER');
const NOT_UTF8 = refusalCast("'Invalid UTF8 detected while decoding ''' || bz_s || ''''", 'INTEGER');

/** Per-connection macros (client/src/warehouse/snowflake-on-duckdb/shims.ts); `m` is the located refusal's text. */
export const BASE64_MACROS: string[] = [
  `bz_b64_loose(s) AS regexp_full_match(regexp_replace(s, '\\s', '', 'g'), ${LOOSE})`,
  `bz_b64_repad(s) AS list_transform([regexp_replace(s, '\\s', '', 'g')], lambda bz_t: bz_t || repeat('=', (4 - length(bz_t) % 4) % 4))[1]`,
  // (Each value is bound once through a one-element list: a macro parameter is copied at every use.)
  `bz_b64_binary(s, try_it, m) AS list_transform([s], lambda bz_s: CASE WHEN bz_s IS NULL THEN NULL ` +
    `WHEN regexp_full_match(bz_s, ${STANDARD}) THEN from_base64(bz_s) ` +
    `WHEN bz_b64_loose(bz_s) THEN CAST(CAST(m AS INTEGER) AS BLOB) ` +
    `WHEN try_it THEN NULL ELSE CAST(${NOT_BASE64} AS BLOB) END)[1]`,
  `bz_b64_string(s, try_it, m) AS list_transform([s], lambda bz_s: CASE WHEN bz_s IS NULL THEN NULL ` +
    `WHEN regexp_full_match(bz_s, ${STANDARD}) THEN CASE WHEN try(decode(from_base64(bz_s))) IS NOT NULL THEN decode(from_base64(bz_s)) ` +
    `WHEN try_it THEN NULL ELSE CAST(${NOT_UTF8} AS VARCHAR) END ` +
    `WHEN bz_b64_loose(bz_s) AND try_it AND try(decode(from_base64(bz_b64_repad(bz_s)))) IS NULL THEN NULL ` +
    `WHEN bz_b64_loose(bz_s) THEN CAST(CAST(m AS INTEGER) AS VARCHAR) ` +
    `WHEN try_it THEN NULL ELSE CAST(${NOT_BASE64} AS VARCHAR) END)[1]`,
  // The bytes of a BINARY, else of the value's text as Snowflake casts it (its UTF-8; a VARIANT string's value, a
  // number's digits): hex() reads a BINARY's bytes whatever branch is taken (to_base64 binds only a BLOB).
  `bz_b64_encode(x) AS to_base64(CASE WHEN typeof(x) = 'BLOB' THEN unhex(hex(x)) ELSE encode(bz_varchar_cast(x)) END)`,
];

const DEFAULT_ALPHABET = ['+', '/', '='];

/** The alphabet argument's three characters (defaults filled in), or undefined for the standard alphabet. */
function alphabet(arg: Arg | undefined, fn: string, ctx: HandlerContext): string[] | undefined {
  if (!arg) return undefined;
  const text = literalValue(arg);
  if (text === undefined) throw new UnsupportedOnDuckDb(`${fn} with an alphabet that is not a string literal`, ctx.at);
  const chars = [...text];
  // Letters and digits are the alphabet's first 62 characters; a repeated character would make the text ambiguous.
  if (chars.length > 3 || chars.some((c) => !/^[\x21-\x7e]$/.test(c) || /[A-Za-z0-9]/.test(c)) || new Set(chars).size !== chars.length) {
    throw new UnsupportedOnDuckDb(`${fn} with the alphabet '${text}' (up to three distinct ASCII punctuation characters)`, ctx.at);
  }
  const full = DEFAULT_ALPHABET.map((d, i) => chars[i] ?? d);
  if (new Set(full).size !== 3) throw new UnsupportedOnDuckDb(`${fn} with the alphabet '${text}' (its characters must differ)`, ctx.at);
  return full.join('') === DEFAULT_ALPHABET.join('') ? undefined : full;
}

/**
 * Text in a custom alphabet rewritten in the standard one. A standard character the custom alphabet does not use
 * becomes '*', so text the custom alphabet does not allow stays invalid.
 */
function toStandard(text: Template, custom: string[]): Template {
  const unused = DEFAULT_ALPHABET.filter((c) => !custom.includes(c));
  return ['translate(', ...text, `, ${quote(custom.join('') + unused.join(''))}, ${quote(DEFAULT_ALPHABET.join('') + '*'.repeat(unused.length))})`];
}

function decoder(result: 'binary' | 'string', tryIt: boolean): Handler {
  const fn = `${tryIt ? 'TRY_' : ''}BASE64_DECODE_${result.toUpperCase()}`;
  return (args, ctx) => {
    if (args.length < 1 || args.length > 2) return null;
    const custom = alphabet(args[1], fn, ctx);
    // The text as Snowflake casts the argument to VARCHAR (a VARIANT string's value, not its JSON).
    const text: Template = ['bz_varchar_cast(', 0, ')'];
    const input: Template = custom ? toStandard(text, custom) : text;
    const refusal = quote(refusalMessage(`${fn} of text with whitespace or without its '=' padding`, ctx));
    return [`bz_b64_${result}(`, ...input, `, ${tryIt}, ${refusal})`];
  };
}

const encode: Handler = (args, ctx) => {
  if (args.length < 1 || args.length > 3) return null;
  if (args.length >= 2 && !(args[1].sig.length === 1 && args[1].sig[0].text === '0')) {
    // Where the line breaks go and which characters they are is not documented.
    throw new UnsupportedOnDuckDb('BASE64_ENCODE with a max_line_length other than 0', ctx.at);
  }
  const custom = alphabet(args[2], 'BASE64_ENCODE', ctx);
  const call: Template = ['bz_b64_encode(', 0, ')'];
  return custom ? ['translate(', ...call, `, ${quote(DEFAULT_ALPHABET.join(''))}, ${quote(custom.join(''))})`] : call;
};

export const BASE64_HANDLERS: Record<string, Handler> = {
  base64_encode: encode,
  base64_decode_string: decoder('string', false),
  try_base64_decode_string: decoder('string', true),
  base64_decode_binary: decoder('binary', false),
  try_base64_decode_binary: decoder('binary', true),
};
