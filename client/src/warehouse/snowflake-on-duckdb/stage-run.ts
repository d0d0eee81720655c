// Runs the stage statements (stage-statements.ts reads them) on the local twin, whose internal stages are folders
// (stage-files.ts): CREATE/DROP STAGE and FILE FORMAT, LIST, REMOVE, COPY INTO <table> FROM @stage (CSV) and
// CREATE TABLE … USING TEMPLATE over INFER_SCHEMA, with Snowflake's results (LIST's name/size/md5/last_modified,
// COPY's row per file). COPY loads rows through the session's own INSERT, so values convert as any Snowflake INSERT
// of text does on the twin; a failing value fails the whole statement (ON_ERROR = ABORT_STATEMENT, the bulk-load
// default), and the other ON_ERROR modes are refused by name. Files a table already loaded are skipped (load metadata).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { optionText, parseStageStatement, type Options, type ShowScope, type StageRef, type StageStatement } from '../../../../server/src/core/sql/snowflake-on-duckdb/stage-statements';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { WarehouseError, type QueryResult } from '../warehouse';
import {
  csvFormatOf,
  DEFAULT_CSV,
  fileFormatFile,
  formatNameParts,
  md5Of,
  parseCsv,
  readFileFormat,
  resolveName,
  stagedText,
  stageFiles,
  stageLocation,
  twinStages,
  writeFileFormat,
  type CsvFormat,
  type StagedFile,
  type StageLocation,
} from './stage-files';
import { inferColumns } from './stage-infer';
import { loadHistory, writeLoadHistory } from './load-history';

/** A cheap test before lexing: only statements that may be stage statements are read. */
const MAYBE_STAGE = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*(?:(?:put|get|list|ls|remove|rm)\b|copy\s+into\b|drop\s+(?:stage|file\s+format)\b|show\s+file\s+formats\b|create\b[\s\S]*?\b(?:stage|file\s+format|using\s+template)\b)/i;

export interface StageContext {
  /** The twin's folder (`.bronze/local`). */
  twinDir: string;
  connection: DuckDBConnection;
  /** Runs Snowflake SQL in the same session (translated as any statement). */
  execute: (sql: string) => Promise<QueryResult>;
}

export const status = (text: string): QueryResult => ({ columns: [{ name: 'status', type: 'VARCHAR' }], rows: [{ status: text }] });

/** Snowflake's answer for a missing object, with where the twin looks for it. */
export function missing(what: string, label: string, where: string): WarehouseError {
  return new WarehouseError(`SQL compilation error: ${what} '${label}' does not exist or not authorized. On the local twin it is ${where}.`, { code: '002003' });
}

/** The session's current database and schema. */
export interface CurrentNames {
  /** Upper-case, as the twin's stage and load-metadata folders are. */
  database: string;
  schema: string;
  /** As DuckDB's catalog spells them (duckdb_columns() and the like compare them as they are). */
  held: { database: string; schema: string };
}

export async function currentNames(connection: DuckDBConnection): Promise<CurrentNames> {
  const row = (await connection.runAndReadAll('SELECT current_database(), current_schema()')).getRows()[0] ?? [];
  const held = { database: String(row[0] ?? ''), schema: String(row[1] ?? '') };
  return { database: held.database.toUpperCase(), schema: held.schema.toUpperCase(), held };
}

/** A regular expression Snowflake's PATTERN matches the whole path with. */
export function patternTest(pattern: string | undefined, at: number): (path: string) => boolean {
  if (pattern === undefined) return () => true;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new UnsupportedOnDuckDb(`PATTERN = '${pattern}' (a regular expression JavaScript cannot read)`, at);
  }
  return (path) => re.test(path);
}

function namedStage(ctx: StageContext, stage: StageRef, names: { database: string; schema: string }, what: string, at: number): StageLocation {
  const external = externalStageRefusal(ctx.twinDir, stage, names, what, at);
  if (external) throw external;
  const loc = stageLocation(ctx.twinDir, stage, names.database, names.schema);
  if (stage.kind === 'named' && !existsSync(loc.dir)) {
    throw missing('Stage', loc.label, `the folder ${loc.dir} (create it with CREATE STAGE, or let \`bronze sample --synthetic\` fill the stages the project loads from)`);
  }
  if (stage.kind !== 'named') mkdirSync(loc.dir, { recursive: true });
  return loc;
}

export function namedFormat(ctx: StageContext, name: string, names: { database: string; schema: string }): CsvFormat {
  const { file, label } = fileFormatFile(ctx.twinDir, formatNameParts(name), names.database, names.schema);
  const format = readFileFormat(file);
  if (!format) throw missing('File format', label, `the file ${file} (create it with CREATE FILE FORMAT, or let \`bronze sample --synthetic\` create the formats the project's loads name)`);
  return format;
}

/** The stage file's name as LIST and COPY print it. */
const listedName = (loc: StageLocation, f: StagedFile): string => (loc.listPrefix ? `${loc.listPrefix}/${f.path}` : f.path);

/**
 * Runs `sql` when it is a stage statement: its result, or undefined when it is none. Throws UnsupportedOnDuckDb
 * (offsets in `sql`) for forms the twin does not run and WarehouseError for Snowflake's own errors.
 */
export async function runStageStatement(sql: string, ctx: StageContext): Promise<QueryResult | undefined> {
  if (!MAYBE_STAGE.test(sql)) return undefined;
  const stmt = parseStageStatement(sql);
  if (!stmt) return undefined;
  const names = await currentNames(ctx.connection);
  switch (stmt.kind) {
    case 'create-stage':
      return createStage(ctx, stmt, names);
    case 'create-file-format': {
      const { file, label } = fileFormatFile(ctx.twinDir, stmt.name, names.database, names.schema);
      if (existsSync(file) && !stmt.orReplace) {
        if (stmt.ifNotExists) return status(`${stmt.name[stmt.name.length - 1].text} already exists, statement succeeded.`);
        throw new WarehouseError(`SQL compilation error: Object '${label}' already exists.`, { code: '002002' });
      }
      writeFileFormat(file, csvFormatOf(stmt.options));
      return status(`File format ${stmt.name[stmt.name.length - 1].text} successfully created.`);
    }
    case 'drop-stage':
    case 'drop-file-format': {
      const isStage = stmt.kind === 'drop-stage';
      const { file, label } = isStage
        ? (() => {
            const loc = stageLocation(ctx.twinDir, { kind: 'named', name: stmt.name, path: '', text: '' }, names.database, names.schema);
            return { file: loc.dir, label: loc.label };
          })()
        : fileFormatFile(ctx.twinDir, stmt.name, names.database, names.schema);
      const last = stmt.name[stmt.name.length - 1].text;
      const external = isStage ? `${file}.external.json` : undefined;
      if (!existsSync(file) && !(external && existsSync(external))) {
        if (stmt.ifExists) return status('Drop statement executed successfully (' + last + ' already dropped).');
        throw missing(isStage ? 'Stage' : 'File format', label, isStage ? `the folder ${file}` : `the file ${file}`);
      }
      rmSync(file, { recursive: true, force: true });
      if (isStage) rmSync(`${file}.format.json`, { force: true });
      if (external) rmSync(external, { force: true });
      return status(`${last} successfully dropped.`);
    }
    case 'list':
    case 'remove': {
      const loc = namedStage(ctx, stmt.stage, names, stmt.kind === 'list' ? 'LIST' : 'REMOVE', stmt.at);
      const test = patternTest(stmt.pattern, stmt.at);
      const files = stageFiles(loc.dir, stmt.stage.path).filter((f) => test(f.path));
      if (stmt.kind === 'remove') {
        for (const f of files) rmSync(f.file);
        return { columns: [{ name: 'name', type: 'VARCHAR' }, { name: 'result', type: 'VARCHAR' }], rows: files.map((f) => ({ name: listedName(loc, f), result: 'removed' })) };
      }
      return {
        columns: [
          { name: 'name', type: 'VARCHAR' },
          { name: 'size', type: 'BIGINT' },
          { name: 'md5', type: 'VARCHAR' },
          { name: 'last_modified', type: 'VARCHAR' },
        ],
        rows: files.map((f) => ({ name: listedName(loc, f), size: f.size, md5: md5Of(f.file), last_modified: f.modified.toUTCString() })),
      };
    }
    case 'copy-into-table':
      return copyIntoTable(ctx, stmt, names);
    case 'show-file-formats':
      return showFileFormats(ctx, stmt, names, await namedScopeMissing(ctx, stmt.scope, names));
    case 'using-template': {
      const loc = namedStage(ctx, stmt.stage, names, 'INFER_SCHEMA', stmt.at);
      const format = namedFormat(ctx, stmt.fileFormat, names);
      const files = stageFiles(loc.dir, stmt.stage.path).filter((f) => !stmt.files || stmt.files.some((n) => f.path === `${stmt.stage.path}${n}` || f.path === n));
      if (files.length === 0) {
        throw new WarehouseError(`INFER_SCHEMA found no file in ${stmt.stage.text} (the folder ${loc.dir} on the local twin), so CREATE TABLE … USING TEMPLATE has no columns to create.`, { code: '002003' });
      }
      const columns = inferColumns(files.map((f) => ({ name: f.path, records: parseCsv(stagedText(f.file), format) })), format, stmt.ignoreCase);
      const list = columns.map((c) => `"${c.name.replace(/"/g, '""')}" ${c.type}`).join(', ');
      return ctx.execute(`${stmt.head} (${list})`);
    }
  }
}

/** Snowflake's error when the database or schema a SHOW … IN names does not exist, else undefined. */
async function namedScopeMissing(ctx: StageContext, scope: ShowScope, names: { database: string; schema: string }): Promise<WarehouseError | undefined> {
  if ((scope.kind !== 'database' && scope.kind !== 'schema') || scope.parts.length === 0) return undefined;
  const lit = (t: string): string => `'${t.replace(/'/g, "''")}'`;
  const [db, schema] = scope.kind === 'database' ? [scope.parts[0].text, undefined] : resolveName([...scope.parts, { text: '', quoted: true }], names.database, names.schema);
  const where = `upper(database_name) = upper(${lit(db)})${schema === undefined ? '' : ` AND upper(schema_name) = upper(${lit(schema)})`}`;
  const found = (await ctx.connection.runAndReadAll(`SELECT count(*) FROM duckdb_schemas() WHERE ${where}`)).getRows()[0]?.[0];
  if (Number(found) > 0) return undefined;
  const what = schema === undefined ? `Database '${db}'` : `Schema '${db}.${schema}'`;
  return new WarehouseError(`SQL compilation error: ${what} does not exist or not authorized.`, { code: '002003' });
}

/** A LIKE pattern as SHOW matches names: case-insensitive, `%` any run and `_` any one character. */
function likeTest(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '[\\s\\S]*').replace(/_/g, '[\\s\\S]')}$`, 'i');
  return (name) => re.test(name);
}

/**
 * SHOW FILE FORMATS (https://docs.snowflake.com/en/sql-reference/sql/show-file-formats): the named formats the twin
 * holds (CREATE FILE FORMAT, or `bronze sample --synthetic`), in the documented columns created_on, name,
 * database_name, schema_name, type, owner, comment, format_options, owner_role_type, ordered by database, schema and
 * name. created_on is when the twin wrote the format (CREATE OR REPLACE makes a new one, as on Snowflake); the twin
 * reads CSV formats only, so type is CSV. The twin has no roles (USE ROLE and GRANT change nothing on it), so owner
 * and owner_role_type are NULL, and it keeps the options it follows, not Snowflake's rendering of all of them, so
 * format_options is NULL: no value is made up for them. No database in use and no IN: the whole account, as documented.
 */
function showFileFormats(
  ctx: StageContext,
  stmt: Extract<StageStatement, { kind: 'show-file-formats' }>,
  names: { database: string; schema: string },
  absent: WarehouseError | undefined,
): QueryResult {
  if (absent) throw absent;
  const { scope } = stmt;
  let inScope: (db: string, schema: string) => boolean;
  if (scope.kind === 'account' || (scope.kind === 'default' && !names.database)) inScope = () => true;
  else if (scope.kind === 'default' || (scope.kind === 'database' && scope.parts.length === 0)) inScope = (db) => db === names.database;
  else if (scope.kind === 'database') inScope = (db) => db === scope.parts[0].text;
  else {
    const [db, schema] = scope.parts.length === 0 ? [names.database, names.schema] : resolveName([...scope.parts, { text: '', quoted: true }], names.database, names.schema);
    inScope = (d, s) => d === db && s === schema;
  }
  const like = likeTest(stmt.like);
  const rows = twinStages(ctx.twinDir)
    .fileFormats.map((f) => ({ f, parts: f.name.split('.') }))
    .filter(({ parts: [db, schema, name] }) => inScope(db, schema) && like(name))
    .map(({ f, parts: [db, schema, name] }) => {
      const format = readFileFormat(f.file);
      return {
        created_on: statSync(f.file).mtime,
        name,
        database_name: db,
        schema_name: schema,
        type: format?.type ?? 'CSV',
        owner: null,
        comment: format?.comment ?? '',
        format_options: null,
        owner_role_type: null,
      };
    });
  const column = (name: string, type = 'VARCHAR'): { name: string; type: string } => ({ name, type });
  return {
    columns: [
      column('created_on', 'TIMESTAMP WITH TIME ZONE'),
      column('name'),
      column('database_name'),
      column('schema_name'),
      column('type'),
      column('owner'),
      column('comment'),
      column('format_options'),
      column('owner_role_type'),
    ],
    rows,
  };
}

/** The record of an external stage (`<stage folder>.external.json`): its URL only, never its credentials. */
export const externalRecord = (loc: StageLocation): string => `${loc.dir}.external.json`;

/** The external stage options the twin records (URL) or reads past (how Snowflake reaches and decrypts the files). */
const EXTERNAL_OPTIONS = new Set(['URL', 'STORAGE_INTEGRATION', 'CREDENTIALS', 'ENCRYPTION']);

function createStage(ctx: StageContext, stmt: Extract<StageStatement, { kind: 'create-stage' }>, names: { database: string; schema: string }): QueryResult {
  for (const [key, { at }] of stmt.options) {
    if (!['COMMENT', 'ENCRYPTION', 'DIRECTORY', 'FILE_FORMAT'].includes(key) && !(stmt.external && EXTERNAL_OPTIONS.has(key))) throw new UnsupportedOnDuckDb(`CREATE STAGE with ${key}`, at);
  }
  const ref: StageRef = { kind: 'named', name: stmt.name, path: '', text: '' };
  const loc = stageLocation(ctx.twinDir, ref, names.database, names.schema);
  const last = stmt.name[stmt.name.length - 1].text;
  if (existsSync(loc.dir) || existsSync(externalRecord(loc))) {
    if (stmt.ifNotExists) return status(`${last} already exists, statement succeeded.`);
    if (!stmt.orReplace) throw new WarehouseError(`SQL compilation error: Object '${loc.label}' already exists.`, { code: '002002' });
    // A replaced internal stage starts empty: its files go with the old one.
    rmSync(loc.dir, { recursive: true, force: true });
    rmSync(externalRecord(loc), { force: true });
  }
  // The stage's own file format: what COPY reads when the statement names none (`FILE_FORMAT = (…)`, or a format's
  // name written bare, as `FILE_FORMAT = schema.format`).
  const ff = stmt.options.get('FILE_FORMAT')?.value;
  const formatName = ff?.kind === 'options' ? optionText(ff.options.get('FORMAT_NAME')?.value) : ff?.kind === 'word' || ff?.kind === 'string' ? ff.value : undefined;
  const format = formatName !== undefined ? namedFormat(ctx, formatName, names) : ff?.kind === 'options' ? csvFormatOf(ff.options) : undefined;
  const formatFile = `${loc.dir}.format.json`;
  rmSync(formatFile, { force: true });
  if (stmt.external) {
    // Snowflake records an external stage without reading its location; so does the twin, which never reads it
    // (externalStageRefusal). Only the URL is kept: CREDENTIALS and the ENCRYPTION key are secrets.
    const url = optionText(stmt.options.get('URL')?.value) ?? '';
    mkdirSync(dirname(loc.dir), { recursive: true });
    writeFileSync(externalRecord(loc), `${JSON.stringify({ url }, null, 2)}\n`);
  } else mkdirSync(loc.dir, { recursive: true });
  if (format) writeFileFormat(formatFile, format);
  return status(`Stage area ${last} successfully created.`);
}

/**
 * The refusal for reading the files of `stage` when it is an external stage the twin recorded (their copies are in
 * cloud storage, never on this machine), or undefined. Never an empty answer: that would be a silent difference.
 */
export function externalStageRefusal(twinDir: string, stage: StageRef, names: { database: string; schema: string }, what: string, at: number): UnsupportedOnDuckDb | undefined {
  if (stage.kind !== 'named') return undefined;
  const loc = stageLocation(twinDir, stage, names.database, names.schema);
  if (!existsSync(externalRecord(loc))) return undefined;
  const { url } = JSON.parse(readFileSync(externalRecord(loc), 'utf8')) as { url?: string };
  return new UnsupportedOnDuckDb(
    `${what} of external stage ${loc.label}${url ? ` (${url})` : ''}: its files are in cloud storage, which the local twin does not read; sample the tables loaded from it instead (bronze sample --synthetic)`,
    at,
  );
}

/** The copy options the twin follows; the others are refused by name. */
const COPY_OPTIONS = new Set(['FILE_FORMAT', 'PATTERN', 'FILES', 'ON_ERROR', 'MATCH_BY_COLUMN_NAME', 'FORCE', 'PURGE', 'LOAD_UNCERTAIN_FILES']);

async function copyIntoTable(ctx: StageContext, stmt: Extract<StageStatement, { kind: 'copy-into-table' }>, names: { database: string; schema: string }): Promise<QueryResult> {
  const opts: Options = stmt.options;
  for (const [key, { at }] of opts) if (!COPY_OPTIONS.has(key)) throw new UnsupportedOnDuckDb(`COPY INTO <table> with ${key}`, at);
  const onError = opts.get('ON_ERROR');
  if (onError && optionText(onError.value)?.toUpperCase() !== 'ABORT_STATEMENT') {
    throw new UnsupportedOnDuckDb(`COPY INTO <table> with ON_ERROR = ${optionText(onError.value) ?? '…'} (the twin loads with ABORT_STATEMENT, the default)`, onError.at);
  }
  const force = optionText(opts.get('FORCE')?.value)?.toUpperCase() === 'TRUE';
  const match = optionText(opts.get('MATCH_BY_COLUMN_NAME')?.value)?.toUpperCase() ?? 'NONE';
  const loc = namedStage(ctx, stmt.stage, names, 'COPY INTO <table>', stmt.at);
  const ff = opts.get('FILE_FORMAT')?.value;
  let format: CsvFormat;
  if (ff?.kind === 'options' && ff.options.has('FORMAT_NAME')) format = namedFormat(ctx, optionText(ff.options.get('FORMAT_NAME')!.value) ?? '', names);
  else if (ff?.kind === 'options') format = csvFormatOf(ff.options);
  else format = readFileFormat(`${loc.dir}.format.json`) ?? DEFAULT_CSV;
  if (match !== 'NONE' && !format.parseHeader) {
    throw new WarehouseError('SQL compilation error: MATCH_BY_COLUMN_NAME on CSV files needs the file format option PARSE_HEADER = TRUE (the header line names the columns).', { code: '002016' });
  }
  if (match !== 'NONE' && stmt.columns) throw new WarehouseError('SQL compilation error: MATCH_BY_COLUMN_NAME cannot be used with a column list.', { code: '002016' });
  const pattern = opts.get('PATTERN');
  const test = patternTest(optionText(pattern?.value), pattern?.at ?? stmt.at);
  const filesOpt = opts.get('FILES')?.value;
  const wanted = filesOpt ? (filesOpt.kind === 'list' ? filesOpt.items : [filesOpt]).map(optionText).filter((s): s is string => s !== undefined) : undefined;
  const candidates = stageFiles(loc.dir, stmt.stage.path).filter((f) => test(f.path) && (!wanted || wanted.some((n) => f.path === `${stmt.stage.path}${n}`)));
  // Load metadata: a file this table loaded before, unchanged (same MD5), is skipped unless FORCE = TRUE, however
  // many of its rows are left (a DELETE keeps it; TRUNCATE or a new table forgets it: load-history.ts).
  const history = loadHistory(ctx.twinDir, stmt.table, names);
  const md5s = new Map(candidates.map((f) => [f, md5Of(f.file)]));
  const files = candidates.filter((f) => force || history.loaded[`${loc.label}/${f.path}`] !== md5s.get(f));
  if (files.length === 0) return status('Copy executed with 0 files processed.');

  const tableColumns = (await ctx.execute(`SELECT * FROM ${stmt.table} LIMIT 0`)).columns.map((c) => c.name);
  const targets = stmt.columns ? stmt.columns.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c.toUpperCase())) : tableColumns;
  const loaded: Array<Array<string | null>> = [];
  const perFile: Array<{ file: StagedFile; rows: number }> = [];
  for (const file of files) {
    let records = parseCsv(stagedText(file.file), format);
    let header: Array<string | null> | undefined;
    if (format.parseHeader) header = records.shift()?.fields;
    else records = records.slice(format.skipHeader);
    // Each target column's field index in the file's records (-1: none, loaded as NULL).
    let slots: number[];
    if (match !== 'NONE') {
      const key = (s: string): string => (match === 'CASE_INSENSITIVE' ? s.toUpperCase() : s);
      const at = new Map((header ?? []).map((h, i) => [key(h ?? ''), i]));
      slots = targets.map((t) => at.get(key(t)) ?? -1);
    } else slots = targets.map((_, i) => i);
    for (const r of records) {
      if (match === 'NONE' && format.errorOnColumnCountMismatch && r.fields.length !== targets.length) {
        throw new WarehouseError(
          `Number of columns in file (${r.fields.length}) does not match that of the corresponding table (${targets.length}), use file format option error_on_column_count_mismatch=false to ignore this error\n  File '${listedName(loc, file)}', line ${r.line}`,
          { code: '100080' },
        );
      }
      loaded.push(slots.map((s) => (s >= 0 ? (r.fields[s] ?? null) : null)));
    }
    perFile.push({ file, rows: records.length });
  }
  if (loaded.length > 0) {
    try {
      await insertRows(ctx, stmt.table, targets, loaded);
    } catch (e) {
      // The INSERT is Bronze's: its position means nothing to the user, the statement's is given instead.
      if (!(e instanceof WarehouseError) || e.details.cancelled) throw e;
      const message = e.message.replace(/ \(line \d+, column \d+\)$/, '').replace(/\bsource column c(\d+)\b/g, (_, i: string) => `the file's value for column ${targets[Number(i)]}`);
      throw new WarehouseError(`${message} (loading ${files.map((f) => listedName(loc, f)).join(', ')} into ${stmt.table}; ON_ERROR = ABORT_STATEMENT: no row was loaded)`, { code: e.details.code });
    }
  }
  const record = history.loaded;
  for (const f of files) record[`${loc.label}/${f.path}`] = md5s.get(f) ?? '';
  writeLoadHistory(history.file, record);
  if (optionText(opts.get('PURGE')?.value)?.toUpperCase() === 'TRUE') for (const { file } of perFile) rmSync(file.file);
  const result: QueryResult = {
    columns: ['file', 'status', 'rows_parsed', 'rows_loaded', 'error_limit', 'errors_seen', 'first_error', 'first_error_line', 'first_error_character', 'first_error_column_name'].map((name) => ({
      name,
      type: /^(rows_|error|first_error_line|first_error_character)/.test(name) && name !== 'first_error' ? 'BIGINT' : 'VARCHAR',
    })),
    rows: perFile.map(({ file, rows }) => ({
      file: listedName(loc, file),
      status: 'LOADED',
      rows_parsed: rows,
      rows_loaded: rows,
      error_limit: 1,
      errors_seen: 0,
      first_error: null,
      first_error_line: null,
      first_error_character: null,
      first_error_column_name: null,
    })),
    rowsAffected: loaded.length,
  };
  return result;
}

/** Inserts text rows into `table`'s `targets` columns through the session (as Snowflake converts text on INSERT). */
async function insertRows(ctx: StageContext, table: string, targets: string[], rows: Array<Array<string | null>>): Promise<void> {
  const cols = targets.map((_, i) => `c${i}`);
  await ctx.connection.run(`CREATE OR REPLACE TEMP TABLE bz_stage_load (${cols.map((c) => `${c} VARCHAR`).join(', ')})`);
  try {
    const appender = await ctx.connection.createAppender('bz_stage_load', 'main', 'temp');
    for (const r of rows) {
      for (const v of r) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.endRow();
    }
    appender.closeSync();
    const quoted = targets.map((t) => `"${t.replace(/"/g, '""')}"`).join(', ');
    await ctx.execute(`INSERT INTO ${table} (${quoted}) SELECT ${cols.join(', ')} FROM temp.main.bz_stage_load`);
  } finally {
    await ctx.connection.run('DROP TABLE IF EXISTS temp.main.bz_stage_load');
  }
}
