// The twin session's query history (server …/query-history.ts says what reads it). Each statement a DuckDB session
// runs for the user gets a Snowflake-shaped query id and a record: its text, its QUERY_TYPE, when it ran and the rows
// it inserted; a DML statement also keeps its result as Snowflake returns it (the "number of rows …" columns), which
// RESULT_SCAN reads back. A SELECT's rows are not kept (running it again could give other rows, keeping every result
// costs memory without bound), so RESULT_SCAN of a SELECT is refused by name. The log holds the newest
// MAX_RECORDS statements (QUERY_HISTORY's RESULT_LIMIT goes up to 10,000) with their text cut at 100K characters, as
// QUERY_TEXT is (https://docs.snowflake.com/en/sql-reference/account-usage/query_history), and at most MAX_TEXT_KEPT
// characters of text in all; a question reaching past what it still holds (a RESULT_LIMIT above the statements kept,
// LAST_QUERY_ID of a position dropped) is refused by name.
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex } from '../../../../server/src/core/sql/tokenize';
import {
  QUERY_HISTORY_COLUMNS,
  QUERY_HISTORY_TABLE,
  historyRequests,
  lastQueryIdReference,
  lastQueryIdTable,
  queryHistoryColumnRefusal,
  resultScanReference,
  resultScanTable,
  type HistoryRequests,
  type QueryReference,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/query-history';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { secretScrubber } from '../../../../server/src/core/secrets';
import { isUpdateFrom } from './update-join-counts';
import type { ParsedDuckDbError } from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';

const MAX_RECORDS = 10000;
const MAX_TEXT = 100_000;
const MAX_TEXT_KEPT = 16_000_000;

/** A DML statement's result as Snowflake returns it: one row of counts (NUMBER), under these column names. */
export interface DmlResult {
  columns: string[];
  values: number[];
}

export interface QueryRecord {
  queryId: string;
  text: string;
  /**
   * QUERY_TYPE, for the statements shown in QUERY_HISTORY_BY_SESSION: the types the twin names as Snowflake does.
   * Undefined: the statement keeps its id (LAST_QUERY_ID counts it) but is not shown.
   */
  type?: string;
  start: Date;
  end: Date;
  rowsInserted?: number;
  rowsWrittenToResult?: number;
  result?: DmlResult;
}

/** A new query id, shaped as Snowflake's (a UUID's text). */
export function snowflakeQueryId(): string {
  return randomUUID();
}

let sessionCounter = 0;

/** What a statement did, as the session saw it: DuckDB's statement type and the rows it counted or returned. */
export interface StatementSummary {
  /** The statement as the user wrote it (Snowflake SQL). */
  text: string;
  statementType: number;
  /** DuckDB's row count of an INSERT / UPDATE / DELETE / CTAS / MERGE (all actions). */
  rowsAffected?: number;
  /** A MERGE's rows by action. */
  merge?: { inserted: number; updated: number; deleted: number };
  /** An UPDATE … FROM's rows as Snowflake counts them (update-join-counts.ts). */
  update?: { updated: number; multiJoined: number };
  /** Rows a query returned; undefined when the caller stopped reading early. */
  rowsReturned?: number;
}

// DuckDB's StatementType (@duckdb/node-bindings).
const SELECT = 1;
const INSERT = 2;
const UPDATE = 3;
const DELETE = 5;
const CREATE = 7;
const MERGE_INTO = 30;

/** The significant words of `text`, lower case. */
function words(text: string): string[] {
  return lex(text)
    .filter((l) => !isTrivia(l))
    .map((l) => (l.kind === 'word' ? l.text.toLowerCase() : l.text));
}

const LEADING_TRIVIA = /^(?:\s+|--[^\n]*(?:\n|$)|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/** The first words of `text` (lower case) or `(`: read without lexing it all (most statements need no more). */
function leadingWords(text: string): string[] {
  const start = LEADING_TRIVIA.exec(text)![0].length;
  return [...text.slice(start, start + 200).matchAll(/\(|[A-Za-z_][A-Za-z0-9_$]*/g)].slice(0, 6).map((m) => m[0].toLowerCase());
}

/**
 * The record's QUERY_TYPE, rows and result for `s`, or undefined fields where the twin cannot name them as Snowflake
 * does. QUERY_TYPE names: SELECT, INSERT, UPDATE, DELETE, MERGE, CREATE_TABLE_AS_SELECT. DML results as Snowflake's
 * INSERT (https://docs.snowflake.com/en/sql-reference/sql/insert), UPDATE
 * (https://docs.snowflake.com/en/sql-reference/sql/update), DELETE
 * (https://docs.snowflake.com/en/sql-reference/sql/delete) and MERGE
 * (https://docs.snowflake.com/en/sql-reference/sql/merge: a column per action the statement has) return them.
 */
export function describeStatement(s: StatementSummary): Pick<QueryRecord, 'type' | 'rowsInserted' | 'rowsWrittenToResult' | 'result'> {
  const lead = leadingWords(s.text);
  const first = lead[0];
  // The whole text is lexed only for the statements whose clauses decide their record.
  const whole = (): string[] => words(s.text);
  const n = s.rowsAffected;
  // ROWS_WRITTEN_TO_RESULT is 1 for CTAS and every DML statement (the 2024_02 bundle's column).
  if (s.statementType === SELECT && (first === 'select' || first === 'with' || first === '(')) {
    return s.rowsReturned === undefined ? {} : { type: 'SELECT', rowsInserted: 0, rowsWrittenToResult: s.rowsReturned };
  }
  if (n === undefined) return {};
  if (s.statementType === INSERT && first === 'insert' && (lead[1] === 'into' || (lead[1] === 'overwrite' && lead[2] === 'into'))) {
    return { type: 'INSERT', rowsInserted: n, rowsWrittenToResult: 1, result: { columns: ['number of rows inserted'], values: [n] } };
  }
  if (s.statementType === UPDATE && first === 'update') {
    // "number of multi-joined rows updated" counts target rows a FROM clause joined more than once: 0 without one;
    // with one, DuckDB's count is of join matches, so the result is known only as counted (update-join-counts.ts).
    const counts = s.update ? [s.update.updated, s.update.multiJoined] : isUpdateFrom(s.text) ? undefined : [n, 0];
    const result = counts && { columns: ['number of rows updated', 'number of multi-joined rows updated'], values: counts };
    return { type: 'UPDATE', rowsInserted: 0, rowsWrittenToResult: 1, ...(result ? { result } : {}) };
  }
  if (s.statementType === DELETE && first === 'delete') {
    return { type: 'DELETE', rowsInserted: 0, rowsWrittenToResult: 1, result: { columns: ['number of rows deleted'], values: [n] } };
  }
  if (first === 'merge' && s.merge && (s.statementType === MERGE_INTO || s.statementType === INSERT)) {
    const columns: string[] = [];
    const values: number[] = [];
    const w = whole();
    const has = (...seq: string[]): boolean => w.some((_, i) => seq.every((x, k) => w[i + k] === x));
    if (has('not', 'matched')) columns.push('number of rows inserted'), values.push(s.merge.inserted);
    if (has('then', 'update')) columns.push('number of rows updated'), values.push(s.merge.updated);
    if (has('then', 'delete')) columns.push('number of rows deleted'), values.push(s.merge.deleted);
    return { type: 'MERGE', rowsInserted: s.merge.inserted, rowsWrittenToResult: 1, result: { columns, values } };
  }
  // CREATE [OR REPLACE] [TRANSIENT | TEMPORARY …] TABLE … AS: DuckDB counts the rows of a CTAS only.
  if (s.statementType === CREATE && first === 'create' && lead.includes('table')) {
    return { type: 'CREATE_TABLE_AS_SELECT', rowsInserted: n, rowsWrittenToResult: 1 };
  }
  return {};
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const number = (n: number | undefined): string => (n === undefined ? 'NULL' : `CAST(${n} AS DECIMAL(38,0))`);
const instant = (d: Date): string => `to_timestamp(${d.getTime()} / 1000.0)`;

/** One DuckDB session's log of the statements it ran. */
export class QueryHistoryLog {
  /** SESSION_ID: a number per session of this process. */
  readonly sessionId = process.pid * 1000 + ++sessionCounter;
  private readonly records: Array<QueryRecord & { seq: number }> = [];
  /** QUERY_TEXT never shows a secret: the DBT_ENV_SECRET_* values are masked as in Bronze's logs. */
  private readonly scrub = secretScrubber(undefined);
  /** Statements recorded so far (the seq of the newest). */
  private count = 0;
  /** Characters of text the kept records hold. */
  private textKept = 0;

  constructor(private readonly limits = { records: MAX_RECORDS, text: MAX_TEXT_KEPT }) {}

  add(record: QueryRecord): void {
    const text = this.scrub(record.text);
    const kept = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    this.records.push({ ...record, text: kept, seq: ++this.count });
    this.textKept += kept.length;
    while (this.records.length > this.limits.records || (this.textKept > this.limits.text && this.records.length > 1)) this.textKept -= this.records.shift()!.text.length;
  }

  /** The newest record, for tests and callers that show it. */
  latest(): QueryRecord | undefined {
    return this.records[this.records.length - 1];
  }

  /** The record LAST_QUERY_ID(n) or a query id names, or a reason the twin cannot answer. */
  private find(ref: QueryReference): QueryRecord | string {
    if (ref.kind === 'id') return this.records.find((r) => r.queryId === ref.id) ?? `query id '${ref.id}' (not a statement this session of the local twin ran)`;
    const seq = ref.n < 0 ? this.count + 1 + ref.n : ref.n;
    const found = seq >= 1 ? this.records.find((r) => r.seq === seq) : undefined;
    const dropped = this.count - this.records.length;
    return found ?? `LAST_QUERY_ID(${ref.n}) (the session has ${this.count} earlier statements${dropped ? `, the newest ${this.records.length} kept` : ''})`;
  }

  /** Fills what `translated` reads of the log (server query-history.ts); `stmt` is the statement as written. */
  async prepare(connection: DuckDBConnection, translated: string, stmt: string): Promise<void> {
    const requests = historyRequests(translated);
    if (!requests) return;
    // In a view the call would be answered when the view is queried, in the querying session; the tables filled here
    // hold this statement's answer only.
    const lead = leadingWords(stmt);
    if (lead[0] === 'create' && lead.includes('view')) {
      const at = requests.resultScans[0] ?? requests.lastQueryIds[0];
      throw new UnsupportedOnDuckDb(`${requestedConstruct(requests)} in a view's definition (the twin answers it once, as the statement runs)`, at ?? 0);
    }
    for (const at of requests.lastQueryIds) {
      const ref = lastQueryIdReference(stmt.slice(at));
      const found = ref ? this.find(ref) : 'a call the twin cannot read';
      if (typeof found === 'string') throw new UnsupportedOnDuckDb(`LAST_QUERY_ID of ${found}`, at);
      await connection.run(`CREATE OR REPLACE TEMP TABLE ${lastQueryIdTable(at)} AS SELECT ${literal(found.queryId)} AS query_id`);
    }
    for (const at of requests.resultScans) {
      const ref = resultScanReference(stmt.slice(at));
      const found = ref ? this.find(ref) : 'a call the twin cannot read';
      if (typeof found === 'string') throw new UnsupportedOnDuckDb(`RESULT_SCAN of ${found}`, at);
      if (!found.result) {
        throw new UnsupportedOnDuckDb(`RESULT_SCAN of a ${found.type ?? 'statement'} whose result the local twin does not keep (it keeps those of INSERT, UPDATE, DELETE and MERGE)`, at);
      }
      const { columns, values } = found.result;
      await connection.run(`CREATE OR REPLACE TEMP TABLE ${resultScanTable(at)} AS SELECT ${columns.map((c, i) => `${number(values[i])} AS ${ident(c)}`).join(', ')}`);
    }
    if (requests.history) {
      // Statements dropped from the log: a RESULT_LIMIT beyond those still shown would miss them.
      const shown = this.records.filter((r) => r.type !== undefined).length;
      const limit = Math.max(0, ...[...translated.matchAll(/\bbz_qh\.seq DESC LIMIT (\d+)/gi)].map((m) => Number(m[1])));
      if (this.count > this.records.length && limit > shown) {
        const at = stmt.search(/query_history_by_session/i);
        throw new UnsupportedOnDuckDb(`QUERY_HISTORY_BY_SESSION with RESULT_LIMIT => ${limit} (the local twin keeps this session's newest ${shown} statements)`, Math.max(0, at));
      }
      await this.sync(connection);
    }
  }

  /** Appends to the history table the records it lacks (a rolled-back transaction may have taken some back). */
  private async sync(connection: DuckDBConnection): Promise<void> {
    const table = `temp.main.${QUERY_HISTORY_TABLE}`;
    const columns = QUERY_HISTORY_COLUMNS.map((c) => `${c.name.toLowerCase()} ${c.type}`).join(', ');
    await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${QUERY_HISTORY_TABLE} (seq BIGINT, ${columns})`);
    const held = Number((await connection.runAndReadAll(`SELECT coalesce(max(seq), 0) FROM ${table}`)).getRows()[0]?.[0] ?? 0);
    const fresh = this.records.filter((r) => r.seq > held && r.type !== undefined);
    for (let i = 0; i < fresh.length; i += 200) {
      const rows = fresh.slice(i, i + 200).map(
        (r) =>
          `(${r.seq}, ${literal(r.queryId)}, ${literal(r.text)}, ${literal(r.type!)}, ${number(this.sessionId)}, ${instant(r.start)}, ${instant(r.end)}, ` +
          `${number(r.rowsInserted)}, ${number(r.rowsWrittenToResult)})`,
      );
      await connection.run(`INSERT INTO ${table} VALUES ${rows.join(', ')}`);
    }
    await connection.run(`DELETE FROM ${table} WHERE seq < ${this.records[0]?.seq ?? this.count + 1}`);
  }
}

/** Fills what `translated` reads of the session's history, or refuses the first such call when no history is kept. */
export async function prepareQueryHistory(connection: DuckDBConnection, translated: string, stmt: string, history: QueryHistoryLog | undefined): Promise<void> {
  if (history) return history.prepare(connection, translated, stmt);
  const requests = historyRequests(translated);
  if (!requests) return;
  const at = requests.resultScans[0] ?? requests.lastQueryIds[0];
  throw new UnsupportedOnDuckDb(`${requestedConstruct(requests)} (no query history is kept here)`, at ?? 0);
}

function requestedConstruct(requests: HistoryRequests): string {
  return requests.resultScans.length ? 'RESULT_SCAN' : requests.lastQueryIds.length ? 'LAST_QUERY_ID' : 'INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION';
}

/** A DuckDB binder error naming a column a statement reading the twin's QUERY_HISTORY_BY_SESSION lacks: the refusal. */
export function missingHistoryColumn(parsed: ParsedDuckDbError, translated: string): string | undefined {
  if (parsed.type !== 'Binder' || !new RegExp(`\\b${QUERY_HISTORY_TABLE}\\b`, 'i').test(translated)) return undefined;
  const m = /^Referenced column "([^"]+)" not found/.exec(parsed.message);
  if (!m || QUERY_HISTORY_COLUMNS.some((c) => c.name === m[1].toUpperCase())) return undefined;
  return queryHistoryColumnRefusal(m[1]);
}
