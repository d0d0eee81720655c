// One Snowflake session = one DuckDB connection with the dialect shims, its own current database/schema,
// session parameters and stored results. Statements on a session run one at a time, like on Snowflake.
import { randomUUID } from 'node:crypto';
import { DuckDBConnection, DuckDBInstance, StatementType, type DuckDBValue } from '@duckdb/node-api';
import {
  NOOP_STATEMENT,
  installSnowflakeShims,
  splitStatementsWithOffsets,
  runStatement,
  type SessionState,
  UnsupportedOnDuckDb,
  type StatementOutcome,
} from '../../client/src/warehouse/snowflake-on-duckdb';
import { describeStatement } from '../../client/src/warehouse/snowflake-on-duckdb/query-history';
import { UPDATE_FROM_UNCOUNTED } from '../../client/src/warehouse/snowflake-on-duckdb/update-join-counts';
import { nameCaseCatalogOf } from '../../client/src/warehouse/snowflake-on-duckdb/name-case-catalog';
import { Catalogs, quoteIdent } from './catalogs';
import { column, encodeReader, literalResult, type WireResult } from './encode';
import { SnowflakeError, lineAndPosition, snowflakeErrorOf } from './errors';
import { intercept } from './intercepts';
import type { QueryRegistry } from './queries';
import type { GrantRegistry } from './grants';
import { MACRO_PREFIX, SESSION_FUNCTIONS, rewriteForSession, withoutSessionMacros } from './rewrite';
import { Words, displayName } from './statement-words';

/** Snowflake's statementTypeId values the driver looks at. */
export const STATEMENT_TYPE = {
  select: 0x1000,
  insert: 0x3100,
  update: 0x3200,
  delete: 0x3300,
  merge: 0x3400,
  session: 0x4000,
  transaction: 0x5000,
  ddl: 0x6000,
} as const;

export interface StatementResult extends WireResult {
  statementTypeId: number;
  queryId: string;
}

/** One bind as the driver sends it: `{type:"FIXED", value:"2"}`. */
export interface WireBind {
  type: string;
  value: string | null | (string | null)[];
}

export interface SessionInit {
  id: number;
  user: string;
  database?: string;
  schema?: string;
  warehouse?: string;
  role?: string;
  params: Record<string, string>;
  /** The emulator's record of every statement, shared by all sessions. */
  queries: QueryRegistry;
  /** The privileges granted on objects, shared by all sessions. */
  grants: GrantRegistry;
}

const MAX_STORED_RESULTS = 200;

export function statusResult(message: string, statementTypeId: number = STATEMENT_TYPE.ddl): Omit<StatementResult, 'queryId'> {
  return { ...literalResult([column('status', 'text')], [[message]]), statementTypeId };
}

export class Session {
  readonly id: number;
  readonly token = randomUUID();
  readonly masterToken = randomUUID();
  readonly user: string;
  database: string | null = null;
  schema: string | null = null;
  warehouse: string | null;
  role: string | null;
  readonly params = new Map<string, string>();
  alive = true;
  readonly queries: QueryRegistry;
  readonly grants: GrantRegistry;
  private readonly results = new Map<string, StatementResult>();
  private queue: Promise<unknown> = Promise.resolve();
  // `interrupted`: a cancel arrived while this statement ran; DuckDB's interrupt may have hit a preparatory query (the
  // plan check) instead of the statement itself, so the statement checks it before it runs.
  private running: { requestId: string; queryId: string; interrupted?: boolean } | null = null;
  private readonly cancelled = new Set<string>();

  private constructor(
    readonly conn: DuckDBConnection,
    readonly catalogs: Catalogs,
    init: SessionInit,
  ) {
    this.id = init.id;
    this.user = init.user;
    this.queries = init.queries;
    this.grants = init.grants;
    // Unquoted names given at login are upper-cased, as Snowflake resolves them.
    this.warehouse = init.warehouse ? upperUnquoted(init.warehouse) : null;
    this.role = init.role ? upperUnquoted(init.role) : 'PUBLIC';
    for (const [k, v] of Object.entries(init.params)) this.params.set(k.toUpperCase(), v);
  }

  static async open(instance: DuckDBInstance, catalogs: Catalogs, init: SessionInit): Promise<Session> {
    const conn = await instance.connect();
    await conn.run('SET errors_as_json = true');
    await installSnowflakeShims(conn);
    const s = new Session(conn, catalogs, init);
    if (init.database) {
      const db = await catalogs.ensure(init.database);
      const schema = init.schema ? upperUnquoted(init.schema) : 'PUBLIC';
      await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(db)}.${quoteIdent(schema)}`);
      await s.use(db, schema);
    } else await s.refreshContext();
    return s;
  }

  /** Switches the current database/schema (both must exist). */
  async use(database: string, schema: string): Promise<void> {
    await this.conn.run(`USE ${quoteIdent(database)}.${quoteIdent(schema)}`);
    this.database = database.toUpperCase();
    this.schema = schema.toUpperCase();
    await this.refreshContext();
  }

  /** Re-creates the temp macros behind `current_database()` & co. with this session's values. */
  async refreshContext(): Promise<void> {
    const values: Record<(typeof SESSION_FUNCTIONS)[number], string | null> = {
      current_warehouse: this.warehouse,
      current_role: this.role,
      current_database: this.database,
      current_schema: this.schema,
      current_account: 'EMULATOR',
      current_session: String(this.id),
    };
    const lit = (v: string | null): string => (v === null ? 'CAST(NULL AS VARCHAR)' : `'${v.replace(/'/g, "''")}'`);
    const stmts = Object.entries(values).map(([fn, v]) => `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}${fn}() AS ${lit(v)}`);
    // Shadows DuckDB's own current_user(), which `CURRENT_USER` with or without parentheses calls (rewrite.ts).
    stmts.push(`CREATE OR REPLACE TEMP MACRO current_user() AS ${lit(this.user.toUpperCase())}`);
    await this.conn.run(stmts.join(';\n'));
  }

  /** Runs `fn` after everything queued before it on this session. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Cancels the statement sent with `id` (a request id or query id); true when it was running or queued. */
  cancel(id: string): boolean {
    const running = this.running;
    if (running && (running.requestId === id || running.queryId === id)) {
      running.interrupted = true;
      // DuckDB forgets an interrupt that comes before its query starts (it clears the flag as a query begins), and
      // the statement may be between two of its queries: interrupt until the statement has ended.
      const again = (): void => {
        if (this.running !== running) return;
        this.conn.interrupt();
        setTimeout(again, 10).unref();
      };
      again();
      return true;
    }
    this.cancelled.add(id);
    return false;
  }

  storedResult(queryId: string): StatementResult | undefined {
    return this.results.get(queryId);
  }

  private store(r: StatementResult): void {
    this.results.set(r.queryId, r);
    if (this.results.size > MAX_STORED_RESULTS) this.results.delete(this.results.keys().next().value as string);
  }

  /**
   * Executes the request's SQL text: one statement, or several when `multiCount` allows it (0 = any number).
   * Returns the reply for the request and, for multi-statement text, the ids of each statement's result.
   */
  async executeText(
    sqlText: string,
    bindings: Record<string, WireBind> | undefined,
    multiCount: number | undefined,
    requestId: string,
    /** The id the reply carries, when the caller has already handed it out (an async request). */
    queryId: string = randomUUID(),
  ): Promise<{ result: StatementResult; resultIds?: string[] }> {
    const statements = splitStatementsWithOffsets(sqlText);
    if (statements.length === 0) {
      throw new SnowflakeError('000900', '42000', 'SQL compilation error:\nEmpty SQL statement.');
    }
    const binds = bindings ? bindValues(bindings) : undefined;
    if (statements.length === 1 && multiCount !== undefined && multiCount > 1) {
      throw new SnowflakeError(
        '000008',
        '0A000',
        `Actual statement count 1 did not match the desired statement count ${multiCount}.`,
      );
    }
    if (statements.length === 1) {
      const r = await this.runOne(statements[0].text, binds, requestId, queryId);
      this.store(r);
      return { result: r };
    }
    if (multiCount === undefined || (multiCount !== 0 && multiCount !== statements.length)) {
      throw new SnowflakeError(
        '000008',
        '0A000',
        `Actual statement count ${statements.length} did not match the desired statement count ${multiCount ?? 1}.`,
      );
    }
    const ids: string[] = [];
    for (const s of statements) {
      try {
        const r = await this.runOne(s.text, undefined, requestId);
        this.store(r);
        ids.push(r.queryId);
      } catch (e) {
        // Report the position against the whole request text, as Snowflake does for multi-statement requests.
        if (e instanceof SnowflakeError) throw shiftPosition(e, sqlText, s.start);
        throw e;
      }
    }
    const parent: StatementResult = {
      ...literalResult([column('multiple statement execution', 'text')], [['Multiple statements executed successfully.']]),
      statementTypeId: STATEMENT_TYPE.select,
      queryId,
    };
    this.store(parent);
    return { result: parent, resultIds: ids };
  }

  private async runOne(stmt: string, binds: DuckDBValue[] | undefined, requestId: string, queryId: string = randomUUID()): Promise<StatementResult> {
    const cancelledEarly = this.cancelled.delete(requestId) || this.cancelled.delete(queryId);
    this.queries.start(queryId, stmt, this.id, () => this.cancel(queryId));
    let failure: unknown;
    this.running = { requestId, queryId };
    try {
      if (cancelledEarly) throw new SnowflakeError('000604', '57014', 'SQL execution canceled');
      const words = new Words(stmt);
      const intercepted = await intercept(this, words);
      if (intercepted) return { ...intercepted, queryId };
      await this.attachReferenced(words);
      return { ...(await this.runOnDuckDB(stmt, words, binds)), queryId };
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      this.running = null;
      this.queries.finish(queryId, failure);
    }
  }

  /** ATTACHes databases named by three-part names (and `create schema db.s`) on first use. */
  private async attachReferenced(words: Words): Promise<void> {
    const names = new Set<string>();
    const sig = words.sig;
    for (let i = 0; i < sig.length; i++) {
      if (i > 0 && sig[i - 1].kind === 'punct' && (sig[i - 1].text === '.' || sig[i - 1].text === '::')) continue;
      if (sig[i].kind !== 'word' && sig[i].kind !== 'quoted-identifier') continue;
      const { parts, next } = words.name(i);
      const isCreateSchema = words.is(0, 'create') && parts.length === 2 && words.w(i - 1) !== '' &&
        ['schema', 'exists'].includes(words.w(i - 1));
      if ((parts.length === 3 || isCreateSchema) && sig[next]?.text !== '(') {
        const db = parts[0];
        if (!db.quoted && ['information_schema', 'system', 'temp'].includes(db.value.toLowerCase())) continue;
        names.add(displayName(db));
      }
      i = Math.max(i, next - 1);
    }
    for (const n of names) await this.catalogs.ensure(n);
  }

  private async runOnDuckDB(stmt: string, words: Words, binds: DuckDBValue[] | undefined): Promise<Omit<StatementResult, 'queryId'>> {
    const pre = rewriteForSession(stmt);
    // The session's parameters the translation follows (session-state.ts), from this session's own settings.
    const mapping = (this.params.get('TIMESTAMP_TYPE_MAPPING') ?? '').toUpperCase();
    const state: SessionState = {
      timestampTypeMapping: mapping === 'TIMESTAMP_LTZ' || mapping === 'TIMESTAMP_TZ' ? mapping : 'TIMESTAMP_NTZ',
      quotedIdentifiersIgnoreCase: /^true$/i.test(this.params.get('QUOTED_IDENTIFIERS_IGNORE_CASE') ?? ''),
    };
    let outcome: StatementOutcome;
    try {
      // The statement runs as on the DuckDB target (run-statement.ts); a MERGE's rows counted per action, as Snowflake
      // answers it. Table names as Snowflake resolves them, from the emulator's catalog shared by its sessions.
      outcome = await runStatement(this.conn, pre.sql, {
        compat: true,
        state,
        // The emulator stands for Snowflake: a function only DuckDB has fails as Snowflake's unknown function.
        snowflakeFunctionsOnly: true,
        binds,
        nameCase: nameCaseCatalogOf(this.catalogs),
        cancelled: () => this.running?.interrupted === true,
        dmlResults: true,
      });
    } catch (e) {
      throw snowflakeErrorOf(e, stmt, pre.toSource);
    }
    if (outcome.kind === 'accepted') return statusResult('Statement executed successfully.', STATEMENT_TYPE.transaction);
    if (outcome.sql.trim().replace(/;\s*$/, '') === NOOP_STATEMENT) return statusResult('Statement executed successfully.', STATEMENT_TYPE.session);
    // A DML statement's result columns as the twin's query history keeps them (describeStatement): one implementation.
    const dml = dmlResult(stmt, outcome);
    // Counted before it ran, but DuckDB then counted other matches (a concurrent change): no result to give.
    if (dml === 'unknown') throw snowflakeErrorOf(new UnsupportedOnDuckDb(UPDATE_FROM_UNCOUNTED, 0), stmt, pre.toSource);
    return dml ?? this.shapeResult(outcome.reader, words);
  }

  private shapeResult(reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>, words: Words): Omit<StatementResult, 'queryId'> {
    const names = reader.columnNames();
    switch (reader.statementType) {
      case StatementType.CREATE:
      case StatementType.CREATE_FUNC:
        return statusResult(createdMessage(words));
      case StatementType.DROP:
        return statusResult(droppedMessage(words));
      case StatementType.ALTER:
      case StatementType.SET:
      case StatementType.VARIABLE_SET:
      case StatementType.ATTACH:
      case StatementType.DETACH:
        return statusResult('Statement executed successfully.');
      case StatementType.TRANSACTION:
        return statusResult('Statement executed successfully.', STATEMENT_TYPE.transaction);
      default:
        break;
    }
    // DuckDB's names are Snowflake's: unquoted names folded upper-case (identifier-case.ts), unaliased items named as
    // the client wrote them (column-names.ts), session functions included.
    const headers = names.map(withoutSessionMacros);
    return { ...encodeReader(reader, headers), statementTypeId: STATEMENT_TYPE.select };
  }

  close(): void {
    if (!this.alive) return;
    this.alive = false;
    try {
      this.conn.interrupt();
      this.conn.closeSync();
    } catch {
      // Already closed: nothing left to release.
    }
  }
}

const DML_STATEMENT_TYPES: ReadonlyMap<string, number> = new Map([
  ['INSERT', STATEMENT_TYPE.insert],
  ['UPDATE', STATEMENT_TYPE.update],
  ['DELETE', STATEMENT_TYPE.delete],
  ['MERGE', STATEMENT_TYPE.merge],
]);

/**
 * Snowflake's result of a DML statement (its counts, one NUMBER column each), from what the statement did; undefined
 * for other statements (or a DML statement with its own RETURNING), 'unknown' for a DML statement whose counts the twin
 * does not know.
 */
function dmlResult(stmt: string, outcome: Extract<StatementOutcome, { kind: 'ran' }>): Omit<StatementResult, 'queryId'> | 'unknown' | undefined {
  const { reader } = outcome;
  const names = reader.columnNames();
  // DuckDB answers INSERT / UPDATE / DELETE with its `Count` row; a MERGE's rows were counted per action as it ran.
  const counted = names.length === 1 && names[0] === 'Count';
  const merge = outcome.mergeActions ? outcome.mergeCounts : undefined;
  if (!counted && !merge) return undefined;
  const described = describeStatement({
    text: stmt,
    statementType: reader.statementType,
    rowsAffected: counted ? Number(reader.getRows()[0]?.[0] ?? 0) : reader.rowsChanged,
    merge,
    update: outcome.updateCounts,
  });
  const statementTypeId = described.type === undefined ? undefined : DML_STATEMENT_TYPES.get(described.type);
  if (statementTypeId === undefined) return undefined;
  if (!described.result) return 'unknown';
  const { columns, values } = described.result;
  return { ...literalResult(columns.map((c) => column(c, 'fixed', { nullable: false })), [values]), statementTypeId };
}

function upperUnquoted(s: string): string {
  return s.startsWith('"') ? stripQuotes(s) : s.toUpperCase();
}

function stripQuotes(s: string): string {
  return s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s;
}

function objectName(words: Words, kindIndex: number): string {
  let n = kindIndex + 1;
  if (words.is(n, 'if', 'not', 'exists')) n += 3;
  else if (words.is(n, 'if', 'exists')) n += 2;
  const { parts } = words.name(n);
  const last = parts[parts.length - 1];
  return last ? displayName(last) : '';
}

const KINDS = ['table', 'view', 'schema', 'database', 'sequence', 'macro', 'function', 'type', 'index', 'stage'];

function kindIndex(words: Words): number {
  for (let i = 1; i < Math.min(words.sig.length, 8); i++) if (KINDS.includes(words.w(i))) return i;
  return -1;
}

function createdMessage(words: Words): string {
  const k = kindIndex(words);
  if (k < 0) return 'Statement executed successfully.';
  const kind = words.w(k);
  return `${kind[0].toUpperCase()}${kind.slice(1)} ${objectName(words, k)} successfully created.`;
}

function droppedMessage(words: Words): string {
  const k = kindIndex(words);
  return k < 0 ? 'Statement executed successfully.' : `${objectName(words, k)} successfully dropped.`;
}

/** Driver binds → DuckDB values, typed like Snowflake reads them. */
function bindValues(bindings: Record<string, WireBind>): DuckDBValue[] {
  const keys = Object.keys(bindings).sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => {
    const { type, value } = bindings[k];
    if (value === null || Array.isArray(value)) return null;
    switch (type.toUpperCase()) {
      case 'FIXED':
        return /^-?\d+$/.test(value) ? BigInt(value) : Number(value);
      case 'REAL':
        return Number(value);
      case 'BOOLEAN':
        return value === 'true' || value === '1';
      default:
        return value;
    }
  });
}

function shiftPosition(e: SnowflakeError, whole: string, start: number): SnowflakeError {
  const m = /line (\d+) at position (\d+)/.exec(e.message);
  if (!m) return e;
  const stmtLine = Number(m[1]);
  const base = lineAndPosition(whole, start);
  const line = base.line + stmtLine - 1;
  const position = stmtLine === 1 ? base.position + Number(m[2]) : Number(m[2]);
  return new SnowflakeError(e.code, e.sqlState, e.message.replace(m[0], `line ${line} at position ${position}`));
}
