// `expr::INT::TIMESTAMP_NTZ`: a cast of an expression typed as an integer by its own cast reads it as epoch seconds,
// as Snowflake does for any number (a number literal is timestamp-tz.ts's numberCastToTimestamp, which this reuses).
// Other non-literal numbers keep DuckDB's refusal (duckdb-errors.ts), since their type is not known here.
import type { Lexeme } from '../tokenize';
import { numberCastToTimestamp } from './timestamp-tz';

const INTEGER_TYPES = new Set(['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint', 'number', 'numeric']);

/** Where the operand's text stands in numberCastToTimestamp's template. */
const HOLE = '\u0000';

/**
 * The text before and after an operand `sig` (its meaningful lexemes, ending in `:: <integer type>`) cast to `type`,
 * or undefined when the operand is not so typed or `type` is not a timestamp type the epoch rule covers.
 */
export function integerCastToTimestamp(sig: Lexeme[], type: string): [string, string] | undefined {
  const last = sig[sig.length - 1];
  if (sig.length < 3 || sig[sig.length - 2].text !== '::' || last.kind !== 'word' || !INTEGER_TYPES.has(last.text.toLowerCase())) return undefined;
  const template = numberCastToTimestamp(HOLE, type);
  if (template === undefined) return undefined;
  const [before, after] = template.split(HOLE);
  return [before, after];
}
