// The embedded DuckDB warehouse (@duckdb/node-api). One DuckDBInstance per target; each session is its own
// connection with the Snowflake shims installed, so Snowflake-flavoured models run offline.
import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBDecimalValue,
  type DuckDBDecimalType,
  type DuckDBType,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { ColumnDef, RelationName, RelationType, TargetConfig } from '../../../server/src/core/types';
import {
  changesSessionState,
  DEFAULT_SESSION_STATE,
  SESSION_STATE_QUERY,
  sessionStateOf,
  type SessionState,
  installSnowflakeShims,
  parseDuckDbError,
  splitStatementsWithOffsets,
  toPlainValue,
  translateSnowflakeSql,
  UNSUPPORTED_CODE,
  UnsupportedOnDuckDb,
  runStatement,
  StatementCancelled,
  SnowflakeNameError,
  DuckDbStatementError,
  type StatementOutcome,
} from './snowflake-on-duckdb';
import { twinCatalogFile, twinInfo } from '../../../server/src/project/profiles';
import { twinModelAt, twinSourceAt } from '../../../server/src/project/twin';
import { waitForFileLock } from './file-lock';
import { hasJsonOrMap, holdsTimestampTz, RESULT_TIMESTAMP_TZ_IN_VARIANT, semiStructuredCell } from './snowflake-on-duckdb/semi-structured-values';
import { nameCaseCatalogOf, type NameCaseCatalog } from './snowflake-on-duckdb/name-case-catalog';
import { currentNames, runStageStatement } from './snowflake-on-duckdb/stage-run';
import { runExternalTableStatement } from './snowflake-on-duckdb/external-table-run';
import { followTableChange } from './snowflake-on-duckdb/load-history';
import { qualifiedTemporaryObject, type SessionObject } from './snowflake-on-duckdb/session-temporary-tables';
import { describeStatement, QueryHistoryLog, snowflakeQueryId } from './snowflake-on-duckdb/query-history';
import { missingCatalog } from '../../../server/src/core/sql/snowflake-on-duckdb/qualified-function';
import { isTimestampTzStruct, timestampTzCell } from './snowflake-on-duckdb/timestamp-tz-values';
import { leaseInstance, type InstanceLease } from './shared-instance';
import { dottedNameAt, opensAsItsName, twinCatalogs, twinMissingTableAdvice } from './twin';
import {
  WarehouseError,
  type ExecuteOptions,
  type QueryColumn,
  type QueryResult,
  type Warehouse,
  type WarehouseSession,
} from './warehouse';

export interface DuckDbWarehouseOptions {
  /** Translate Snowflake SQL and install the shims (default true). */
  snowflakeCompat?: boolean;
  /** Folder that relative `path`/`attach` paths are resolved against (default: the current directory). */
  baseDir?: string;
  /** Seconds to wait for a database file another process holds (default 0: fail at once). */
  lockTimeoutSeconds?: number;
  /** Told when opening has to wait for another process's file lock. */
  onLockWait?: (message: string) => void;
  /**
   * Refuse calls of functions DuckDB has and Snowflake does not, as Snowflake fails them (default: on for the local
   * twin, whose SQL is a Snowflake project's; off for a `type: duckdb` target, whose dbt macros write DuckDB SQL).
   */
  snowflakeFunctionsOnly?: boolean;
}

export interface DuckDbAttachment {
  path: string;
  alias?: string;
  read_only?: boolean;
  type?: string;
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const relationSql = (r: RelationName): string =>
  [r.database, r.schema, r.identifier].filter((p) => p).map(quoteIdent).join('.');

function isInMemory(path: string): boolean {
  return path === ':memory:' || path.startsWith(':memory:');
}

/** dbt-duckdb's rule: the database is named after the file (without extension); `memory` in memory. */
export function duckDbDatabaseName(path: string): string {
  if (isInMemory(path)) return path.length > ':memory:'.length ? path.slice(':memory:'.length) : 'memory';
  return basename(path, extname(path));
}

/** Catalog names DuckDB keeps for itself (attaching a file under one fails, or breaks the instance). */
const DUCKDB_OWN_CATALOGS = new Set(['system', 'temp', 'memory']);

/** What to do when SQL names a catalog the DuckDB target does not have (a Snowflake database, usually). */
function missingCatalogAdvice(target: TargetConfig, twinDir: string | undefined): (catalog: string) => string {
  if (twinDir) {
    return (catalog) =>
      `Database ${catalog} is not one the project names, so the local twin has no catalog for it. Name it as a ` +
      `source's \`database:\` or a model's \`database\` config, or create the catalog file ${join(twinDir, twinCatalogFile(catalog))}.`;
  }
  return (catalog) =>
    `Database ${catalog} does not exist on DuckDB target '${target.name}'. If it is a Snowflake database, run with ` +
    `--target local (a DuckDB catalog for each database the project names), or attach a DuckDB file as ${catalog} ` +
    `in profiles.yml (attach: [{path: ${catalog}.duckdb, alias: ${catalog}}]).`;
}


/** Where `catalog.` first appears in `sql` as a name (DuckDB gives no position for this error). */
function catalogOffset(sql: string, catalog: string): number | undefined {
  const name = catalog.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\w$".])("${name}"|${name})\\s*\\.`, 'i').exec(sql);
  return m ? m.index : undefined;
}

function asAttachments(value: unknown): DuckDbAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new WarehouseError('profiles.yml: `attach` must be a list of {path, alias, read_only} entries.');
  return value.map((a, i) => {
    if (typeof a === 'string') return { path: a };
    if (a && typeof a === 'object' && typeof (a as { path?: unknown }).path === 'string') return a as DuckDbAttachment;
    throw new WarehouseError(`profiles.yml: attach entry #${i + 1} needs a \`path\` string.`);
  });
}

function asExtensions(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new WarehouseError('profiles.yml: `extensions` must be a list of extension names.');
  return value.map((e) => (typeof e === 'string' ? e : String((e as { name?: unknown })?.name ?? '')));
}

/** Opens (or creates) the target's DuckDB database. */
export async function createDuckDbWarehouse(
  target: TargetConfig,
  options: DuckDbWarehouseOptions = {},
): Promise<DuckDbWarehouse> {
  const base = options.baseDir ?? process.cwd();
  const rawPath = typeof target.path === 'string' && target.path ? target.path : ':memory:';
  const path = isInMemory(rawPath) || isAbsolute(rawPath) ? rawPath : resolve(base, rawPath);
  if (!isInMemory(path)) mkdirSync(dirname(path), { recursive: true });

  const settings: Record<string, string> = {};
  const rawSettings = target.settings;
  if (rawSettings && typeof rawSettings === 'object') {
    for (const [k, v] of Object.entries(rawSettings as Record<string, unknown>)) settings[k] = String(v);
  }

  const lockWait = { timeoutSeconds: options.lockTimeoutSeconds ?? 0, onWait: options.onLockWait };
  // The twin's main catalog is the target's file; the other databases are attached under their names. A main
  // file DuckDB would name otherwise (an escaped name) is attached too, to an in-memory main database.
  const twin = twinCatalogs(target);
  const attachMain = twin !== undefined && !opensAsItsName(twin[0]);
  const reserved = twin?.find((c) => DUCKDB_OWN_CATALOGS.has(c.name.toLowerCase()));
  if (reserved) {
    throw new WarehouseError(
      `Database ${reserved.name} cannot be a catalog on the local twin: DuckDB keeps the name '${reserved.name.toLowerCase()}' for its own. ` +
        'Name the database differently on local (e.g. with an env_var() or var() in its `database:`), or run on a Snowflake target.',
      { code: 'bronze/twin-reserved-name' },
    );
  }
  const openInstance = (): Promise<DuckDBInstance> => waitForFileLock(path, () => DuckDBInstance.create(attachMain ? ':memory:' : path, settings), lockWait);
  let lease: InstanceLease;
  try {
    if (isInMemory(path)) {
      // Each in-memory database is its own: nothing to share.
      const own = await openInstance();
      lease = { instance: own, opened: true, release: () => own.closeSync() };
    } else lease = await leaseInstance(path, openInstance);
  } catch (e) {
    if (e instanceof WarehouseError) throw e;
    const raw = (e as Error).message;
    throw new WarehouseError(`Could not open DuckDB database ${path}: ${parseDuckDbError(raw).message}. Check the target's \`path\` and \`settings\` in profiles.yml.`);
  }

  const instance = lease.instance;
  const warehouse = new DuckDbWarehouse(instance, path, twin ? twin[0].name : duckDbDatabaseName(path), options.snowflakeCompat ?? true);
  warehouse.releaseInstance = () => lease.release();
  warehouse.missingCatalogAdvice = missingCatalogAdvice(target, twinInfo(target)?.dir);
  if (twin) warehouse.missingTableAdvice = (parts) => twinMissingTableAdvice(twin, parts, twinSourceAt(target, parts), twinModelAt(target, parts));
  warehouse.twinDir = twinInfo(target)?.dir;
  warehouse.snowflakeFunctionsOnly = options.snowflakeFunctionsOnly ?? warehouse.twinDir !== undefined;
  try {
    const setup = await instance.connect();
    try {
      for (const c of (attachMain ? twin : twin?.slice(1)) ?? []) {
        mkdirSync(dirname(c.file), { recursive: true });
        try {
          await waitForFileLock(c.file, () => setup.run(`ATTACH IF NOT EXISTS ${quoteLiteral(c.file)} AS ${quoteIdent(c.name)}`), lockWait);
        } catch (e) {
          if (e instanceof WarehouseError) throw e;
          throw new WarehouseError(`Could not open the local twin's catalog ${c.name} (${c.file}): ${parseDuckDbError((e as Error).message).message}. Delete the file to start it afresh.`);
        }
      }
      for (const a of asAttachments(target.attach)) {
        const p = isInMemory(a.path) || isAbsolute(a.path) || /^[a-z]+:\/\//i.test(a.path) ? a.path : resolve(base, a.path);
        const alias = a.alias ?? duckDbDatabaseName(p);
        const opts = [a.read_only ? 'READ_ONLY' : '', a.type ? `TYPE ${a.type}` : ''].filter(Boolean).join(', ');
        if (!isInMemory(p) && !a.read_only && !/^[a-z]+:\/\//i.test(p)) mkdirSync(dirname(p), { recursive: true });
        try {
          await waitForFileLock(p, () => setup.run(`ATTACH IF NOT EXISTS ${quoteLiteral(p)} AS ${quoteIdent(alias)}${opts ? ` (${opts})` : ''}`), lockWait);
        } catch (e) {
          if (e instanceof WarehouseError) throw e;
          const raw = (e as Error).message;
          throw new WarehouseError(`Could not attach ${p} as ${alias}: ${parseDuckDbError(raw).message}. Check the \`attach\` entry in profiles.yml.`);
        }
      }
      for (const ext of asExtensions(target.extensions)) {
        try {
          // LOAD only: INSTALL would download, and Bronze must work offline.
          await setup.run(`LOAD ${quoteIdent(ext)}`);
        } catch (e) {
          throw new WarehouseError(
            `DuckDB extension '${ext}' is not available offline (${parseDuckDbError((e as Error).message).message}). ` +
              `Install it once while online (e.g. \`duckdb -c "INSTALL ${ext}"\`) or remove it from \`extensions\` in profiles.yml.`,
          );
        }
      }
      if (target.schema) await setup.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(warehouse.databaseName)}.${quoteIdent(target.schema)}`);
    } finally {
      setup.closeSync();
    }
  } catch (e) {
    lease.release();
    throw e;
  }
  warehouse.defaultSchema = target.schema || undefined;
  return warehouse;
}

export class DuckDbWarehouse implements Warehouse {
  readonly type = 'duckdb' as const;
  /** Schema that new sessions `USE` (the target's schema). */
  defaultSchema?: string;
  /** The error text for SQL naming a catalog this database lacks (a Snowflake database, usually). */
  missingCatalogAdvice?: (catalog: string) => string;
  /** What to add to DuckDB's "table does not exist" for a `database.schema.table` name (the twin's file). */
  missingTableAdvice?: (parts: string[]) => string | undefined;
  /** Lets go of the instance, which other warehouses on the same file in this process may share. */
  releaseInstance?: () => void;
  /** The local twin's folder, where its internal stages and file formats live (stage-files.ts); unset off the twin. */
  twinDir?: string;
  /** Calls of DuckDB-only functions are refused (DuckDbWarehouseOptions.snowflakeFunctionsOnly). */
  snowflakeFunctionsOnly = false;
  private readonly sessions = new Set<DuckDbSession>();
  private closed = false;

  constructor(
    readonly instance: DuckDBInstance,
    /** The database file (absolute) or `:memory:`. */
    readonly path: string,
    /** The catalog name DuckDB gives the main database (file name without extension). */
    readonly databaseName: string,
    readonly snowflakeCompat: boolean,
  ) {}

  async openSession(): Promise<DuckDbSession> {
    if (this.closed) throw new WarehouseError('The DuckDB warehouse is closed.');
    const connection = await this.instance.connect();
    await connection.run('SET errors_as_json = true');
    if (this.snowflakeCompat) await installSnowflakeShims(connection);
    if (this.defaultSchema) await connection.run(`USE ${quoteIdent(this.databaseName)}.${quoteIdent(this.defaultSchema)}`);
    const session = new DuckDbSession(connection, this.snowflakeCompat, this.databaseName, () => this.sessions.delete(session), nameCaseCatalogOf(this.instance));
    session.missingCatalogAdvice = this.missingCatalogAdvice;
    session.missingTableAdvice = this.missingTableAdvice;
    session.twinDir = this.twinDir;
    session.snowflakeFunctionsOnly = this.snowflakeFunctionsOnly;
    this.sessions.add(session);
    return session;
  }

  /** `create schema if not exists` (database defaults to the main database). */
  async createSchemaIfNotExists(schema: string, database: string = this.databaseName): Promise<void> {
    const connection = await this.instance.connect();
    try {
      await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(database)}.${quoteIdent(schema)}`);
    } catch (e) {
      throw new WarehouseError(`Could not create schema ${database}.${schema}: ${parseDuckDbError((e as Error).message).message}`);
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.sessions]) await s.close();
    if (this.releaseInstance) this.releaseInstance();
    else this.instance.closeSync();
  }
}

function columnsOf(reader: DuckDBResultReader): QueryColumn[] {
  const out: QueryColumn[] = [];
  for (let i = 0; i < reader.columnCount; i++) {
    const alias = reader.columnLogicalType(i).alias;
    const type = alias ?? reader.columnType(i).toString();
    out.push({ name: reader.columnName(i), type: isTimestampTzStruct(type) ? 'TIMESTAMP_TZ' : type });
  }
  return out;
}

const COUNTED = new Set<number>([2, 3, 5, 7, 30]); // INSERT, UPDATE, DELETE, CREATE (CTAS), MERGE_INTO

function toDuckValue(v: unknown): DuckDBValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof Date) return new DuckDBTimestampValue(BigInt(v.getTime()) * 1000n);
  return JSON.stringify(v);
}

/** Offset → 1-based line and column in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** A Snowflake construct the DuckDB target cannot run exactly, located in the text the user wrote. */
export function unsupportedError(e: UnsupportedOnDuckDb, sql: string, stmtStart: number, stmtSql: string, queryId: string): WarehouseError {
  const { line, column } = lineColumn(sql, stmtStart + e.offset);
  return new WarehouseError(`${e.message} (line ${line}, column ${column})`, { code: UNSUPPORTED_CODE, line, column, sql: stmtSql, queryId });
}

export class DuckDbSession implements WarehouseSession {
  private closed = false;
  /** The session parameters translation follows (session-state.ts), as the connection's variables hold them. */
  private state: SessionState = DEFAULT_SESSION_STATE;
  missingCatalogAdvice?: (catalog: string) => string;
  missingTableAdvice?: (parts: string[]) => string | undefined;
  /** The local twin's folder: stage statements run against its stage folders (stage-run.ts). */
  twinDir?: string;
  /** Calls of DuckDB-only functions are refused (DuckDbWarehouseOptions.snowflakeFunctionsOnly). */
  snowflakeFunctionsOnly = false;
  /**
   * The statements this session ran for the user, as Snowflake's QUERY_HISTORY_BY_SESSION, RESULT_SCAN and
   * LAST_QUERY_ID read them (query-history.ts): kept with the Snowflake dialect layer, for statements not run `native`.
   */
  readonly history = new QueryHistoryLog();
  /** Snowflake temporary tables and views the twin created as regular ones: dropped when the session closes. */
  private readonly temporaryObjects = new Map<string, SessionObject>();

  constructor(
    readonly connection: DuckDBConnection,
    readonly snowflakeCompat: boolean,
    readonly databaseName: string,
    private readonly onClose: () => void,
    /** Table names as DuckDB stores them, for Snowflake's case rules (name-case.ts). */
    private readonly nameCase?: NameCaseCatalog,
  ) {}

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    if (this.closed) throw new WarehouseError('This DuckDB session is closed.', { sql });
    const { signal } = options;
    const statements = splitStatementsWithOffsets(sql);
    let result: QueryResult = { columns: [], rows: [] };
    let rowsAffected: number | undefined;
    // DuckDB forgets an interrupt that comes before its query starts: interrupt until these statements have ended.
    let ended = false;
    const onAbort = (): void => {
      if (ended) return;
      this.connection.interrupt();
      setTimeout(onAbort, 10).unref();
    };
    signal?.addEventListener('abort', onAbort);
    try {
      for (const stmt of statements) {
        const queryId = snowflakeQueryId();
        if (signal?.aborted) throw new WarehouseError('Query cancelled.', { cancelled: true, sql: stmt.text, queryId });
        const start = new Date();
        const logged = this.snowflakeCompat && !options.native;
        // Every statement keeps its id (LAST_QUERY_ID counts failed ones too); what it did is added when it ran.
        const log = (what: Parameters<typeof describeStatement>[0] | undefined): void => {
          if (logged) this.history.add({ queryId, text: stmt.text, start, end: new Date(), ...(what ? describeStatement(what) : {}) });
        };
        // A stage statement on the twin runs against the stage's folder (stage-run.ts).
        if (this.snowflakeCompat && !options.native && this.twinDir) {
          const staged = await this.runStaged(sql, stmt, queryId, signal).catch((e: unknown) => {
            log(undefined);
            throw e;
          });
          if (staged) {
            log(undefined);
            result = staged;
            if (staged.rowsAffected !== undefined) rowsAffected = staged.rowsAffected;
            continue;
          }
        }
        let outcome: StatementOutcome;
        try {
          outcome = await runStatement(this.connection, stmt.text, {
            compat: this.snowflakeCompat,
            native: options.native,
            snowflakeFunctionsOnly: this.snowflakeFunctionsOnly,
            state: this.state,
            binds: options.binds && statements.length === 1 ? options.binds.map(toDuckValue) : undefined,
            nameCase: this.nameCase,
            maxRows: options.maxRows,
            cancelled: () => signal?.aborted === true,
            history: logged ? this.history : undefined,
          });
        } catch (e) {
          log(undefined);
          throw await this.statementError(e, sql, stmt, queryId);
        }
        if (outcome.kind === 'accepted') {
          log(undefined);
          result = { columns: [{ name: 'status', type: 'VARCHAR' }], rows: [{ status: 'Statement executed successfully.' }], queryId };
          continue;
        }
        const { reader } = outcome;
        if (logged) {
          const temporary = qualifiedTemporaryObject(stmt.text);
          if (temporary) this.temporaryObjects.set(`${temporary.kind} ${temporary.name}`, temporary);
        }
        // TRUNCATE, CREATE, DROP, RENAME or SWAP of a table: its COPY load metadata follows (load-history.ts).
        if (this.twinDir) await followTableChange(this.twinDir, stmt.text, () => currentNames(this.connection));
        if (this.snowflakeCompat && changesSessionState(outcome.sql)) {
          this.state = sessionStateOf((await this.connection.runAndReadAll(SESSION_STATE_QUERY)).getRows()[0]);
        }
        const columns = columnsOf(reader);
        // JSON parsed and OBJECT (a MAP) as a plain object, as Snowflake's driver gives VARIANT/OBJECT/ARRAY values.
        const types = reader.columnTypes();
        const semi = types.map(hasJsonOrMap);
        const tz = columns.map((c) => c.type === 'TIMESTAMP_TZ');
        const names = reader.deduplicatedColumnNames();
        // A MERGE run with RETURNING merge_action for its per-action counts answers its total as DuckDB's MERGE does.
        const tallied = outcome.mergeActions ? outcome.mergeCounts : undefined;
        const read = tallied ? [[BigInt(tallied.inserted + tallied.updated + tallied.deleted)]] : reader.getRows();
        if (tallied) {
          columns.splice(0, columns.length, { name: 'Count', type: 'BIGINT' });
          names.splice(0, names.length, 'Count');
        }
        const truncated = options.maxRows !== undefined && read.length > options.maxRows;
        let tzInVariant = false;
        const rows = (truncated ? read.slice(0, options.maxRows) : read).map((r) => {
          const o: Record<string, unknown> = {};
          r.forEach((v, i) => {
            o[names[i]] = tz[i] ? timestampTzCell(v) : semi[i] ? semiStructuredCell(v, types[i]) : toPlainValue(v);
            if (semi[i] && !tzInVariant) tzInVariant = holdsTimestampTz(o[names[i]]);
          });
          return o;
        });
        // A TIMESTAMP_TZ in a VARIANT would show the twin's struct: refused by name, at the statement.
        if (tzInVariant) log(undefined);
        if (tzInVariant) throw await this.statementError(new UnsupportedOnDuckDb(RESULT_TIMESTAMP_TZ_IN_VARIANT, 0), sql, stmt, queryId);
        let affected: number | undefined;
        if (COUNTED.has(reader.statementType)) {
          const counted = columns.length === 1 && columns[0].name === 'Count' && rows.length === 1;
          // Plain DDL (CREATE without AS) reports no count; CTAS reports its rows in a `Count` row.
          affected = counted ? Number(rows[0].Count) : reader.statementType === 7 ? undefined : reader.rowsChanged;
          if (affected !== undefined) rowsAffected = affected;
        }
        log({ text: stmt.text, statementType: reader.statementType, rowsAffected: affected, merge: outcome.mergeCounts, update: outcome.updateCounts, rowsReturned: truncated ? undefined : rows.length });
        result = { columns, rows, queryId, ...(affected !== undefined ? { rowsAffected: affected } : {}), ...(options.maxRows !== undefined ? { truncated } : {}) };
      }
    } finally {
      ended = true;
      signal?.removeEventListener('abort', onAbort);
    }
    // For `begin; merge …; commit;` the count of interest is the DML's, not the COMMIT's.
    if (result.rowsAffected === undefined && rowsAffected !== undefined) result.rowsAffected = rowsAffected;
    return result;
  }

  /** A failure of `runStatement` as the WarehouseError the user sees, located in `sql` (the text `execute` got). */
  private async statementError(e: unknown, sql: string, stmt: { text: string; start: number }, queryId: string): Promise<unknown> {
    if (e instanceof UnsupportedOnDuckDb) return unsupportedError(e, sql, stmt.start, stmt.text, queryId);
    if (e instanceof StatementCancelled) return new WarehouseError('Query cancelled.', { cancelled: true, sql: stmt.text, queryId });
    if (e instanceof WarehouseError) return new WarehouseError(e.message, { ...e.details, sql: stmt.text, queryId });
    if (e instanceof SnowflakeNameError) {
      const { line, column } = lineColumn(sql, stmt.start + e.offset);
      return new WarehouseError(`SQL compilation error: ${e.message} (line ${line}, column ${column})`, { code: e.code, line, column, sql: stmt.text, queryId });
    }
    if (!(e instanceof DuckDbStatementError)) return e;
    const { parsed } = e;
    const details: WarehouseError['details'] = { code: parsed.subtype ?? parsed.type, sql: stmt.text, queryId };
    let where = '';
    if (parsed.position !== undefined) {
      const { line, column } = lineColumn(sql, stmt.start + parsed.position);
      details.line = line;
      details.column = column;
      where = ` (line ${line}, column ${column})`;
    }
    if (e.snowflake) return new WarehouseError(`${e.snowflake.message}${where}`, details);
    const catalog = missingCatalog(parsed.message);
    if (catalog !== undefined && this.missingCatalogAdvice) {
      const at = parsed.position === undefined ? catalogOffset(stmt.text, catalog) : undefined;
      if (at !== undefined) {
        const { line, column } = lineColumn(sql, stmt.start + at);
        details.line = line;
        details.column = column;
        where = ` (line ${line}, column ${column})`;
      }
      return new WarehouseError(`${this.missingCatalogAdvice(catalog)}${where}`, { ...details, code: 'bronze/unknown-database' });
    }
    const missingTable = this.missingTableAdvice && parsed.position !== undefined && /^Table with name .* does not exist/.test(parsed.message);
    const advice = missingTable ? this.missingTableAdvice?.(await this.qualified(dottedNameAt(stmt.text, parsed.position!))) : undefined;
    // With the advice, DuckDB's "Did you mean …?" (a table of some other schema or database) only misleads.
    const message = advice ? parsed.message.replace(/\s*Did you mean "[^"]*"\??\s*$/, '') : parsed.message;
    return new WarehouseError(`${parsed.type} Error: ${message}${advice ? ` ${advice}` : ''}${where}`, details);
  }

  /**
   * A relation name as written, completed with the session's current database (and schema) as DuckDB resolves it:
   * a model's hand-written `bronze.fifa_metadata` is a table of the current database, as on Snowflake.
   */
  private async qualified(parts: string[]): Promise<string[]> {
    if (parts.length === 0 || parts.length >= 3) return parts;
    // In a failed transaction DuckDB answers nothing more: the name stays as written (and gets no advice).
    const current = await this.connection
      .runAndReadAll('select current_database(), current_schema()')
      .then((r) => r.getRows()[0])
      .catch(() => undefined);
    if (!current) return parts;
    return parts.length === 2 ? [String(current[0]), ...parts] : [String(current[0]), String(current[1]), ...parts];
  }

  /** Runs `stmt` when it is a stage statement; its errors located at the statement (or the construct refused). */
  private async runStaged(sql: string, stmt: { text: string; start: number }, queryId: string, signal: AbortSignal | undefined): Promise<QueryResult | undefined> {
    try {
      const ctx = { twinDir: this.twinDir!, connection: this.connection, execute: (s: string) => this.execute(s, { signal }) };
      const staged = (await runExternalTableStatement(stmt.text, ctx)) ?? (await runStageStatement(stmt.text, ctx));
      return staged && { ...staged, queryId };
    } catch (e) {
      if (e instanceof UnsupportedOnDuckDb) throw unsupportedError(e, sql, stmt.start, stmt.text, queryId);
      if (e instanceof WarehouseError && !e.details.cancelled && e.details.line === undefined) {
        const { line, column } = lineColumn(sql, stmt.start + (stmt.text.length - stmt.text.trimStart().length));
        throw new WarehouseError(`${e.message} (line ${line}, column ${column})`, { ...e.details, line, column, sql: stmt.text, queryId });
      }
      throw e;
    }
  }

  private async lookup(relation: RelationName, sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql, [
      relation.database || this.databaseName,
      relation.schema,
      relation.identifier,
    ]);
    const names = reader.columnNames();
    return reader.getRows().map((r) => Object.fromEntries(r.map((v, i) => [names[i], toPlainValue(v)])));
  }

  async relationType(relation: RelationName): Promise<RelationType | null> {
    const rows = await this.lookup(
      relation,
      'SELECT table_type FROM information_schema.tables WHERE lower(table_catalog) = lower($1) ' +
        'AND lower(table_schema) = lower($2) AND lower(table_name) = lower($3)',
    );
    if (!rows.length) return null;
    return rows[0].table_type === 'VIEW' ? 'view' : 'table';
  }

  async describe(relation: RelationName): Promise<ColumnDef[]> {
    const rows = await this.lookup(
      relation,
      'SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_catalog) = lower($1) ' +
        'AND lower(table_schema) = lower($2) AND lower(table_name) = lower($3) ORDER BY ordinal_position',
    );
    if (!rows.length) {
      const name = [relation.database || this.databaseName, relation.schema, relation.identifier].join('.');
      throw new WarehouseError(`Relation ${name} does not exist (or has no columns) in DuckDB. Run the model that creates it first.`);
    }
    return rows.map((r) => ({ name: String(r.column_name), dataType: String(r.data_type) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Snowflake drops a session's temporary tables with it (session-temporary-tables.ts); a failure to drop one (its
    // transaction aborted, the table already gone) leaves nothing the session could still do about it.
    for (const o of this.temporaryObjects.values()) await this.execute(`drop ${o.kind} if exists ${o.name}`).catch(() => undefined);
    this.closed = true;
    this.connection.closeSync();
    this.onClose();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Bulk loading

type AppendFn = (a: DuckDBAppender, v: unknown) => void;
/** Converts a JS value to the DuckDBValue a data-chunk column of one type expects. */
type ChunkFn = (v: unknown) => DuckDBValue;

const MS_PER_DAY = 86_400_000;
const CHUNK_ROWS = 2048; // DuckDB's standard vector size

function toDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(typeof v === 'number' ? v : String(v));
}
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Chunk converters for the common column types; undefined sends the column through the row appender. */
function chunkConverterFor(type: DuckDBType): ChunkFn | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return (v) => Boolean(v);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return (v) => Number(v);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
      return (v) => (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
    case DuckDBTypeId.DECIMAL: {
      const { width, scale } = type as DuckDBDecimalType;
      const factor = 10 ** scale;
      return (v) => new DuckDBDecimalValue(typeof v === 'bigint' ? v * 10n ** BigInt(scale) : BigInt(Math.round(Number(v) * factor)), width, scale);
    }
    case DuckDBTypeId.TIMESTAMP:
      return (v) => new DuckDBTimestampValue(BigInt(toDate(v).getTime()) * 1000n);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (v) => new DuckDBTimestampTZValue(BigInt(toDate(v).getTime()) * 1000n);
    case DuckDBTypeId.DATE:
      return (v) => new DuckDBDateValue(Math.floor(toDate(v).getTime() / MS_PER_DAY));
    case DuckDBTypeId.VARCHAR:
      return text;
    default:
      return undefined;
  }
}

/** Row-appender fallback for other types: the appender casts from text. */
const appendText: AppendFn = (a, v) => a.appendVarchar(text(v));

/**
 * Appends `rows` (values in `columns` order) to `relation` through DuckDB's appender, creating the schema and
 * table (from `columns`, Snowflake type names allowed) when missing. Table columns not in `columns` get NULL.
 * Returns the number of rows appended.
 */
export async function appendRows(
  session: WarehouseSession,
  relation: RelationName,
  columns: ColumnDef[],
  rows: unknown[][],
): Promise<number> {
  if (!(session instanceof DuckDbSession)) throw new WarehouseError('appendRows needs a DuckDB session.');
  const conn = session.connection;
  const database = relation.database || session.databaseName;
  const rel: RelationName = { database, schema: relation.schema, identifier: relation.identifier };
  if (!(await session.relationType(rel))) {
    const cols = columns.map((c) => `${quoteIdent(c.name)} ${c.dataType}`).join(', ');
    await session.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(database)}.${quoteIdent(relation.schema)}`);
    const ddl = `CREATE TABLE IF NOT EXISTS ${relationSql(rel)} (${cols})`;
    await session.execute(session.snowflakeCompat ? ddl : translateSnowflakeSql(ddl));
  }
  const tableColumns = await session.describe(rel);
  const sourceIndex = tableColumns.map((tc) => columns.findIndex((c) => c.name.toLowerCase() === tc.name.toLowerCase()));
  const missing = columns.filter((c) => !tableColumns.some((tc) => tc.name.toLowerCase() === c.name.toLowerCase()));
  if (missing.length) {
    throw new WarehouseError(
      `appendRows: ${relationSql(rel)} has no column(s) ${missing.map((m) => m.name).join(', ')}. Drop the table or add the columns.`,
    );
  }
  // Resolve the real (case-preserving) names the appender needs.
  const names = await conn.runAndReadAll(
    'SELECT table_catalog, table_schema, table_name FROM information_schema.tables WHERE lower(table_catalog) = lower($1) ' +
      'AND lower(table_schema) = lower($2) AND lower(table_name) = lower($3)',
    [database, relation.schema, relation.identifier],
  );
  const [catalog, schema, table] = names.getRows()[0].map(String);
  const appender = await conn.createAppender(table, schema, catalog);
  const types = tableColumns.map((_, i) => appender.columnType(i));
  const converters = types.map(chunkConverterFor);
  try {
    if (converters.every((c) => c !== undefined)) {
      // Column-wise data chunks: far fewer native calls than appending value by value.
      const convert = converters as ChunkFn[];
      for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
        const count = Math.min(CHUNK_ROWS, rows.length - offset);
        const chunk = DuckDBDataChunk.create(types, count);
        for (let c = 0; c < types.length; c++) {
          const src = sourceIndex[c];
          const values: DuckDBValue[] = new Array(count);
          for (let r = 0; r < count; r++) {
            const v = src < 0 ? null : rows[offset + r][src];
            values[r] = v === null || v === undefined ? null : convert[c](v);
          }
          chunk.setColumnValues(c, values);
        }
        appender.appendDataChunk(chunk);
      }
    } else {
      for (const row of rows) {
        for (let i = 0; i < types.length; i++) {
          const src = sourceIndex[i];
          const v = src < 0 ? null : row[src];
          if (v === null || v === undefined) appender.appendNull();
          else {
            const conv = converters[i];
            if (conv) appender.appendValue(conv(v), types[i]);
            else appendText(appender, v);
          }
        }
        appender.endRow();
      }
    }
    appender.flushSync();
  } catch (e) {
    throw new WarehouseError(`appendRows into ${relationSql(rel)} failed: ${parseDuckDbError((e as Error).message).message}`);
  } finally {
    appender.closeSync();
  }
  return rows.length;
}
