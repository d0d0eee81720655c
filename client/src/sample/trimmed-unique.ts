// A unique test on `TRIM(code) AS code_key`: TRIM maps two values to one only when they differ in the spaces around
// them, and the sampler writes a unique column without padded spellings (plan.ts: `dirty` is off for unique
// columns), so the source column's values stay distinct once trimmed. The test binds the source column's uniqueness
// (pretium's ref_oxford_metro_cbsa: `TRIM(LOCATION_CODE_OXFORD) AS oxford_location_code`, tested by
// unique_combination_of_columns; the source repeated codes, the test failed and the model after it was skipped).
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import { aliasedItems, literalItemAliases, unquoted } from './expression-origin';

/** Whether the select item aliased `column` in `sql` is TRIM / LTRIM / RTRIM of one column alone (`trim(t.code) as column`). */
export function trimsOneColumn(sql: string, column: string): boolean {
  const alias = column.replace(/[^\w$]/g, '');
  return new RegExp(`(?:^|[\\s,(])[lr]?trim\\s*\\(\\s*(?:[A-Za-z_]\\w*\\.)?"?[A-Za-z_]\\w*"?\\s*\\)\\s+(?:as\\s+)?"?${alias}"?(?![\\w"])`, 'i').test(sql);
}

/**
 * Whether the select item aliased `column` in `sql` gives its one column's value unchanged when that value is one of
 * `values`: `TRIM(col)` (LTRIM / RTRIM), `NULLIF(TRIM(col), '')` or `NULLIF(col, '')`. TRIM changes only the spaces
 * around a value and NULLIF(…, '') only the empty string, so when no accepted value has edge spaces or is empty, an
 * accepted_values test on the item binds the source column's values (goodneighbors_gn_dw's CRM models clean every
 * code so: `NULLIF(TRIM(PRCS_STAT_CD),'') AS MBRFEE_PRCS_STAT_CD`, accepted ['F', 'R', 'S'], failed on made-up words).
 */
export function keepsAcceptedValues(sql: string, column: string, values: ReadonlyArray<string | number | boolean>): boolean {
  if (!values.every((v) => typeof v !== 'string' || (v !== '' && v.trim() === v))) return false;
  const alias = column.replace(/[^\w$]/g, '');
  const col = String.raw`(?:[A-Za-z_]\w*\.)?"?[A-Za-z_]\w*"?`;
  const trimmed = String.raw`[lr]?trim\s*\(\s*${col}\s*\)`;
  const item = String.raw`(?:${trimmed}|nullif\s*\(\s*(?:${trimmed}|${col})\s*,\s*''\s*\))`;
  return new RegExp(String.raw`(?:^|[\s,(])${item}\s+(?:as\s+)?"?${alias}"?(?![\w"])`, 'i').test(sql);
}

/**
 * Whether an expression of one column (a UNION branch's item, its alias left off) maps distinct values to distinct
 * values for the values the sampler writes a unique column with (no edge spaces, never empty): a literal prefix or
 * suffix (`'EVENT_' || event_cd`), TRIM / NULLIF(TRIM(…), '') / NULLIF(…, ''), or a cast to text.
 */
export function keepsDistinct(expr: string): boolean {
  const col = String.raw`(?:[A-Za-z_]\w*\.)?"?[A-Za-z_]\w*"?`;
  const trimmed = String.raw`[lr]?trim\s*\(\s*${col}\s*\)`;
  const text = String.raw`(?:varchar|text|string|char)(?:\s*\(\s*\d+\s*\))?`;
  return new RegExp(
    [
      String.raw`^'[^']*'\s*\|\|\s*${col}$`,
      String.raw`^${col}\s*\|\|\s*'[^']*'$`,
      String.raw`^${trimmed}$`,
      String.raw`^nullif\s*\(\s*(?:${trimmed}|${col})\s*,\s*''\s*\)$`,
      String.raw`^${col}\s*::\s*${text}$`,
      String.raw`^(?:try_)?cast\s*\(\s*${col}\s+as\s+${text}\s*\)$`,
    ].join('|'),
    'i',
  ).test(expr.trim());
}

/** A literal a concatenation joins (a string or a number); NULL is none: it makes the whole NULL. */
const joinedLiteral = (t: SqlToken): boolean => t.kind === 'string' || t.kind === 'number';

/**
 * Whether the select item aliased `column` in `sql` concatenates one column with constants alone — `||`, CONCAT or
 * CONCAT_WS with a literal separator, each other part a literal or the alias of an earlier literal item (Snowflake's
 * lateral column alias: literalItemAliases). Everything around the column's text is then fixed, so distinct values
 * stay distinct: a unique test on the item binds the column's uniqueness (flipside_axelar's silver__validators tests
 * `concat_ws('-', address, creator, blockchain) AS unique_key`, creator and blockchain literal items: the stand-in it
 * reads repeated addresses, the test failed and four models after it were skipped).
 */
export function concatenatesOneColumn(sql: string, column: string): boolean {
  const { tokens } = tokenizeSql(scanJinja(sql).masked);
  for (const { start, end } of aliasedItems(tokens, column, true)) {
    const constants = literalItemAliases(tokens, start);
    const depth = tokens[start].depth;
    let parts: Array<[number, number]>;
    const fn = tokens[start].kind === 'ident' ? tokens[start].text.toLowerCase() : '';
    if ((fn === 'concat' || fn === 'concat_ws') && tokens[start + 1]?.text === '(' && tokens[end - 1].text === ')' && tokens[end - 1].depth === depth) {
      parts = splitAt(tokens, start + 2, end - 1, depth + 1, ',');
      if (fn === 'concat_ws') {
        const sep = parts.shift();
        if (!sep || sep[1] - sep[0] !== 1 || tokens[sep[0]].kind !== 'string') continue;
      }
    } else {
      parts = splitAt(tokens, start, end, depth, '||');
      if (parts.length < 2) continue;
    }
    let columns = 0;
    let ok = parts.length > 0;
    for (const [s, e] of parts) {
      const one = e - s === 1 ? tokens[s] : undefined;
      if (one && joinedLiteral(one)) continue;
      if (one && (one.kind === 'ident' || one.kind === 'quoted') && constants.has(unquoted(one.text))) continue;
      const qualified = e - s === 3 && tokens[s + 1].text === '.';
      const ref = one ?? (qualified ? tokens[s + 2] : undefined);
      if (ref && (ref.kind === 'ident' || ref.kind === 'quoted') && (!qualified || tokens[s].kind === 'ident' || tokens[s].kind === 'quoted')) columns++;
      else ok = false;
    }
    if (ok && columns === 1) return true;
  }
  return false;
}

/** Tokens [start, end) split at `sep` tokens of `depth`, as ranges [s, e). */
function splitAt(tokens: readonly SqlToken[], start: number, end: number, depth: number, sep: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (tokens[i].depth === depth && tokens[i].text === sep) {
      out.push([s, i]);
      s = i + 1;
    }
  }
  if (end > start) out.push([s, end]);
  return out;
}
