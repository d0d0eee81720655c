// The local twin's internal stages and named file formats, as files: a stage is a folder
// `<twin>/stages/<DATABASE>/<SCHEMA>/<STAGE>/` (the user stage `@~` is `<twin>/stages/~`, a table's stage `@%t` is
// `<twin>/stages/<DATABASE>/<SCHEMA>/%<TABLE>/`), a file format is `<twin>/file-formats/<DATABASE>/<SCHEMA>/<NAME>.json`.
// Names are stored as Snowflake resolves them (unquoted ones upper-case). CSV is read and written here with the
// CSV file format options of Snowflake's CREATE FILE FORMAT; an option the twin does not follow is refused by name.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { optionText, type NamePart, type Options, type OptionValue, type StageRef } from '../../../../server/src/core/sql/snowflake-on-duckdb/stage-statements';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { WarehouseError } from '../warehouse';

/** The CSV file format options the twin follows (Snowflake's defaults in DEFAULT_CSV). */
export interface CsvFormat {
  type: 'CSV';
  fieldDelimiter: string;
  skipHeader: number;
  parseHeader: boolean;
  /** FIELD_OPTIONALLY_ENCLOSED_BY; undefined for NONE. */
  enclosedBy?: string;
  nullIf: string[];
  emptyFieldAsNull: boolean;
  trimSpace: boolean;
  errorOnColumnCountMismatch: boolean;
  skipBlankLines: boolean;
  /** ESCAPE_UNENCLOSED_FIELD; undefined for NONE. */
  escapeUnenclosed?: string;
  /** ESCAPE (in enclosed fields); undefined for NONE. */
  escape?: string;
  /** COMMENT, as SHOW FILE FORMATS shows it. */
  comment?: string;
}

export const DEFAULT_CSV: CsvFormat = {
  type: 'CSV',
  fieldDelimiter: ',',
  skipHeader: 0,
  parseHeader: false,
  nullIf: ['\\N'],
  emptyFieldAsNull: true,
  trimSpace: false,
  errorOnColumnCountMismatch: true,
  skipBlankLines: false,
  escapeUnenclosed: '\\',
};

/** Options read without effect on what the twin loads (how Snowflake stores, names or describes the format). */
const NO_EFFECT = new Set(['COMPRESSION', 'ENCODING', 'FILE_EXTENSION', 'VALIDATE_UTF8', 'REPLACE_INVALID_CHARACTERS', 'BINARY_FORMAT']);

function noneOr(v: OptionValue | undefined): string | undefined {
  const t = optionText(v);
  return t === undefined || (v?.kind === 'word' && t === 'NONE') ? undefined : t;
}

function bool(v: OptionValue | undefined): boolean {
  return optionText(v)?.toUpperCase() === 'TRUE';
}

/** A CSV format from CREATE FILE FORMAT / inline FILE_FORMAT = (…) options over `base`. */
export function csvFormatOf(options: Options, base: CsvFormat = DEFAULT_CSV): CsvFormat {
  const f: CsvFormat = { ...base, nullIf: [...base.nullIf] };
  for (const [key, { value, at }] of options) {
    switch (key) {
      case 'TYPE':
      case 'FORMAT_TYPE':
        if (optionText(value)?.toUpperCase() !== 'CSV') throw new UnsupportedOnDuckDb(`FILE FORMAT TYPE = ${optionText(value) ?? '…'} (the local twin's stages read CSV)`, at);
        break;
      case 'FIELD_DELIMITER': {
        const d = noneOr(value);
        if (d === undefined || d.length !== 1) throw new UnsupportedOnDuckDb(`FIELD_DELIMITER = ${optionText(value) ?? '…'} (the twin reads a one-character delimiter)`, at);
        f.fieldDelimiter = d;
        break;
      }
      case 'RECORD_DELIMITER': {
        const d = optionText(value);
        if (d !== '\n' && d !== '\r\n') throw new UnsupportedOnDuckDb('RECORD_DELIMITER other than a newline', at);
        break;
      }
      case 'SKIP_HEADER':
        f.skipHeader = Number(optionText(value) ?? 0);
        break;
      case 'PARSE_HEADER':
        f.parseHeader = bool(value);
        break;
      case 'FIELD_OPTIONALLY_ENCLOSED_BY':
        f.enclosedBy = noneOr(value);
        break;
      case 'NULL_IF':
        f.nullIf = (value.kind === 'list' ? value.items : [value]).map(optionText).filter((s): s is string => s !== undefined);
        break;
      case 'EMPTY_FIELD_AS_NULL':
        f.emptyFieldAsNull = bool(value);
        break;
      case 'TRIM_SPACE':
        f.trimSpace = bool(value);
        break;
      case 'ERROR_ON_COLUMN_COUNT_MISMATCH':
        f.errorOnColumnCountMismatch = bool(value);
        break;
      case 'SKIP_BLANK_LINES':
        f.skipBlankLines = bool(value);
        break;
      case 'ESCAPE_UNENCLOSED_FIELD':
        f.escapeUnenclosed = noneOr(value);
        break;
      case 'ESCAPE':
        f.escape = noneOr(value);
        break;
      case 'COMMENT':
        f.comment = optionText(value);
        break;
      case 'DATE_FORMAT':
      case 'TIME_FORMAT':
      case 'TIMESTAMP_FORMAT':
        if (optionText(value)?.toUpperCase() !== 'AUTO') throw new UnsupportedOnDuckDb(`${key} = '${optionText(value) ?? ''}' in a file format (the twin reads AUTO)`, at);
        break;
      default:
        if (!NO_EFFECT.has(key)) throw new UnsupportedOnDuckDb(`the file format option ${key}`, at);
    }
  }
  if (f.parseHeader && f.skipHeader > 0) {
    throw new WarehouseError('SQL compilation error: PARSE_HEADER = TRUE cannot be used with SKIP_HEADER (the header line is the column names).', { code: '002016' });
  }
  return f;
}

/** A database.schema.name as Snowflake resolves `parts` in the session's current database and schema. */
export function resolveName(parts: NamePart[], database: string, schema: string): [string, string, string] {
  const p = parts.map((x) => x.text);
  if (p.length === 3) return [p[0], p[1], p[2]];
  if (p.length === 2) return [database, p[0], p[1]];
  return [database, schema, p[0]];
}

export interface StageLocation {
  /** The stage's folder. */
  dir: string;
  /** DATABASE.SCHEMA.STAGE (or `~`, or the table), for messages. */
  label: string;
  /** How Snowflake names the stage at the start of a listed file's name (`my_stage`, `%t`'s table, '' for `@~`). */
  listPrefix: string;
}

/** Where `stage` lives under the twin's folder. */
export function stageLocation(twinDir: string, stage: StageRef, database: string, schema: string): StageLocation {
  if (stage.kind === 'user') return { dir: join(twinDir, 'stages', '~'), label: '~', listPrefix: '' };
  const [db, sc, name] = resolveName(stage.name, database, schema);
  const folder = stage.kind === 'table' ? `%${name}` : name;
  return { dir: join(twinDir, 'stages', db, sc, folder), label: `${db}.${sc}.${name}`, listPrefix: name.toLowerCase() };
}

/** The file holding a named file format. */
export function fileFormatFile(twinDir: string, parts: NamePart[], database: string, schema: string): { file: string; label: string } {
  const [db, sc, name] = resolveName(parts, database, schema);
  return { file: join(twinDir, 'file-formats', db, sc, `${name}.json`), label: `${db}.${sc}.${name}` };
}

/** A FORMAT_NAME / FILE_FORMAT => 'name' string's parts (`db.schema.name`, parts quoted or not). */
export function formatNameParts(name: string): NamePart[] {
  const parts: NamePart[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < name.length && (m = re.exec(name))) {
    parts.push(m[1] !== undefined ? { text: m[1].replace(/""/g, '"'), quoted: true } : { text: m[2].toUpperCase(), quoted: false });
    if (m[3] === '') break;
  }
  return parts.length ? parts : [{ text: name, quoted: true }];
}

/** Reads a named file format the twin holds, or undefined. */
export function readFileFormat(file: string): CsvFormat | undefined {
  if (!existsSync(file)) return undefined;
  return { ...DEFAULT_CSV, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<CsvFormat>), type: 'CSV' };
}

export function writeFileFormat(file: string, format: CsvFormat): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(format, null, 2)}\n`);
}

export interface StagedFile {
  /** Path inside the stage, with `/`. */
  path: string;
  file: string;
  size: number;
  modified: Date;
}

/** The files of a stage folder whose path starts with `prefix` (Snowflake's paths are prefixes, case-sensitive). */
export function stageFiles(dir: string, prefix: string): StagedFile[] {
  const out: StagedFile[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const path = relative(dir, full).split(sep).join('/');
        if (!path.startsWith(prefix)) continue;
        const st = statSync(full);
        out.push({ path, file: full, size: st.size, modified: st.mtime });
      }
    }
  };
  walk(dir);
  return out;
}

export function md5Of(file: string): string {
  return createHash('md5').update(readFileSync(file)).digest('hex');
}

/** A staged file's text (gzip-compressed files are read uncompressed, as COMPRESSION = AUTO does). */
export function stagedText(file: string): string {
  const bytes = readFileSync(file);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8').replace(/^\uFEFF/, '');
}

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: Array<string | null>;
}

/**
 * Splits CSV text as Snowflake's CSV file format reads it: FIELD_DELIMITER, newline records, fields optionally
 * enclosed (a doubled enclosing character is one), ESCAPE_UNENCLOSED_FIELD, then NULL_IF, EMPTY_FIELD_AS_NULL (an
 * unenclosed empty field) and TRIM_SPACE. The header line (PARSE_HEADER) comes back as the first record.
 */
export function parseCsv(text: string, f: CsvFormat): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: Array<string | null> = [];
    let blank = true;
    for (;;) {
      // One field.
      let value = '';
      let enclosed = false;
      while (f.trimSpace && (text[i] === ' ' || text[i] === '\t')) i++;
      if (f.enclosedBy !== undefined && text[i] === f.enclosedBy) {
        enclosed = true;
        blank = false;
        i++;
        for (; i < n; i++) {
          const c = text[i];
          if (f.escape !== undefined && c === f.escape && i + 1 < n) value += text[++i];
          else if (c === f.enclosedBy && text[i + 1] === f.enclosedBy) value += text[i++];
          else if (c === f.enclosedBy) break;
          else {
            if (c === '\n') line++;
            value += c;
          }
        }
        i++;
        while (i < n && text[i] !== f.fieldDelimiter && text[i] !== '\n' && text[i] !== '\r') i++;
      } else {
        for (; i < n; i++) {
          const c = text[i];
          if (c === f.fieldDelimiter || c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
          // An escaped delimiter, newline or escape character is itself; `\N` and the like stay two characters.
          if (f.escapeUnenclosed !== undefined && c === f.escapeUnenclosed && i + 1 < n && [f.fieldDelimiter, '\n', f.escapeUnenclosed].includes(text[i + 1])) value += text[++i];
          else value += c;
        }
        if (value !== '') blank = false;
      }
      if (f.trimSpace) value = value.trim();
      const isNull = f.nullIf.includes(value) || (!enclosed && value === '' && f.emptyFieldAsNull);
      fields.push(isNull ? null : value);
      if (text[i] === f.fieldDelimiter) {
        blank = false;
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (blank && fields.length === 1 && (f.skipBlankLines || i >= n)) continue;
    records.push({ line: startLine, fields });
  }
  return records;
}

/**
 * One CSV field written so `parseCsv` with `f` reads it back: NULL as an empty unenclosed field (or the first
 * NULL_IF string), text that needs it enclosed, or, when the format encloses nothing, its delimiters escaped.
 */
function csvField(value: string | null, f: CsvFormat): string {
  if (value === null) return f.emptyFieldAsNull ? '' : (f.nullIf[0] ?? '');
  const q = f.enclosedBy;
  if (q === undefined) {
    const e = f.escapeUnenclosed;
    return e === undefined ? value : value.replace(new RegExp(`[${[e, f.fieldDelimiter, '\n'].map((c) => c.replace(/[\]\\^-]/g, '\\$&')).join('')}]`, 'g'), (c) => e + c);
  }
  const needs = value === '' || value.includes(f.fieldDelimiter) || /[\r\n]/.test(value) || value.includes(q) || f.nullIf.includes(value) || value !== value.trim();
  return needs ? `${q}${value.split(q).join(q + q)}${q}` : value;
}

/** CSV text of `rows` under `header` (written as the first line when the format parses or skips one). */
export function writeCsv(header: string[], rows: Array<Array<string | null>>, f: CsvFormat): string {
  const lines: string[] = [];
  if (f.parseHeader || f.skipHeader > 0) lines.push(header.map((h) => csvField(h, f)).join(f.fieldDelimiter));
  for (let k = 1; k < f.skipHeader; k++) lines.push('');
  for (const r of rows) lines.push(r.map((v) => csvField(v, f)).join(f.fieldDelimiter));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The twin's stages (DATABASE.SCHEMA.STAGE, `~`) with their folder and file count, and its named file formats. */
export function twinStages(twinDir: string): { stages: Array<{ name: string; dir: string; files: number }>; fileFormats: Array<{ name: string; file: string }> } {
  const dirs = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort() : []);
  const root = join(twinDir, 'stages');
  const stages: Array<{ name: string; dir: string; files: number }> = [];
  if (existsSync(join(root, '~'))) stages.push({ name: '~', dir: join(root, '~'), files: stageFiles(join(root, '~'), '').length });
  for (const db of dirs(root).filter((d) => d !== '~')) {
    for (const schema of dirs(join(root, db))) {
      for (const name of dirs(join(root, db, schema))) {
        const dir = join(root, db, schema, name);
        stages.push({ name: `${db}.${schema}.${name}`, dir, files: stageFiles(dir, '').length });
      }
    }
  }
  const formats = join(twinDir, 'file-formats');
  const fileFormats: Array<{ name: string; file: string }> = [];
  for (const db of dirs(formats)) {
    for (const schema of dirs(join(formats, db))) {
      for (const f of readdirSync(join(formats, db, schema)).filter((n) => n.endsWith('.json')).sort()) {
        fileFormats.push({ name: `${db}.${schema}.${f.slice(0, -'.json'.length)}`, file: join(formats, db, schema, f) });
      }
    }
  }
  return { stages, fileFormats };
}
