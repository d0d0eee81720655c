// A join repeats a row once for each match: `from activity a left join occupations o using (onet_soc_code)` gives an
// activity row twice when two occupations share its code. A unique test on the model's onet_soc_code then holds only
// when the joined side's key is unique too (each key matching at most one row there), whatever the join's kind (an
// INNER or LEFT JOIN drops or keeps the unmatched rows, it never merges the matched ones). Sampled without that, the
// joined source repeated keys and the test failed (pretium's fact_dol_onet_soc_ai_exposure, 13 models skipped).
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { originOfModelColumn } from './model-alias';
import { relationAliases, type Relation } from './join-types';
import { tokenizeSql } from '../../../server/src/core/sql/tokenize';

/** The joined relation's column a model's join compares the tested column with, which must be unique there. */
export interface FanOutKey {
  relation: Relation;
  column: string;
}

/**
 * A join: `join <relation> [as] alias using (key)` or `… on x.a = alias.b` / `on alias.b = x.a`, the whole condition;
 * each side bare or in a one-argument function (`ON TRIM(SIZ.SIZE_ID) = TRIM(SORT_LU.SIZE_ID)`: a unique key has no
 * padded or re-cased spellings, so the function keeps its values apart), as lookupJoinKeys reads a side.
 */
const JOIN =
  /\bjoin\s+(?:\{\{[^}]*\}\}|[A-Za-z_]\w*)\s+(?:as\s+)?([A-Za-z_]\w*)\s+(?:using\s*\(\s*([A-Za-z_]\w*)\s*\)|on\s+\(?\s*(?:[A-Za-z_]\w*\s*\(\s*(?=[A-Za-z_]\w*\.[A-Za-z_]\w*\s*\)))?([A-Za-z_]\w*)\.([A-Za-z_]\w*)(?:\s*\))?\s*=\s*(?:[A-Za-z_]\w*\s*\(\s*(?=[A-Za-z_]\w*\.[A-Za-z_]\w*\s*\)))?([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b(?:\s*\))?\s*\)?(?!\s*(?:and|or)\b))/gi;

/** Whether the query block a join at `at` stands in (to its closing parenthesis) groups or filters its rows to one per key. */
function collapsesAfter(code: string, at: number): boolean {
  let depth = 0;
  let end = at;
  for (; end < code.length; end++) {
    if (code[end] === '(') depth++;
    else if (code[end] === ')' && --depth < 0) break;
  }
  // Only the block's own clauses (depth 0 from the join on): a subquery's GROUP BY says nothing of this block.
  let own = '';
  depth = 0;
  for (let i = at; i < end; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')') depth--;
    else if (depth === 0) own += code[i];
  }
  return /\bgroup\s+by\b|\bqualify\b|\bunion\b/i.test(own);
}

/**
 * The joined relations' keys a unique test on `column` of a model (its template `code`) needs unique: each equi-join on
 * that column alone (USING (column), or ON with the column on the other side) whose block does not group its rows
 * afterwards, where the joined alias is a source, a model or a CTE over one that neither groups nor de-duplicates.
 */
export function fanOutKeys(project: ProjectModel, code: string, column: string, reader?: ModelNode): FanOutKey[] {
  const text = code.replace(/\{#[\s\S]*?#\}/g, ' ').replace(/--[^\n]*/g, ' ');
  const names = new Set([column.toLowerCase(), originOfModelColumn(text, column)?.column.toLowerCase()].filter((n): n is string => n !== undefined));
  const aliases = relationAliases(project, text, reader);
  const out: FanOutKey[] = [];
  for (const m of text.matchAll(JOIN)) {
    const alias = m[1].toLowerCase();
    let key: string | undefined;
    if (m[2] !== undefined) key = names.has(m[2].toLowerCase()) ? m[2] : undefined;
    else if (m[5].toLowerCase() === alias && m[3].toLowerCase() !== alias && names.has(m[4].toLowerCase())) key = m[6];
    else if (m[3].toLowerCase() === alias && m[5].toLowerCase() !== alias && names.has(m[6].toLowerCase())) key = m[4];
    if (key) addJoinedKey(out, aliases, text, alias, key, m.index + m[0].length);
  }
  return out;
}

/**
 * Records `alias.key` as a key that must be unique in the relation behind `alias` (a source, a model, or a CTE over
 * one that passes the key on as it is), unless the join's block groups its rows afterwards (from `after` on).
 */
function addJoinedKey(
  out: FanOutKey[],
  aliases: ReturnType<typeof relationAliases>,
  text: string,
  alias: string,
  key: string,
  after: number,
): void {
  const read = aliases.get(alias);
  if (!read?.relation || collapsesAfter(text, after)) return;
  // Through a CTE: its item of that name, a column passed on (renamed or not); one that aggregates, converts or
  // de-duplicates makes its own values, and one over a subquery may (`where rn = 1` over a ROW_NUMBER()).
  if (read.body !== undefined && /\b(distinct|group\s+by|qualify|union)\b|\(\s*select\b/i.test(read.body)) return;
  const origin = read.body !== undefined ? originOfModelColumn(read.body, key) : undefined;
  if (origin?.aggregate || origin?.converted) return;
  if (read.body !== undefined && !origin && !/\bselect\s+(?:[A-Za-z_]\w*\.)?\*/i.test(read.body) && !new RegExp(`(?:\\bselect|,)\\s*(?:[A-Za-z_]\\w*\\.)?${key}\\s*(?:,|\\bfrom\\b)`, 'i').test(read.body)) return;
  const relation = read.relation;
  const col = (origin?.column ?? key).toLowerCase();
  if (!out.some((o) => JSON.stringify(o.relation) === JSON.stringify(relation) && o.column === col)) out.push({ relation, column: col });
}

/** `join <relation> [as] alias on <condition>`, the condition up to the next clause (or the block's end). */
const JOIN_ON =
  /\bjoin\s+(?:\{\{[^}]*\}\}|[A-Za-z_]\w*)\s+(?:as\s+)?([A-Za-z_]\w*)\s+on\s+([\s\S]*?)(?=\b(?:left|right|inner|full|cross|natural|join|where|group|order|qualify|having|limit|union|window)\b|;|$)/gi;

/**
 * The keys of the relations a model joins to look a value up, which a unique test on one of its columns (read from
 * another relation, `alias.column`) needs unique: every join repeats the tested row once per match, whatever key it
 * joins on (goodneighbors' CRM_CAMPAIGN looks the brand and four code labels up beside the campaign key). Each join
 * condition is equalities joined by AND; the joined side's column compared with another relation's (bare or in one
 * function: `TRY_TO_NUMBER(code.id) = c.type_cd`) is the key, a literal comparison (`code.group = 'MM294'`) only
 * narrows the rows. A join of the tested column's own relation, one with OR, and a self-join (pairing rows of one
 * relation) are left alone.
 */
export function lookupJoinKeys(project: ProjectModel, code: string, column: string, reader?: ModelNode): FanOutKey[] {
  const read = expressionColumns(column);
  if (read) return joinsBesideAll(read.map((c) => lookupJoinKeys(project, code, c, reader)));
  const text = code.replace(/\{#[\s\S]*?#\}/g, ' ').replace(/--[^\n]*/g, ' ');
  const origin = originOfModelColumn(text, column)?.column ?? column;
  const qualifiers = [...text.matchAll(new RegExp(`\\b([A-Za-z_]\\w*)\\.${origin.replace(/[^\w$]/g, '')}\\b`, 'gi'))].map((m) => m[1].toLowerCase());
  const own = new Set(qualifiers);
  if (own.size === 0) return [];
  const aliases = relationAliases(project, text, reader);
  const out: FanOutKey[] = [];
  for (const m of text.matchAll(JOIN_ON)) {
    const alias = m[1].toLowerCase();
    // The condition ends where its block does (a CTE's closing parenthesis).
    let depth = 0;
    const end = [...m[2]].findIndex((ch) => (depth += ch === '(' ? 1 : ch === ')' ? -1 : 0) < 0);
    const condition = end < 0 ? m[2] : m[2].slice(0, end);
    if (own.has(alias) || /\bor\b/i.test(condition)) continue;
    const side = `(?:[A-Za-z_]\\w*\\s*\\(\\s*)?${alias}\\.([A-Za-z_]\\w*)(?:\\s*\\))?`;
    const other = `(?:[A-Za-z_]\\w*\\s*\\(\\s*)?(?!${alias}\\.)[A-Za-z_]\\w*\\.[A-Za-z_]\\w*(?:\\s*\\))?`;
    const keys = condition
      .split(/\band\b/i)
      .map((c) => new RegExp(`^\\s*\\(?\\s*(?:${side}\\s*=\\s*${other}|${other}\\s*=\\s*${side})\\s*\\)?\\s*$`, 'i').exec(c))
      .filter((x) => x !== null);
    // A self-join (`identifiers e join identifiers p on e.source_system = p.source_system and e.source_id = p.source_id`)
    // pairs rows of one relation: its key is not unique there. Else the first key column (one member of a composite
    // key unique makes the combination unique).
    const joined = JSON.stringify(aliases.get(alias)?.relation);
    const self = [...condition.matchAll(/([A-Za-z_]\w*)\s*\.\s*[A-Za-z_]/g)].some((q) => q[1].toLowerCase() !== alias && JSON.stringify(aliases.get(q[1].toLowerCase())?.relation) === joined);
    const name = keys.length > 0 && !self ? (keys[0][1] ?? keys[0][2]) : undefined;
    if (name) addJoinedKey(out, aliases, text, alias, name, m.index + m[0].length - m[2].length + condition.length);
  }
  return out;
}

/** Words of an expression that name no column. */
const NOT_COLUMNS = /^(null|true|false|and|or|not|is|in|like|ilike|case|when|then|else|end|as|distinct)$/i;

/**
 * The columns a test's column entry reads when it names an expression of them (goodneighbors' FACT_EVENT_PARTICIPATION
 * tests `EVENT_BK || '|' || MEMBER_DK || '|' || PARTCPT_SEQ` unique); undefined for a plain column name (or one that
 * reads none). A function's name, a type after `::` and SQL's words are none.
 */
export function expressionColumns(column: string): string[] | undefined {
  if (/^\s*(?:[A-Za-z_][\w$]*|"(?:[^"]|"")+")\s*$/.test(column)) return undefined;
  const { tokens } = tokenizeSql(column);
  const names = tokens
    .filter((t, i) => t.kind === 'ident' && tokens[i + 1]?.text !== '(' && tokens[i - 1]?.text !== '::' && tokens[i - 1]?.text !== '.' && !NOT_COLUMNS.test(t.text))
    .map((t) => t.text);
  return names.length > 0 ? [...new Set(names)] : undefined;
}

/**
 * The joins that repeat a row whatever value of it an expression computes: a unique test on the expression needs a
 * join's key unique only where the join looks values up beside every column it reads (a join of the relation one of
 * them is read from may make its distinct values). The keys every column's lookups share.
 */
function joinsBesideAll(perColumn: FanOutKey[][]): FanOutKey[] {
  const key = (k: FanOutKey): string => JSON.stringify([k.relation, k.column]);
  const [first, ...rest] = perColumn;
  return (first ?? []).filter((k) => rest.every((keys) => keys.some((o) => key(o) === key(k))));
}
