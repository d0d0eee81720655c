// The one source column a model's select item is computed from, when the item reads no other column:
// Flipside's `COALESCE(data:result:block:header:time::TIMESTAMP, data:block:header:time::TIMESTAMP) AS block_timestamp`
// or `ARRAY_SIZE(data:block:data:txs)::NUMBER AS tx_count`. The item is NULL whenever that column is (every read of
// it is), so a not_null test on the item needs the column filled; a recency test needs the paths it reads recent.
import { listItemStart } from '../../../server/src/core/sql/split';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import { comparedWith, literalValue } from './json-flow';
import { pathAfter, type PathStep } from './json-shape';

export interface ExpressionOrigin {
  /** The column read, as the model spells it. */
  column: string;
  /** The JSON paths read of it (empty when the item reads the column itself, cast or passed to functions). */
  paths: PathStep[][];
  /** Whether the item is the column itself (`t.col AS col`): a pass-through, not a computation. */
  bare: boolean;
}

/** Words that are not columns where they stand in an expression. */
const KEYWORDS = new Set(
  ('case when then else end null true false and or not is in as cast try_cast distinct like ilike rlike between escape interval ' +
    'over partition by order asc desc nulls first last rows range unbounded preceding following current row within group filter').split(' '),
);
/** Date parts, a keyword as a date function's first argument (`dateadd(day, …)`). */
const DATE_PARTS = /^(year|years|quarter|month|months|week|weeks|day|days|hour|hours|minute|minutes|second|seconds|ms|millisecond|milliseconds|us|ns|epoch_second|dayofweek|dayofyear|yy|yyyy|mm|dd|hh|mi|ss)$/i;

/** A `{{ … }}` as the masked template shows it: underscores only. */
const JINJA_MASK = /^_+$/;

/** What may follow a select list's last item when the SELECT has no FROM (`select 0 as id union all …`). */
const AFTER_FROMLESS_ITEM = /^(from|union|intersect|except|minus)$/i;

/**
 * The select items aliased `column`, as token ranges [start, end) of their expressions: `… AS column`, with
 * `bareAlias` also `…) column`, and with `bareAlias` 'any' also `x::int column` (a bare alias after a word, a quoted
 * name or a number). The alias must end the item (a `,`, FROM, a set operator, `;` or the closing parenthesis follows,
 * or nothing).
 */
export function* aliasedItems(tokens: SqlToken[], column: string, bareAlias: boolean | 'any'): Generator<{ start: number; end: number }> {
  const want = column.toLowerCase();
  for (let a = 1; a < tokens.length; a++) {
    const t = tokens[a];
    if ((t.kind !== 'ident' && t.kind !== 'quoted') || t.text.toLowerCase() !== want) continue;
    const next = tokens[a + 1];
    if (next && !(next.text === ',' || next.text === ';' || (next.kind === 'ident' && AFTER_FROMLESS_ITEM.test(next.text)) || (next.text === ')' && next.depth < t.depth))) continue;
    const prev = tokens[a - 1];
    const bare = bareAlias === 'any' ? prev.text === ')' || prev.kind === 'ident' || prev.kind === 'quoted' || prev.kind === 'number' : bareAlias && prev.text === ')';
    const end = /^as$/i.test(prev.text) ? a - 1 : bare ? a : -1;
    if (end < 1) continue;
    yield { start: listItemStart(tokens, end, t.depth), end };
  }
}

/**
 * The expressions of a template's select items aliased `column` (`<expr> AS column`), each as written (Jinja
 * included), read back to the item's start on the masked template's tokens: a comma or SELECT inside a string,
 * a comment or a `{# … #}` does not end an item.
 */
export function aliasedExpressions(code: string, column: string): string[] {
  const { tokens } = tokenizeSql(scanJinja(code).masked);
  return [...aliasedItems(tokens, column, false)].map(({ start, end }) => (start < end ? code.slice(tokens[start].start, tokens[end - 1].end) : ''));
}

/** The column references of tokens [start, end): none of them a function name, keyword, type or JSON path key. */
function references(tokens: SqlToken[], start: number, end: number): Array<{ name: string; steps: PathStep[] }> {
  const out: Array<{ name: string; steps: PathStep[] }> = [];
  for (let i = start; i < end; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' && t.kind !== 'quoted') continue;
    // A masked `{{ … }}` (underscores, scan.ts): what it prints is unknown here, no column of the item's.
    if (JINJA_MASK.test(t.text)) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (next?.text === '(') continue;
    if (prev && (prev.text === '::' || (prev.kind === 'ident' && /^as$/i.test(prev.text)))) continue;
    if (t.kind === 'ident' && KEYWORDS.has(t.text.toLowerCase())) continue;
    if (t.kind === 'ident' && DATE_PARTS.test(t.text) && prev?.text === '(') continue;
    // `t.col`: the qualifier is not a column.
    if (next?.text === '.' && (tokens[i + 2]?.kind === 'ident' || tokens[i + 2]?.kind === 'quoted')) continue;
    const { steps, end: after } = pathAfter(tokens, i + 1);
    out.push({ name: t.text, steps });
    i = after - 1;
  }
  return out;
}

/** A literal where a CASE result stands: a string, a number (signed or not), NULL, TRUE or FALSE. */
function literalAt(tokens: SqlToken[], start: number, end: number): boolean {
  const first = start < end && tokens[start].text === '-' ? start + 1 : start;
  if (end - first !== 1) return false;
  const t = tokens[first];
  return t.kind === 'string' || t.kind === 'number' || (t.kind === 'ident' && /^(null|true|false)$/i.test(t.text));
}

/**
 * Whether tokens [start, end) are one CASE … END whose every result (THEN and ELSE) is a literal: its value is one
 * of those literals, the column its WHENs test only chooses which (low6's `case when site = 'https://…' then 1 when …
 * then 2 else null end as site_id` holds 1 or 2, never a site).
 */
function literalCase(tokens: SqlToken[], start: number, end: number): boolean {
  if (end - start < 2 || !/^case$/i.test(tokens[start].text) || !/^end$/i.test(tokens[end - 1].text)) return false;
  const depth = tokens[start].depth;
  let results = 0;
  for (let i = start + 1; i < end - 1; i++) {
    const t = tokens[i];
    if (t.depth !== depth || !/^(then|else)$/i.test(t.text)) continue;
    let j = i + 1;
    while (j < end - 1 && !(tokens[j].depth === depth && /^(when|else|end)$/i.test(tokens[j].text))) j++;
    // A nested CASE holds its own WHEN/ELSE/END at this depth: anything but one literal is no literal result.
    if (!literalAt(tokens, i + 1, j)) return false;
    results++;
    i = j - 1;
  }
  return results > 0;
}

/** A name as compared: a quoted one without its quotes, any in lower case. */
export const unquoted = (name: string): string => name.replace(/^"(.*)"$/, '$1').toLowerCase();

/** Words that end a select list at its own depth. */
const LIST_ENDS = /^(from|where|group|having|qualify|order|limit|union|intersect|except|minus)$/i;

/**
 * The aliases of the literal items (a string, a number, TRUE or FALSE) of the select list that holds token `at`:
 * Snowflake lets an item name an earlier item's alias (a lateral column alias), so in flipside_axelar's
 * `'flipside' AS creator, …, concat_ws('-', address, creator, blockchain) AS unique_key` the key reads one column,
 * `address`, beside two constants. (A column of the FROM relations of that name would win over the alias; the
 * sampler's own sources declare none such where a model writes one so.)
 */
export function literalItemAliases(tokens: SqlToken[], at: number): Set<string> {
  const out = new Set<string>();
  const depth = tokens[at]?.depth;
  if (depth === undefined) return out;
  let first = -1;
  for (let j = at; j >= 0 && tokens[j].depth >= depth; j--) {
    if (tokens[j].depth === depth && /^select$/i.test(tokens[j].text)) {
      first = j + 1;
      break;
    }
  }
  if (first < 0) return out;
  let last = at;
  while (last < tokens.length && tokens[last].depth >= depth && !(tokens[last].depth === depth && tokens[last].kind === 'ident' && LIST_ENDS.test(tokens[last].text))) last++;
  let start = first < tokens.length && /^distinct$/i.test(tokens[first].text) ? first + 1 : first;
  for (let i = start; i <= last; i++) {
    if (i < last && !(tokens[i].depth === depth && tokens[i].text === ',')) continue;
    const name = tokens[i - 1];
    const valueEnd = i - 2 >= start && /^as$/i.test(tokens[i - 2].text) ? i - 2 : i - 1;
    if (name && (name.kind === 'ident' || name.kind === 'quoted') && valueEnd > start && literalAt(tokens, start, valueEnd) && !/^null$/i.test(tokens[valueEnd - 1].text)) {
      out.add(unquoted(name.text));
    }
    start = i + 1;
  }
  return out;
}

/**
 * The column the select item aliased `column` (`… AS column`, or `…) column`) computes from, when it reads exactly
 * one column (an earlier literal item's alias is a constant, not a column: literalItemAliases); undefined when the item is not found, reads none or reads several. With `values`, also undefined for a
 * CASE of literal results: a function of the column (one value per value of it), but its values are not the column's,
 * so the column takes no type from what the item is joined or typed with.
 */
export function singleColumnItem(sql: string, column: string, values = false): ExpressionOrigin | undefined {
  const { tokens } = tokenizeSql(scanJinja(sql).masked);
  for (const { start, end } of aliasedItems(tokens, column, true)) {
    if (values && literalCase(tokens, start, end)) continue;
    const constants = literalItemAliases(tokens, start);
    const refs = references(tokens, start, end).filter((r) => r.steps.length > 0 || !constants.has(unquoted(r.name)));
    const names = new Set(refs.map((r) => r.name.toLowerCase()));
    if (names.size !== 1) continue;
    const bare = refs.length === 1 && refs[0].steps.length === 0 && tokens.slice(start, end).every((x) => x.kind === 'ident' || x.kind === 'quoted' || x.text === '.');
    return { column: refs[0].name, paths: refs.map((r) => r.steps).filter((s) => s.length > 0), bare };
  }
  return undefined;
}

/** The end of a column reference (`x` or `t.x`) starting at token i, or -1. */
function columnEnd(tokens: SqlToken[], i: number): number {
  if (tokens[i]?.kind !== 'ident' || KEYWORDS.has(tokens[i].text.toLowerCase())) return -1;
  return tokens[i + 1]?.text === '.' && tokens[i + 2]?.kind === 'ident' ? i + 3 : i + 1;
}

/** Tokens [start, end) as one comparison of a column with literals (`x = lit`, `lit = x`, `x IN (lits)`), or undefined. */
function comparison(tokens: SqlToken[], start: number, end: number): { column: string; values: Array<string | number> } | undefined {
  const first = literalValue(tokens[start]);
  if (first !== undefined && tokens[start + 1]?.text === '=' && columnEnd(tokens, start + 2) === end) return { column: tokens[end - 1].text.toLowerCase(), values: [first] };
  const after = columnEnd(tokens, start);
  if (after < 0) return undefined;
  const column = tokens[after - 1].text.toLowerCase();
  const v = literalValue(tokens[after + 1]);
  if (tokens[after]?.text === '=' && v !== undefined && after + 2 === end) return { column, values: [v] };
  if (/^in$/i.test(tokens[after]?.text ?? '') && tokens[end - 1]?.text === ')' && tokens[end - 1].depth === tokens[after + 1]?.depth) {
    const values = comparedWith(tokens, after - 1, after);
    return values.length > 0 ? { column, values } : undefined;
  }
  return undefined;
}

/**
 * The values of one column that make the select item aliased `column` non-NULL, when the item is a CASE of literal
 * results that is NULL otherwise (`case when site = 'https://a' then 'a' when site = 'https://b' then 'b' else null
 * end as tenant_id`, ELSE NULL or none): a not_null test on the item holds only where the column is one of the
 * literals its WHENs compare it with (`= lit` either side, `IN (lits)`; `CASE x WHEN lit`). Undefined for any other
 * item, a WHEN that tests anything else, or an ELSE that is not NULL (the item is never NULL by it).
 */
export function valuesMakingCaseNonNull(sql: string, column: string): { column: string; values: Array<string | number> } | undefined {
  const { tokens } = tokenizeSql(scanJinja(sql).masked);
  for (const { start, end } of aliasedItems(tokens, column, true)) {
    if (!literalCase(tokens, start, end)) continue;
    const depth = tokens[start].depth;
    const at = (i: number, word: string): boolean => tokens[i]?.depth === depth && tokens[i].text.toLowerCase() === word;
    // The simple form's subject: one (qualified) column between CASE and the first WHEN.
    let i = start + 1;
    while (i < end && !at(i, 'when')) i++;
    const subject = i - (start + 1) === 1 || (i - (start + 1) === 3 && tokens[start + 2].text === '.') ? tokens[i - 1] : undefined;
    if (i > start + 1 && (!subject || subject.kind !== 'ident')) continue;
    let read: string | undefined = subject?.text.toLowerCase();
    const values: Array<string | number> = [];
    let elseNull = true;
    let ok = true;
    while (ok && i < end - 1) {
      let j = i + 1;
      while (j < end - 1 && !at(j, 'when') && !at(j, 'else') && !at(j, 'end')) j++;
      if (at(i, 'else')) {
        elseNull = j === i + 2 && /^null$/i.test(tokens[i + 1].text);
        i = j;
        continue;
      }
      const then = tokens.findIndex((t, k) => k > i && k < j && t.depth === depth && /^then$/i.test(t.text));
      const result = then < 0 ? undefined : tokens[then + 1];
      if (then < 0) ok = false;
      else if (!/^null$/i.test(result?.text ?? '')) {
        let compared: Array<string | number> = [];
        if (subject) {
          const v = literalValue(tokens[i + 1]);
          compared = then === i + 2 && v !== undefined ? [v] : [];
        } else {
          // `x = lit`, `lit = x`, `x IN (lits)`: the condition is the one comparison, of one (qualified) column.
          const c = comparison(tokens, i + 1, then);
          if (c && (read === undefined || read === c.column)) {
            read = c.column;
            compared = c.values;
          }
        }
        if (compared.length === 0) ok = false;
        values.push(...compared);
      }
      i = j;
    }
    if (ok && elseNull && read && values.length > 0) return { column: read, values: [...new Set(values)] };
  }
  return undefined;
}

/**
 * Functions that return NULL when any argument is NULL (Snowflake's string, date and number functions), so an item
 * made of them, columns, literals and arithmetic or `||` is NULL whenever one column it reads is.
 */
const NULL_IN_NULL_OUT = new Set(
  ('trim ltrim rtrim upper lower initcap concat substr substring left right length len replace lpad rpad split_part ' +
    'cast try_cast to_varchar to_char to_date to_number date_trunc dateadd datediff timeadd timediff round abs').split(' '),
);
const NULL_IN_NULL_OUT_OPS = new Set(['||', '+', '-', '*', '/', '%', '::']);

/**
 * The columns a select item aliased `column` reads when it reads several and is NULL whenever one of them is
 * (`first_name || ' ' || last_name AS full_name`): a not_null test on the item needs each filled. Undefined when
 * the item is not found, reads fewer than two columns, or holds anything that may turn a NULL into a value
 * (COALESCE, CASE, IS NULL, an unlisted function).
 */
export function nullPropagatingColumns(sql: string, column: string): string[] | undefined {
  const { tokens } = tokenizeSql(scanJinja(sql).masked);
  for (const { start, end } of aliasedItems(tokens, column, false)) {
    const strict = tokens.slice(start, end).every((x, k) => {
      const i = start + k;
      if (x.kind === 'string' || x.kind === 'number' || x.kind === 'quoted') return true;
      if (x.kind === 'punct') return x.text === '(' || x.text === ')' || x.text === ',' || x.text === '.';
      if (x.kind === 'op') return NULL_IN_NULL_OUT_OPS.has(x.text);
      const word = x.text.toLowerCase();
      if (tokens[i + 1]?.text === '(') return NULL_IN_NULL_OUT.has(word);
      // A type after `::` or `AS` inside CAST, else a column (not a keyword such as CASE, IS, NULL).
      return tokens[i - 1]?.text === '::' || /^as$/i.test(tokens[i - 1]?.text ?? '') || /^as$/i.test(word) || !KEYWORDS.has(word);
    });
    if (!strict) return undefined;
    const names = [...new Set(references(tokens, start, end).map((r) => r.name))];
    return names.length > 1 ? names : undefined;
  }
  return undefined;
}

/**
 * The other columns a `SELECT DISTINCT` list reads beside `column` (museum_dw's dim_ticket_type: `SELECT DISTINCT
 * ticket_type AS ticket_type_id, visitor_category, unit_price AS standard_price, CASE … END …`): one row per
 * `column` only when each is one value per `column`. Undefined when no SELECT DISTINCT reads `column` and another.
 */
export function distinctWith(sql: string, column: string): string[] | undefined {
  const { tokens } = tokenizeSql(scanJinja(sql).masked);
  const want = column.toLowerCase();
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!/^select$/i.test(tokens[i].text) || !/^distinct$/i.test(tokens[i + 1].text)) continue;
    const depth = tokens[i].depth;
    let end = i + 2;
    while (end < tokens.length && !(tokens[end].depth === depth && /^from$/i.test(tokens[end].text))) end++;
    const names = [...new Set(references(tokens, i + 2, end).map((r) => r.name.toLowerCase()))];
    if (names.includes(want) && names.length > 1) return names.filter((n) => n !== want);
  }
  return undefined;
}

/**
 * Functions whose result is never NULL: COUNT and COUNT_IF count rows (0 when none), ZEROIFNULL gives 0 for NULL.
 * https://docs.snowflake.com/en/sql-reference/functions/count, …/count_if, …/zeroifnull
 */
const NEVER_NULL_CALLS = new Set(['count', 'count_if', 'zeroifnull']);
/** Functions that return their first non-NULL argument (https://docs.snowflake.com/en/sql-reference/functions/coalesce, …/nvl, …/ifnull). */
const FIRST_NON_NULL = new Set(['coalesce', 'nvl', 'ifnull']);

/** The index after a `::type` or `::type(…)` cast starting at i, or i when none does. */
function afterCast(tokens: SqlToken[], i: number, end: number): number {
  if (tokens[i]?.text !== '::' || tokens[i + 1]?.kind !== 'ident') return i;
  let j = i + 2;
  if (tokens[j]?.text === '(') {
    const depth = tokens[j].depth;
    for (j++; j < end && !(tokens[j].text === ')' && tokens[j].depth === depth); ) j++;
    j++;
  }
  return j;
}

/**
 * Whether tokens [start, end) are an expression that is never NULL, whatever the columns it reads hold: a literal
 * other than NULL, COUNT / COUNT_IF / ZEROIFNULL of anything, or COALESCE / NVL / IFNULL with such an argument,
 * each maybe cast (`::type`; a cast that fails errs, it does not give NULL). TRY_CAST and anything else: not known.
 */
function neverNull(tokens: SqlToken[], start: number, end: number): boolean {
  while (end - start >= 3 && tokens[start].text === '(' && tokens[end - 1].text === ')' && tokens[end - 1].depth === tokens[start].depth && !tokens.slice(start + 1, end - 1).some((t) => t.depth <= tokens[start].depth)) {
    start++;
    end--;
  }
  // The operand before any trailing casts.
  let core = end;
  for (let i = start; i < end; i++) {
    if (tokens[i].text !== '::' || tokens[i].depth !== tokens[start].depth) continue;
    let j = i;
    while (j < end && tokens[j].text === '::') {
      const k = afterCast(tokens, j, end);
      if (k === j) break;
      j = k;
    }
    if (j === end) {
      core = i;
      break;
    }
  }
  const first = core - start === 2 && tokens[start].text === '-' ? start + 1 : start;
  if (core - first === 1) {
    const t = tokens[first];
    return t.kind === 'string' || t.kind === 'number' || (t.kind === 'ident' && /^(true|false)$/i.test(t.text));
  }
  const name = tokens[start]?.kind === 'ident' ? tokens[start].text.toLowerCase() : '';
  const open = tokens[start + 1];
  // The call's own parentheses close at `core` (not `coalesce(a, 0) + abs(b)`).
  if (!name || open?.text !== '(' || tokens[core - 1]?.text !== ')' || tokens[core - 1].depth !== open.depth) return false;
  if (tokens.slice(start + 2, core - 1).some((t) => t.depth <= open.depth)) return false;
  if (NEVER_NULL_CALLS.has(name)) return true;
  if (!FIRST_NON_NULL.has(name)) return false;
  // One argument that is never NULL makes the whole never NULL.
  let argStart = start + 2;
  for (let i = start + 2; i <= core - 1; i++) {
    const t = tokens[i];
    if (i === core - 1 || (t.text === ',' && t.depth === open.depth + 1)) {
      if (argStart < i && neverNull(tokens, argStart, i)) return true;
      argStart = i + 1;
    }
  }
  return false;
}

/**
 * Whether the model's own select list (its outermost SELECT: the items at the top level, after any CTEs) computes
 * `column` by an expression that is never NULL (`COALESCE(tx_count, 0) AS tx_count`, `COUNT(x) AS n`): a not_null
 * test on it holds whatever the rows hold, so it asks nothing of the columns the item reads. False when the top level
 * names no item so (a pass-through from a CTE, `select *`) or one of its items (UNION branches) may be NULL.
 */
export function neverNullTopLevelItem(sql: string, column: string): boolean {
  const { tokens } = tokenizeSql(scanJinja(sql).masked);
  const top = [...aliasedItems(tokens, column, true)].filter(({ start, end }) => start < end && tokens[start].depth === 0);
  // One item per branch of a top-level UNION: a branch passing the column through unaliased (`select name from …
  // union select 'Unknown' as name`) may hold NULLs.
  const branches = tokens.filter((t) => t.depth === 0 && t.kind === 'ident' && /^select$/i.test(t.text)).length;
  return top.length > 0 && top.length === branches && top.every(({ start, end }) => neverNull(tokens, start, end));
}
