// Values an INSERT stores into a column whose Snowflake type converts them differently from DuckDB's implicit cast:
// - text into a BINARY column: Snowflake reads the string through BINARY_INPUT_FORMAT (hex by default, so '4869' is
//   the two bytes 0x48 0x69), DuckDB casts it to the string's own bytes; read through bz_hex_binary (binary.ts);
// - text, a TIMESTAMP_NTZ/LTZ or a DATE into a TIMESTAMP_TZ column (the layer's struct, timestamp-tz.ts), which
//   DuckDB has no implicit cast to; read through bz_to_tz as `x::TIMESTAMP_TZ` would (an offset in the text is kept,
//   otherwise the session time zone's applies, as Snowflake converts on store).
// The column's type is known only from the catalog, so before an INSERT into a table with such a column runs, the
// types of the rows it inserts are asked of DuckDB (DESCRIBE of its query), and the converted columns are wrapped.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { isTimestampTzStruct } from '../../../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';

const word = (l: Lexeme | undefined): string => (l?.kind === 'word' ? l.text.toLowerCase() : '');
const isName = (l: Lexeme | undefined): l is Lexeme => l?.kind === 'word' || l?.kind === 'quoted-identifier';
const unquote = (t: string): string => (t.startsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t);
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The macro a value of DuckDB type `source` stored into a column of DuckDB type `target` goes through, if any. */
function conversionOf(target: string | undefined, source: string): string | undefined {
  if (target === 'BLOB' && source === 'VARCHAR') return 'bz_hex_binary';
  if (target !== undefined && isTimestampTzStruct(target) && TZ_SOURCES.has(source)) return 'bz_to_tz';
  return undefined;
}

/** The types bz_to_tz converts (a NULL, or a struct already, need nothing). */
const TZ_SOURCES: ReadonlySet<string> = new Set(['VARCHAR', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'DATE']);

/** Whether a column of this DuckDB type may need a conversion. */
const converts = (target: string): boolean => target === 'BLOB' || isTimestampTzStruct(target);

/** An INSERT rewritten so the values bound for some columns are converted as Snowflake stores them. */
export interface ConvertingInsert {
  sql: string;
  /** Where the inserted rows' query starts in the original statement, and how much text went in front of it there. */
  queryStart: number;
  shift: number;
}

/** `sql` (an INSERT as DuckDB will run it) with its rows converted where a column needs it, or undefined. */
export async function convertingInsert(connection: DuckDBConnection, sql: string): Promise<ConvertingInsert | undefined> {
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
  if (!all.some((c) => converts(c.type))) return undefined;
  let sourceTypes: string[];
  try {
    const described = await connection.runAndReadAll(`DESCRIBE ${sql.slice(query.start).replace(/;\s*$/, '')}`);
    sourceTypes = described.getRows().map((r) => String(r[1]));
  } catch {
    // DuckDB will report what is wrong with the query when it runs.
    return undefined;
  }
  const into = targets ? targets.map((t) => all.find((c) => c.name === t)) : all;
  const macros = sourceTypes.map((t, i) => conversionOf(into[i]?.type, t));
  if (!macros.some(Boolean)) return undefined;
  const names = sourceTypes.map((_, i) => `bz_c${i + 1}`);
  const head = `SELECT ${names.map((n, i) => (macros[i] ? `${macros[i]}(${n})` : n)).join(', ')} FROM (`;
  const rest = sql.slice(query.start).replace(/;\s*$/, '');
  return { sql: `${sql.slice(0, query.start)}${head}${rest}) AS bz_rows(${names.join(', ')})`, queryStart: query.start, shift: head.length };
}
