// Snowflake's TIMESTAMP_TYPE_MAPPING session parameter on DuckDB: the TIMESTAMP alias (in casts, `::`, column and
// parameter types, RETURNS, `TIMESTAMP '…'`) and TO_TIMESTAMP / TRY_TO_TIMESTAMP stand for the variation it names
// (https://docs.snowflake.com/en/sql-reference/parameters#timestamp-type-mapping). It changes a statement's types,
// which DuckDB fixes when it binds, so it cannot be read at run time as WEEK_START is: the session passes it to the
// translator, which renames the alias to the variation's own word before anything else reads the statement — the rest
// of the layer then treats `TIMESTAMP` exactly as if TIMESTAMP_LTZ (or _TZ) had been written.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct } from './template';
import { typePositions } from './type-positions';

export type TimestampMapping = 'TIMESTAMP_NTZ' | 'TIMESTAMP_LTZ' | 'TIMESTAMP_TZ';

export const TIMESTAMP_MAPPINGS: readonly TimestampMapping[] = ['TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ'];

const FUNCTIONS = new Set(['to_timestamp', 'try_to_timestamp']);

/**
 * `lx` (one or more statements) with the TIMESTAMP type alias and TO_TIMESTAMP / TRY_TO_TIMESTAMP renamed to the
 * variation `mapping` names. A word `timestamp` elsewhere is a name (a column may be called timestamp) and stays.
 */
export function mapTimestampAlias(lx: Lexeme[], mapping: TimestampMapping): Lexeme[] {
  if (mapping === 'TIMESTAMP_NTZ') return lx;
  const suffix = mapping.slice('TIMESTAMP'.length).toLowerCase();
  const out = lx.slice();
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  let types: Set<number> | undefined;
  for (let k = 0; k < sig.length; k++) {
    const l = lx[sig[k]];
    if (l.kind !== 'word') continue;
    const word = l.text.toLowerCase();
    const rename = FUNCTIONS.has(word)
      ? isPunct(lx[sig[k + 1]], '(') && !(k > 0 && isPunct(lx[sig[k - 1]], '.'))
      : word === 'timestamp' && (types ??= typePositions(lx)).has(sig[k]);
    if (rename) out[sig[k]] = { ...l, text: `${l.text}${suffix}` };
  }
  return out;
}
