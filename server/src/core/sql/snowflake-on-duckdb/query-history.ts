// The session's query history on the local twin: INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION, RESULT_SCAN and
// LAST_QUERY_ID (https://docs.snowflake.com/en/sql-reference/functions/query_history,
// https://docs.snowflake.com/en/sql-reference/functions/result_scan,
// https://docs.snowflake.com/en/sql-reference/functions/last_query_id). The twin's session keeps a log of the
// statements it ran (client …/query-history.ts); the translation here only reads it: each call becomes a reference to
// a temporary table the session fills just before the statement runs, named with the call's offset in the statement
// (`bz_result_scan_<offset>`, `bz_last_query_id_<offset>`) so the session can read the call's argument back from the
// statement as written. Where no log is kept (the emulator, a check without a session), nothing fills the table and
// the session refuses the call by name.
import { isTrivia, lex } from '../tokenize';
import { snowflakeStringValue } from './string-literals';
import { UnsupportedOnDuckDb } from './unsupported';
import type { NamedArg } from './table-functions';

/** The temporary table holding the session's history rows (one per statement shown), newest last by `seq`. */
export const QUERY_HISTORY_TABLE = 'bz_query_history';
const RESULT_SCAN_TABLE = 'bz_result_scan_';
const LAST_QUERY_ID_TABLE = 'bz_last_query_id_';

/**
 * The columns the twin's history fills, as the QUERY_HISTORY family documents them (NUMBER, VARCHAR,
 * TIMESTAMP_LTZ: DuckDB's TIMESTAMPTZ). ROWS_WRITTEN_TO_RESULT and ROWS_INSERTED are the 2024_02 bundle's
 * (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_02/bcr-1431-1524-1540: for CTAS and every DML
 * statement ROWS_WRITTEN_TO_RESULT is 1). Any other column of the function (warehouse, bytes, compilation time…) is one
 * the twin cannot fill truthfully: naming it fails with a located refusal (queryHistoryColumnRefusal).
 */
export const QUERY_HISTORY_COLUMNS: ReadonlyArray<{ name: string; type: string }> = [
  { name: 'QUERY_ID', type: 'VARCHAR' },
  { name: 'QUERY_TEXT', type: 'VARCHAR' },
  { name: 'QUERY_TYPE', type: 'VARCHAR' },
  { name: 'SESSION_ID', type: 'DECIMAL(38,0)' },
  { name: 'START_TIME', type: 'TIMESTAMPTZ' },
  { name: 'END_TIME', type: 'TIMESTAMPTZ' },
  { name: 'ROWS_INSERTED', type: 'DECIMAL(38,0)' },
  { name: 'ROWS_WRITTEN_TO_RESULT', type: 'DECIMAL(38,0)' },
];

/** RESULT_LIMIT's documented default and range. */
const DEFAULT_RESULT_LIMIT = 100;
const MAX_RESULT_LIMIT = 10000;

/** Whether the words from the function's name on (lower case, dots removed) call QUERY_HISTORY_BY_SESSION. */
export function isQueryHistoryCall(words: readonly string[]): boolean {
  if (words[words.length - 1] !== 'query_history_by_session') return false;
  return words.length === 1 || (words.length <= 3 && words[words.length - 2] === 'information_schema');
}

/**
 * `QUERY_HISTORY_BY_SESSION([SESSION_ID => CURRENT_SESSION()] [, RESULT_LIMIT => n])` inside TABLE(…) → a subquery
 * over the session's log, the newest RESULT_LIMIT statements. Another session, or a time range, is refused by name:
 * the twin holds this session's statements only, and only those of this process.
 */
export function queryHistorySource(args: NamedArg[], at: number): string {
  let limit = DEFAULT_RESULT_LIMIT;
  for (const a of args) {
    if (a.name === 'session_id' && a.text.replace(/\s+/g, '') === 'current_session()') continue;
    if (a.name === 'result_limit' && /^\d+$/.test(a.text)) {
      limit = Number(a.text);
      if (limit < 1 || limit > MAX_RESULT_LIMIT) throw new UnsupportedOnDuckDb(`QUERY_HISTORY_BY_SESSION with RESULT_LIMIT => ${a.text} (outside 1 to ${MAX_RESULT_LIMIT})`, at);
      continue;
    }
    const what = a.name ? `${a.name.toUpperCase()} => ${a.text.toUpperCase()}` : 'positional arguments';
    throw new UnsupportedOnDuckDb(`QUERY_HISTORY_BY_SESSION with ${what} (the local twin keeps the current session's statements only)`, at);
  }
  const columns = QUERY_HISTORY_COLUMNS.map((c) => `bz_qh.${c.name.toLowerCase()} AS ${c.name}`).join(', ');
  return `(SELECT ${columns} FROM temp.main.${QUERY_HISTORY_TABLE} AS bz_qh ORDER BY bz_qh.seq DESC LIMIT ${limit})`;
}

/** The construct a query naming a column the twin's QUERY_HISTORY_BY_SESSION lacks is refused as. */
export function queryHistoryColumnRefusal(column: string): string {
  return `Column ${column.toUpperCase()} of INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION (the local twin's query history holds ${QUERY_HISTORY_COLUMNS.map((c) => c.name).join(', ')} only)`;
}

/** Which earlier query a RESULT_SCAN or LAST_QUERY_ID names: a query id, or LAST_QUERY_ID's position argument. */
export type QueryReference = { kind: 'id'; id: string } | { kind: 'last'; n: number };

/** Reads `LAST_QUERY_ID([n])` from the significant lexeme texts `t` at `i`; the reference and the index after it. */
function lastQueryIdAt(t: readonly string[], i: number): { ref: QueryReference; next: number } | undefined {
  if (t[i]?.toLowerCase() !== 'last_query_id' || t[i + 1] !== '(') return undefined;
  let k = i + 2;
  let sign = 1;
  if (t[k] === '-' || t[k] === '+') sign = t[k++] === '-' ? -1 : 1;
  let n = -1;
  if (/^\d+$/.test(t[k] ?? '')) n = sign * Number(t[k++]);
  else if (sign === -1) return undefined;
  return t[k] === ')' ? { ref: { kind: 'last', n }, next: k + 1 } : undefined;
}

function significant(text: string): string[] {
  return lex(text)
    .filter((l) => !isTrivia(l))
    .map((l) => l.text);
}

/** The argument of the `RESULT_SCAN(…)` call that `text` starts with: a string literal or LAST_QUERY_ID([n]). */
export function resultScanReference(text: string): QueryReference | undefined {
  const t = significant(text);
  if (t[0]?.toLowerCase() !== 'result_scan' || t[1] !== '(') return undefined;
  if (/^'(?:[^'\\]|''|\\.)*'$/.test(t[2] ?? '') && t[3] === ')') return { kind: 'id', id: snowflakeStringValue(t[2]) };
  const last = lastQueryIdAt(t, 2);
  return last && t[last.next] === ')' ? last.ref : undefined;
}

/** The argument of the `LAST_QUERY_ID(…)` call that `text` starts with (an integer literal, or none: -1). */
export function lastQueryIdReference(text: string): QueryReference | undefined {
  return lastQueryIdAt(significant(text), 0)?.ref;
}

/** `TABLE(RESULT_SCAN(…))` → the table the session fills with that query's result; `call` is the call's text. */
export function resultScanSource(call: string, at: number): string {
  if (!resultScanReference(call)) throw new UnsupportedOnDuckDb('RESULT_SCAN of a query id given by an expression (the twin reads a string literal or LAST_QUERY_ID(n))', at);
  return `(SELECT * FROM temp.main.${RESULT_SCAN_TABLE}${at})`;
}

/** `LAST_QUERY_ID([n])` → the one-row table the session fills with that query's id. */
export function lastQueryIdSource(call: string, at: number): string {
  if (!lastQueryIdReference(call)) throw new UnsupportedOnDuckDb('LAST_QUERY_ID with an argument other than an integer literal', at);
  return `(SELECT query_id FROM temp.main.${LAST_QUERY_ID_TABLE}${at})`;
}

/** What a translated statement asks of the session's history: the history rows, and results / ids by call offset. */
export interface HistoryRequests {
  history: boolean;
  resultScans: number[];
  lastQueryIds: number[];
}

export function historyRequests(translated: string): HistoryRequests | undefined {
  if (!/bz_(query_history|result_scan_|last_query_id_)/i.test(translated)) return undefined;
  const offsets = (prefix: string): number[] => [...new Set([...translated.matchAll(new RegExp(`\\b${prefix}(\\d+)\\b`, 'gi'))].map((m) => Number(m[1])))];
  return {
    history: new RegExp(`\\b${QUERY_HISTORY_TABLE}\\b`, 'i').test(translated),
    resultScans: offsets(RESULT_SCAN_TABLE),
    lastQueryIds: offsets(LAST_QUERY_ID_TABLE),
  };
}

export const resultScanTable = (at: number): string => `${RESULT_SCAN_TABLE}${at}`;
export const lastQueryIdTable = (at: number): string => `${LAST_QUERY_ID_TABLE}${at}`;
