// UNIFORM(min, max, gen): a number in [min, max] drawn from the generator expression `gen`
// (docs.snowflake.com/en/sql-reference/functions/uniform): an integer when min and max are integers, a FLOAT otherwise;
// a constant `gen` gives the same value for every row, RANDOM() a new one per row. The value is `gen`'s text hashed
// (MD5, low 64 bits) into the range. Snowflake's own hash of a constant is not documented, so only these properties
// carry over. Snowflake takes constant bounds only; their types decide the result's, so the bounds must be number
// literals, optionally cast (`0::float`, `CAST(1 AS INT)`), whose type is known here.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord, type Arg, type Handler } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The signed number literal at sig[k], with the index after it, or undefined. */
function literalAt(sig: Lexeme[], k: number): { text: string; next: number } | undefined {
  const sign = isPunct(sig[k], '-') || isPunct(sig[k], '+') ? sig[k].text : '';
  const n = sig[k + (sign ? 1 : 0)];
  return n?.kind === 'number' ? { text: `${sign}${n.text}`, next: k + (sign ? 2 : 1) } : undefined;
}

const INTEGER_TYPES = new Set(['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint']);
const FLOAT_TYPES = new Set(['float', 'float4', 'float8', 'double', 'real']);

/**
 * Whether the Snowflake type at sig[k..end) is an integer type (true), a FLOAT or a NUMBER with a scale (false), or
 * one this does not read (undefined).
 */
function integralType(sig: Lexeme[], k: number, end: number): boolean | undefined {
  const w = sig[k]?.kind === 'word' ? sig[k].text.toLowerCase() : '';
  if (INTEGER_TYPES.has(w)) return k + 1 === end;
  if (FLOAT_TYPES.has(w)) return k + 1 === end ? false : undefined;
  if (w === 'double' && isWord(sig[k + 1], 'precision')) return k + 2 === end ? false : undefined;
  if (['number', 'numeric', 'decimal'].includes(w)) {
    if (k + 1 === end) return true;
    // NUMBER(p) or NUMBER(p, s)
    const nums = sig.slice(k + 1, end).filter((l) => l.kind === 'number');
    if (!isPunct(sig[k + 1], '(') || !isPunct(sig[end - 1], ')') || nums.length < 1 || nums.length > 2) return undefined;
    return nums.length === 1 || Number(nums[1].text) === 0;
  }
  return undefined;
}

/** An integer-typed cast of `text` as Snowflake converts it: rounded half away from zero. */
function roundedInteger(text: string): string | undefined {
  if (/^[-+]?\d+$/.test(text)) return text.replace(/^\+/, '');
  const n = Number(text);
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return undefined;
  return String(Math.sign(n) * Math.round(Math.abs(n)));
}

/**
 * A constant bound: a number literal (integral when written without a fraction or exponent) or a literal cast
 * (`lit::type`, `CAST(lit AS type)`); its DuckDB value text and whether it is an integer. Undefined otherwise.
 */
function constantBound(a: Arg): { text: string; integral: boolean } | undefined {
  const sig = a.sig;
  let lit: { text: string; next: number } | undefined;
  let typeFrom: number;
  let typeEnd = sig.length;
  if (isWord(sig[0], 'cast') && isPunct(sig[1], '(') && isPunct(sig[sig.length - 1], ')')) {
    lit = literalAt(sig, 2);
    if (!lit || !isWord(sig[lit.next], 'as')) return undefined;
    typeFrom = lit.next + 1;
    typeEnd = sig.length - 1;
  } else {
    lit = literalAt(sig, 0);
    if (!lit) return undefined;
    if (lit.next === sig.length) return { text: lit.text, integral: /^[-+]?\d+$/.test(lit.text) };
    if (!isPunct(sig[lit.next], '::')) return undefined;
    typeFrom = lit.next + 1;
  }
  const integral = integralType(sig, typeFrom, typeEnd);
  if (integral === undefined) return undefined;
  if (!integral) return { text: lit.text, integral };
  const rounded = roundedInteger(lit.text);
  return rounded === undefined ? undefined : { text: rounded, integral };
}

/** gen's hash as an unsigned 64-bit integer. */
const HASH: (string | number)[] = ['md5_number_lower(CAST((', 2, ') AS VARCHAR))'];

export const uniform: Handler = (a, ctx) => {
  if (a.length !== 3) return null;
  const lo = constantBound(a[0]);
  const hi = constantBound(a[1]);
  if (lo === undefined || hi === undefined) throw new UnsupportedOnDuckDb('UNIFORM with bounds that are not number literals (or casts of them)', ctx.at);
  const [min, max] = [lo.text, hi.text];
  const integral = lo.integral && hi.integral;
  if (integral) {
    if (BigInt(max) < BigInt(min)) throw new UnsupportedOnDuckDb('UNIFORM with max below min', ctx.at);
    const span = (BigInt(max) - BigInt(min) + 1n).toString();
    return [`(CAST(${min} AS BIGINT) + CAST(`, ...HASH, ` % CAST(${span} AS UBIGINT) AS BIGINT))`];
  }
  // [0, 1) from the top 53 bits of the hash, stretched over [min, max].
  return [`(CAST(${min} AS DOUBLE) + (CAST(${max} AS DOUBLE) - CAST(${min} AS DOUBLE)) * CAST((`, ...HASH, ` >> 11) AS DOUBLE) / 9007199254740992.0)`];
};
