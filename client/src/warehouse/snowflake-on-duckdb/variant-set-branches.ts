// A UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and VARIANT in another (mattermost's license_overview:
// four `SELECT * FROM <cte>` branches). Snowflake's conversion table coerces VARIANT to VARCHAR, not VARCHAR to
// VARIANT, so the column is VARCHAR, the VARIANT converted as `::VARCHAR` converts it; DuckDB's json extension would
// parse the text. The bound plan names the column and its position but gives the VARIANT branch no place in the text
// (variant-implicit-cast.ts collects it); the branch is found by trial: each branch in turn, then all at once, a
// written-out item wrapped or a `SELECT *` branch given `* REPLACE (bz_varchar_cast(name) AS name)`, kept where the
// statement still plans with that column gone and nothing else refused (a branch already VARCHAR converts to itself;
// one lacking the name does not plan).
// A column VARCHAR in one branch and NUMBER in another is found and converted the same way, its text branch given
// Snowflake's conversion to NUMBER (set-number-columns.ts; a number branch converts to itself).
import type { DuckDBConnection } from '@duckdb/node-api';
import { setNumberItem } from '../../../../server/src/core/sql/snowflake-on-duckdb/set-number-columns';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import type { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { implicitCastRefusal, type StarColumns } from './variant-implicit-cast';
import { withInsertions } from './variant-text-operands';

const SET_OPERATORS = new Set(['union', 'intersect', 'except', 'minus']);

const isWord = (l: Lexeme | undefined, ...words: string[]): boolean => l?.kind === 'word' && words.includes(l.text.toLowerCase());
const isPunct = (l: Lexeme | undefined, p: string): boolean => l?.kind === 'punct' && l.text === p;

/** Keywords that end a select list (or a branch with no FROM). */
const LIST_ENDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'window', ...SET_OPERATORS]);

/** An item of a written-out select list: its expression's offsets, and whether an alias names it. */
interface ListItem {
  from: number;
  to: number;
  aliased: boolean;
}

/**
 * A branch of a set operation: `star`, the offset just past the `*` of `SELECT [ALL|DISTINCT] [t.]* FROM`, or `items`,
 * its select list written out item by item; `first` when no set operator precedes it (its items name the columns).
 */
export interface SetBranch {
  star?: number;
  items?: ListItem[];
  first: boolean;
}

/**
 * Each SELECT that is a branch of a set operation: a set operator before it (past ALL/DISTINCT and opening
 * parentheses), or after its FROM … at the same depth.
 */
export function setBranches(sql: string): SetBranch[] {
  const lx = lex(sql).filter((l) => !isTrivia(l));
  const branches: SetBranch[] = [];
  for (let i = 0; i < lx.length; i++) {
    if (!isWord(lx[i], 'select')) continue;
    let k = i + 1;
    if (isWord(lx[k], 'all', 'distinct')) k++;
    let before = i - 1;
    while (isPunct(lx[before], '(') || isWord(lx[before], 'all', 'distinct')) before--;
    const first = !isWord(lx[before], ...SET_OPERATORS);
    let chained = !first;
    // The select list: items split at the commas of its own depth.
    const items: ListItem[] = [];
    let start = k;
    let end = k;
    const close = (at: number): void => {
      const aliased = at - start >= 3 && isWord(lx[at - 2], 'as');
      const last = aliased ? at - 3 : at - 1;
      if (last >= start) items.push({ from: lx[start].start, to: lx[last].start + lx[last].text.length, aliased });
      start = at + 1;
    };
    for (let depth = 0; end < lx.length; end++) {
      const l = lx[end];
      if (isPunct(l, '(') || isPunct(l, '[')) depth++;
      else if (isPunct(l, ')') || isPunct(l, ']')) {
        if (--depth < 0) break;
      } else if (depth === 0 && (isPunct(l, ';') || isWord(l, ...LIST_ENDS))) break;
      else if (depth === 0 && isPunct(l, ',')) close(end);
    }
    close(end);
    for (let m = end, depth = 0; !chained && m < lx.length; m++) {
      if (isPunct(lx[m], '(')) depth++;
      else if (isPunct(lx[m], ')') && --depth < 0) break;
      else if (depth === 0 && isPunct(lx[m], ';')) break;
      else if (depth === 0 && isWord(lx[m], ...SET_OPERATORS)) chained = true;
    }
    if (!chained) continue;
    const starAt = (lx[k]?.kind === 'word' || lx[k]?.kind === 'quoted-identifier') && isPunct(lx[k + 1], '.') ? k + 2 : k;
    if (isPunct(lx[starAt], '*') && isWord(lx[starAt + 1], 'from')) branches.push({ star: lx[starAt].start + 1, first });
    else if (!items.some((it) => sql.slice(it.from, it.to).includes('*'))) branches.push({ items, first });
  }
  return branches;
}

/** A (qualified) column reference, and its last part: the name DuckDB gives the column. */
const COLUMN_REFERENCE = /^(?:(?:[A-Za-z_][\w$]*|"(?:[^"]|"")*")\.)*([A-Za-z_][\w$]*|"(?:[^"]|"")*")$/;

/** `"name"` as DuckDB reads an identifier (its `"` doubled). */
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * `sql` with the VARIANT branch of each set-operation column found VARCHAR beside it (`found`, from the check of `sql`)
 * converted as `::VARCHAR` converts it, and the text branch of each found VARCHAR beside a NUMBER converted to that
 * NUMBER — a `SELECT *` branch by `* REPLACE`, a written-out item wrapped — and a map back to `sql`'s offsets; or the
 * refusal of the first column no branch converts. `toSource` maps `sql`'s offsets to the statement the translator was
 * given (where a conversion that fails as it runs is located).
 */
export async function convertingSetBranches(
  connection: DuckDBConnection,
  sql: string,
  found: StarColumns['columns'],
  toSource: (o: number) => number = (o) => o,
): Promise<{ sql: string; toOriginal: (o: number) => number } | UnsupportedOnDuckDb> {
  const branches = setBranches(sql);
  const inserts: { at: number; text: string }[] = [];
  let left = found;
  // The columns still found once `candidate` is applied, or undefined when it does not plan or something is refused.
  const remaining = async (candidate: { at: number; text: string }[]): Promise<StarColumns['columns'] | undefined> => {
    const check: StarColumns = { columns: [] };
    const refusal = await implicitCastRefusal(connection, withInsertions(sql, candidate).sql, undefined, check);
    return check.planned && !refusal ? check.columns : undefined;
  };
  // `base` with the inserts converting `column` in `branch`, or undefined where it cannot be written.
  type Inserts = { at: number; text: string }[];
  const converting = (base: Inserts, branch: SetBranch, column: StarColumns['columns'][number], name = column.name): Inserts | undefined => {
    if (branch.star !== undefined) {
      const at = branch.star;
      // One REPLACE per branch: a second column of the same branch joins the first's list.
      const mine = base.findIndex((ins) => ins.at === at);
      const item = `${column.number ? setNumberItem(quoted(name), column.number, toSource(at)) : `bz_varchar_cast(${quoted(name)})`} AS ${quoted(name)}`;
      if (mine >= 0 && base[mine].text.includes(item)) return undefined;
      const text = mine >= 0 ? base[mine].text.replace(/\)$/, `, ${item})`) : ` REPLACE (${item})`;
      return mine >= 0 ? base.map((ins, k) => (k === mine ? { at, text } : ins)) : [...base, { at, text }];
    }
    const item = branch.items?.[column.index];
    if (!item || base.some((ins) => ins.at === item.from)) return undefined;
    // A first branch's unaliased item names the column: a column reference keeps its name by an alias; another
    // expression is named by its text, which the wrap would change.
    const alias = branch.first && !item.aliased ? COLUMN_REFERENCE.exec(sql.slice(item.from, item.to))?.[1] : '';
    if (alias === undefined) return undefined;
    // The conversion's text around the item: `bz_varchar_cast(` … `)`, or set-number-columns.ts's.
    const [open, close] = (column.number ? setNumberItem('\0', column.number, toSource(item.from)) : 'bz_varchar_cast(\0)').split('\0');
    return [...base, { at: item.from, text: open }, { at: item.to, text: alias ? `${close} AS ${alias}` : close }];
  };
  while (left.length > 0) {
    const column = left[0];
    // Each branch alone, then every branch at once (several VARIANT branches; a VARCHAR one converts to itself).
    // A `SELECT *` branch may name the column otherwise: each name the branches give it.
    const candidates = branches.flatMap((b) => (b.star === undefined ? [converting(inserts, b, column)] : column.names.map((n) => converting(inserts, b, column, n))));
    candidates.push(branches.reduce<Inserts>((acc, b) => converting(acc, b, column) ?? acc, inserts));
    let next: StarColumns['columns'] | undefined;
    for (const candidate of candidates) {
      const columns = candidate && JSON.stringify(candidate) !== JSON.stringify(inserts) ? await remaining(candidate) : undefined;
      if (!candidate || !columns || columns.length >= left.length) continue;
      inserts.splice(0, inserts.length, ...candidate);
      next = columns;
      break;
    }
    if (!next) return column.refusal;
    left = next;
  }
  return withInsertions(sql, inserts);
}
