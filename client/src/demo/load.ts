// Loading the demo's RAW data: into the local DuckDB file through the appender (fast bulk load), or into any
// warehouse through batched multi-row INSERTs (the Snowflake tests use that through the driver). Also the
// `bronze demo` entry points: create the project + database, and append the next day's batch.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { BronzeError, type TargetType } from '../../../server/src/core/types';
import { sqlString } from '../run/sql-literals';
import { writeDemoProject } from './project-files';
import {
  DEFAULT_ROWS,
  DEFAULT_SEED,
  formatDate,
  formatTimestamp,
  generateRawData,
  nextBatch,
  type RawBatch,
  type RawRow,
  type RawTableBatch,
  type RawValue,
} from './raw-data';
import type { RawColumnSpec, RawKind, RawTableName, RawTableSpec } from './raw-tables';

/** Where the demo's local target lives, relative to the project (profiles.yml says the same). */
export const DEMO_DATABASE_PATH = '.bronze/local.duckdb';
/** What `--next-batch` needs to continue the sequence. */
export const DEMO_STATE_PATH = '.bronze/demo-state.json';
/** The RAW schema; the source `raw` has no database key, so it is the target's database. */
export const RAW_SCHEMA = 'raw';

// ---------------------------------------------------------------------------------------------------------
// SQL for any warehouse

/**
 * `create [or replace] table <schema>.<table> (…)` with variant-A types on Snowflake, their DuckDB twins locally. The
 * DuckDB statement runs as written (no Snowflake layer), so it names the table as Snowflake stores the unquoted name
 * (USERS): the quoted `"users"` misses it there too.
 */
export function createRawTableSql(
  spec: RawTableSpec,
  options: { dialect: TargetType; schema?: string; replace?: boolean },
): string {
  const schema = options.schema ?? RAW_SCHEMA;
  const columns = spec.columns
    .map((c) => `    ${c.name} ${options.dialect === 'snowflake' ? c.snowflakeType : c.duckdbType}`)
    .join(',\n');
  const table = options.dialect === 'duckdb' ? spec.name.toUpperCase() : spec.name;
  return `create ${options.replace === false ? 'table' : 'or replace table'} ${schema}.${table} (\n${columns}\n)`;
}

/**
 * A value as a SQL literal. Timestamps and dates are quoted text, which both Snowflake and DuckDB convert to the
 * column's type on INSERT; decimals keep exactly two places.
 */
export function renderRawLiteral(value: RawValue, kind: RawKind, dialect: TargetType): string {
  if (value === null) return 'NULL';
  switch (kind) {
    case 'string':
      return sqlString(String(value), dialect);
    case 'integer':
      return String(Math.trunc(Number(value)));
    case 'decimal':
      return Number(value).toFixed(2);
    case 'timestamp':
      return typeof value === 'number' ? `'${formatTimestamp(value)}'` : sqlString(value, dialect);
    case 'date':
      return typeof value === 'number' ? `'${formatDate(value)}'` : sqlString(value, dialect);
  }
}

export interface LoadRowsOptions {
  /** Decides string escaping (Snowflake reads backslashes as escapes). Default `snowflake`. */
  dialect?: TargetType;
  /** Rows per INSERT. Snowflake accepts at most 16,384 rows in one VALUES list. Default 1,000. */
  batchSize?: number;
}

/**
 * Inserts `rows` into `table` (qualified as the caller wants it, e.g. `raw.users`) with batched multi-row
 * `INSERT … VALUES`. Works on any warehouse reachable through `execute`. Returns the number of rows sent.
 */
export async function loadRawRows(
  execute: (sql: string) => Promise<unknown>,
  table: string,
  columns: readonly RawColumnSpec[],
  rows: readonly RawRow[],
  options: LoadRowsOptions = {},
): Promise<number> {
  const dialect = options.dialect ?? 'snowflake';
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 16_384) {
    throw new RangeError(`batchSize must be between 1 and 16384 (got ${batchSize})`);
  }
  const head = `insert into ${table} (${columns.map((c) => c.name).join(', ')}) values\n`;
  for (let from = 0; from < rows.length; from += batchSize) {
    const values = rows
      .slice(from, from + batchSize)
      .map((row) => `(${row.map((v, i) => renderRawLiteral(v, columns[i].kind, dialect)).join(', ')})`)
      .join(',\n');
    await execute(head + values);
  }
  return rows.length;
}

// ---------------------------------------------------------------------------------------------------------
// DuckDB bulk load

/** Appends rows to an existing `<schema>.<table>` with DuckDB's appender (no SQL text per row). */
export async function appendRawRows(
  connection: DuckDBConnection,
  spec: RawTableSpec,
  rows: readonly RawRow[],
  schema: string = RAW_SCHEMA,
): Promise<number> {
  const appender = await connection.createAppender(spec.name, schema);
  const kinds = spec.columns.map((c) => c.kind);
  try {
    for (const row of rows) {
      for (let i = 0; i < kinds.length; i++) {
        const v = row[i];
        if (v === null) {
          appender.appendNull();
          continue;
        }
        switch (kinds[i]) {
          case 'string':
            appender.appendVarchar(String(v));
            break;
          case 'integer':
            appender.appendInteger(Number(v));
            break;
          case 'decimal':
            appender.appendDecimal(new DuckDBDecimalValue(BigInt(Math.round(Number(v) * 100)), 10, 2));
            break;
          case 'timestamp':
            appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Number(v)) * 1000n));
            break;
          case 'date':
            appender.appendDate(new DuckDBDateValue(Number(v)));
            break;
        }
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return rows.length;
}

async function openDuckDB(file: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  try {
    const instance = await DuckDBInstance.create(file);
    return { instance, connection: await instance.connect() };
  } catch (error) {
    throw new BronzeError(
      `${file}: cannot open the demo database (${(error as Error).message}). ` +
        'If another bronze run or the VS Code extension has it open, close that first and retry.',
      { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      'bronze/demo-database',
    );
  }
}

/**
 * Loads a batch into the RAW schema of the DuckDB file. `create` (re)creates the seven tables first; `append`
 * adds to the existing ones.
 */
export async function loadRawIntoDuckDB(file: string, batch: RawBatch, mode: 'create' | 'append'): Promise<void> {
  const { instance, connection } = await openDuckDB(file);
  try {
    await connection.run(`create schema if not exists ${RAW_SCHEMA}`);
    for (const t of batch.tables) {
      if (mode === 'create') await connection.run(createRawTableSql(t.table, { dialect: 'duckdb' }));
      await appendRawRows(connection, t.table, t.rows);
    }
    // Fold the WAL into the file so the next process opens a complete database.
    await connection.run('checkpoint');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// ---------------------------------------------------------------------------------------------------------
// `bronze demo`

export interface DemoOptions {
  /** RAW rows per table in the initial load (default 10,000). */
  rows?: number;
  seed?: number;
  /** Write into a non-empty directory that is not a previous demo. */
  force?: boolean;
}

export interface DemoTableSummary {
  table: RawTableName;
  /** Rows appended to RAW by this step. */
  rowsInserted: number;
  /** Keys first delivered by this step: after the build, bronze holds exactly these on top of the old keys. */
  newKeys: string[];
  /** Existing keys re-sent with a later update_timestamp and changed values: the merge updates exactly these. */
  changedKeys: string[];
  /** Initial load: keys present twice (original and later update) — bronze keeps the later one. */
  lateUpdateKeys: string[];
  duplicateRows: number;
  nullKeyRows: number;
}

export interface DemoSummary {
  dir: string;
  databasePath: string;
  /** 0 for the initial load, N for the N-th `--next-batch`. */
  batch: number;
  rows: number;
  seed: number;
  /** Project files written (relative paths); empty for `--next-batch`. */
  files: string[];
  tables: DemoTableSummary[];
  elapsedMs: number;
}

interface DemoState {
  version: 1;
  rows: number;
  seed: number;
  /** The last batch loaded (0 = the initial load only). */
  batches: number;
}

function summarize(dir: string, batch: RawBatch, files: string[], started: number): DemoSummary {
  return {
    dir,
    databasePath: path.join(dir, DEMO_DATABASE_PATH),
    batch: batch.batch,
    rows: batch.rows,
    seed: batch.seed,
    files,
    tables: batch.tables.map((t: RawTableBatch) => ({
      table: t.table.name,
      rowsInserted: t.rows.length,
      newKeys: t.newKeys,
      changedKeys: t.changedKeys,
      lateUpdateKeys: t.lateUpdateKeys,
      duplicateRows: t.duplicateRows,
      nullKeyRows: t.nullKeyRows,
    })),
    elapsedMs: Date.now() - started,
  };
}

async function writeState(dir: string, state: DemoState): Promise<void> {
  await writeFile(path.join(dir, DEMO_STATE_PATH), JSON.stringify(state, null, 2) + '\n');
}

/** Writes the project into `dir` and creates `.bronze/local.duckdb` with a fresh RAW load. */
export async function createDemo(dir: string, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const rows = options.rows ?? DEFAULT_ROWS;
  const seed = options.seed ?? DEFAULT_SEED;
  const batch = generateRawData(rows, seed); // validates rows/seed before anything is written
  const files = await writeDemoProject(dir, { force: options.force });
  const file = path.join(dir, DEMO_DATABASE_PATH);
  await mkdir(path.dirname(file), { recursive: true });
  // A fresh database: bronze tables of an earlier demo would otherwise hide the new RAW data from incremental runs.
  for (const f of [file, `${file}.wal`]) await rm(f, { force: true });
  await loadRawIntoDuckDB(file, batch, 'create');
  await writeState(dir, { version: 1, rows, seed, batches: 0 });
  return summarize(dir, batch, files, started);
}

/** Appends the next day's batch to the RAW tables of a demo created by `createDemo`. */
export async function demoNextBatch(dir: string): Promise<DemoSummary> {
  const started = Date.now();
  const statePath = path.join(dir, DEMO_STATE_PATH);
  const file = path.join(dir, DEMO_DATABASE_PATH);
  if (!existsSync(statePath) || !existsSync(file)) {
    throw new BronzeError(
      `${dir}: no demo database here (${DEMO_STATE_PATH} or ${DEMO_DATABASE_PATH} is missing). ` +
        'Create the demo first with `bronze demo DIR`, then add batches with `bronze demo DIR --next-batch`.',
      undefined,
      'bronze/demo-missing',
    );
  }
  const state = parseState(statePath, await readFile(statePath, 'utf8'));
  const batch = nextBatch(state.batches + 1, state.rows, state.seed);
  await loadRawIntoDuckDB(file, batch, 'append');
  await writeState(dir, { ...state, batches: batch.batch });
  return summarize(dir, batch, [], started);
}

function parseState(file: string, text: string): DemoState {
  const where = { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BronzeError(
      `${file}:1:1: not valid JSON (${(error as Error).message}). Recreate the demo with \`bronze demo DIR --force\`.`,
      where,
      'bronze/demo-state',
    );
  }
  const s = value as Partial<DemoState> | null;
  const ok =
    s !== null &&
    typeof s === 'object' &&
    s.version === 1 &&
    Number.isInteger(s.rows) &&
    Number.isInteger(s.seed) &&
    Number.isInteger(s.batches) &&
    (s.batches as number) >= 0;
  if (!ok) {
    throw new BronzeError(
      `${file}:1:1: expected {"version": 1, "rows", "seed", "batches"} with whole numbers. ` +
        'Recreate the demo with `bronze demo DIR --force`.',
      where,
      'bronze/demo-state',
    );
  }
  return s as DemoState;
}

/** The human summary the CLI prints. */
export function formatDemoSummary(summary: DemoSummary): string {
  const lines: string[] = [];
  if (summary.batch === 0) {
    lines.push(`Wrote the Zoom bronze demo to ${summary.dir} (${summary.files.length} files).`);
    lines.push(`Loaded RAW data into ${summary.databasePath} (schema ${RAW_SCHEMA}, seed ${summary.seed}):`);
  } else {
    lines.push(`Appended batch ${summary.batch} to ${summary.databasePath} (schema ${RAW_SCHEMA}):`);
  }
  const width = Math.max(...summary.tables.map((t) => t.table.length));
  for (const t of summary.tables) {
    const detail =
      summary.batch === 0
        ? `${t.newKeys.length} keys, ${t.lateUpdateKeys.length} late updates, ${t.duplicateRows} duplicates, ${t.nullKeyRows} NULL keys`
        : `${t.newKeys.length} new keys, ${t.changedKeys.length} changed keys, ${t.duplicateRows} duplicates`;
    lines.push(`  ${t.table.padEnd(width)}  ${String(t.rowsInserted).padStart(8)} rows  (${detail})`);
  }
  lines.push(`Done in ${(summary.elapsedMs / 1000).toFixed(1)} s.`);
  lines.push(
    summary.batch === 0
      ? `Next: bronze build --project-dir ${summary.dir}`
      : `Next: bronze build --project-dir ${summary.dir}   (the incremental models merge the new batch)`,
  );
  return lines.join('\n');
}
