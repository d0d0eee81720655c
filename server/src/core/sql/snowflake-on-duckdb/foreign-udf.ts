// Snowflake UDFs written in JavaScript, Python, Java or Scala, external functions (a remote service behind an API
// integration) and stored procedures have no DuckDB form. Their CREATE still succeeds on the DuckDB target, so a
// project whose on-run-start hook creates one runs everything else; it defines a DuckDB macro of the same name and
// parameters that fails, naming the function, whenever a query evaluates a call (a procedure's is a table macro,
// which DuckDB's CALL runs). A call never gives a value, so there is no silent difference from Snowflake.
import type { Lexeme } from '../tokenize';
import { createMacroHead, parseCreateFunction, type CreateFunction } from './create-function';
import { UnsupportedOnDuckDb } from './unsupported';

const FOREIGN_LANGUAGES = new Set(['javascript', 'python', 'java', 'scala']);

/** What a foreign UDF, an external function (`kind` 'external') or a procedure ('procedure') is, by its CREATE. */
const construct = (name: string, kind: string): string => {
  const upper = name.toUpperCase();
  if (kind === 'procedure') return `Procedure ${upper} (a Snowflake stored procedure: its CREATE PROCEDURE is accepted, a CALL has no DuckDB form)`;
  if (kind === 'external') return `Function ${upper} (a Snowflake EXTERNAL function: its CREATE EXTERNAL FUNCTION is accepted, a call to its remote service has no DuckDB form)`;
  return `Function ${upper} (a Snowflake ${kind.toUpperCase()} UDF: its CREATE FUNCTION is accepted, a call has no DuckDB form)`;
};

/**
 * What a call raises on DuckDB; read back into an UnsupportedOnDuckDb at the call by foreignUdfError. `kind` is the
 * UDF's LANGUAGE, 'external' for an external function or 'procedure' for a stored procedure.
 */
export function foreignUdfMessage(name: string, kind: string): string {
  return `${construct(name, kind)} is not supported on the DuckDB target`;
}

/** Whether DuckDB's error message is one foreignUdfMessage (or a SQL UDF's refusal, sql-udf.ts) raised. */
export const isForeignUdfMessage = (message: string): boolean => /^(?:Function|Procedure) \S+ \(a Snowflake/.test(message);

/** The located error for DuckDB's "Invalid Input Error: <foreignUdfMessage>" (or a SQL UDF's refusal, sql-udf.ts) in `source`. */
export function foreignUdfError(message: string, source: string, at: number | undefined): UnsupportedOnDuckDb | undefined {
  // The detail may hold parentheses (a refused construct a tabular UDF's body holds, sql-udf.ts).
  const m = /^(Function|Procedure) ([A-Za-z_][A-Za-z0-9_$]*) \(a Snowflake ([^:)]+): (.*)\) is not supported on the DuckDB target/.exec(message);
  if (!m) return undefined;
  const call = new RegExp(`\\b${m[2]}\\s*\\(`, 'i').exec(source);
  // The detail as raised: a foreign UDF's is construct()'s, a SQL UDF's names the argument or result it refuses.
  return new UnsupportedOnDuckDb(`${m[1]} ${m[2]} (a Snowflake ${m[3]}: ${m[4]})`, at ?? call?.index ?? 0);
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** 'procedure', 'external' or the foreign LANGUAGE of the CREATE, undefined for a SQL UDF. */
function foreignKind(f: CreateFunction): string | undefined {
  if (f.procedure) return 'procedure';
  if (f.external) return 'external';
  return f.language && FOREIGN_LANGUAGES.has(f.language) ? f.language : undefined;
}

/**
 * The DuckDB statement for `CREATE [OR REPLACE] [SECURE] [TEMP] FUNCTION [IF NOT EXISTS] name(args) … LANGUAGE
 * JAVASCRIPT|PYTHON|JAVA|SCALA …`, `CREATE … EXTERNAL FUNCTION …` or `CREATE … PROCEDURE …` (lexemes `from`..`to`
 * of one statement), or undefined for any other statement.
 */
export function foreignUdfStatement(lx: Lexeme[], from: number, to: number): string | undefined {
  const f = parseCreateFunction(lx, from, to);
  const kind = f && foreignKind(f);
  if (!f || !kind) return undefined;
  const name = f.parts[f.parts.length - 1].replace(/^"|"$/g, '');
  // DuckDB does not fold error() at bind time: a query over no rows succeeds, as the UDF would; the cast gives the
  // result Snowflake's declared type.
  const raise = `error(${sqlString(foreignUdfMessage(name, kind))})`;
  // CALL runs a table macro; its one column is named for the procedure, as Snowflake's CALL result.
  if (f.procedure) return `${createMacroHead(f)}TABLE SELECT ${raise} AS "${name.toUpperCase()}"`;
  return createMacroHead(f) + (f.returns ? `CAST(${raise} AS ${f.returns})` : raise);
}
