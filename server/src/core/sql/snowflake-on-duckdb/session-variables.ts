// Snowflake session state on DuckDB: session variables (`SET name = expr`, `$name`, `UNSET name`) and the warehouse
// `USE WAREHOUSE` selects (CURRENT_WAREHOUSE). Both are DuckDB variables (per connection, as Snowflake's are per
// session) under a `BZ_` prefix, so they never meet DuckDB's own settings or a user's DuckDB variables. The names
// are written upper-case: the DuckDB target folds unquoted words to upper case before running a statement
// (identifier-case.ts), and the same name also appears inside string literals (getvariable), which it leaves alone.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { refusalCast } from './errors';
import { UnsupportedOnDuckDb } from './unsupported';

const VARIABLE_PREFIX = 'BZ_VAR_';
const WAREHOUSE_VARIABLE = 'BZ_CURRENT_WAREHOUSE';

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The DuckDB variable holding Snowflake session variable `name` (unquoted names are case-insensitive). */
function variableName(name: Lexeme): string {
  if (name.kind !== 'word') throw new UnsupportedOnDuckDb('A quoted session variable name', name.start);
  return VARIABLE_PREFIX + name.text.toUpperCase();
}

/** The DuckDB variable a statement written by `setVariableEdits` sets, when `sql` is one (for DuckDB's own settings). */
export function setVariableTarget(sql: string): string | undefined {
  const m = new RegExp(`^\\s*SET VARIABLE ${VARIABLE_PREFIX}([A-Za-z0-9_$]+)\\s*=`).exec(sql);
  return m ? m[1] : undefined;
}

/**
 * Edits for `SET name = expr` (the lexemes at `setAt` and `nameAt`; the expression is translated as usual), or for
 * `UNSET name`. `SET (a, b) = (…)` is refused.
 */
export function setVariableEdits(lx: Lexeme[], setAt: number, nameAt: number, unset: boolean): Map<number, string> {
  const name = lx[nameAt];
  if (isPunct(name, '(')) throw new UnsupportedOnDuckDb(`${unset ? 'UNSET' : 'SET'} of several session variables at once`, lx[setAt].start);
  const edits = new Map<number, string>();
  if (unset) {
    edits.set(setAt, 'RESET VARIABLE');
    edits.set(nameAt, variableName(name));
    return edits;
  }
  edits.set(setAt, 'SET VARIABLE');
  edits.set(nameAt, variableName(name));
  return edits;
}

/** Whether `SET`/`UNSET` at statement start is Snowflake's session-variable form (not DuckDB's `SET VARIABLE …`). */
export function isVariableAssignment(lx: Lexeme[], nameAt: number, afterAt: number, unset: boolean): boolean {
  const name = lx[nameAt];
  if (isWord(name, 'variable') || isWord(name, 'session') || isWord(name, 'global') || isWord(name, 'local')) return false;
  if (isPunct(name, '(')) return true;
  if (name?.kind !== 'word' && name?.kind !== 'quoted-identifier') return false;
  return unset || isPunct(lx[afterAt], '=');
}

/**
 * `$name` → the variable's value, or Snowflake's error when the session has not set it. The value goes through a
 * one-element list so that the result keeps the variable's own type whatever the refusal's type is. list_extract of
 * list_value, not `[…][i]`: a second pass reads `[…]` as a Snowflake ARRAY constant (translate.ts).
 */
export function variableReference(name: Lexeme): string {
  const v = variableName(name);
  const missing = refusalCast(sqlString(`Session variable '$${name.text.toUpperCase()}' does not exist`), 'INTEGER');
  return `list_extract(list_value(getvariable(${sqlString(v)})), CASE WHEN ${sqlString(v)} IN (SELECT name FROM duckdb_variables()) THEN 1 ELSE ${missing} END)`;
}

/** `USE WAREHOUSE name`: remembered for CURRENT_WAREHOUSE (unquoted names resolve upper-case). */
export function useWarehouseStatement(name: Lexeme | undefined): string | undefined {
  if (!name) return undefined;
  const resolved = name.kind === 'quoted-identifier' ? name.text.slice(1, -1).replace(/""/g, '"') : name.kind === 'word' ? name.text.toUpperCase() : undefined;
  return resolved === undefined ? undefined : `SET VARIABLE ${WAREHOUSE_VARIABLE} = ${sqlString(resolved)}`;
}

/** CURRENT_WAREHOUSE(): the warehouse `USE WAREHOUSE` chose, NULL before any (the DuckDB target has no default one). */
export const CURRENT_WAREHOUSE_SQL = `CAST(getvariable('${WAREHOUSE_VARIABLE}') AS VARCHAR)`;
