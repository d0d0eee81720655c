// A model's column that fills a LEFT JOINed relation's column with a literal default (`COALESCE(c.dim_block_id, '-1')
// AS dim_block_id__created_at`) holds the default where the join found no match. A test that the column never holds
// that default (a project's own `where col = '-1'`, dbt_utils.not_accepted_values) passes on real data because every
// row finds its match: the sampler draws the other side's key from the joined relation's keys (plan.ts).
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { aliasedItems } from './expression-origin';
import { literalValue } from './json-flow';

/** A defaulted read: the alias qualifying the joined column (lower case, as leftJoinedKeys gives it), and the column token's index. */
export interface DefaultedRead {
  alias: string;
  at: number;
}

const FILLERS = /^(coalesce|nvl|ifnull)$/i;

/** A literal of tokens [start, end): a string, or a number with an optional leading minus. */
function literalAt(tokens: SqlToken[], start: number, end: number): string | number | undefined {
  if (end - start === 2 && tokens[start].text === '-' && tokens[start + 1].kind === 'number') {
    const n = literalValue(tokens[start + 1]);
    return typeof n === 'number' ? -n : undefined;
  }
  return end - start === 1 ? literalValue(tokens[start]) : undefined;
}

/**
 * The items aliased `column` that are `COALESCE(alias.col, <literal>)` (NVL, IFNULL alike), the literal one of
 * `excluded` (compared as Snowflake compares a text with a number: by its text): the alias and where its column is.
 * An item filling from several columns (`COALESCE(a.x, b.x, '-1')`) is left out: either join may supply the value.
 */
export function defaultedReads(tokens: SqlToken[], column: string, excluded: ReadonlyArray<string | number>): DefaultedRead[] {
  const texts = new Set(excluded.map(String));
  const out: DefaultedRead[] = [];
  for (const { start, end } of aliasedItems(tokens, column, true)) {
    // `fn ( alias . col , literal )`: 7 tokens, or 8 with a minus.
    const [fn, open, alias, dot, col, comma] = tokens.slice(start, start + 6);
    if (end - start < 8 || !FILLERS.test(fn.text) || fn.kind !== 'ident' || open.text !== '(' || tokens[end - 1].text !== ')' || tokens[end - 1].depth !== open.depth) continue;
    if ((alias.kind !== 'ident' && alias.kind !== 'quoted') || dot.text !== '.' || (col.kind !== 'ident' && col.kind !== 'quoted') || comma.text !== ',') continue;
    const fill = literalAt(tokens, start + 6, end - 1);
    if (fill === undefined || !texts.has(String(fill))) continue;
    out.push({ alias: alias.text.toLowerCase(), at: start + 4 });
  }
  return out;
}
