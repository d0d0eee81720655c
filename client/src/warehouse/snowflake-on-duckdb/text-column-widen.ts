// ALTER TABLE … ALTER [COLUMN] c SET DATA TYPE VARCHAR(n) on a column whose length is a CHECK (text-length.ts): DuckDB
// can neither change nor drop a CHECK, nor change a column's type under one, so the table is rebuilt with the new
// length in its CHECK (none for an unbounded VARCHAR), keeping its columns' order, defaults, other constraints, rows
// and comments. The column stays a DuckDB VARCHAR, so nothing else changes. dbt widens VARCHAR columns this way.
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { isTextType, lengthCheck, textTypeLength } from '../../../../server/src/core/sql/snowflake-on-duckdb/text-length';
import { inTransaction } from './transaction';

interface TextTypeChange {
  /** The table's name parts as written (quoted ones with their quotes). */
  table: string[];
  /** The column's name without quotes. */
  column: string;
  /** The new length; undefined for an unbounded VARCHAR. */
  length: number | undefined;
}

const word = (l: Lexeme | undefined): string => (l?.kind === 'word' ? l.text.toLowerCase() : '');
const unquote = (l: Lexeme): string => (l.kind === 'quoted-identifier' ? l.text.slice(1, -1).replace(/""/g, '"') : l.text);
const isName = (l: Lexeme | undefined): l is Lexeme => l?.kind === 'word' || l?.kind === 'quoted-identifier';

/** `ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE <text type>` (one column), or undefined. */
export function textTypeChange(sql: string): TextTypeChange | undefined {
  const sig = lex(sql).filter((l) => !isTrivia(l));
  if (word(sig[0]) !== 'alter' || word(sig[1]) !== 'table') return undefined;
  let k = 2;
  if (word(sig[k]) === 'if' && word(sig[k + 1]) === 'exists') k += 2;
  const table: string[] = [];
  while (isName(sig[k])) {
    table.push(sig[k].text);
    if (sig[k + 1]?.text !== '.') break;
    k += 2;
  }
  k++;
  if (!table.length || (word(sig[k]) !== 'alter' && word(sig[k]) !== 'modify')) return undefined;
  k++;
  if (word(sig[k]) === 'column') k++;
  const col = sig[k];
  if (!isName(col)) return undefined;
  k++;
  if (word(sig[k]) === 'set' && word(sig[k + 1]) === 'data') k += 2;
  if (word(sig[k]) !== 'type') return undefined;
  const type = sig.slice(k + 1);
  if (!isTextType(type)) return undefined;
  const length = textTypeLength(type);
  // The type must be all that follows (one column, no USING or further clauses).
  let end = 1;
  if (word(type[1]) === 'varying') end++;
  if (type[end]?.text === '(') end += 3;
  if (type.slice(end).some((l) => l.text !== ';')) return undefined;
  return { table, column: unquote(col), length };
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Runs `sql` as a rebuild when it widens (or narrows) a VARCHAR(n) column that carries a length CHECK; otherwise
 * returns undefined and the caller runs it as it is.
 */
export async function runTextTypeChange(connection: DuckDBConnection, sql: string): Promise<DuckDBResultReader | undefined> {
  const change = textTypeChange(sql);
  if (!change) return undefined;
  // The table the name stands for in the current database and schema unless it says which, then its length CHECK.
  const parts = change.table.map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p));
  const [tableName, schemaName, databaseName] = [...parts].reverse();
  const found = await connection.runAndReadAll(
    `SELECT table_oid FROM duckdb_tables() WHERE lower(table_name) = lower(${quoteLiteral(tableName)}) ` +
      `AND lower(schema_name) = lower(${schemaName === undefined ? 'current_schema()' : quoteLiteral(schemaName)}) ` +
      `AND lower(database_name) = lower(${databaseName === undefined ? 'current_database()' : quoteLiteral(databaseName)})`,
  );
  const rows = found.getRows();
  if (rows.length !== 1) return undefined;
  const oid = String(rows[0][0]);
  const tables = await connection.runAndReadAll(
    `SELECT database_name, schema_name, table_name, sql, comment FROM duckdb_tables() WHERE table_oid = ${oid}`,
  );
  const t = tables.getRows()[0];
  if (!t) return undefined;
  const [database, schema, name, createSql, comment] = t.map((v) => (v === null ? null : String(v)));
  const checks = await connection.runAndReadAll(
    `SELECT constraint_text FROM duckdb_constraints() WHERE table_oid = ${oid} AND constraint_type = 'CHECK' ` +
      `AND len(constraint_column_names) = 1 AND lower(constraint_column_names[1]) = lower(${quoteLiteral(change.column)}) ` +
      `AND regexp_full_match(expression, '\\(length\\(.+\\) <= \\d+\\)')`,
  );
  const check = checks.getRows()[0]?.[0];
  if (check === undefined || check === null || createSql === null) return undefined;
  const oldCheck = String(check);
  const columnText = /^CHECK\(\(length\((.+)\) <= \d+\)\)$/.exec(oldCheck)?.[1];
  if (columnText === undefined) return undefined;
  const newCheck = change.length === undefined ? '' : lengthCheck(columnText, change.length);
  let body = createSql.slice(createSql.indexOf('(')).replace(/;\s*$/, '');
  body = newCheck ? body.replace(oldCheck, newCheck) : body.replace(`, ${oldCheck}`, '');
  const qualified = [database, schema, name].map((p) => quoteIdent(p ?? '')).join('.');
  const old = [database, schema, `${name}__bz_widen`].map((p) => quoteIdent(p ?? '')).join('.');
  const columnComments = await connection.runAndReadAll(
    `SELECT column_name, comment FROM duckdb_columns() WHERE table_oid = ${oid} AND comment IS NOT NULL`,
  );
  const own = !(await inTransaction(connection));
  if (own) await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(`ALTER TABLE ${qualified} RENAME TO ${quoteIdent(`${name}__bz_widen`)}`);
    await connection.run(`CREATE TABLE ${qualified}${body}`);
    await connection.run(`INSERT INTO ${qualified} SELECT * FROM ${old}`);
    await connection.run(`DROP TABLE ${old}`);
    if (comment) await connection.run(`COMMENT ON TABLE ${qualified} IS ${quoteLiteral(comment)}`);
    for (const [c, text] of columnComments.getRows()) {
      await connection.run(`COMMENT ON COLUMN ${qualified}.${quoteIdent(String(c))} IS ${quoteLiteral(String(text))}`);
    }
    if (own) await connection.run('COMMIT');
  } catch (e) {
    if (own) await connection.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return connection.runAndReadAll("SELECT 'Statement executed successfully.' AS status");
}
