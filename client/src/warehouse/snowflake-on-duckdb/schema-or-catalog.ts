// A two-part name `x.t` is always schema.object on Snowflake (in the current database). On the local twin every
// database is an attached DuckDB catalog, so where a database and a schema of the current one share a name (a
// STREAMLINE database and a streamline schema), DuckDB refuses `streamline.t` as ambiguous. Such names are
// qualified with the current catalog, which is what Snowflake reads.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';

/** Words after which a name is an object's (a table, view, function), not a column's. */
const OBJECT_AFTER = new Set(['from', 'join', 'into', 'update', 'table', 'view', 'macro', 'function', 'procedure', 'exists', 'describe', 'call']);

export interface TwoPartName {
  /** Offset of the first part in the statement. */
  at: number;
  /** The first part upper-cased (DuckDB matches catalog and schema names without regard to case, quoted or not). */
  first: string;
}

/** The two-part names in object positions (after FROM, JOIN, INTO, … or called as a function) of a DuckDB statement. */
export function twoPartObjectNames(sql: string): TwoPartName[] {
  const sig = lex(sql).filter((l) => !isTrivia(l));
  const out: TwoPartName[] = [];
  const isName = (l: Lexeme | undefined): boolean => l?.kind === 'word' || l?.kind === 'quoted-identifier';
  const dot = (l: Lexeme | undefined): boolean => l?.kind === 'punct' && l.text === '.';
  for (let k = 0; k < sig.length; k++) {
    const l = sig[k];
    if (!isName(l) || dot(sig[k - 1]) || !dot(sig[k + 1]) || !isName(sig[k + 2]) || dot(sig[k + 3])) continue;
    const before = sig[k - 1];
    const called = sig[k + 3]?.kind === 'punct' && sig[k + 3].text === '(';
    if (called || (before?.kind === 'word' && OBJECT_AFTER.has(before.text.toLowerCase()))) {
      out.push({ at: l.start, first: (l.kind === 'word' ? l.text : l.text.slice(1, -1).replace(/""/g, '"')).toUpperCase() });
    }
  }
  return out;
}

/**
 * `sql` with `"<catalog>".` before each name whose first part is in `ambiguous`, and the map from an offset in the
 * result back to one in `sql`.
 */
export function qualifyNames(sql: string, names: TwoPartName[], ambiguous: ReadonlySet<string>, catalog: string): { sql: string; toOriginal: (o: number) => number } {
  const prefix = `"${catalog.replace(/"/g, '""')}".`;
  const at = names.filter((n) => ambiguous.has(n.first)).map((n) => n.at);
  let out = '';
  let last = 0;
  for (const a of at) {
    out += sql.slice(last, a) + prefix;
    last = a;
  }
  out += sql.slice(last);
  // The n-th insertion lands at at[n] + n * prefix.length in the result.
  const toOriginal = (o: number): number => {
    let shift = 0;
    for (let n = 0; n < at.length && o >= at[n] + (n + 1) * prefix.length; n++) shift += prefix.length;
    return Math.max(0, o - shift);
  };
  return { sql: out, toOriginal };
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * The statement with its two-part object names qualified where their first part names both an attached catalog
 * and a schema of the current one (undefined when none does), and the map back to offsets in `sql`.
 */
export async function qualifyingSchemaNames(connection: DuckDBConnection, sql: string): Promise<{ sql: string; toOriginal: (o: number) => number } | undefined> {
  const names = twoPartObjectNames(sql);
  if (names.length === 0) return undefined;
  const firsts = [...new Set(names.map((n) => n.first))].map(sqlString).join(', ');
  const reader = await connection.runAndReadAll(
    `SELECT current_database() AS catalog, upper(s.schema_name) AS name FROM duckdb_schemas() s JOIN duckdb_databases() d ON upper(d.database_name) = upper(s.schema_name) ` +
      `WHERE s.database_name = current_database() AND upper(s.schema_name) IN (${firsts})`,
  );
  const rows = reader.getRowObjects();
  if (rows.length === 0) return undefined;
  return qualifyNames(sql, names, new Set(rows.map((r) => String(r.name))), String(rows[0].catalog));
}
