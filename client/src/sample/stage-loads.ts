// Sources a project loads itself from an internal stage: its hooks (on-run-start, usually) `COPY INTO <table> FROM @stage/path`
// (run_query or the hook's own text), the table being a declared source's. `bronze sample --synthetic` writes that
// source's rows as a file in the stage's folder on the twin too, so the project's own load (CREATE TABLE … USING
// TEMPLATE over INFER_SCHEMA, then COPY INTO) finds them with no edit. The stage and a file format the twin does not
// hold (created outside the project on Snowflake) are created on demand: the format as CSV with a header line
// (PARSE_HEADER = TRUE), which the sampler's output says.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { optionText, parseStageStatement, type StageStatement } from '../../../server/src/core/sql/snowflake-on-duckdb/stage-statements';
import type { RelationName } from '../../../server/src/core/types';
import { csvFormatOf, DEFAULT_CSV, fileFormatFile, formatNameParts, readFileFormat, resolveName, stageLocation, writeCsv, writeFileFormat, type CsvFormat } from '../warehouse/snowflake-on-duckdb/stage-files';
import type { DuckDbSession } from '../warehouse/duckdb';
import { quoteIdent, relationSql } from './sql';

type CopyLoad = Extract<StageStatement, { kind: 'copy-into-table' }>;

/** The format a sampler-made file format has: CSV, a header line naming the columns, text enclosed in `"`. */
export const SAMPLED_CSV: CsvFormat = { ...DEFAULT_CSV, parseHeader: true, enclosedBy: '"' };

/** The COPY INTO <table> FROM @stage statements among the project's hook statements. */
export function hookStageLoads(statements: ReadonlyArray<{ sql: string }>): CopyLoad[] {
  const out: CopyLoad[] = [];
  for (const { sql } of statements) {
    try {
      const stmt = parseStageStatement(sql);
      if (stmt?.kind === 'copy-into-table') out.push(stmt);
    } catch {
      // A stage statement the twin refuses is reported when the hook runs.
    }
  }
  return out;
}

/** The sampled table a load fills: same identifier, and same schema and database where the load names them. */
function loadedTable(load: CopyLoad, tables: readonly RelationName[], current: { database: string; schema: string }): RelationName | undefined {
  const [db, schema, name] = resolveName(formatNameParts(load.table), current.database, current.schema);
  const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();
  const named = tables.filter((t) => same(t.identifier, name));
  return named.find((t) => same(t.schema, schema) && same(t.database || current.database, db)) ?? (named.length === 1 ? named[0] : undefined);
}

/**
 * Writes each loaded source's rows (just sampled into `tables`) into the stage its hook loads it from, one CSV file
 * `<table>.csv` under the load's path; creates the stage folder and the named file format when the twin lacks them.
 */
export async function writeStageFiles(
  session: DuckDbSession,
  twinDir: string,
  current: { database: string; schema: string },
  loads: readonly CopyLoad[],
  tables: readonly RelationName[],
  log: (line: string) => void,
): Promise<number> {
  let written = 0;
  for (const load of loads) {
    const table = loadedTable(load, tables, current);
    if (!table) continue;
    const loc = stageLocation(twinDir, load.stage, current.database, current.schema);
    if (load.stage.kind === 'named' && !existsSync(loc.dir)) log(`stage ${load.stage.text} (${loc.label}) is not on the twin: created as the folder ${relative(dirname(dirname(twinDir)), loc.dir)}`);
    const ff = load.options.get('FILE_FORMAT')?.value;
    let format: CsvFormat;
    if (ff?.kind === 'options' && ff.options.has('FORMAT_NAME')) {
      const name = optionText(ff.options.get('FORMAT_NAME')!.value) ?? '';
      const { file, label } = fileFormatFile(twinDir, formatNameParts(name), current.database, current.schema);
      const known = readFileFormat(file);
      if (known) format = known;
      else {
        format = SAMPLED_CSV;
        writeFileFormat(file, format);
        log(`file format ${label} is not on the twin: created as CSV with a header line (PARSE_HEADER = TRUE, FIELD_OPTIONALLY_ENCLOSED_BY = '"'); the stage files are written in it`);
      }
    } else if (ff?.kind === 'options') format = csvFormatOf(ff.options);
    else format = readFileFormat(`${loc.dir}.format.json`) ?? SAMPLED_CSV;
    const reader = await session.connection.runAndReadAll(`SELECT * FROM ${relationSql(table)}`);
    const names = reader.columnNames();
    const text = await session.connection.runAndReadAll(`SELECT ${names.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR)`).join(', ') || '1'} FROM ${relationSql(table)}`);
    const rows = text.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
    const path = `${load.stage.path}${load.stage.path === '' || load.stage.path.endsWith('/') ? '' : '/'}${table.identifier.toLowerCase()}.csv`;
    const target = join(loc.dir, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, writeCsv(names, rows, format));
    written++;
    log(`staged ${rows.length} rows of ${relationSql(table)} as ${load.stage.text.replace(/\/$/, '')}/${path.slice(load.stage.path.length)} for the project's COPY INTO ${load.table}`);
  }
  return written;
}
