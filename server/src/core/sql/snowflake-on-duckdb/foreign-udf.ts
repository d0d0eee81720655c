// Snowflake UDFs written in JavaScript, Python, Java or Scala have no DuckDB form. Their CREATE FUNCTION still
// succeeds on the DuckDB target, so a project whose on-run-start hook creates one runs everything else; it defines
// a DuckDB macro of the same name and parameters that fails, naming the function, whenever a query evaluates a
// call. A call never gives a value, so there is no silent difference from Snowflake.
import type { Lexeme } from '../tokenize';
import { createMacroHead, parseCreateFunction } from './create-function';
import { UnsupportedOnDuckDb } from './unsupported';

const FOREIGN_LANGUAGES = new Set(['javascript', 'python', 'java', 'scala']);

/** What a call raises on DuckDB; read back into an UnsupportedOnDuckDb at the call by foreignUdfError. */
export function foreignUdfMessage(name: string, language: string): string {
  return `${construct(name, language)} is not supported on the DuckDB target`;
}

const construct = (name: string, language: string): string =>
  `Function ${name.toUpperCase()} (a Snowflake ${language.toUpperCase()} UDF: its CREATE FUNCTION is accepted, a call has no DuckDB form)`;

/** The located error for DuckDB's "Invalid Input Error: <foreignUdfMessage>" (or a SQL UDF's refusal, sql-udf.ts) in `source`. */
export function foreignUdfError(message: string, source: string, at: number | undefined): UnsupportedOnDuckDb | undefined {
  const m = /^Function ([A-Za-z_][A-Za-z0-9_$]*) \(a Snowflake ([A-Z]+) UDF: ([^)]*)\) is not supported on the DuckDB target/.exec(message);
  if (!m) return undefined;
  const call = new RegExp(`\\b${m[1]}\\s*\\(`, 'i').exec(source);
  // The detail as raised: a foreign UDF's is construct()'s, a SQL UDF's names the argument or result it refuses.
  return new UnsupportedOnDuckDb(`Function ${m[1]} (a Snowflake ${m[2]} UDF: ${m[3]})`, at ?? call?.index ?? 0);
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * The DuckDB statement for `CREATE [OR REPLACE] [SECURE] [TEMP] FUNCTION [IF NOT EXISTS] name(args) … LANGUAGE
 * JAVASCRIPT|PYTHON|JAVA|SCALA …` (lexemes `from`..`to` of one statement), or undefined for any other statement.
 */
export function foreignUdfStatement(lx: Lexeme[], from: number, to: number): string | undefined {
  const f = parseCreateFunction(lx, from, to);
  if (!f?.language || !FOREIGN_LANGUAGES.has(f.language)) return undefined;
  const name = f.parts[f.parts.length - 1].replace(/^"|"$/g, '');
  const message = sqlString(foreignUdfMessage(name, f.language));
  // DuckDB does not fold error() at bind time: a query over no rows succeeds, as the UDF would; the cast gives the
  // result Snowflake's declared type.
  const raise = `error(${message})`;
  return createMacroHead(f) + (f.returns ? `CAST(${raise} AS ${f.returns})` : raise);
}
