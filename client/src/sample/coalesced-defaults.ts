// A model's column that fills a LEFT JOINed relation's column with a literal default (`COALESCE(c.dim_block_id, '-1')
// AS dim_block_id__created_at`) holds the default where the join found no match. A test that the column never holds
// that default (a project's own `where col = '-1'`, dbt_utils.not_accepted_values) passes on real data because every
// row finds its match: the sampler draws the other side's key from the joined relation's keys (plan.ts).
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { aliasedItems } from './expression-origin';
import { literalValue } from './json-flow';

/**
 * A defaulted read: the alias qualifying the joined column (lower case, as leftJoinedKeys gives it) — none for a bare
 * column, which is the one joined relation's that has it (plan.ts) — the column's name and its token's index.
 */
export interface DefaultedRead {
  alias?: string;
  column: string;
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
 * The literals a fill of tokens [start, end) may give: the literal, or each literal result (THEN / ELSE) of a CASE
 * spanning it (`CASE WHEN a.tx_type IN ('appl', 'keyreg') THEN '-2' ELSE '-1' END`). Undefined for any other
 * expression, or a CASE with a result that is not a literal: what it gives is not known.
 */
function fillLiterals(tokens: SqlToken[], start: number, end: number): Array<string | number> | undefined {
  const one = literalAt(tokens, start, end);
  if (one !== undefined) return [one];
  if (!/^case$/i.test(tokens[start].text) || !/^end$/i.test(tokens[end - 1].text) || tokens[end - 1].depth !== tokens[start].depth) return undefined;
  const depth = tokens[start].depth;
  const out: Array<string | number> = [];
  for (let k = start + 1; k < end - 1; k++) {
    if (tokens[k].depth !== depth || !/^(then|else)$/i.test(tokens[k].text)) continue;
    let stop = k + 1;
    while (stop < end - 1 && !(tokens[stop].depth === depth && /^(when|else|end)$/i.test(tokens[stop].text))) stop++;
    const v = literalAt(tokens, k + 1, stop);
    if (v === undefined) return undefined;
    out.push(v);
    k = stop - 1;
  }
  return out.length > 0 ? out : undefined;
}

const isName = (t: SqlToken | undefined): boolean => t !== undefined && (t.kind === 'ident' || t.kind === 'quoted');

/**
 * The items aliased `column` that are `COALESCE(alias.col, <fill>)` (NVL, IFNULL alike) or `COALESCE(col, <fill>)`,
 * the fill a literal of `excluded` (compared as Snowflake compares a text with a number: by its text) or a CASE of
 * literals one of whose results is (the test then asks every row to find its match: a miss may hold the excluded
 * result, and which rows the CASE gives it is not followed): the alias and where its column is. An item filling from
 * several columns (`COALESCE(a.x, b.x, '-1')`) is left out: either join may supply the value.
 */
export function defaultedReads(tokens: SqlToken[], column: string, excluded: ReadonlyArray<string | number>): DefaultedRead[] {
  const texts = new Set(excluded.map(String));
  const out: DefaultedRead[] = [];
  for (const { start, end } of aliasedItems(tokens, column, true)) {
    const [fn, open] = tokens.slice(start, start + 2);
    if (end - start < 6 || !FILLERS.test(fn.text) || fn.kind !== 'ident' || open.text !== '(' || tokens[end - 1].text !== ')' || tokens[end - 1].depth !== open.depth) continue;
    // `alias . col ,` or `col ,`
    const qualified = tokens[start + 3]?.text === '.';
    const at = qualified ? start + 4 : start + 2;
    if (!isName(tokens[at]) || tokens[at + 1]?.text !== ',' || (qualified && !isName(tokens[start + 2]))) continue;
    const fills = fillLiterals(tokens, at + 2, end - 1);
    if (!fills?.some((f) => texts.has(String(f)))) continue;
    out.push({ ...(qualified ? { alias: tokens[start + 2].text.toLowerCase() } : {}), column: tokens[at].text.replace(/^"|"$/g, ''), at });
  }
  return out;
}
