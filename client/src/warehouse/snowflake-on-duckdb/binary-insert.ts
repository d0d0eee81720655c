// Text inserted into a BINARY column: Snowflake reads the string through BINARY_INPUT_FORMAT (hex by default, so
// '4869' is the two bytes 0x48 0x69), DuckDB casts it to the string's own bytes. The column's type is known only from
// the catalog, so before an INSERT into a table with a BLOB column runs, the types of the rows it inserts are asked
// of DuckDB (DESCRIBE of its query), and when a VARCHAR lands in a BLOB column the rows are read through
// bz_hex_binary (binary.ts) on their way in.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';

const word = (l: Lexeme | undefined): string => (l?.kind === 'word' ? l.text.toLowerCase() : '');
const isName = (l: Lexeme | undefined): l is Lexeme => l?.kind === 'word' || l?.kind === 'quoted-identifier';
const unquote = (t: string): string => (t.startsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t);
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** An INSERT rewritten so text bound for a BLOB column is read as hex. */
export interface BinaryInsert {
  sql: string;
  /** Where the inserted rows' query starts in the original statement, and how much text went in front of it there. */
  queryStart: number;
  shift: number;
}

/** `sql` (an INSERT as DuckDB will run it) with hex-read rows when text lands in a BLOB column, or undefined. */
export async function binaryInsert(connection: DuckDBConnection, sql: string): Promise<BinaryInsert | undefined> {
  const sig = lex(sql).filter((l) => !isTrivia(l));
  if (word(sig[0]) !== 'insert') return undefined;
  let k = 1;
  if (word(sig[k]) === 'or' && word(sig[k + 1]) === 'replace') k += 2;
  if (word(sig[k]) !== 'into') return undefined;
  k++;
  const table: string[] = [];
  while (isName(sig[k])) {
    table.push(unquote(sig[k].text));
    if (sig[k + 1]?.text !== '.') break;
    k += 2;
  }
  k++;
  if (!table.length) return undefined;
  let targets: string[] | undefined;
  if (sig[k]?.text === '(' && !['select', 'with', 'values'].includes(word(sig[k + 1]))) {
    targets = [];
    for (k++; k < sig.length && sig[k].text !== ')'; k++) if (isName(sig[k])) targets.push(unquote(sig[k].text).toLowerCase());
    k++;
  }
  const query = sig[k];
  if (!query || !['select', 'with', 'values', '('].includes(word(query) || query.text)) return undefined;
  const [tableName, schemaName, databaseName] = [...table].reverse();
  const columns = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE lower(table_name) = lower(${quoteLiteral(tableName)}) ` +
      `AND lower(schema_name) = lower(${schemaName === undefined ? 'current_schema()' : quoteLiteral(schemaName)}) ` +
      `AND lower(database_name) = lower(${databaseName === undefined ? 'current_database()' : quoteLiteral(databaseName)}) ORDER BY column_index`,
  );
  const all = columns.getRows().map(([name, type]) => ({ name: String(name).toLowerCase(), type: String(type) }));
  if (!all.some((c) => c.type === 'BLOB')) return undefined;
  let sourceTypes: string[];
  try {
    const described = await connection.runAndReadAll(`DESCRIBE ${sql.slice(query.start).replace(/;\s*$/, '')}`);
    sourceTypes = described.getRows().map((r) => String(r[1]));
  } catch {
    // DuckDB will report what is wrong with the query when it runs.
    return undefined;
  }
  const into = targets ? targets.map((t) => all.find((c) => c.name === t)) : all;
  const hex = sourceTypes.map((t, i) => into[i]?.type === 'BLOB' && t === 'VARCHAR');
  if (!hex.some(Boolean)) return undefined;
  const names = sourceTypes.map((_, i) => `bz_c${i + 1}`);
  const head = `SELECT ${names.map((n, i) => (hex[i] ? `bz_hex_binary(${n})` : n)).join(', ')} FROM (`;
  const rest = sql.slice(query.start).replace(/;\s*$/, '');
  return { sql: `${sql.slice(0, query.start)}${head}${rest}) AS bz_rows(${names.join(', ')})`, queryStart: query.start, shift: head.length };
}
