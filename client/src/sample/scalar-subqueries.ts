// A query used as a value — `WHERE DAY_KEY = (SELECT DISTINCT EFF_START_DT FROM DW_TMP.TMP_F_INV_ILD_B)`, in a
// model's SQL, in the text its run_query asks or in a macro's — returns one row or fails: Snowflake raises
// "Single-row subquery returns more than one row" (DuckDB: "More than one row returned by a subquery used as an
// expression"). Written with DISTINCT over a whole table (no WHERE, GROUP BY or LIMIT), it says the column holds
// ONE value in that table: a landing table holding one business day's file (robling's inventory snapshot). The
// column compared with that value (`DAY_KEY = …`) is the other side's key the one value is looked up by: a day
// dimension's day, which on real data holds that day. What the sampler makes of both is plan.ts's (oneValue,
// everyDay).
import { withoutComments } from './join-types';
import { literalCalls } from '../../../server/src/project/hook-refs';

/** A relation as a query writes it: a ref() or source() call, or a name written out (one to three parts, lower case). */
export type WrittenRelation = { ref: string } | { source: readonly [string, string] } | { parts: readonly string[] };

export interface OneValueRead {
  /** The relation the subquery reads. */
  relation: WrittenRelation;
  /** The column it selects, as written (quotes dropped). */
  column: string;
  /**
   * Whether it selects DISTINCT: the column holds one value in the table. Without DISTINCT the table holds one row
   * (a current-period lookup: `(SELECT TY_START_DT FROM DW_DWH_V.V_DWH_D_CURR_TIM_LU)`).
   */
  distinct: boolean;
  /** The column compared with the subquery's value, the comparison, and the relation that column is read from. */
  partner?: { relation: WrittenRelation; column: string; op: string };
}

const NAME_PART = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)`;
/** A relation in a FROM clause: a `{{ ref/source(…) }}` call, or a dotted name. */
const RELATION = String.raw`(\{\{-?\s*(?:ref|source)\s*\([^)]*\)\s*-?\}\}|${NAME_PART}(?:\s*\.\s*${NAME_PART}){0,2})`;
/** `(SELECT [DISTINCT] [q.]col FROM relation [[AS] alias])`: nothing else inside the parentheses. */
const SCALAR = new RegExp(String.raw`\(\s*select\s+(distinct\s+)?(?:[A-Za-z_]\w*\.)?(${NAME_PART})\s+from\s+${RELATION}(?:\s+(?:as\s+)?([A-Za-z_]\w*))?\s*\)`, 'gi');

/** Words before `(` that make what follows a set or a table, not a value: `IN (…)`, `EXISTS (…)`, `FROM (…)`, a CTE's `AS (…)`. */
const NOT_A_VALUE = new Set(['in', 'exists', 'from', 'join', 'as', 'any', 'all', 'some', 'union', 'intersect', 'except', 'minus', 'lateral', 'table', 'into', 'values', 'using', 'with', 'over', 'filter', 'within', 'by', 'select', 'distinct']);
/** Words before a name that make it a table's (`INSERT INTO t (…)`), not a function's. */
const TABLE_BEFORE = /\b(?:into|table|from|join|view|update)\s*$/i;
/** Words that may stand before a value: an operator keyword. */
const VALUE_WORDS = new Set(['then', 'else', 'when', 'and', 'or', 'not', 'between', 'return', 'case', 'is', 'like', 'where', 'on', 'having', 'qualify']);

/** The relation a RELATION match names. */
function written(text: string): WrittenRelation | undefined {
  if (text.startsWith('{{')) {
    // The call read by the project's Jinja scanner (literal arguments only).
    const { refs, sources } = literalCalls(text);
    if (refs.length === 1) return { ref: refs[0].name };
    return sources.length === 1 ? { source: [sources[0].sourceName, sources[0].tableName] as const } : undefined;
  }
  const parts = text.split('.').map((p) => p.trim());
  return { parts: parts.map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase())) };
}

/** Whether the text before `(` makes the parenthesized query a value: after an operator, `(`, or a function's name. */
function usedAsValue(before: string): boolean {
  // (A name may be dotted: `a.t (…)` after INTO is a table's, `util.fn((…))` a function's.)
  const prev = /(<>|!=|<=|>=|\|\||[=<>+\-*/(]|(?:[A-Za-z_][\w$]*\s*\.\s*)*[A-Za-z_][\w$]*)\s*$/.exec(before);
  if (!prev) return false;
  const token = prev[1];
  if (!/^[A-Za-z_]/.test(token)) return true;
  const word = token.includes('.') ? '' : token.toLowerCase();
  if (NOT_A_VALUE.has(word)) return false;
  if (VALUE_WORDS.has(word)) return true;
  // A function's only argument (`TO_DATE((SELECT …))` reads through `(`; `TO_DATE (SELECT …)` needs the name), not a
  // table's column list.
  return !TABLE_BEFORE.test(before.slice(0, prev.index));
}

/**
 * The relation an unqualified or qualified column compared just before `at` is read from: the alias's relation
 * (`FROM x AS q` / `JOIN x q`, or a relation written without an alias whose last part is the qualifier), or — for an
 * unqualified one — the only relation of the FROM whose WHERE the comparison is in.
 */
function partnerRelation(text: string, at: number, qualifier: string | undefined): WrittenRelation | undefined {
  const before = text.slice(0, at);
  if (qualifier) {
    const aliased = new RegExp(String.raw`\b(?:from|join)\s+${RELATION}\s+(?:as\s+)?${qualifier}\b`, 'gi');
    const hits = [...text.matchAll(aliased)].map((m) => m[1]);
    const bare = [...text.matchAll(new RegExp(String.raw`\b(?:from|join)\s+${RELATION}`, 'gi'))].map((m) => m[1]).filter((r) => {
      const w = written(r);
      return w !== undefined && 'parts' in w && w.parts[w.parts.length - 1] === qualifier.toLowerCase();
    });
    const found = [...new Set([...hits, ...bare])];
    return found.length === 1 ? written(found[0]) : undefined;
  }
  const froms = [...before.matchAll(new RegExp(String.raw`\bfrom\s+${RELATION}(?:\s+(?:as\s+)?(?!where\b)[A-Za-z_]\w*)?\s+where\b`, 'gi'))];
  const last = froms[froms.length - 1];
  if (!last) return undefined;
  // The comparison is in that WHERE: no other query or join between.
  if (/\b(?:from|select|join)\b/i.test(before.slice(last.index + last[0].length))) return undefined;
  return written(last[1]);
}

/** Each `(SELECT [DISTINCT] col FROM relation)` a text uses as a value, with the column compared with it. */
export function oneValueReads(code: string): OneValueRead[] {
  const text = withoutComments(code);
  const out: OneValueRead[] = [];
  for (const m of text.matchAll(SCALAR)) {
    const before = text.slice(0, m.index);
    if (!usedAsValue(before)) continue;
    const relation = written(m[3]);
    if (!relation) continue;
    const column = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
    const compared = /(?:([A-Za-z_]\w*)\s*\.\s*)?("?[A-Za-z_][\w$]*"?)\s*(<>|!=|<=|>=|=|<|>)\s*$/.exec(before);
    const partnerColumn = compared && !/^(?:where|and|or|on|not|when|then|else)$/i.test(compared[2]) ? compared[2].replace(/"/g, '') : undefined;
    const partnerFrom = partnerColumn ? partnerRelation(text, compared!.index, compared![1]) : undefined;
    out.push({ relation, column, distinct: m[1] !== undefined, ...(partnerColumn && partnerFrom ? { partner: { relation: partnerFrom, column: partnerColumn, op: compared![3] } } : {}) });
  }
  return out;
}
