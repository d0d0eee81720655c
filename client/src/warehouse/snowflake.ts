// The Snowflake warehouse through the official `snowflake-sdk` driver: one driver connection per session,
// every dbt-snowflake authenticator we support, cancellation through AbortSignal, and errors that carry
// Snowflake's code, SQL state, query id and position — never a secret.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import snowflake from 'snowflake-sdk';
import type { Binds, Column, Connection, ConnectionOptions, RowStatement, SnowflakeError } from 'snowflake-sdk';
import type { ColumnDef, RelationName, RelationType, TargetConfig } from '../../../server/src/core/types';
import { SECRET_MASK, secretScrubber } from '../../../server/src/core/secrets';
import { splitStatements } from './snowflake-on-duckdb';
import { JSON_NULL } from './snowflake-on-duckdb/semi-structured-values';
import {
  WarehouseError,
  type ExecuteOptions,
  type QueryColumn,
  type QueryResult,
  type Warehouse,
  type WarehouseSession,
} from './warehouse';
import { sessionString } from '../run/sql-literals';

let driverConfigured = false;

/** The driver logs connection options and can write `snowflake.log` into the cwd: route its log to nowhere. */
export function configureDriver(): void {
  if (driverConfigured) return;
  driverConfigured = true;
  const drop = (): void => undefined;
  snowflake.configure({
    logLevel: 'OFF',
    customLogger: { error: drop, warn: drop, info: drop, debug: drop, trace: drop },
    jsonColumnVariantParser: variantValue,
  });
}

/**
 * A VARIANT cell's text (as Snowflake sends it) → its value. JSON null is a value, not SQL NULL: JSON_NULL, as the
 * DuckDB target gives it, where the driver's own parser makes it `null`. Other text parses as the driver's default
 * parser does, including its fallback for what Snowflake writes beyond JSON (NaN, Infinity) unless STRICT_JSON_OUTPUT.
 */
export function variantValue(text: string): unknown {
  if (text.trim() === 'null') return JSON_NULL;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new Function(`return (${text});`)() as unknown;
  }
}

/** Env the driver reads: skip cloud-metadata probing on every login (200 ms each) and connection telemetry. */
function configureEnvironment(host: string | undefined): void {
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
  process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE ??= '1';
  if (host && /^(127\.0\.0\.1|localhost|::1)$/i.test(host)) {
    for (const key of ['NO_PROXY', 'no_proxy']) {
      const current = process.env[key];
      if (!current?.split(',').map((s) => s.trim()).includes(host)) process.env[key] = current ? `${current},${host}` : host;
    }
  }
}

function str(target: TargetConfig, key: string): string | undefined {
  const v = target[key];
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

function int(target: TargetConfig, key: string): number | undefined {
  const v = target[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function configError(target: TargetConfig, message: string): WarehouseError {
  return new WarehouseError(`profiles.yml, profile '${target.profileName}', target '${target.name}': ${message}`, { code: 'config' });
}

/** Removes every secret of the target and the environment from `text` (and from what the driver may echo back). */
export function makeScrubber(target: TargetConfig): (text: string) => string {
  const secrets = secretScrubber(target);
  // The driver sometimes echoes request bodies: mask anything that looks like a credential field.
  return (text: string): string => secrets(text).replace(/("?(?:PASSWORD|TOKEN|passcode|privateKeyPass)"?\s*[:=]\s*)"[^"]*"/gi, `$1"${SECRET_MASK}"`);
}

/** Decrypts (if needed) and normalises the private key to unencrypted PKCS#8 PEM, as the driver wants. */
function loadPrivateKey(target: TargetConfig): string {
  const path = str(target, 'private_key_path');
  const inline = str(target, 'private_key');
  if (path && inline) throw configError(target, 'set either `private_key` or `private_key_path`, not both.');
  let material: string | Buffer;
  let from: string;
  if (path) {
    try {
      material = readFileSync(path);
    } catch (e) {
      throw configError(target, `cannot read private_key_path ${path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
    }
    from = `the key file ${path}`;
  } else if (inline) {
    // dbt accepts PEM text or the base64 body of a DER key.
    material = inline.includes('-----BEGIN') ? inline : Buffer.from(inline.replace(/\s+/g, ''), 'base64');
    from = '`private_key`';
  } else throw configError(target, 'authenticator snowflake_jwt needs `private_key_path` or `private_key`.');
  const passphrase = str(target, 'private_key_passphrase');
  try {
    const isPem = typeof material === 'string' || material.includes('-----BEGIN');
    const key = isPem
      ? createPrivateKey({ key: material, format: 'pem', passphrase })
      : createPrivateKey({ key: material as Buffer, format: 'der', type: 'pkcs8', passphrase });
    return key.export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch {
    throw configError(
      target,
      `cannot read the private key from ${from}: ` +
        (passphrase ? 'the passphrase is wrong or the key is not an RSA key in PEM/DER.' : 'it is encrypted (set `private_key_passphrase`) or not an RSA key in PEM/DER.'),
    );
  }
}

function accessUrl(target: TargetConfig): string | undefined {
  const host = str(target, 'host');
  if (!host) return undefined;
  const protocol = str(target, 'protocol') ?? 'https';
  const port = int(target, 'port');
  return `${protocol}://${host}${port ? `:${port}` : ''}`;
}

/** Driver connection options for the target (secrets included: never log this object). */
export function connectionOptions(target: TargetConfig): ConnectionOptions {
  const account = str(target, 'account');
  if (!account) throw configError(target, '`account` is required for type snowflake (e.g. `xy12345.eu-west-1`).');
  const raw = (str(target, 'authenticator') ?? '').toLowerCase();
  const hasKey = str(target, 'private_key') !== undefined || str(target, 'private_key_path') !== undefined;
  const authenticator = raw || (hasKey ? 'snowflake_jwt' : 'snowflake');
  const user = str(target, 'user');
  const opts: ConnectionOptions = {
    account: str(target, 'host') ? account : account.replace(/_/g, '-'),
    username: user,
    database: target.database,
    schema: target.schema,
    warehouse: str(target, 'warehouse'),
    role: str(target, 'role'),
    accessUrl: accessUrl(target),
    // Fail fast on a wrong host instead of retrying login for minutes.
    sfRetryMaxLoginRetries: Math.max(0, Math.min(int(target, 'connect_retries') ?? 1, 5)),
    clientSessionKeepAlive: target.client_session_keep_alive === true,
  };
  const timeout = int(target, 'connect_timeout');
  if (timeout && timeout > 0) opts.timeout = timeout * 1000;
  const needUser = (): void => {
    if (!user) throw configError(target, `\`user\` is required for authenticator ${authenticator}.`);
  };
  switch (authenticator) {
    case 'snowflake':
      needUser();
      if (!str(target, 'password')) throw configError(target, '`password` is required (or set `authenticator`).');
      opts.authenticator = 'SNOWFLAKE';
      opts.password = str(target, 'password');
      break;
    case 'username_password_mfa':
      needUser();
      opts.authenticator = 'USERNAME_PASSWORD_MFA';
      opts.password = str(target, 'password');
      break;
    case 'snowflake_jwt':
      needUser();
      opts.authenticator = 'SNOWFLAKE_JWT';
      opts.privateKey = loadPrivateKey(target);
      break;
    case 'externalbrowser':
      opts.authenticator = 'EXTERNALBROWSER';
      break;
    case 'oauth':
    case 'jwt':
      if (!str(target, 'token')) throw configError(target, `authenticator ${authenticator} needs \`token\`.`);
      opts.authenticator = 'OAUTH';
      opts.token = str(target, 'token');
      break;
    case 'programmatic_access_token':
      opts.authenticator = 'PROGRAMMATIC_ACCESS_TOKEN';
      opts.token = str(target, 'token') ?? str(target, 'password');
      break;
    default:
      if (/^https:\/\/[^/]+\.okta\.com/i.test(raw)) {
        needUser();
        opts.authenticator = str(target, 'authenticator');
        opts.password = str(target, 'password');
        break;
      }
      throw configError(
        target,
        `authenticator '${raw}' is not supported; use snowflake, snowflake_jwt, externalbrowser, oauth, username_password_mfa or programmatic_access_token.`,
      );
  }
  return opts;
}

const TYPE_NAMES: Record<string, string> = {
  real: 'FLOAT',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
  time: 'TIME',
  timestamp_ntz: 'TIMESTAMP_NTZ',
  timestamp_ltz: 'TIMESTAMP_LTZ',
  timestamp_tz: 'TIMESTAMP_TZ',
  variant: 'VARIANT',
  object: 'OBJECT',
  array: 'ARRAY',
  map: 'MAP',
  binary: 'BINARY',
};

function columnOf(c: Column): QueryColumn {
  const t = c.getType();
  const type = t === 'fixed' ? `NUMBER(${c.getPrecision() ?? 38},${c.getScale() ?? 0})` : (TYPE_NAMES[t] ?? t.toUpperCase());
  return { name: c.getName(), type };
}

/** Snowflake identifiers: simple names stay unquoted (and so case-insensitive); others are quoted. */
function ident(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}


const NETWORK_CODES = new Set(['401001', '401002', '401003', '407002', '407001', '405503']);

function toWarehouseError(err: SnowflakeError, sql: string | undefined, scrub: (s: string) => string, what: string): WarehouseError {
  const code = err.code !== undefined ? String(err.code) : undefined;
  const sqlState = err.sqlState;
  const queryId = typeof err.data?.queryId === 'string' ? (err.data.queryId as string) : undefined;
  const text = scrub(err.message ?? String(err));
  const pos = /line (\d+) at position (\d+)/.exec(text);
  const details = {
    code,
    sqlState,
    queryId,
    sql,
    line: pos ? Number(pos[1]) : undefined,
    column: pos ? Number(pos[2]) + 1 : undefined,
    cancelled: code === '000604' ? true : undefined,
  };
  if (code === '000604') return new WarehouseError(`Statement cancelled (Snowflake ${code}${queryId ? `, query ${queryId}` : ''}).`, details);
  if (code && NETWORK_CODES.has(code)) {
    return new WarehouseError(
      `${what}: Snowflake could not be reached or the connection was lost (${text.split('\n')[0]}; code ${code}). ` +
        'Check the account/host and the network, then run again; a lost session cannot be resumed.',
      details,
    );
  }
  const tag = [code && `Snowflake ${code}`, sqlState && `SQL state ${sqlState}`, queryId && `query ${queryId}`].filter(Boolean).join(', ');
  return new WarehouseError(`${text}${tag ? ` (${tag})` : ''}`, details);
}

function abortedError(sql: string): WarehouseError {
  return new WarehouseError('Statement cancelled before it started.', { cancelled: true, code: '000604', sql });
}

/** Reads the statement's row stream up to `maxRows` rows, then destroys it (the rest is never fetched). */
function readCapped(
  stmt: RowStatement,
  maxRows: number,
  done: (err: SnowflakeError | undefined, rows: Record<string, unknown>[], truncated: boolean) => void,
): void {
  const rows: Record<string, unknown>[] = [];
  let settled = false;
  const settle = (err: SnowflakeError | undefined, truncated: boolean): void => {
    if (settled) return;
    settled = true;
    done(err, rows, truncated);
  };
  const stream = stmt.streamRows();
  stream.on('data', (row: Record<string, unknown>) => {
    if (settled) return;
    if (rows.length < maxRows) rows.push(row);
    else {
      settle(undefined, true);
      stream.destroy();
    }
  });
  stream.on('end', () => settle(undefined, false));
  stream.on('error', (e: Error) => settle(e as SnowflakeError, false));
}

class SnowflakeSession implements WarehouseSession {
  private closed = false;

  constructor(
    private readonly conn: Connection,
    private readonly scrub: (s: string) => string,
    private readonly onClose: () => void,
  ) {}

  execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    const { signal, binds, maxRows } = options;
    if (this.closed) return Promise.reject(new WarehouseError('This Snowflake session is closed; open a new one.', { sql }));
    if (signal?.aborted) return Promise.reject(abortedError(sql));
    const count = splitStatements(sql).length;
    if (count === 0) return Promise.reject(new WarehouseError('Nothing to run: the SQL text has no statement.', { sql }));
    return new Promise<QueryResult>((resolve, reject) => {
      let statement: RowStatement | undefined;
      let rowsAffected: number | undefined;
      const onAbort = (): void => statement?.cancel();
      const finish = (fn: () => void): void => {
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // A row cap streams the rows and stops reading at the cap (one statement only; the query is not rewritten).
      const capped = maxRows !== undefined && count === 1;
      statement = this.conn.execute({
        sqlText: sql,
        binds: binds as Binds | undefined,
        // Snowflake refuses several statements in one request unless told how many (0 = any).
        parameters: count > 1 ? { MULTI_STATEMENT_COUNT: 0 } : undefined,
        streamResult: capped ? true : undefined,
        complete: (err, stmt, rows) => {
          if (err) return finish(() => reject(toWarehouseError(err, sql, this.scrub, 'Query failed')));
          if (capped) {
            const updatedRows = stmt.getNumUpdatedRows();
            return readCapped(stmt, maxRows, (error, got, truncated) =>
              finish(() =>
                error
                  ? reject(toWarehouseError(error, sql, this.scrub, 'Fetching the result failed'))
                  : resolve({
                      columns: (stmt.getColumns() ?? []).map(columnOf),
                      rows: got,
                      rowsAffected: typeof updatedRows === 'number' && updatedRows >= 0 ? updatedRows : undefined,
                      queryId: stmt.getQueryId(),
                      truncated,
                    }),
              ),
            );
          }
          const updated = stmt.getNumUpdatedRows();
          if (typeof updated === 'number' && updated >= 0) rowsAffected = (rowsAffected ?? 0) + updated;
          const next = stmt as Partial<{ hasNext: () => boolean; NextResult: () => void }>;
          if (count > 1 && next.hasNext?.() && next.NextResult) {
            // Multi-statement: the driver fetches each statement's result in turn and calls `complete` again.
            next.NextResult();
            return;
          }
          finish(() =>
            resolve({
              columns: (stmt.getColumns() ?? []).map(columnOf),
              rows: (rows ?? []) as Record<string, unknown>[],
              rowsAffected,
              queryId: stmt.getQueryId(),
            }),
          );
        },
      });
    });
  }

  async relationType(relation: RelationName): Promise<RelationType | null> {
    let res: QueryResult;
    try {
      res = await this.execute(
        `show terse objects like ${sessionString(relation.identifier.replace(/([_%\\])/g, '\\$1'))} in schema ${ident(relation.database)}.${ident(relation.schema)}`,
      );
    } catch (e) {
      // A missing database or schema means a missing relation.
      if (e instanceof WarehouseError && (e.details.code === '002043' || e.details.code === '002003')) return null;
      throw e;
    }
    const want = relation.identifier.toUpperCase();
    const row = res.rows.find((r) => String(r.name).toUpperCase() === want);
    if (!row) return null;
    const kind = String(row.kind).toUpperCase();
    return kind.includes('VIEW') ? 'view' : 'table';
  }

  async describe(relation: RelationName): Promise<ColumnDef[]> {
    const res = await this.execute(`describe table ${ident(relation.database)}.${ident(relation.schema)}.${ident(relation.identifier)}`);
    return res.rows.map((r) => ({ name: String(r.name), dataType: String(r.type) }));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.onClose();
    return new Promise((resolve) => {
      if (!this.conn.isUp()) return resolve();
      // A failed logout must not fail the caller: the session times out server-side anyway.
      this.conn.destroy(() => resolve());
    });
  }
}

/** Creates the Snowflake warehouse for a resolved `type: snowflake` target. */
export function createSnowflakeWarehouse(target: TargetConfig): Warehouse {
  configureDriver();
  configureEnvironment(str(target, 'host'));
  const scrub = makeScrubber(target);
  const sessions = new Set<SnowflakeSession>();
  const describeTarget = `account ${str(target, 'account') ?? '?'}${str(target, 'user') ? ` as user ${str(target, 'user')}` : ''}`;

  return {
    type: 'snowflake',
    async openSession(): Promise<WarehouseSession> {
      const options = connectionOptions(target);
      const conn = snowflake.createConnection(options);
      try {
        if (options.authenticator === 'EXTERNALBROWSER') await conn.connectAsync();
        else {
          await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
        }
      } catch (e) {
        const err = toWarehouseError(e as SnowflakeError, undefined, scrub, `Could not connect to Snowflake ${describeTarget}`);
        throw new WarehouseError(
          err.message.startsWith('Could not connect') ? err.message : `Could not connect to Snowflake ${describeTarget}: ${err.message}`,
          err.details,
        );
      }
      const session = new SnowflakeSession(conn, scrub, () => sessions.delete(session));
      sessions.add(session);
      const tag = str(target, 'query_tag');
      if (tag) {
        try {
          await session.execute(`alter session set query_tag = ${sessionString(tag)}`);
        } catch (e) {
          await session.close();
          throw e;
        }
      }
      return session;
    },
    async close(): Promise<void> {
      await Promise.all([...sessions].map((s) => s.close()));
    },
  };
}
