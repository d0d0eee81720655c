// VARCHAR(n) as a cast target and as a column type: Snowflake refuses a value longer than n ("String '…' is too long and would be
// truncated") and TRY_CAST gives NULL; DuckDB ignores the length. CHAR and CHARACTER without one are VARCHAR(1);
// CHAR VARYING, CHARACTER VARYING (dbt's string type, e.g. in dbt_utils.union_relations) and NCHAR VARYING are
// VARCHAR, unbounded without a length.
import type { Lexeme } from '../tokenize';
import { isPunct } from './template';

const TEXT_TYPES = new Set(['varchar', 'string', 'text', 'char', 'character', 'nvarchar', 'nchar', 'nvarchar2']);
const LENGTH_ONE = new Set(['char', 'character', 'nchar']);

/** Lexemes a text type spans at most, with its length and what follows: `character varying ( n ) [`. */
export const TEXT_TYPE_SPAN = 6;

/** The length a text type names (`sig` from the type word on), or undefined when it has none or is not text. */
export function textTypeLength(sig: Lexeme[]): number | undefined {
  const name = sig[0]?.kind === 'word' ? sig[0].text.toLowerCase() : '';
  if (!TEXT_TYPES.has(name)) return undefined;
  const varying = LENGTH_ONE.has(name) && sig[1]?.kind === 'word' && sig[1].text.toLowerCase() === 'varying';
  const open = varying ? 2 : 1;
  if (isPunct(sig[open], '(')) {
    const n = sig[open + 1];
    return n?.kind === 'number' && /^\d+$/.test(n.text) && isPunct(sig[open + 2], ')') ? Number(n.text) : undefined;
  }
  return LENGTH_ONE.has(name) && !varying ? 1 : undefined;
}

/** Whether `sig` (from the type word on) is a text type, with or without a length, and not an array of one. */
export function isTextType(sig: Lexeme[]): boolean {
  const name = sig[0]?.kind === 'word' ? sig[0].text.toLowerCase() : '';
  if (!TEXT_TYPES.has(name)) return false;
  const varying = LENGTH_ONE.has(name) && sig[1]?.kind === 'word' && sig[1].text.toLowerCase() === 'varying';
  let k = varying ? 2 : 1;
  if (isPunct(sig[k], '(')) k += 3;
  return !isPunct(sig[k], '[');
}

/** The macro that checks the length before the cast (see shims.ts): refusing for CAST and `::`, NULL for TRY_CAST. */
export const fitMacro = (tryCast: boolean): string => (tryCast ? 'bz_text_try_fit' : 'bz_text_fit');

/**
 * The column constraint that gives a VARCHAR(n) column `name` (as written, quoted or not) Snowflake's length limit on
 * INSERT and UPDATE. Written inline rather than with a Bronze macro so the table stays usable from any DuckDB session;
 * DuckDB's failure message is turned into Snowflake's by textLengthViolation.
 */
export const lengthCheck = (name: string, n: number): string => `CHECK (length(${name}) <= ${n})`;

const CHECK_FAILURE = /CHECK constraint failed on table (.+?) with expression CHECK\(\(length\((.+?)\) <= (\d+)\)\)/;

/** Snowflake's message for a value too long for a VARCHAR(n) column, from DuckDB's failed length CHECK. */
export function textLengthViolation(message: string): string | undefined {
  const m = CHECK_FAILURE.exec(message);
  if (!m) return undefined;
  return `User character length limit (${m[3]}) exceeded by a value for column ${m[2]} of table ${m[1]} (VARCHAR(${m[3]}))`;
}
