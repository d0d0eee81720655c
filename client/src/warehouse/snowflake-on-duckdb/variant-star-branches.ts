// A UNION/INTERSECT/EXCEPT column that is VARCHAR in a `SELECT *` branch and VARIANT in another (mattermost's
// license_overview: four `SELECT * FROM <cte>` branches). Snowflake's conversion table makes VARCHAR coercible to
// VARIANT, converted as TO_VARIANT converts it (a string, never parsed); DuckDB's json extension parses the text. The
// bound plan names the column but gives it no place in the text (variant-implicit-cast.ts collects it); the branch is
// found by trying each `SELECT *` branch of a set operation in turn: `* REPLACE (json_quote(name) AS name)` (json_quote
// is how TO_VARIANT is translated) is kept where the statement still plans with one such column fewer and nothing
// else refused. A branch whose column is JSON already, or of another type, or not there, never passes that test.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import type { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { implicitCastRefusal, type StarColumns } from './variant-implicit-cast';
import { withInsertions } from './variant-text-operands';

const SET_OPERATORS = new Set(['union', 'intersect', 'except', 'minus']);

const isWord = (l: Lexeme | undefined, ...words: string[]): boolean => l?.kind === 'word' && words.includes(l.text.toLowerCase());
const isPunct = (l: Lexeme | undefined, p: string): boolean => l?.kind === 'punct' && l.text === p;

/**
 * Offsets just past the `*` of each `SELECT [ALL|DISTINCT] [t.]* FROM` that is a branch of a set operation: a set
 * operator before its SELECT (past ALL/DISTINCT and opening parentheses), or after its FROM … at the same depth.
 */
export function starBranchStars(sql: string): number[] {
  const lx = lex(sql).filter((l) => !isTrivia(l));
  const stars: number[] = [];
  for (let i = 0; i < lx.length; i++) {
    if (!isWord(lx[i], 'select')) continue;
    let k = i + 1;
    if (isWord(lx[k], 'all', 'distinct')) k++;
    if ((lx[k]?.kind === 'word' || lx[k]?.kind === 'quoted-identifier') && isPunct(lx[k + 1], '.')) k += 2;
    if (!isPunct(lx[k], '*') || !isWord(lx[k + 1], 'from')) continue;
    let before = i - 1;
    while (isPunct(lx[before], '(') || isWord(lx[before], 'all', 'distinct')) before--;
    let chained = isWord(lx[before], ...SET_OPERATORS);
    for (let m = k + 1, depth = 0; !chained && m < lx.length; m++) {
      if (isPunct(lx[m], '(')) depth++;
      else if (isPunct(lx[m], ')') && --depth < 0) break;
      else if (depth === 0 && isPunct(lx[m], ';')) break;
      else if (depth === 0 && isWord(lx[m], ...SET_OPERATORS)) chained = true;
    }
    if (chained) stars.push(lx[k].start + 1);
  }
  return stars;
}

/** `"name"` as DuckDB reads an identifier (its `"` doubled). */
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * `sql` with each `SELECT *` branch column found (`found`, from the check of `sql`) converted as TO_VARIANT converts
 * it, and a map back to `sql`'s offsets; or the refusal of the first column no branch converts.
 */
export async function convertingStarBranches(
  connection: DuckDBConnection,
  sql: string,
  found: StarColumns['columns'],
): Promise<{ sql: string; toOriginal: (o: number) => number } | UnsupportedOnDuckDb> {
  const stars = starBranchStars(sql);
  const inserts: { at: number; text: string }[] = [];
  let left = found;
  // The columns still found once `candidate` is applied, or undefined when it does not plan or something is refused.
  const remaining = async (candidate: { at: number; text: string }[]): Promise<StarColumns['columns'] | undefined> => {
    const check: StarColumns = { columns: [] };
    const refusal = await implicitCastRefusal(connection, withInsertions(sql, candidate).sql, undefined, check);
    return check.planned && !refusal ? check.columns : undefined;
  };
  while (left.length > 0) {
    const column = left[0];
    let next: StarColumns['columns'] | undefined;
    for (const at of stars) {
      // One REPLACE per branch: a second column of the same branch joins the first's list.
      const mine = inserts.findIndex((ins) => ins.at === at);
      const item = `json_quote(${quoted(column.name)}) AS ${quoted(column.name)}`;
      const text = mine >= 0 ? inserts[mine].text.replace(/\)$/, `, ${item})`) : ` REPLACE (${item})`;
      const candidate = mine >= 0 ? inserts.map((ins, k) => (k === mine ? { at, text } : ins)) : [...inserts, { at, text }];
      const columns = await remaining(candidate);
      if (!columns || columns.length >= left.length) continue;
      inserts.splice(0, inserts.length, ...candidate);
      next = columns;
      break;
    }
    if (!next) return column.refusal;
    left = next;
  }
  return withInsertions(sql, inserts);
}
