// `*` over a sampled external table. On Snowflake an external table's columns are VALUE and its virtual columns
// (https://docs.snowflake.com/en/sql-reference/sql/desc-external-table); METADATA$FILENAME and METADATA$FILE_ROW_NUMBER
// "can only be queried by name" and are not in the output of SELECT * (https://docs.snowflake.com/en/user-guide/querying-metadata,
// Query limitations). On the twin that table is a plain DuckDB table holding
// both as columns (bronze sample writes them, external-table-files.ts), so DuckDB's `*`, `t.*`, `* EXCLUDE …` and
// OBJECT_CONSTRUCT(*) (COLUMNS(*) once translated) would list them. Each such star gets them added to its EXCLUDE list
// — which DuckDB fails on for a column the star does not hold, so which star holds which is asked of DuckDB's binder
// (json_serialize_plan) with the exclusion tried. Only statements with a star, on a twin holding such a column, pay.
import type { DuckDBConnection } from '@duckdb/node-api';
import { FILENAME_COLUMN, FILE_ROW_NUMBER_COLUMN } from '../../../../server/src/core/sql/snowflake-on-duckdb/external-table-files';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { identifierName } from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { plannedQuery } from './variant-implicit-cast';
import { withInsertions } from './variant-text-operands';

const METADATA_COLUMNS = [FILENAME_COLUMN, FILE_ROW_NUMBER_COLUMN];
const quoted = (c: string): string => `"${c}"`;

/** Words that may follow a select-list star (anything else after `*` makes it a multiplication). */
const AFTER_STAR = new Set(['FROM', 'EXCLUDE', 'ILIKE', 'LIKE', 'REPLACE', 'RENAME', 'INTO']);
const BEFORE_STAR = new Set(['SELECT', 'DISTINCT', 'ALL']);

interface Star {
  /** Offset just after the `*`. */
  end: number;
  /** Parenthesis depth: a subquery's or CTE's star is settled before the star reading it. */
  depth: number;
  /** The star's own EXCLUDE list, when it has one: where to add to it. */
  exclude?: { kind: 'list'; close: number; names: string[] } | { kind: 'single'; start: number; end: number; name: string };
}

const upper = (l: Lexeme | undefined): string => (l?.kind === 'word' ? l.text.toUpperCase() : '');

/** The select-list stars of `sql` (`*`, `t.*`, COLUMNS(*)), with their EXCLUDE lists. */
function starsOf(sql: string): Star[] {
  const sig = lex(sql).filter((l) => !isTrivia(l));
  const out: Star[] = [];
  let depth = 0;
  sig.forEach((l, i) => {
    if (l.text === '(') depth++;
    else if (l.text === ')') depth--;
    if (l.text !== '*' || l.kind !== 'punct') return;
    const prev = sig[i - 1];
    const next = sig[i + 1];
    const starBefore = BEFORE_STAR.has(upper(prev)) || prev?.text === ',' || prev?.text === '.' || (prev?.text === '(' && upper(sig[i - 2]) === 'COLUMNS');
    const starAfter = !next || next.text === ',' || next.text === ')' || next.text === ';' || AFTER_STAR.has(upper(next));
    if (!starBefore || !starAfter) return;
    const star: Star = { end: l.start + l.text.length, depth };
    if (upper(next) === 'EXCLUDE') {
      const first = sig[i + 2];
      if (first?.text === '(') {
        let j = i + 3;
        const names: string[] = [];
        while (sig[j] && sig[j].text !== ')') {
          if (sig[j].kind === 'word' || sig[j].kind === 'quoted-identifier') names.push(identifierName(sig[j]));
          j++;
        }
        if (sig[j]) star.exclude = { kind: 'list', close: sig[j].start, names };
      } else if (first && (first.kind === 'word' || first.kind === 'quoted-identifier')) {
        star.exclude = { kind: 'single', start: first.start, end: first.start + first.text.length, name: identifierName(first) };
      }
    }
    out.push(star);
  });
  return out;
}

/** The insertions that exclude `columns` from `star`. */
function exclusions(star: Star, columns: string[]): { at: number; text: string }[] {
  const list = columns.map(quoted).join(', ');
  if (!star.exclude) return [{ at: star.end, text: ` EXCLUDE (${list})` }];
  if (star.exclude.kind === 'list') return [{ at: star.exclude.close, text: `, ${list}` }];
  return [
    { at: star.exclude.start, text: '(' },
    { at: star.exclude.end, text: `, ${list})` },
  ];
}

/**
 * Whether DuckDB's binder takes `sql`, and its message when not (an EXCLUDE naming a column its star does not hold…).
 */
async function binding(connection: DuckDBConnection, sql: string): Promise<{ binds: true } | { binds: false; message: string }> {
  const { query } = plannedQuery(sql);
  try {
    const reader = await connection.runAndReadAll(`SELECT json_serialize_plan('${query.replace(/'/g, "''")}', skip_null := true, skip_empty := true)`);
    const plan = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as { error?: boolean; error_message?: string };
    return plan.error === false ? { binds: true } : { binds: false, message: plan.error_message ?? '' };
  } catch (e) {
    return { binds: false, message: (e as Error).message };
  }
}

/**
 * Whether the star's expansion holds the columns an exclusion names: the statement binds with it, or fails for
 * another reason than the EXCLUDE itself — something reads a pseudocolumn through the star, which Snowflake's
 * `*` never carries, so there the statement fails as on Snowflake.
 */
async function holds(connection: DuckDBConnection, sql: string): Promise<boolean> {
  const b = await binding(connection, sql);
  return b.binds || !/in EXCLUDE list not found/i.test(b.message);
}

/**
 * The insertions into `sql` (a translated statement) that keep the external-table pseudocolumns out of its stars, or
 * an empty list: none needed, or the statement does not bind (running it reports why).
 */
export async function externalStarExclusions(connection: DuckDBConnection, sql: string): Promise<{ at: number; text: string }[]> {
  if (!sql.includes('*')) return [];
  const stars = starsOf(sql);
  if (!stars.length) return [];
  const held = await connection
    .runAndReadAll(`SELECT DISTINCT column_name FROM duckdb_columns() WHERE column_name IN (${METADATA_COLUMNS.map((c) => `'${c}'`).join(', ')})`)
    .then((r) => r.getRows().map((row) => String(row[0])))
    .catch(() => [] as string[]);
  if (!held.length || !(await binding(connection, sql)).binds) return [];
  const inserts: { at: number; text: string }[] = [];
  // With the exclusions settled so far: an outer star over a subquery's or CTE's star holds what that one left.
  const withAlso = (more: { at: number; text: string }[]): string => withInsertions(sql, [...inserts, ...more]).sql;
  for (const star of [...stars].sort((a, b) => b.depth - a.depth || a.end - b.end)) {
    const candidates = held.filter((c) => !(star.exclude && (star.exclude.kind === 'list' ? star.exclude.names : [star.exclude.name]).includes(c)));
    // Both at once first (a sampled external table usually holds both), then each alone.
    if (candidates.length > 1 && (await holds(connection, withAlso(exclusions(star, candidates))))) {
      inserts.push(...exclusions(star, candidates));
      continue;
    }
    const one: string[] = [];
    for (const c of candidates) if (await holds(connection, withAlso(exclusions(star, [c])))) one.push(c);
    if (one.length) inserts.push(...exclusions(star, one));
  }
  return inserts;
}
