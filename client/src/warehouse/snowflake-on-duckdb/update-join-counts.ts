// Snowflake's UPDATE result (https://docs.snowflake.com/en/sql-reference/sql/update) is two counts: the target rows
// updated, and the "multi-joined" ones among them — target rows a FROM clause's join matched with more than one row
// (Snowflake then updates each once, from one of its matches). DuckDB counts an UPDATE … FROM by join match instead (a
// target row matched three times counts 3), so its count cannot give either number. For an UPDATE … FROM the twin
// runs the same join as a query first, grouped by target row; the counts hold when DuckDB's own count then equals the
// matches that query found (else the statement's result is left unknown, never guessed). The twin runs the UPDATE on
// one of the matched rows, as Snowflake does by default (ERROR_ON_NONDETERMINISTIC_UPDATE = FALSE).
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { isTrivia, lex } from '../../../../server/src/core/sql/tokenize';

/** The construct refused where an UPDATE … FROM's result must be answered and cannot be counted. */
export const UPDATE_FROM_UNCOUNTED =
  'UPDATE … FROM whose rows the local twin cannot count as Snowflake does (the target rows updated, and those the join matched more than once)';

/** An UPDATE … FROM's result as Snowflake reports it, and the join matches DuckDB's own count should equal. */
export interface UpdateJoinCounts {
  updated: number;
  multiJoined: number;
  matches: number;
}

/** The parts of `UPDATE <target> [[AS] alias] SET … FROM <from> [WHERE <cond>]`, as text of `sql`. */
export interface UpdateFrom {
  /** The target with its alias, as written. */
  target: string;
  /** How the statement refers to the target: its alias, else its name's last part. */
  ref: string;
  from: string;
  where?: string;
}

const word = (text: string): string => text.toLowerCase();

interface TopLexeme {
  text: string;
  start: number;
  end: number;
  kind: string;
}

/** An UPDATE's top-level lexemes (a parenthesized part by its `(` only) and the positions of its SET and FROM; undefined for others. */
function topLevelUpdate(sql: string): { top: TopLexeme[]; set: number; from: number } | undefined {
  // Asked of every statement the twin runs: most are read no further.
  if (!/update/i.test(sql)) return undefined;
  const top: TopLexeme[] = [];
  let depth = 0;
  for (const l of lex(sql)) {
    if (isTrivia(l)) continue;
    // A parenthesized part is known by its `(` (where a subquery in FROM starts).
    if (depth === 0) top.push({ text: l.text, start: l.start, end: l.start + l.text.length, kind: l.kind });
    if (l.kind === 'punct' && l.text === '(') depth++;
    else if (l.kind === 'punct' && l.text === ')') depth--;
  }
  const isWordAt = (i: number, w: string): boolean => top[i]?.kind === 'word' && word(top[i].text) === w;
  if (!isWordAt(0, 'update')) return undefined;
  const set = top.findIndex((_, i) => isWordAt(i, 'set'));
  return { top, set, from: set < 0 ? -1 : top.findIndex((_, i) => i > set && isWordAt(i, 'from')) };
}

/** Whether `sql` is an UPDATE with a FROM clause (a join, whose rows may match a target row more than once). */
export function isUpdateFrom(sql: string): boolean {
  const u = topLevelUpdate(sql);
  return u !== undefined && u.from >= 0;
}

/** The parts of an UPDATE with a top-level FROM clause, or undefined for any other statement. */
export function updateFrom(sql: string): UpdateFrom | undefined {
  const u = topLevelUpdate(sql);
  if (!u) return undefined;
  const { top, set, from } = u;
  const isWordAt = (i: number, w: string): boolean => top[i]?.kind === 'word' && word(top[i].text) === w;
  if (set < 2 || from < 0) return undefined;
  const where = top.findIndex((_, i) => i > from && isWordAt(i, 'where'));
  // RETURNING, or a second statement: not part of the join.
  const ends = top.findIndex((_, i) => i > from && (isWordAt(i, 'returning') || (top[i].kind === 'punct' && top[i].text === ';')));
  const end = ends < 0 ? sql.length : top[ends].start;
  // The target: a dotted name, then an optional [AS] alias.
  let k = 1;
  while (top[k + 1]?.text === '.') k += 2;
  const name = top[k];
  let alias = k + 1 < set ? top[isWordAt(k + 1, 'as') ? k + 2 : k + 1] : undefined;
  if (alias && top.indexOf(alias) !== set - 1) return undefined;
  if (!name || (name.kind !== 'word' && name.kind !== 'quoted-identifier')) return undefined;
  if (alias && alias.kind !== 'word' && alias.kind !== 'quoted-identifier') alias = undefined;
  return {
    target: sql.slice(top[1].start, top[set - 1].end),
    ref: (alias ?? name).text,
    from: sql.slice(top[from + 1]?.start ?? end, where >= 0 ? top[where].start : end).trim(),
    ...(where >= 0 ? { where: sql.slice(top[where + 1]?.start ?? end, end).trim() } : {}),
  };
}

/** The query counting an UPDATE … FROM's target rows, those matched more than once, and all matches. */
export function updateJoinCountQuery(u: UpdateFrom): string {
  const joined = `SELECT count(*) AS bz_n FROM ${u.target}, ${u.from}${u.where ? ` WHERE ${u.where}` : ''} GROUP BY ${u.ref}.rowid`;
  return `SELECT count(*), count(*) FILTER (WHERE bz_n > 1), coalesce(sum(bz_n), 0) FROM (${joined}) AS bz_update_join`;
}

/**
 * The counts of `sql` when it is an UPDATE … FROM the twin can read, asked before it runs; undefined when the query
 * cannot be planned, or the target has a column named ROWID. Planned first: a query DuckDB refuses to plan leaves an
 * open transaction usable, one failing as it runs would not — that failure is the statement's own (its join and WHERE
 * fail the same way), and is thrown.
 */
export async function countUpdateJoins(connection: DuckDBConnection, sql: string): Promise<UpdateJoinCounts | undefined> {
  const u = updateFrom(sql);
  if (!u) return undefined;
  let prepared: DuckDBPreparedStatement;
  try {
    // A column of the target named ROWID hides DuckDB's row id, which tells the target rows apart.
    const columns = (await connection.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${u.target})`)).getRows();
    if (columns.some(([c]) => String(c).toLowerCase() === 'rowid')) return undefined;
    prepared = await connection.prepare(updateJoinCountQuery(u));
  } catch {
    return undefined;
  }
  const [row] = (await prepared.runAndReadAll()).getRows();
  return row ? { updated: Number(row[0]), multiJoined: Number(row[1]), matches: Number(row[2]) } : undefined;
}
