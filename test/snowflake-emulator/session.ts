// One Snowflake session = one DuckDB connection with the dialect shims, its own current database/schema,
// session parameters and stored results. Statements on a session run one at a time, like on Snowflake.
import { randomUUID } from 'node:crypto';
import { DuckDBConnection, DuckDBInstance, StatementType, type DuckDBValue } from '@duckdb/node-api';
import {
  NOOP_STATEMENT,
  checkMergeSourceDuplicates,
  foldUnquotedIdentifiers,
  installSnowflakeShims,
  splitStatementsWithOffsets,
  translateWithMap,
  parseDuckDbError,
  runReadingOffsetLiterals,
  runTextTypeChange,
  convertingInsert,
  textLengthViolation,
  UnsupportedOnDuckDb,
  unsupportedFromDuckDbError,
  positionInStatement,
  implicitCastRefusal,
  castingOperands,
  type TextOperand,
  convertingSetBranches,
  type StarColumns,
} from '../../client/src/warehouse/snowflake-on-duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { nameCaseCatalogOf } from '../../client/src/warehouse/snowflake-on-duckdb/name-case-catalog';
import { prepareQuotedNamesView } from '../../client/src/warehouse/snowflake-on-duckdb/quoted-names';
import { Catalogs, quoteIdent } from './catalogs';
import { column, encodeReader, literalResult, type WireResult } from './encode';
import { SnowflakeError, lineAndPosition, mapDuckError } from './errors';
import { intercept } from './intercepts';
import type { QueryRegistry } from './queries';
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
}

const MAX_STORED_RESULTS = 200;

/** A construct the emulator's DuckDB cannot run exactly, as a Snowflake compilation error with its position. */
function unsupportedError(e: UnsupportedOnDuckDb, stmt: string, offset: number): SnowflakeError {
  const { line, position } = lineAndPosition(stmt, offset);
  return new SnowflakeError('002140', '42601', `SQL compilation error:\n${e.message} line ${line} at position ${position}`);
}

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
    if (this.running && (this.running.requestId === id || this.running.queryId === id)) {
      this.running.interrupted = true;
      this.conn.interrupt();
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
    const ignoreCase = /^true$/i.test(this.params.get('QUOTED_IDENTIFIERS_IGNORE_CASE') ?? '');
    let tr: ReturnType<typeof translateWithMap>;
    try {
      tr = translateWithMap(pre.sql, { timestampTypeMapping: mapping === 'TIMESTAMP_LTZ' || mapping === 'TIMESTAMP_TZ' ? mapping : undefined }, { columnNames: true });
    } catch (e) {
      if (e instanceof UnsupportedOnDuckDb) throw unsupportedError(e, stmt, pre.toSource(e.offset));
      throw e;
    }
    // Unquoted names stored upper-case, as on Snowflake and on the DuckDB target (identifier-case.ts).
    let duck = foldUnquotedIdentifiers(tr.sql, ignoreCase).trim().replace(/;\s*$/, '');
    const toOriginal = (o: number): number => pre.toSource(tr.toSourceOffset(o));
    if (duck === NOOP_STATEMENT) return statusResult('Statement executed successfully.', STATEMENT_TYPE.session);
    const isMerge = words.is(0, 'merge');
    let countedMerge = false;
    // Table names as Snowflake resolves them (name-case.ts); the catalog is the emulator's, shared by its sessions.
    const names = nameCaseCatalogOf(this.catalogs);
    const problem = await names.problem(this.conn, pre.sql, ignoreCase).catch(() => undefined);
    if (problem?.unsupported) throw unsupportedError(new UnsupportedOnDuckDb(problem.unsupported, problem.at), stmt, pre.toSource(problem.at));
    if (problem?.missing) throw new SnowflakeError('002003', '42S02', `SQL compilation error:\n${problem.missing}`);
    if (problem?.invalid) {
      const { line, position } = lineAndPosition(stmt, pre.toSource(problem.at));
      throw new SnowflakeError('000904', '42000', `SQL compilation error: error line ${line} at position ${position}\n${problem.invalid}`);
    }
    // Text into a BINARY column is read as hex, values into a TIMESTAMP_TZ column converted (insert-conversions.ts).
    const converted = binds ? undefined : await convertingInsert(this.conn, duck).catch(() => undefined);
    if (converted) duck = converted.sql;
    // As DuckDbSession does: a VARCHAR DuckDB would parse into a VARIANT is refused by name, and a VARIANT operand of a
    // function taking text is cast to VARCHAR as Snowflake casts it (variant-implicit-cast.ts, variant-text-operands.ts).
    if (!binds) {
      let starColumns: StarColumns = { columns: [] };
      // Checked again after conversions that may settle a refusal, as DuckDbSession does (3 passes at most).
      for (let pass = 0; ; pass++) {
        const textOperands: TextOperand[] = [];
        starColumns = { columns: [] };
        const refused = await implicitCastRefusal(this.conn, duck, textOperands, starColumns);
        if (refused && (!textOperands.length || pass >= 3)) throw unsupportedError(new UnsupportedOnDuckDb(refused.construct, toOriginal(refused.offset)), stmt, toOriginal(refused.offset));
        if (textOperands.length) duck = castingOperands(duck, textOperands).sql;
        if (!refused) break;
      }
      // A set-operation column VARCHAR beside a VARIANT branch (variant-set-branches.ts).
      if (starColumns.columns.length) {
        const star = await convertingSetBranches(this.conn, duck, starColumns.columns);
        if (star instanceof UnsupportedOnDuckDb) throw unsupportedError(star, stmt, toOriginal(star.offset));
        duck = star.sql;
      }
    }
    if (this.running?.interrupted) throw new SnowflakeError('000604', '57014', 'SQL execution canceled');
    try {
      if (isMerge) {
        await checkMergeSourceDuplicates(this.conn, duck);
        if (words.find(0, 'returning') < 0) {
          duck += ' RETURNING merge_action';
          countedMerge = true;
        }
      }
      // INFORMATION_SCHEMA.TABLES/COLUMNS join the record of quoted lower-case names (information-schema.ts).
      await prepareQuotedNamesView(this.conn, duck);
      const reader =
        (binds ? undefined : await runTextTypeChange(this.conn, duck)) ??
        (await runReadingOffsetLiterals(this.conn, duck, (text) => (binds ? this.conn.runAndReadAll(text, binds) : this.conn.runAndReadAll(text))));
      await names.ran(this.conn, pre.sql, { ignoreCase });
      return this.shapeResult(reader, words, countedMerge);
    } catch (e) {
      if (e instanceof WarehouseError) {
        throw new SnowflakeError(e.details.code ?? '100090', e.details.sqlState ?? '42P18', e.message);
      }
      if (e instanceof SnowflakeError) throw e;
      const parsed = parseDuckDbError(e instanceof Error ? e.message : String(e));
      parsed.position = positionInStatement(parsed, duck);
      const unsupported = unsupportedFromDuckDbError(parsed, pre.sql, tr.toSourceOffset);
      if (unsupported) throw unsupportedError(unsupported, stmt, pre.toSource(unsupported.offset));
      const tooLong = textLengthViolation(parsed.message);
      if (tooLong !== undefined) throw new SnowflakeError('100078', '22000', tooLong);
      throw mapDuckError(e, stmt, toOriginal);
    }
  }

  private shapeResult(
    reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>,
    words: Words,
    countedMerge: boolean,
  ): Omit<StatementResult, 'queryId'> {
    const names = reader.columnNames();
    const isCount = names.length === 1 && names[0] === 'Count';
    const count = (): number => (isCount ? Number(reader.getRows()[0]?.[0] ?? 0) : reader.rowsChanged);
    const dml = (cols: string[], values: number[], statementTypeId: number): Omit<StatementResult, 'queryId'> => ({
      ...literalResult(cols.map((c) => column(c, 'fixed', { nullable: false })), [values]),
      statementTypeId,
    });
    switch (reader.statementType) {
      case StatementType.INSERT:
        if (isCount) return dml(['number of rows inserted'], [count()], STATEMENT_TYPE.insert);
        break;
      case StatementType.UPDATE:
        if (isCount) {
          return dml(['number of rows updated', 'number of multi-joined rows updated'], [count(), 0], STATEMENT_TYPE.update);
        }
        break;
      case StatementType.DELETE:
        if (isCount) return dml(['number of rows deleted'], [count()], STATEMENT_TYPE.delete);
        break;
      case StatementType.MERGE_INTO: {
        if (!countedMerge && !isCount) break;
        const tally = { INSERT: 0, UPDATE: 0, DELETE: 0 };
        if (countedMerge) for (const [a] of reader.getRows()) tally[String(a) as keyof typeof tally] += 1;
        const cols: string[] = [];
        const values: number[] = [];
        const hasInsert = words.find(0, 'not', 'matched') >= 0 || words.find(0, 'then', 'insert') >= 0;
        const hasUpdate = words.find(0, 'then', 'update') >= 0;
        const hasDelete = words.find(0, 'then', 'delete') >= 0;
        if (!countedMerge) tally.INSERT = count();
        if (hasInsert || !countedMerge) cols.push('number of rows inserted'), values.push(tally.INSERT);
        if (hasUpdate && countedMerge) cols.push('number of rows updated'), values.push(tally.UPDATE);
        if (hasDelete && countedMerge) cols.push('number of rows deleted'), values.push(tally.DELETE);
        return dml(cols, values, STATEMENT_TYPE.merge);
      }
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
