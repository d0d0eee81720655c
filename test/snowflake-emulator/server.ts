// A Snowflake REST endpoint backed by DuckDB, good enough for the real `snowflake-sdk` driver: login
// (password, key-pair JWT, OAuth), query-request with JSON rowsets (large ones as chunk files), multi-statement
// results, binds, async requests and query monitoring, cancel (by request, by query id, SYSTEM$CANCEL_QUERY),
// heartbeat, session delete, telemetry — plus fault switches for resilience tests. It never logs credentials.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { authenticate, type LoginData } from './auth';
import { Catalogs } from './catalogs';
import { SnowflakeError } from './errors';
import { QueryRegistry } from './queries';
import { GrantRegistry } from './grants';
import { Session, type StatementResult, type WireBind } from './session';

export interface FaultSwitches {
  /**
   * Destroy the socket of the Nth query-request counted from when the faults were set (1 = the next one).
   * The session is lost with it, the way a crashed server loses it, so the driver's retry gets "session
   * no longer exists" and the caller sees an error instead of a silently repeated statement.
   */
  dropConnectionOnQuery?: number;
  /** Delay every response by this many milliseconds. */
  delayMs?: number;
  /** Answer the next query-request with HTTP 503 (once); the driver retries it. */
  fail503Once?: boolean;
}

export interface EmulatorOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** DuckDB file for the default catalog; other databases are kept in sibling files. Absent: in memory. */
  dbFile?: string;
  /** login name → password */
  users?: Record<string, string>;
  /** login name → PEM public key, for SNOWFLAKE_JWT */
  publicKeys?: Record<string, string>;
  /** OAuth access token → login name */
  oauthTokens?: Record<string, string>;
  faults?: FaultSwitches;
  /**
   * Rows answered inline with the query; the rest go into chunk files the driver downloads from this server, as
   * Snowflake answers large results (default 1000 inline, 4000 per chunk).
   */
  inlineRows?: number;
  chunkRows?: number;
}

export interface EmulatorStats {
  logins: number;
  failedLogins: number;
  queryRequests: number;
  /** Sessions currently open. */
  sessions: number;
  droppedConnections: number;
  served503: number;
  cancels: number;
  heartbeats: number;
  /** Chunk files downloaded by drivers (large results). */
  chunksServed: number;
  /** Query requests sent with asyncExec. */
  asyncQueries: number;
}

export interface Emulator {
  url: string;
  port: number;
  close(): Promise<void>;
  setFaults(f: FaultSwitches): void;
  readonly stats: EmulatorStats;
}

interface QueryRequestBody {
  sqlText?: string;
  bindings?: Record<string, WireBind>;
  parameters?: Record<string, unknown>;
  requestId?: string;
  /** The driver's `asyncExec`: answer at once with the query id; the result is fetched by id later. */
  asyncExec?: boolean;
}

type Json = Record<string, unknown>;

const DEFAULT_PARAMETERS = [
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY', value: 3600 },
  // The driver decodes BINARY values by it (Snowflake sends it with every result).
  { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' },
];

function send(res: ServerResponse, body: Json, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function failure(code: string, message: string, data: Json = {}): Json {
  return { success: false, code, message, data: { errorCode: code, internalError: false, ...data } };
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let buf = Buffer.concat(chunks);
  // The driver may gzip request bodies; detect by magic bytes rather than trusting headers.
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf.length === 0) return {};
  return JSON.parse(buf.toString('utf8')) as Json;
}

function sessionToken(req: IncomingMessage): string | null {
  const m = /Snowflake Token="([^"]*)"/.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

function resultData(r: StatementResult, s: Session): Json {
  return {
    parameters: DEFAULT_PARAMETERS,
    rowtype: r.rowtype,
    rowset: r.rowset,
    total: r.rowset.length,
    returned: r.rowset.length,
    queryId: r.queryId,
    statementTypeId: r.statementTypeId,
    finalDatabaseName: s.database,
    finalSchemaName: s.schema,
    finalWarehouseName: s.warehouse,
    finalRoleName: s.role,
    numberOfBinds: 0,
    version: 1,
    queryResultFormat: 'json',
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const instance = await DuckDBInstance.create(options.dbFile ?? ':memory:');
  const catalogs = await Catalogs.open(instance, options.dbFile);
  const authConfig = {
    users: options.users ?? {},
    publicKeys: options.publicKeys ?? {},
    oauthTokens: options.oauthTokens ?? {},
  };
  const sessions = new Map<string, Session>();
  const queries = new QueryRegistry();
  const grants = new GrantRegistry();
  /** Tokens of sessions that were deleted or lost: they answer "session no longer exists". */
  const goneTokens = new Set<string>();
  let nextSessionId = 1000;
  let faults: FaultSwitches = { ...(options.faults ?? {}) };
  let queriesSinceFaults = 0;
  const stats: EmulatorStats = {
    logins: 0,
    failedLogins: 0,
    queryRequests: 0,
    sessions: 0,
    droppedConnections: 0,
    served503: 0,
    cancels: 0,
    heartbeats: 0,
    chunksServed: 0,
    asyncQueries: 0,
  };

  const endSession = (token: string): void => {
    const s = sessions.get(token);
    if (!s) return;
    sessions.delete(token);
    goneTokens.add(token);
    stats.sessions = sessions.size;
    s.close();
  };

  const authed = (req: IncomingMessage): Session | Json => {
    const token = sessionToken(req);
    const s = token ? sessions.get(token) : undefined;
    if (s) return s;
    if (token && goneTokens.has(token)) {
      return failure('390111', 'Session no longer exists.  New login required to access the service.');
    }
    return failure('390104', 'Authentication token is invalid. User must authenticate again.');
  };

  async function login(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const data = (body.data ?? {}) as LoginData & { SESSION_PARAMETERS?: Record<string, unknown> };
    let user: string;
    try {
      user = authenticate(authConfig, data);
    } catch (e) {
      stats.failedLogins++;
      const err = e instanceof SnowflakeError ? e : new SnowflakeError('390100', '08004', 'Incorrect username or password was specified.');
      send(res, failure(err.code, err.message, { sqlState: err.sqlState }));
      return;
    }
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(data.SESSION_PARAMETERS ?? {})) if (v !== null && v !== undefined) params[k] = String(v);
    let session: Session;
    try {
      session = await Session.open(instance, catalogs, {
        id: nextSessionId++,
        user,
        database: url.searchParams.get('databaseName') ?? undefined,
        schema: url.searchParams.get('schemaName') ?? undefined,
        warehouse: url.searchParams.get('warehouse') ?? undefined,
        role: url.searchParams.get('roleName') ?? undefined,
        params,
        queries,
        grants,
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      send(res, failure('390201', `The requested database or schema could not be opened: ${msg}`));
      return;
    }
    sessions.set(session.token, session);
    stats.logins++;
    stats.sessions = sessions.size;
    send(res, {
      success: true,
      code: null,
      message: null,
      data: {
        token: session.token,
        masterToken: session.masterToken,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: session.id,
        displayUserName: user.toUpperCase(),
        serverVersion: 'bronze-emulator',
        firstLogin: false,
        healthCheckInterval: 45,
        parameters: DEFAULT_PARAMETERS,
        sessionInfo: {
          databaseName: session.database,
          schemaName: session.schema,
          warehouseName: session.warehouse,
          roleName: session.role,
        },
      },
    });
  }

  const inlineRows = options.inlineRows ?? 1000;
  const chunkRows = Math.max(1, options.chunkRows ?? 4000);
  /** Chunk files by id: the JSON rows of one chunk without the enclosing brackets, as Snowflake serves them. */
  const chunkFiles = new Map<string, string>();
  let chunkCounter = 0;
  /** Moves the rows past `inlineRows` into downloadable chunks; `total`/`returned` keep counting every row. */
  function withChunks(data: Json, base: string): Json {
    const rowset = data.rowset as (string | null)[][];
    if (!Array.isArray(rowset) || rowset.length <= inlineRows) return data;
    const chunks: Json[] = [];
    for (let at = inlineRows; at < rowset.length; at += chunkRows) {
      const rows = rowset.slice(at, at + chunkRows);
      const text = rows.map((r) => JSON.stringify(r)).join(',');
      const id = `c${++chunkCounter}`;
      chunkFiles.set(id, text);
      const size = Buffer.byteLength(text);
      chunks.push({ url: `${base}/chunks/${id}`, rowCount: rows.length, uncompressedSize: size, compressedSize: size });
    }
    return { ...data, rowset: rowset.slice(0, inlineRows), chunks, chunkHeaders: {} };
  }
  function chunkFile(id: string, res: ServerResponse): void {
    const text = chunkFiles.get(id);
    if (text === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such chunk');
      return;
    }
    stats.chunksServed++;
    // Served as cloud storage serves result files: bytes, not a JSON document (the rows have no enclosing brackets).
    res.writeHead(200, { 'Content-Type': 'binary/octet-stream', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  async function query(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    stats.queryRequests++;
    queriesSinceFaults++;
    const s = authed(req);
    if (faults.fail503Once) {
      faults = { ...faults, fail503Once: false };
      stats.served503++;
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    if (faults.dropConnectionOnQuery !== undefined && queriesSinceFaults === faults.dropConnectionOnQuery) {
      stats.droppedConnections++;
      if (s instanceof Session) endSession(s.token);
      req.socket.destroy();
      return;
    }
    const body = (await readJson(req)) as QueryRequestBody;
    if (!(s instanceof Session)) {
      send(res, s);
      return;
    }
    const requestId = url.searchParams.get('requestId') ?? randomUUID();
    const rawCount = body.parameters?.MULTI_STATEMENT_COUNT;
    const multiCount = rawCount === undefined || rawCount === null ? undefined : Number(rawCount);
    if (body.asyncExec === true) {
      // Snowflake answers an async request at once ("in progress", code 333334) with the query id; the driver
      // then polls /monitoring/queries/{id} and fetches /queries/{id}/result.
      const queryId = randomUUID();
      const sqlText = body.sqlText ?? '';
      queries.queue(queryId, sqlText, s.id, () => s.cancel(queryId));
      void s
        .exclusive(() => s.executeText(sqlText, body.bindings, multiCount, requestId, queryId))
        .then(
          () => queries.finish(queryId),
          (e: unknown) => queries.finish(queryId, e),
        );
      stats.asyncQueries++;
      send(res, {
        success: true,
        code: '333334',
        message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
        data: { queryId, getResultUrl: `/queries/${queryId}/result` },
      });
      return;
    }
    try {
      const out = await s.exclusive(() => s.executeText(body.sqlText ?? '', body.bindings, multiCount, requestId));
      const data = withChunks(resultData(out.result, s), `http://127.0.0.1:${port}`);
      if (out.resultIds) data.resultIds = out.resultIds.join(',');
      send(res, { success: true, code: null, message: null, data });
    } catch (e) {
      const err = e instanceof SnowflakeError ? e : new SnowflakeError('000603', 'XX000', e instanceof Error ? e.message : String(e));
      send(res, failure(err.code, err.message, { sqlState: err.sqlState, queryId: randomUUID(), age: 0, line: -1, pos: -1 }));
    }
  }

  function storedResult(req: IncomingMessage, queryId: string, res: ServerResponse): void {
    const s = authed(req);
    if (!(s instanceof Session)) return send(res, s);
    const r = s.storedResult(queryId);
    if (!r) return send(res, failure('000709', `Statement ${queryId} not found`, { sqlState: '02000', queryId }));
    send(res, { success: true, code: null, message: null, data: withChunks(resultData(r, s), `http://127.0.0.1:${port}`) });
  }

  async function abort(req: IncomingMessage, queryIdInPath: string | null, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const s = authed(req);
    if (!(s instanceof Session)) return send(res, s);
    const id = queryIdInPath ?? String(body.requestId ?? '');
    stats.cancels++;
    s.cancel(id);
    send(res, { success: true, code: null, message: null, data: null });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (req.method === 'POST' && path === '/session/v1/login-request') return login(req, url, res);
    if (req.method === 'POST' && path === '/queries/v1/query-request') return query(req, url, res);
    if (req.method === 'POST' && path === '/queries/v1/abort-request') return abort(req, null, res);
    const abortById = /^\/queries\/([^/]+)\/abort-request$/.exec(path);
    if (req.method === 'POST' && abortById) return abort(req, abortById[1], res);
    const chunk = /^\/chunks\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && chunk) return chunkFile(chunk[1], res);
    const monitored = /^\/monitoring\/queries\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && monitored) {
      const s = authed(req);
      if (!(s instanceof Session)) return send(res, s);
      return send(res, queries.monitoring(monitored[1]));
    }
    const result = /^\/queries\/([^/]+)\/result$/.exec(path);
    if (req.method === 'GET' && result) return storedResult(req, result[1], res);
    if (req.method === 'POST' && path === '/session/heartbeat') {
      await readJson(req);
      const s = authed(req);
      if (!(s instanceof Session)) return send(res, s);
      stats.heartbeats++;
      return send(res, { success: true, code: null, message: null, data: {} });
    }
    if (req.method === 'POST' && path === '/session' && url.searchParams.get('delete') === 'true') {
      await readJson(req);
      const token = sessionToken(req);
      if (token && sessions.has(token)) endSession(token);
      return send(res, { success: true, code: null, message: null, data: null });
    }
    if (req.method === 'POST' && path === '/session/token-request') {
      await readJson(req);
      const s = authed(req);
      if (!(s instanceof Session)) return send(res, s);
      return send(res, {
        success: true,
        data: { sessionToken: s.token, validityInSecondsST: 3600, masterToken: s.masterToken, validityInSecondsMT: 14400 },
      });
    }
    if (req.method === 'POST' && path === '/telemetry/send') {
      await readJson(req);
      return send(res, { success: true, code: null, message: null, data: 'Log Received' });
    }
    await readJson(req).catch(() => undefined);
    send(res, failure('000404', `The emulator does not implement ${req.method} ${path}.`));
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent || req.socket.destroyed) return;
      send(res, failure('000603', `Emulator error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`));
    });
  });
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    setFaults(f: FaultSwitches): void {
      faults = { ...f };
      queriesSinceFaults = 0;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const token of [...sessions.keys()]) endSession(token);
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      catalogs.close();
      instance.closeSync();
    },
  };
}
