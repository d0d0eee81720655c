// Snowflake's SEARCH_PATH, default `$current, $public`: in a query, an unqualified name the current schema lacks is
// looked up in the current database's PUBLIC schema (https://docs.snowflake.com/en/sql-reference/name-resolution).
// DuckDB searches the current schema alone (the session's `USE db.schema`), so an unqualified call of a UDF created
// in PUBLIC failed there as an unknown function. On that failure a query runs once more with PUBLIC after DuckDB's
// search path, then the path is put back. Elsewhere the same page gives DDL and DML statements (a CTAS, an INSERT …
// SELECT) the current schema only, and a view's body the view's schema only, while scalar functions in views are
// reported to fall back to PUBLIC all the same: a call found only in PUBLIC there is refused by name.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex } from '../../../../server/src/core/sql/tokenize';
import { quoteIdent } from '../../../../server/src/core/sql/snowflake-on-duckdb/create-function';
import { UnsupportedOnDuckDb, type UnknownFunction } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';

/** The first word of the statement (past comments and opening parentheses), upper case. */
function firstWord(sql: string): string | undefined {
  for (const l of lex(sql)) {
    if (isTrivia(l) || l.text === '(') continue;
    return l.kind === 'word' ? l.text.toUpperCase() : undefined;
  }
  return undefined;
}

/** A statement Snowflake resolves through SEARCH_PATH: a query. */
const isQuery = (sql: string): boolean => ['SELECT', 'WITH'].includes(firstWord(sql) ?? '');

/** The name of the current database's PUBLIC schema as stored, when it defines `fn` and is not the current schema. */
async function publicSchemaWith(connection: DuckDBConnection, fn: string): Promise<string | undefined> {
  const reader = await connection.runAndReadAll(
    `select schema_name from duckdb_functions() where database_name = current_database() and lower(schema_name) = 'public' ` +
      `and lower(function_name) = lower($1) and lower(current_schema()) <> 'public' limit 1`,
    [fn],
  );
  const row = reader.getRows()[0];
  return row ? String(row[0]) : undefined;
}

/**
 * What to do with `stmt`, which failed on the unknown function `e`: undefined when PUBLIC does not define it either
 * (the failure stands), `run` to run it again with PUBLIC on the search path (a query), or a refusal by name.
 */
export async function publicFallback(connection: DuckDBConnection, stmt: string, e: UnknownFunction): Promise<{ schema: string } | UnsupportedOnDuckDb | undefined> {
  const schema = await publicSchemaWith(connection, e.functionName).catch(() => undefined);
  if (schema === undefined) return undefined;
  if (isQuery(stmt)) return { schema };
  const what = firstWord(stmt) ?? 'this';
  return new UnsupportedOnDuckDb(
    `An unqualified call of ${e.functionName}, which only the PUBLIC schema defines, in ${/^[AEIOU]/.test(what) ? 'an' : 'a'} ${what} statement (Snowflake's SEARCH_PATH, ` +
      `$current then $public, is documented for queries; a DDL or DML statement resolves in the current schema and a view's body in the view's ` +
      `schema: write PUBLIC.${e.functionName})`,
    e.offset,
  );
}

/** Runs `run` with `schema` of the current database after DuckDB's search path, which is then put back. */
export async function withPublicOnPath<T>(connection: DuckDBConnection, schema: string, run: () => Promise<T>): Promise<T> {
  const reader = await connection.runAndReadAll("select current_setting('search_path'), current_database(), current_schema()");
  const [path, database, current] = reader.getRows()[0].map((v) => (v === null ? '' : String(v)));
  const quote = (p: string) => p.replace(/'/g, "''");
  const searched = path || `${quoteIdent(database)}.${quoteIdent(current)}`;
  await connection.run(`SET search_path = '${quote(`${searched},${quoteIdent(database)}.${quoteIdent(schema)}`)}'`);
  try {
    return await run();
  } finally {
    await connection.run(`SET search_path = '${quote(path)}'`);
  }
}
