// Statements the emulator answers itself, shaped the way Snowflake (and dbt-snowflake, which reads them)
// expects: SHOW …, DESCRIBE TABLE, USE …, ALTER SESSION, transactions, CREATE/DROP DATABASE.
import { quoteIdent } from './catalogs';
import { column, literalResult, snowflakeTypeName, type RowType } from './encode';
import { SnowflakeError } from './errors';
import { STATEMENT_TYPE, statusResult, type Session, type StatementResult } from './session';
import { Words, displayName, likeToRegExp, type NamePart } from './statement-words';
import { sessionStatement, type SessionAssignment } from '../../server/src/core/sql/snowflake-on-duckdb/session-parameters';
import { notQuotedNamesTable } from '../../server/src/core/sql/snowflake-on-duckdb/name-case';

type Reply = Omit<StatementResult, 'queryId'>;

const OK = 'Statement executed successfully.';

/** Defaults shown by SHOW PARAMETERS for parameters the emulator knows. */
const KNOWN_PARAMETERS: Record<string, { default: string; type: string; description: string }> = {
  QUERY_TAG: { default: '', type: 'STRING', description: 'String (up to 4096 characters) used to tag statements executed by the session' },
  TIMEZONE: { default: 'UTC', type: 'STRING', description: 'time zone' },
  QUOTED_IDENTIFIERS_IGNORE_CASE: { default: 'false', type: 'BOOLEAN', description: 'If true, the case of quoted identifiers is ignored' },
  AUTOCOMMIT: { default: 'true', type: 'BOOLEAN', description: 'The autocommit property determines whether is statement should to be implicitly wrapped within a transaction or not.' },
};

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const notExist = (what: string): SnowflakeError =>
  new SnowflakeError('002003', '02000', `SQL compilation error:\n${what} does not exist or not authorized.`);
const cannotPerform = (): SnowflakeError =>
  new SnowflakeError('002043', '02000', 'SQL compilation error:\nObject does not exist, or operation cannot be performed.');

export async function intercept(s: Session, words: Words): Promise<Reply | null> {
  const w0 = words.w(0);
  if ((w0 === 'grant' || w0 === 'revoke') && s.grants.apply(words)) return statusResult(OK);
  // A replaced or dropped object loses its grants; the statement itself runs on DuckDB.
  if (w0 === 'create' || w0 === 'drop') s.grants.replaced(words);
  if (w0 === 'show' && words.is(1, 'grants', 'on')) {
    const shown = s.grants.show(words, s.role ?? 'PUBLIC');
    return literal(shown.columns.map((n) => column(n, n === 'grant_option' ? 'boolean' : 'text')), shown.rows);
  }
  if (w0 === 'show') return show(s, words);
  if ((w0 === 'describe' || w0 === 'desc') && ['table', 'view'].includes(words.w(1))) return describe(s, words);
  if (w0 === 'alter' && words.w(1) === 'session') return alterSession(s, words);
  if (w0 === 'use') return use(s, words);
  if (['begin', 'commit', 'rollback'].includes(w0) || words.is(0, 'start', 'transaction')) return transaction(s, w0);
  if (w0 === 'create' && (words.w(1) === 'database' || words.is(1, 'or', 'replace', 'database'))) return createDatabase(s, words);
  if (w0 === 'drop' && words.w(1) === 'database') return dropDatabase(s, words);
  const cancel = CANCEL_QUERY.exec(words.sql);
  if (cancel) return cancelQuery(s, cancel[0].replace(/^\s*select\s+/i, '').replace(/\s*;?\s*$/, ''), cancel[1]);
  return null;
}

/** `SELECT SYSTEM$CANCEL_QUERY('<query id>')`, the one form of it the emulator answers. */
const CANCEL_QUERY = /^\s*select\s+system\$cancel_query\s*\(\s*'([^']*)'\s*\)\s*;?\s*$/i;

/** Stops the statement with that query id on whichever session runs it, as Snowflake's function does. */
function cancelQuery(s: Session, expression: string, queryId: string): Reply {
  if (!s.queries.cancel(queryId)) {
    throw new SnowflakeError('000605', '57014', 'Identified SQL statement is not currently executing.');
  }
  return literal([column(expression.toUpperCase(), 'text')], [[`query [${queryId}] terminated.`]]);
}

// ---------------------------------------------------------------------------------------------------------
// Name resolution against the session's current database/schema

interface Scope {
  database?: string;
  schema?: string;
}

function requireCurrent(value: string | null, what: string): string {
  if (!value) {
    throw new SnowflakeError('090105', '22000', `Cannot perform ${what}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.`);
  }
  return value;
}

/** Existing catalog for a Snowflake database name, or throws object-does-not-exist. */
async function catalogFor(s: Session, db: NamePart | string): Promise<string> {
  const name = typeof db === 'string' ? db : displayName(db);
  const found = await s.catalogs.find(name);
  if (!found) throw notExist(`Database '${name}'`);
  return found;
}

async function schemaExists(s: Session, catalog: string, schema: string): Promise<string | null> {
  const r = await s.conn.runAndReadAll(
    `SELECT schema_name FROM duckdb_schemas() WHERE database_name = ${sqlString(catalog)} AND lower(schema_name) = lower(${sqlString(schema)})`,
  );
  const row = r.getRows()[0];
  return row ? String(row[0]) : null;
}

function nowLtz(): number {
  return Date.now();
}

// ---------------------------------------------------------------------------------------------------------
// SHOW

interface ShowSpec {
  terse: boolean;
  what: string;
  like?: RegExp;
  startsWith?: string;
  limit?: number;
  scope: 'account' | 'database' | 'schema' | 'default';
  parts: NamePart[];
  inSession: boolean;
}

function parseShow(words: Words): ShowSpec {
  let i = 1;
  const terse = words.w(i) === 'terse';
  if (terse) i++;
  const what = words.w(i++);
  const spec: ShowSpec = { terse, what, scope: 'default', parts: [], inSession: false };
  if (words.w(i) === 'like') {
    const pat = words.stringAt(i + 1);
    if (pat !== undefined) spec.like = likeToRegExp(pat);
    i += 2;
  }
  if (words.w(i) === 'in') {
    i++;
    const scopeWord = words.w(i);
    if (scopeWord === 'account') {
      spec.scope = 'account';
      i++;
    } else if (scopeWord === 'session') {
      spec.inSession = true;
      i++;
    } else {
      if (scopeWord === 'database' || scopeWord === 'schema') {
        spec.scope = scopeWord;
        i++;
      }
      const { parts, next } = words.name(i);
      spec.parts = parts;
      if (spec.scope === 'default') spec.scope = parts.length >= 2 || what !== 'schemas' ? 'schema' : 'database';
      if (spec.scope === 'database' && parts.length === 0) spec.scope = 'default';
      i = next;
    }
  }
  if (words.is(i, 'starts', 'with')) {
    spec.startsWith = words.stringAt(i + 2);
    i += 3;
  }
  if (words.w(i) === 'limit') spec.limit = Number(words.text(i + 1));
  return spec;
}

async function show(s: Session, words: Words): Promise<Reply> {
  const spec = parseShow(words);
  switch (spec.what) {
    case 'objects':
    case 'tables':
    case 'views':
      return showObjects(s, spec);
    case 'schemas':
      return showSchemas(s, spec);
    case 'databases':
      return showDatabases(s, spec);
    case 'parameters':
      return showParameters(s, spec);
    case 'warehouses':
      return literal([column('name', 'text'), column('state', 'text')], [[s.warehouse ?? 'COMPUTE_WH', 'STARTED']]);
    default:
      throw new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error line 1 at position 5 unexpected '${words.text(1)}'.`);
  }
}

function literal(cols: RowType[], rows: (string | number | boolean | null)[][]): Reply {
  return { ...literalResult(cols, rows), statementTypeId: STATEMENT_TYPE.select };
}

function filterNames<T>(rows: T[], name: (r: T) => string, spec: ShowSpec): T[] {
  let out = rows.filter((r) => (!spec.like || spec.like.test(name(r))) && (!spec.startsWith || name(r).startsWith(spec.startsWith)));
  if (spec.limit !== undefined && Number.isFinite(spec.limit)) out = out.slice(0, spec.limit);
  return out;
}

async function showObjects(s: Session, spec: ShowSpec): Promise<Reply> {
  let catalog: string | undefined;
  let schema: string | undefined;
  if (spec.scope === 'schema' || spec.scope === 'default') {
    const parts = spec.parts;
    const dbName = parts.length >= 2 ? displayName(parts[0]) : requireCurrent(s.database, 'SHOW');
    const schemaName = parts.length >= 1 ? parts[parts.length - 1].value : requireCurrent(s.schema, 'SHOW');
    catalog = (await s.catalogs.find(dbName)) ?? undefined;
    if (!catalog) throw cannotPerform();
    schema = (await schemaExists(s, catalog, schemaName)) ?? undefined;
    if (!schema) throw cannotPerform();
  } else if (spec.scope === 'database') {
    catalog = (await s.catalogs.find(displayName(spec.parts[0]))) ?? undefined;
    if (!catalog) throw cannotPerform();
  }
  const filters: string[] = [];
  if (catalog) filters.push(`database_name = ${sqlString(catalog)}`);
  if (schema) filters.push(`schema_name = ${sqlString(schema)}`);
  const where = filters.length ? `AND ${filters.join(' AND ')}` : '';
  const r = await s.conn.runAndReadAll(
    `SELECT database_name, schema_name, table_name, 'TABLE' FROM duckdb_tables() WHERE NOT temporary ${where} AND ${notQuotedNamesTable('schema_name', 'table_name')} ` +
      `UNION ALL SELECT database_name, schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal AND NOT temporary ${where} ` +
      `ORDER BY 1, 2, 3`,
  );
  let rows = r
    .getRows()
    .map((row) => ({ db: String(row[0]).toUpperCase(), schema: String(row[1]).toUpperCase(), name: String(row[2]).toUpperCase(), kind: String(row[3]) }))
    .filter((o) => !['system', 'temp'].includes(o.db.toLowerCase()));
  if (spec.what === 'tables') rows = rows.filter((o) => o.kind === 'TABLE');
  if (spec.what === 'views') rows = rows.filter((o) => o.kind === 'VIEW');
  rows = filterNames(rows, (o) => o.name, spec);
  const created = nowLtz();
  if (spec.terse) {
    return literal(
      [column('created_on', 'timestamp_ltz'), column('name', 'text'), column('kind', 'text'), column('database_name', 'text'), column('schema_name', 'text')],
      rows.map((o) => [created, o.name, o.kind, o.db, o.schema]),
    );
  }
  return literal(
    [
      column('created_on', 'timestamp_ltz'),
      column('name', 'text'),
      column('database_name', 'text'),
      column('schema_name', 'text'),
      column('kind', 'text'),
      column('comment', 'text'),
      column('cluster_by', 'text'),
      column('rows', 'fixed'),
      column('bytes', 'fixed'),
      column('owner', 'text'),
      column('retention_time', 'text'),
      column('owner_role_type', 'text'),
      column('is_hybrid', 'text'),
      column('is_dynamic', 'text'),
      column('is_iceberg', 'text'),
    ],
    rows.map((o) => [created, o.name, o.db, o.schema, o.kind, '', '', null, null, s.role, '1', 'ROLE', 'N', 'N', 'N']),
  );
}

async function showSchemas(s: Session, spec: ShowSpec): Promise<Reply> {
  let catalog: string | undefined;
  if (spec.scope !== 'account') {
    const dbName = spec.parts.length ? displayName(spec.parts[0]) : requireCurrent(s.database, 'SHOW SCHEMAS');
    catalog = await catalogFor(s, dbName);
  }
  const r = await s.conn.runAndReadAll(
    `SELECT database_name, schema_name FROM duckdb_schemas() WHERE schema_name NOT IN ('pg_catalog') ` +
      (catalog ? `AND database_name = ${sqlString(catalog)} ` : `AND database_name NOT IN ('system', 'temp') `) +
      'ORDER BY 1, 2',
  );
  const rows = filterNames(
    r.getRows().map((row) => ({ db: String(row[0]).toUpperCase(), name: String(row[1]).toUpperCase() })),
    (o) => o.name,
    spec,
  );
  const created = nowLtz();
  if (spec.terse) {
    return literal(
      [column('created_on', 'timestamp_ltz'), column('name', 'text'), column('kind', 'text'), column('database_name', 'text'), column('schema_name', 'text')],
      rows.map((o) => [created, o.name, null, o.db, null]),
    );
  }
  return literal(
    [
      column('created_on', 'timestamp_ltz'),
      column('name', 'text'),
      column('is_default', 'text'),
      column('is_current', 'text'),
      column('database_name', 'text'),
      column('owner', 'text'),
      column('comment', 'text'),
      column('options', 'text'),
      column('retention_time', 'text'),
      column('owner_role_type', 'text'),
    ],
    rows.map((o) => [
      created,
      o.name,
      'N',
      o.db === s.database && o.name === s.schema ? 'Y' : 'N',
      o.db,
      s.role,
      '',
      '',
      '1',
      'ROLE',
    ]),
  );
}

async function showDatabases(s: Session, spec: ShowSpec): Promise<Reply> {
  const names = filterNames((await s.catalogs.list()).map((n) => n.toUpperCase()), (n) => n, spec);
  const created = nowLtz();
  if (spec.terse) {
    return literal(
      [column('created_on', 'timestamp_ltz'), column('name', 'text'), column('kind', 'text'), column('database_name', 'text'), column('schema_name', 'text')],
      names.map((n) => [created, n, 'STANDARD', null, null]),
    );
  }
  return literal(
    [column('created_on', 'timestamp_ltz'), column('name', 'text'), column('is_default', 'text'), column('is_current', 'text'), column('origin', 'text'), column('owner', 'text'), column('comment', 'text'), column('options', 'text'), column('retention_time', 'text'), column('kind', 'text')],
    names.map((n) => [created, n, 'N', n === s.database ? 'Y' : 'N', '', s.role, '', '', '1', 'STANDARD']),
  );
}

function showParameters(s: Session, spec: ShowSpec): Reply {
  const keys = new Set([...Object.keys(KNOWN_PARAMETERS), ...s.params.keys()]);
  const rows = filterNames([...keys].sort(), (k) => k, spec).map((k) => {
    const known = KNOWN_PARAMETERS[k];
    const set = s.params.get(k);
    return [k, set ?? known?.default ?? '', known?.default ?? '', set !== undefined ? 'SESSION' : '', known?.description ?? '', known?.type ?? 'STRING'];
  });
  return literal(
    ['key', 'value', 'default', 'level', 'description', 'type'].map((n) => column(n, 'text')),
    rows,
  );
}

// ---------------------------------------------------------------------------------------------------------
// DESCRIBE TABLE

async function describe(s: Session, words: Words): Promise<Reply> {
  const { parts } = words.name(2);
  if (parts.length === 0) throw new SnowflakeError('001003', '42000', 'SQL compilation error:\nsyntax error line 1 at position 15 unexpected \'<EOF>\'.');
  const table = parts[parts.length - 1];
  const schemaPart = parts.length >= 2 ? parts[parts.length - 2].value : requireCurrent(s.schema, 'DESCRIBE');
  const dbName = parts.length >= 3 ? displayName(parts[0]) : requireCurrent(s.database, 'DESCRIBE');
  const full = parts.map(displayName).join('.');
  const catalog = await s.catalogs.find(dbName);
  if (!catalog) throw notExist(`Table '${full}'`);
  const r = await s.conn.runAndReadAll(
    `SELECT column_name, data_type, is_nullable, column_default, comment FROM duckdb_columns() WHERE database_name = ${sqlString(catalog)} ` +
      `AND lower(schema_name) = lower(${sqlString(schemaPart)}) AND lower(table_name) = lower(${sqlString(table.value)}) ORDER BY column_index`,
  );
  const rows = r.getRows();
  if (rows.length === 0) throw notExist(`Table '${full}'`);
  const cols = ['name', 'type', 'kind', 'null?', 'default', 'primary key', 'unique key', 'check', 'expression', 'comment', 'policy name', 'privacy domain'];
  return literal(
    cols.map((c) => column(c, 'text')),
    // The emulator stores unquoted names lower-case: those read upper-case, a mixed-case (quoted) one as written. A
    // column's COMMENT is shown.
    rows.map(([name, type, nullable, dflt, comment]) => [
      /[a-z]/.test(String(name)) && /[A-Z]/.test(String(name)) ? String(name) : String(name).toUpperCase(),
      snowflakeTypeName(String(type)),
      'COLUMN',
      nullable === false ? 'N' : 'Y',
      dflt === null ? null : String(dflt),
      'N',
      'N',
      null,
      null,
      comment === null ? null : String(comment),
      null,
      null,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------------
// ALTER SESSION, USE, transactions, databases

/** Parameters the DuckDB session follows too (the dialect layer's TimeZone and week variables). */
const ENGINE_PARAMETERS = new Set(['TIMEZONE', 'WEEK_START', 'WEEK_OF_YEAR_POLICY', 'TIMESTAMP_TYPE_MAPPING', 'QUOTED_IDENTIFIERS_IGNORE_CASE', 'TWO_DIGIT_CENTURY_START']);

async function alterSession(s: Session, words: Words): Promise<Reply> {
  let i = 2;
  const engine: SessionAssignment[] = [];
  const unset = words.w(i) === 'unset';
  if (words.w(i) === 'set') {
    i++;
    while (i < words.sig.length) {
      const key = words.text(i).toUpperCase();
      if (words.text(i + 1) !== '=') break;
      const v = words.stringAt(i + 2) ?? words.text(i + 2);
      s.params.set(key, v);
      if (ENGINE_PARAMETERS.has(key)) engine.push({ name: key, value: v, at: 0 });
      i += 3;
      if (words.text(i) === ',') i++;
    }
  } else if (unset) {
    i++;
    while (i < words.sig.length) {
      const key = words.text(i).toUpperCase();
      if (words.text(i) !== ',') s.params.delete(key);
      if (ENGINE_PARAMETERS.has(key)) engine.push({ name: key, value: '', at: 0 });
      i++;
    }
  }
  let duck: string | undefined;
  try {
    duck = sessionStatement(engine, unset);
  } catch {
    throw new SnowflakeError('002029', '22023', `SQL compilation error:\nInvalid value for parameter in '${engine.map((a) => `${a.name} = ${a.value}`).join(', ')}'`);
  }
  if (duck) await s.conn.run(duck);
  return statusResult(OK, STATEMENT_TYPE.session);
}

async function use(s: Session, words: Words): Promise<Reply> {
  let kind = words.w(1);
  let i = 2;
  if (!['database', 'schema', 'warehouse', 'role', 'secondary'].includes(kind)) {
    kind = 'database';
    i = 1;
  }
  if (kind === 'secondary') return statusResult(OK, STATEMENT_TYPE.session);
  const { parts } = words.name(i);
  if (parts.length === 0) throw cannotPerform();
  if (kind === 'warehouse') {
    s.warehouse = displayName(parts[0]);
    await s.refreshContext();
  } else if (kind === 'role') {
    s.role = displayName(parts[0]);
    await s.refreshContext();
  } else if (kind === 'database') {
    const catalog = await s.catalogs.find(displayName(parts[0]));
    if (!catalog) throw cannotPerform();
    const schema = (await schemaExists(s, catalog, 'PUBLIC')) ?? 'main';
    await s.use(catalog, schema);
  } else {
    const dbName = parts.length >= 2 ? displayName(parts[0]) : requireCurrent(s.database, 'USE SCHEMA');
    const catalog = await s.catalogs.find(dbName);
    if (!catalog) throw cannotPerform();
    const schema = await schemaExists(s, catalog, parts[parts.length - 1].value);
    if (!schema) throw cannotPerform();
    await s.use(catalog, schema);
  }
  return statusResult(OK, STATEMENT_TYPE.session);
}

async function transaction(s: Session, w0: string): Promise<Reply> {
  const sql = w0 === 'commit' ? 'COMMIT' : w0 === 'rollback' ? 'ROLLBACK' : 'BEGIN TRANSACTION';
  try {
    await s.conn.run(sql);
  } catch (e) {
    // Snowflake accepts COMMIT/ROLLBACK without a transaction and a nested BEGIN; DuckDB refuses both.
    const msg = e instanceof Error ? e.message : String(e);
    if (!/no transaction is active|within a transaction/i.test(msg)) throw e;
  }
  return statusResult(OK, STATEMENT_TYPE.transaction);
}

async function createDatabase(s: Session, words: Words): Promise<Reply> {
  const replace = words.is(1, 'or', 'replace');
  let i = replace ? 4 : 2;
  const ifNotExists = words.is(i, 'if', 'not', 'exists');
  if (ifNotExists) i += 3;
  const { parts } = words.name(i);
  if (parts.length !== 1) throw cannotPerform();
  const name = displayName(parts[0]);
  const existing = await s.catalogs.find(name);
  if (existing && replace) {
    if (s.database === existing.toUpperCase()) await s.conn.run(`USE ${quoteIdent(s.catalogs.defaultCatalog)}.main`).catch(() => undefined);
    await s.catalogs.drop(existing);
  } else if (existing && !ifNotExists) {
    throw new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${name}' already exists.`);
  } else if (existing) {
    return statusResult(`${name} already exists, statement succeeded.`);
  }
  const catalog = await s.catalogs.ensure(name);
  // Snowflake makes the new database (and its PUBLIC schema) current.
  await s.use(catalog, 'PUBLIC');
  return statusResult(`Database ${name} successfully created.`);
}

async function dropDatabase(s: Session, words: Words): Promise<Reply> {
  let i = 2;
  const ifExists = words.is(i, 'if', 'exists');
  if (ifExists) i += 2;
  const { parts } = words.name(i);
  const name = parts[0] ? displayName(parts[0]) : '';
  const found = await s.catalogs.find(name);
  if (!found) {
    if (ifExists) return statusResult(`Drop statement executed successfully (${name} already dropped).`);
    throw notExist(`Database '${name}'`);
  }
  if (s.database === found.toUpperCase()) {
    await s.conn.run(`USE ${quoteIdent(s.catalogs.defaultCatalog)}.main`).catch(() => undefined);
    s.database = null;
    s.schema = null;
    await s.refreshContext();
  }
  await s.catalogs.drop(found);
  return statusResult(`${name} successfully dropped.`);
}

