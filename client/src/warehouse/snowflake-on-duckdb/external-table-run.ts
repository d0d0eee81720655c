// Snowflake external tables on the local twin (statements read by external-table-statements.ts).
//
// On Snowflake an external table's rows are the files of an external stage
// (https://docs.snowflake.com/en/sql-reference/sql/create-external-table: LOCATION names an external stage), read when
// queried: VALUE (the record as a VARIANT; CSV fields as c1, c2, …), the virtual columns computed from it, and the
// pseudocolumns METADATA$FILENAME / METADATA$FILE_ROW_NUMBER (https://docs.snowflake.com/en/user-guide/querying-metadata).
// The twin never reads cloud storage (stage-run.ts records an external stage's URL only). What it holds for such a
// table is what `bronze sample --synthetic` wrote into it: rows with VALUE and the file each row came from, which
// stand in for the stage's files. So CREATE [OR REPLACE] EXTERNAL TABLE over an external stage re-creates the table
// from those rows — the same files, registered again at creation (REFRESH_ON_CREATE, the default) — with the
// statement's virtual columns computed again from VALUE and METADATA$FILENAME through the twin's translator. Every
// stand-in file must be one the statement's LOCATION path and PATTERN read: a file it would not read is refused by
// name rather than kept (Snowflake would not have its rows) or dropped (that would throw sampled rows away silently).
// With no stand-in rows (nothing sampled, or no file names in them) the statement is refused by name, as before.
//
// ALTER EXTERNAL TABLE … REFRESH registers new, changed and removed files
// (https://docs.snowflake.com/en/sql-reference/sql/alter-external-table); the twin's stand-in files change only when
// the sampler writes, and it writes straight into the table, so a refresh changes no row.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseExternalTableStatement, type ExternalTableStatement } from '../../../../server/src/core/sql/snowflake-on-duckdb/external-table-statements';
import { FILENAME_COLUMN, FILE_ROW_NUMBER_COLUMN } from '../../../../server/src/core/sql/snowflake-on-duckdb/external-table-files';
import type { NamePart } from '../../../../server/src/core/sql/snowflake-on-duckdb/stage-statements';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { WarehouseError, type QueryResult } from '../warehouse';
import { recordExternalFiles } from './external-table-files';
import { resolveName, stageLocation } from './stage-files';
import { currentNames, externalRecord, missing, namedFormat, patternTest, status, type CurrentNames, type StageContext } from './stage-run';

/** A cheap test before lexing: only statements that may be external-table statements are read. */
const MAYBE_EXTERNAL = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*(?:create\s+(?:or\s+replace\s+)?external\s+table\b|(?:alter|drop)\s+external\s+table\b)/i;

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** What the twin records of an external table it created: where its files are, for a later re-creation to compare. */
interface ExternalTableRecord {
  stage: string;
  path: string;
  pattern?: string;
}

const recordFile = (twinDir: string, table: [string, string, string]): string => join(twinDir, 'external-tables', ...table.slice(0, 2), `${table[2]}.json`);

/** The table `parts` names as DuckDB holds it (catalog, schema, name, its columns), or undefined. */
async function heldTable(
  connection: DuckDBConnection,
  parts: NamePart[],
  current: CurrentNames,
): Promise<{ database: string; schema: string; identifier: string; columns: string[]; types: string[] } | undefined> {
  const [name, schema, database] = [...parts].reverse();
  const is = (column: string, part: NamePart | undefined, fallback: string): string =>
    part === undefined ? `${column} = ${literal(fallback)}` : part.quoted ? `${column} = ${literal(part.text)}` : `upper(${column}) = ${literal(part.text.toUpperCase())}`;
  const where = [is('database_name', database, current.held.database), is('schema_name', schema, current.held.schema), is('table_name', name, '')].join(' AND ');
  const rows = (await connection.runAndReadAll(`SELECT database_name, schema_name, table_name, column_name, data_type FROM duckdb_columns() WHERE ${where} ORDER BY column_index`)).getRows();
  if (!rows.length) return undefined;
  const [db, sch, tbl] = rows[0].map(String);
  if (rows.some((r) => String(r[0]) !== db || String(r[1]) !== sch || String(r[2]) !== tbl)) return undefined;
  return { database: db, schema: sch, identifier: tbl, columns: rows.map((r) => String(r[3])), types: rows.map((r) => String(r[4])) };
}

/** Whether an expression is the bare pseudocolumn METADATA$FILENAME (`metadata$filename`, in parentheses or not). */
const isFileName = (expr: string): boolean => expr.replace(/[\s()]/g, '').toUpperCase() === FILENAME_COLUMN;

/** A column name as Snowflake resolves it (unquoted upper-case), quoted for the translated statement. */
const resolvedIdent = (p: NamePart): string => ident(p.text);

/**
 * Runs `sql` when it is an external-table statement: its result, or undefined when it is none. Throws
 * UnsupportedOnDuckDb (offsets in `sql`) for what the twin does not run and WarehouseError for Snowflake's errors.
 */
export async function runExternalTableStatement(sql: string, ctx: StageContext): Promise<QueryResult | undefined> {
  if (!MAYBE_EXTERNAL.test(sql)) return undefined;
  const stmt = parseExternalTableStatement(sql);
  if (!stmt) return undefined;
  const names = await currentNames(ctx.connection);
  const table = resolveName(stmt.name, names.database, names.schema);
  const label = table.join('.');
  const held = await heldTable(ctx.connection, stmt.name, names);
  const last = stmt.name[stmt.name.length - 1].text;
  switch (stmt.kind) {
    case 'drop-external-table': {
      if (!held) {
        if (stmt.ifExists) return status(`Drop statement executed successfully (${last} already dropped).`);
        throw new WarehouseError(`SQL compilation error: External table '${label}' does not exist or not authorized.`, { code: '002003' });
      }
      await ctx.connection.run(`DROP TABLE ${[held.database, held.schema, held.identifier].map(ident).join('.')}`);
      rmSync(recordFile(ctx.twinDir, table), { force: true });
      return status(`${last} successfully dropped.`);
    }
    case 'refresh-external-table': {
      if (!held || !held.columns.includes(FILENAME_COLUMN)) {
        if (stmt.ifExists && !held) return status('Statement executed successfully.');
        throw new WarehouseError(`SQL compilation error: External table '${label}' does not exist or not authorized.`, { code: '002003' });
      }
      // The stand-in files have not changed since the table was created from them: no file to register or remove.
      return status('Statement executed successfully.');
    }
    case 'create-external-table':
      return createExternalTable(ctx, stmt, names, table, held);
  }
}

async function createExternalTable(
  ctx: StageContext,
  stmt: Extract<ExternalTableStatement, { kind: 'create-external-table' }>,
  names: CurrentNames,
  table: [string, string, string],
  held: Awaited<ReturnType<typeof heldTable>>,
): Promise<QueryResult> {
  const label = table.join('.');
  const last = stmt.name[stmt.name.length - 1].text;
  if (held && !stmt.orReplace) {
    if (stmt.ifNotExists) return status(`${last} already exists, statement succeeded.`);
    throw new WarehouseError(`SQL compilation error: Object '${label}' already exists.`, { code: '002002' });
  }
  if (stmt.stage.kind !== 'named') {
    throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE over ${stmt.stage.text} (an external table reads an external stage: https://docs.snowflake.com/en/sql-reference/sql/create-external-table)`, stmt.at);
  }
  const loc = stageLocation(ctx.twinDir, stmt.stage, names.database, names.schema);
  if (!existsSync(externalRecord(loc))) {
    if (existsSync(loc.dir)) {
      throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE over internal stage ${loc.label} (an external table reads an external stage: https://docs.snowflake.com/en/sql-reference/sql/create-external-table)`, stmt.at);
    }
    throw missing('Stage', loc.label, `the record ${externalRecord(loc)} (create it with CREATE STAGE … URL = '…')`);
  }
  // A named format must exist, as on Snowflake; its options do not matter here, the twin reading no file.
  if (stmt.formatName !== undefined) namedFormat(ctx, stmt.formatName, names);
  const { url } = JSON.parse(readFileSync(externalRecord(loc), 'utf8')) as { url?: string };
  const noRows = (why: string): UnsupportedOnDuckDb =>
    new UnsupportedOnDuckDb(
      `CREATE EXTERNAL TABLE (its rows are the files of stage ${stmt.stage.text}, external stage ${loc.label}${url ? ` (${url})` : ''} in cloud storage, which the local twin does not read; ${why})`,
      stmt.at,
    );
  if (!held || !held.columns.includes('VALUE')) {
    throw noRows(`the twin holds no sampled rows with VALUE for ${label} to stand in for them: sample it first, bronze sample --synthetic`);
  }
  // Where the stand-in rows' file names come from: the pseudocolumn the sampler wrote, or else the statement's own
  // column defined as METADATA$FILENAME, whose sampled values are by that definition the file names.
  const fileColumn = held.columns.includes(FILENAME_COLUMN)
    ? FILENAME_COLUMN
    : stmt.columns.filter((c) => isFileName(c.expr)).map((c) => held.columns.find((h) => (c.name.quoted ? h === c.name.text : h.toUpperCase() === c.name.text)))[0];
  if (fileColumn === undefined) {
    throw noRows(`the sampled rows of ${label} hold no file names (${FILENAME_COLUMN}, or a column the statement defines as it)`);
  }
  const relation = [held.database, held.schema, held.identifier].map(ident).join('.');
  const record = recordFile(ctx.twinDir, table);
  const here: ExternalTableRecord = { stage: loc.label, path: stmt.stage.path, ...(stmt.pattern !== undefined ? { pattern: stmt.pattern } : {}) };
  if (existsSync(record) && held.columns.includes(FILENAME_COLUMN)) {
    const before = JSON.parse(readFileSync(record, 'utf8')) as ExternalTableRecord;
    if (before.stage !== here.stage || before.path !== here.path) {
      throw noRows(`the rows the twin holds for ${label} stand in for the files of @${before.stage}/${before.path}, not these`);
    }
  }
  // Every stand-in file must be one this LOCATION and PATTERN read (PATTERN matches the whole path in the stage, as
  // the twin's COPY and LIST match it).
  const test = patternTest(stmt.pattern, stmt.at);
  const files = (await ctx.connection.runAndReadAll(`SELECT DISTINCT CAST(${ident(fileColumn)} AS VARCHAR) FROM ${relation} ORDER BY 1`)).getRows().map((r) => (r[0] === null ? null : String(r[0])));
  const stray = files.find((f) => f === null || !f.startsWith(stmt.stage.path) || !test(f));
  if (stray !== undefined) {
    const why = stray === null ? 'a sampled row with no file name' : `the sampled file '${stray}', which ${!stray.startsWith(stmt.stage.path) ? `is not under the path '${stmt.stage.path}'` : `PATTERN '${stmt.pattern ?? ''}' does not match`}`;
    throw noRows(`the rows the twin holds for ${label} include ${why}: Snowflake would not read it, and leaving its rows out would drop sampled rows unseen; sample again with file names this table reads`);
  }
  // The stand-in files' records, numbered within each file when the sampler wrote no numbers (in the order held).
  const rowNumber = held.columns.includes(FILE_ROW_NUMBER_COLUMN)
    ? `CAST(${ident(FILE_ROW_NUMBER_COLUMN)} AS BIGINT)`
    : `row_number() OVER (PARTITION BY ${ident(fileColumn)} ORDER BY rowid)`;
  const staging = 'bz_external_table_rows';
  // A VARIANT VALUE (JSON) as PARSE_JSON reads the record, its objects' keys sorted as in every OBJECT on the twin
  // (json-functions.ts): the rows written in another key order would show and compare otherwise than Snowflake's.
  const value = held.types[held.columns.indexOf('VALUE')] === 'JSON' ? 'bz_parse_json(CAST("VALUE" AS VARCHAR)) AS "VALUE"' : '"VALUE"';
  await ctx.connection.run(
    `CREATE OR REPLACE TEMP TABLE ${staging} AS SELECT ${value}, CAST(${ident(fileColumn)} AS VARCHAR) AS ${ident(FILENAME_COLUMN)}, ${rowNumber} AS ${ident(FILE_ROW_NUMBER_COLUMN)} FROM ${relation}`,
  );
  try {
    // Through the translator: the virtual columns' expressions are Snowflake SQL over VALUE and the pseudocolumns,
    // computed in an inner query and converted to their declared types outside it (a cast wrapped straight around
    // an expression that ends in its own `::type`, as dbt_external_tables writes them, makes DuckDB expand the
    // conversion macros into each other: seconds per column).
    const inner = stmt.columns.map((c, k) => `, (${c.expr}) AS bz_virtual_${k}`).join('');
    const outer = stmt.columns.map((c, k) => `, CAST(bz_virtual_${k} AS ${c.type}) AS ${resolvedIdent(c.name)}`).join('');
    const target = stmt.name.map(resolvedIdent).join('.');
    await ctx.execute(
      `CREATE OR REPLACE TABLE ${target} AS SELECT value AS "VALUE"${outer}, ${ident(FILENAME_COLUMN)}, ${ident(FILE_ROW_NUMBER_COLUMN)} FROM ` +
        `(SELECT value, metadata$filename AS ${ident(FILENAME_COLUMN)}, CAST(metadata$file_row_number AS NUMBER(38, 0)) AS ${ident(FILE_ROW_NUMBER_COLUMN)}${inner} ` +
        `FROM temp.main.${staging}) AS bz_external_files`,
    );
  } finally {
    await ctx.connection.run(`DROP TABLE IF EXISTS temp.main.${staging}`);
  }
  // The session's current names are those read before: the CREATE does not change them.
  const created = await heldTable(ctx.connection, stmt.name, names);
  if (created) await recordExternalFiles(ctx.connection, created, { written: 'now', replaced: true });
  mkdirSync(dirname(record), { recursive: true });
  writeFileSync(record, `${JSON.stringify(here, null, 2)}\n`);
  return status(`Table ${last} successfully created.`);
}
