// A join repeats a row once for each match: `from activity a left join occupations o using (onet_soc_code)` gives an
// activity row twice when two occupations share its code. A unique test on the model's onet_soc_code then holds only
// when the joined side's key is unique too (each key matching at most one row there), whatever the join's kind (an
// INNER or LEFT JOIN drops or keeps the unmatched rows, it never merges the matched ones). Sampled without that, the
// joined source repeated keys and the test failed (pretium's fact_dol_onet_soc_ai_exposure, 13 models skipped).
import type { ProjectModel } from '../../../server/src/core/types';
import { originOfModelColumn } from './model-alias';
import { relationAliases, type Relation } from './join-types';

/** The joined relation's column a model's join compares the tested column with, which must be unique there. */
export interface FanOutKey {
  relation: Relation;
  column: string;
}

/** A join: `join <relation> [as] alias using (key)` or `… on x.a = alias.b` / `on alias.b = x.a`, the whole condition. */
const JOIN =
  /\bjoin\s+(?:\{\{[^}]*\}\}|[A-Za-z_]\w*)\s+(?:as\s+)?([A-Za-z_]\w*)\s+(?:using\s*\(\s*([A-Za-z_]\w*)\s*\)|on\s+\(?\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b\s*\)?(?!\s*(?:and|or)\b))/gi;

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
export function fanOutKeys(project: ProjectModel, code: string, column: string): FanOutKey[] {
  const text = code.replace(/\{#[\s\S]*?#\}/g, ' ').replace(/--[^\n]*/g, ' ');
  const names = new Set([column.toLowerCase(), originOfModelColumn(text, column)?.column.toLowerCase()].filter((n): n is string => n !== undefined));
  const aliases = relationAliases(project, text);
  const out: FanOutKey[] = [];
  for (const m of text.matchAll(JOIN)) {
    const alias = m[1].toLowerCase();
    let key: string | undefined;
    if (m[2] !== undefined) key = names.has(m[2].toLowerCase()) ? m[2] : undefined;
    else if (m[5].toLowerCase() === alias && m[3].toLowerCase() !== alias && names.has(m[4].toLowerCase())) key = m[6];
    else if (m[3].toLowerCase() === alias && m[5].toLowerCase() !== alias && names.has(m[6].toLowerCase())) key = m[4];
    const read = key ? aliases.get(alias) : undefined;
    if (!key || !read?.relation || collapsesAfter(text, m.index + m[0].length)) continue;
    // Through a CTE: its item of that name, a column passed on (renamed or not); one that aggregates, converts or
    // de-duplicates makes its own values, and one over a subquery may (`where rn = 1` over a ROW_NUMBER()).
    if (read.body !== undefined && /\b(distinct|group\s+by|qualify|union)\b|\(\s*select\b/i.test(read.body)) continue;
    const origin = read.body !== undefined ? originOfModelColumn(read.body, key) : undefined;
    if (origin?.aggregate || origin?.converted) continue;
    if (read.body !== undefined && !origin && !/\bselect\s+(?:[A-Za-z_]\w*\.)?\*/i.test(read.body) && !new RegExp(`(?:\\bselect|,)\\s*(?:[A-Za-z_]\\w*\\.)?${key}\\s*(?:,|\\bfrom\\b)`, 'i').test(read.body)) continue;
    const relation = read.relation;
    const col = (origin?.column ?? key).toLowerCase();
    if (!out.some((o) => JSON.stringify(o.relation) === JSON.stringify(relation) && o.column === col)) out.push({ relation, column: col });
  }
  return out;
}
