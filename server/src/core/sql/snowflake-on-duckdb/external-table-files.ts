// INFORMATION_SCHEMA.EXTERNAL_TABLE_FILES(TABLE_NAME => '…') on the local twin. A Snowflake external table reads staged
// files; on the twin it is a table holding the METADATA$FILENAME column (bronze sample writes one for a source whose
// models read that column). The function answers from the twin's own data: one row per distinct file name in the
// table, REGISTERED_ON and LAST_MODIFIED being when the sampler wrote that file's rows (recorded in
// EXTERNAL_FILES_TABLE in the `main` schema of the table's catalog). The twin has no staged files, so FILE_SIZE, ETAG
// and MD5 are NULL rather than made up; a file no write recorded has NULL times. A table without the column fails
// with a located refusal naming it. The rows are gathered just before the statement runs (the client's
// prepareExternalTableFiles fills EXTERNAL_TABLE_FILES_VIEW), so a table or column that is missing never becomes a
// DuckDB binder error about Bronze's SQL.
import { quote } from './template';
import { UnsupportedOnDuckDb } from './unsupported';
import type { NamedArg } from './table-functions';

/** The pseudo-columns of an external table, as the twin's table holds them. */
export const FILENAME_COLUMN = 'METADATA$FILENAME';
export const FILE_ROW_NUMBER_COLUMN = 'METADATA$FILE_ROW_NUMBER';

/**
 * Bronze's record, in the `main` schema of a catalog, of the files the sampler wrote into its external tables:
 * (schema_name, table_name, file_name, registered_on). Left out of INFORMATION_SCHEMA and SHOW (name-case.ts).
 */
export const EXTERNAL_FILES_TABLE = 'bz_external_files';

/**
 * The temporary table the statement reads: (request, file_name, registered_on, last_modified, problem, unsupported),
 * `request` being the TABLE_NAME string as written; `problem` set (and no file) when the request cannot be answered.
 */
export const EXTERNAL_TABLE_FILES_VIEW = 'bz_external_table_files';

/** The text that names one request in the translated SQL; the client finds the requests by it. */
const REQUEST_PREFIX = `temp.main.${EXTERNAL_TABLE_FILES_VIEW} AS bz_etf WHERE bz_etf.request = `;

/** The TABLE_NAME strings a translated statement asks EXTERNAL_TABLE_FILES about. */
export function externalTableFilesRequests(translated: string): string[] {
  const found = new Set<string>();
  // The identifier-case pass upper-cases the words of the text around the string (the string stays as written).
  const re = new RegExp(`${REQUEST_PREFIX.replace(/[.$]/g, '\\$&')}'((?:[^']|'')*)'`, 'gi');
  for (const m of translated.matchAll(re)) found.add(m[1].replace(/''/g, "'"));
  return [...found];
}

/** A TABLE_NAME string's parts, as Snowflake resolves them: unquoted parts upper-case, quoted ones as written. */
export function tableNameParts(name: string): Array<{ text: string; quoted: boolean }> | undefined {
  const parts: Array<{ text: string; quoted: boolean }> = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < name.length && (m = re.exec(name))) {
    parts.push(m[1] !== undefined ? { text: m[1].replace(/""/g, '"'), quoted: true } : { text: m[2].toUpperCase(), quoted: false });
    if (m[3] === '') break;
  }
  return re.lastIndex === name.length && parts.length >= 1 && parts.length <= 3 ? parts : undefined;
}

/**
 * `[[db.]information_schema.]EXTERNAL_TABLE_FILES(TABLE_NAME => '…')` inside TABLE(…) → a subquery over the rows
 * gathered for it, with Snowflake's columns and types (TIMESTAMP_LTZ is DuckDB's TIMESTAMPTZ).
 */
export function externalTableFilesSource(args: NamedArg[], at: number): string {
  const arg = args.length === 1 && (args[0].name === '' || args[0].name === 'table_name') ? args[0] : undefined;
  if (!arg) throw new UnsupportedOnDuckDb('EXTERNAL_TABLE_FILES without exactly one TABLE_NAME argument', at);
  const literal = arg.pieces.map((p) => p.text).join('').trim();
  if (!/^'(?:[^'\\]|'')*'$/.test(literal)) throw new UnsupportedOnDuckDb('EXTERNAL_TABLE_FILES with TABLE_NAME given by an expression (the twin reads a string literal)', at);
  const refusal = `CAST(error(${quote(`bz_unsupported@${at}: EXTERNAL_TABLE_FILES of `)} || bz_etf.problem) AS BOOLEAN)`;
  return (
    '(SELECT bz_etf.file_name AS FILE_NAME, bz_etf.registered_on AS REGISTERED_ON, CAST(NULL AS DECIMAL(38,0)) AS FILE_SIZE, ' +
    'bz_etf.last_modified AS LAST_MODIFIED, CAST(NULL AS VARCHAR) AS ETAG, CAST(NULL AS VARCHAR) AS MD5 ' +
    `FROM ${REQUEST_PREFIX}${literal} AND CASE WHEN bz_etf.problem IS NULL THEN TRUE ` +
    `WHEN bz_etf.unsupported THEN ${refusal} ELSE CAST(error(bz_etf.problem) AS BOOLEAN) END)`
  );
}

/** Whether the words from `name` on (lower case, dots removed) call EXTERNAL_TABLE_FILES. */
export function isExternalTableFilesCall(words: readonly string[]): boolean {
  const last = words[words.length - 1];
  if (last !== 'external_table_files') return false;
  return words.length === 1 || (words.length <= 3 && words[words.length - 2] === 'information_schema');
}
