// UNIFORM(min, max, gen): a number in [min, max] drawn from the generator expression `gen`
// (docs.snowflake.com/en/sql-reference/functions/uniform): an integer when min and max are integers, a FLOAT otherwise;
// a constant `gen` gives the same value for every row, RANDOM() a new one per row. The value is `gen`'s text hashed
// (MD5, low 64 bits) into the range. Snowflake's own hash of a constant is not documented, so only these properties
// carry over; the bounds must be number literals, as their type decides the result's.
import { isPunct, type Arg, type Handler } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The number literal an argument is (optionally signed), or undefined. */
function numberLiteral(a: Arg): string | undefined {
  const [first, second] = a.sig;
  if (a.sig.length === 1 && first.kind === 'number') return first.text;
  if (a.sig.length === 2 && (isPunct(first, '-') || isPunct(first, '+')) && second.kind === 'number') return `${first.text}${second.text}`;
  return undefined;
}

/** gen's hash as an unsigned 64-bit integer. */
const HASH: (string | number)[] = ['md5_number_lower(CAST((', 2, ') AS VARCHAR))'];

export const uniform: Handler = (a, ctx) => {
  if (a.length !== 3) return null;
  const min = numberLiteral(a[0]);
  const max = numberLiteral(a[1]);
  if (min === undefined || max === undefined) throw new UnsupportedOnDuckDb('UNIFORM with bounds that are not number literals', ctx.at);
  const integral = /^[-+]?\d+$/.test(min) && /^[-+]?\d+$/.test(max);
  if (integral) {
    if (BigInt(max) < BigInt(min)) throw new UnsupportedOnDuckDb('UNIFORM with max below min', ctx.at);
    const span = (BigInt(max) - BigInt(min) + 1n).toString();
    return [`(CAST(${min} AS BIGINT) + CAST(`, ...HASH, ` % CAST(${span} AS UBIGINT) AS BIGINT))`];
  }
  // [0, 1) from the top 53 bits of the hash, stretched over [min, max].
  return [`(CAST(${min} AS DOUBLE) + (CAST(${max} AS DOUBLE) - CAST(${min} AS DOUBLE)) * CAST((`, ...HASH, ` >> 11) AS DOUBLE) / 9007199254740992.0)`];
};
