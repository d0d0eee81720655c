// A bare CURRENT_ROLE, CURRENT_SCHEMA, CURRENT_CATALOG or SESSION_USER (no parentheses). Snowflake writes these
// context functions with their parentheses (https://docs.snowflake.com/en/sql-reference/functions/current_role,
// …/current_schema) and does not reserve the words (https://docs.snowflake.com/en/sql-reference/reserved-keywords lists
// CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP and CURRENT_USER, which it reads bare): without them the word is an
// identifier, a column when one of that name is in scope, else "invalid identifier". DuckDB reads them as its own
// SQL value functions whenever no column binds — even quoted, so no rewrite of the text can stop it. Which one it did
// shows in the bound plan: a column stays a column reference (unlocated), DuckDB's value is a constant or a function
// call located at the word. Only statements whose text has such a word are planned here.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex } from '../../../../server/src/core/sql/tokenize';
import { shownName, type NamePart } from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { plannedQuery, type PlanNode } from './variant-implicit-cast';

const WORDS = new Set(['CURRENT_ROLE', 'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'SESSION_USER']);

/** Cheap test before lexing: the text names one of the words at all. */
const MAYBE = /current_role|current_schema|current_catalog|session_user/i;

/** The DuckDB functions these words bind to (the others fold to a constant). */
const DUCKDB_FUNCTIONS = new Set(['current_schema', 'current_database', 'current_role', 'current_user', 'session_user', 'user']);

interface BareWord {
  part: NamePart;
  /** Offset in the statement text. */
  at: number;
  /** UTF-8 byte offset in the planned text (DuckDB's query_location). */
  byte: number;
}

/** The words standing bare in `sql`: not called, not qualified (`t.current_role`), not a qualifier themselves. */
function bareWords(sql: string, from: number): BareWord[] {
  const sig = lex(sql).filter((l) => !isTrivia(l));
  const out: BareWord[] = [];
  sig.forEach((l, i) => {
    if (l.start < from) return;
    const part: NamePart | undefined =
      l.kind === 'word' ? { text: l.text, quoted: false } : l.kind === 'quoted-identifier' ? { text: l.text.slice(1, -1).replace(/""/g, '"'), quoted: true } : undefined;
    if (!part || !WORDS.has(part.text.toUpperCase())) return;
    const prev = sig[i - 1]?.text;
    const next = sig[i + 1]?.text;
    if (next === '(' || next === '.' || prev === '.') return;
    out.push({ part, at: l.start, byte: Buffer.byteLength(sql.slice(from, l.start), 'utf8') });
  });
  return out;
}

/** Whether the plan holds DuckDB's own value for the word at `byte`: a constant or a context function located there. */
function boundAsFunction(plan: unknown, byte: number): boolean {
  if (!plan || typeof plan !== 'object') return false;
  if (Array.isArray(plan)) return plan.some((n) => boundAsFunction(n, byte));
  const n = plan as PlanNode;
  if (n.query_location === byte) {
    if (n.expression_class === 'BOUND_CONSTANT') return true;
    if (n.expression_class === 'BOUND_FUNCTION' && DUCKDB_FUNCTIONS.has(String(n.name))) return true;
  }
  return Object.entries(n).some(([k, v]) => k !== 'return_type' && k !== 'value' && boundAsFunction(v, byte));
}

/** Snowflake's failure for a bare word DuckDB would answer with its own value. */
export interface BareWordFailure {
  /** Snowflake's message: `invalid identifier 'CURRENT_ROLE'`. */
  invalid?: string;
  /** The construct refused by name, where Snowflake's answer is not the failure (a select-list alias of that name). */
  unsupported?: string;
  /** Offset of the word in `sql`. */
  at: number;
}

/**
 * The first bare CURRENT_ROLE / CURRENT_SCHEMA / CURRENT_CATALOG / SESSION_USER in `sql` (a translated statement) that
 * DuckDB binds to its own function, or undefined (none, or the statement does not plan: running it says why).
 */
export async function bareContextWord(connection: DuckDBConnection, sql: string): Promise<BareWordFailure | undefined> {
  if (!MAYBE.test(sql)) return undefined;
  const { query, shift: from } = plannedQuery(sql);
  const words = bareWords(sql, from);
  if (!words.length) return undefined;
  let plan: PlanNode;
  try {
    const reader = await connection.runAndReadAll(`SELECT json_serialize_plan('${query.replace(/'/g, "''")}', skip_null := true, skip_empty := true)`);
    plan = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as PlanNode;
  } catch {
    return undefined;
  }
  if (plan.error) return undefined;
  for (const w of words) {
    if (!boundAsFunction(plan.plans, w.byte)) continue;
    const shown = shownName(w.part);
    // `SELECT 1 AS current_role, current_role + 1`: Snowflake reads the alias (a lateral column alias), DuckDB its
    // function; the twin cannot tell which the word meant from the plan alone.
    const aliased = new RegExp(`\\bas\\s+("?)${w.part.text}\\1(?![\\w$])`, 'i').test(sql);
    if (aliased) return { at: w.at, unsupported: `${shown} without parentheses where a select-list alias of that name is in scope (Snowflake reads the alias; DuckDB its own ${shown}() function)` };
    return { at: w.at, invalid: `invalid identifier '${shown}'` };
  }
  return undefined;
}
