// Reading project files: walk the resource paths, read texts in parallel, let unsaved editor buffers
// (the overlay) win over the disk, and parse each file once (parses are cached per path + text).
// Sync fs calls on purpose: for thousands of small files they are several times faster than the
// promise API, whose per-file open/stat/read/close round trips through the libuv pool dominate.
import path from 'node:path';
import type { Diagnostic, ProjectFile } from '../core/types';
import { listDir, readTextFile, statFingerprint } from './input-log';
import { LineIndex } from './line-index';
import { NameLocator } from './locate';
import { readPythonModel, type PythonModelCalls } from './python-model';
import { scanTemplate, type ScanResult } from './scanner';
import { withoutStrayBlockEnds } from '../template/macro-blocks';
import {
  columnSchema,
  modelEntrySchema,
  schemaFileSchema,
  sourceEntrySchema,
  tableEntrySchema,
  validate,
  versionSchema,
  type SchemaIssue,
} from './schemas';
import { parseTestEntry, type ParsedTestEntry } from './generic-tests';
import { parseYaml, type PathSegment, type YamlSource } from './yaml-source';
import type { z } from 'zod';

export type FileRole = 'model' | 'test' | 'macro' | 'seed' | 'snapshot' | 'schema' | 'doc';

export interface WalkedFile {
  abs: string;
  /** Path relative to the package root, forward slashes. */
  rel: string;
  role: FileRole;
  /** Folders between the resource path and the file (for fqn). */
  dirs: string[];
  /**
   * A model or test file that also lies in a macro path: dbt reads every file of its macro paths with its macro
   * parser, whatever else reads it (read_files lists the file for both parsers), so the file's macros are the
   * package's macros too.
   */
  alsoMacro?: boolean;
}

const SKIP = new Set(['node_modules', '.git', 'target', 'dbt_packages', 'logs']);

/** Every file under `dir` (recursive), as paths relative to `dir`; [] when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = listDir(dir, true);
    const out: string[] = [];
    // Files come grouped by folder: each folder's relative path and skip verdict are worked out once (10,000
    // files in a big project, and path.relative/join normalize every string they get).
    let lastParent: string | undefined;
    let prefix = '';
    let skipped = false;
    for (const e of entries) {
      if (!e.isFile()) continue;
      const parent = (e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path;
      if (parent !== lastParent) {
        lastParent = parent;
        const relDir = path.relative(dir, parent);
        skipped = relDir !== '' && relDir.split(path.sep).some((p) => SKIP.has(p));
        prefix = relDir === '' ? '' : relDir + path.sep;
      }
      if (skipped || SKIP.has(e.name)) continue;
      out.push(prefix + e.name);
    }
    return out.sort();
  } catch {
    return [];
  }
}

export function roleFor(resource: 'model' | 'test' | 'macro' | 'seed' | 'snapshot' | 'docs', file: string): FileRole | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md') return 'doc';
  // docs-paths hold doc blocks only: dbt reads property YAML from the other resource paths (all_source_paths).
  if (resource === 'docs') return undefined;
  if (ext === '.yml' || ext === '.yaml') return 'schema';
  if (resource === 'seed') return ext === '.csv' ? 'seed' : undefined;
  // dbt models may be Python files (dbt.ref/source/config calls; python-model.ts), never read as Jinja.
  return ext === '.sql' || (resource === 'model' && ext === '.py') ? resource : undefined;
}

export type TextReader = (abs: string) => Promise<string | undefined>;

export function makeReader(overlay?: Map<string, string>): TextReader {
  const read = makeSyncReader(overlay);
  return async (abs) => read(abs);
}

/** The same reads without a promise per file (a big project's load reads 10,000 files in one loop). */
export function makeSyncReader(overlay?: Map<string, string>): (abs: string) => string | undefined {
  return (abs) => {
    const o = overlay?.get(abs);
    if (o !== undefined) return o;
    return readTextFile(abs);
  };
}

/** Seeds can be large data files: their identity is size + mtime, not their text. */
export async function seedFingerprint(abs: string, overlay?: Map<string, string>): Promise<string | undefined> {
  const o = overlay?.get(abs);
  if (o !== undefined) return `overlay:${o.length}:${o}`;
  return statFingerprint(abs);
}

// ---------------------------------------------------------------------------------------------------------
// Parsed files

export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type SourceEntry = z.infer<typeof sourceEntrySchema>;
export type TableEntry = z.infer<typeof tableEntrySchema>;
export type ColumnEntry = z.infer<typeof columnSchema>;
export type VersionEntry = z.infer<typeof versionSchema>;

export interface ParsedTests {
  /** One per list entry; issues for entries that could not be parsed. */
  /** `key`: the entry's path in the file, dot-joined (`models.0.columns.1.data_tests.0`), which names it across reloads. */
  entries: { parsed: ParsedTestEntry; key: string }[];
}

// `tests` is absent where an entry declares none (most columns): the parse cache stores ~180,000 columns
// for a 10,000-model project, and an empty list on each was a quarter of its bytes.
export interface ParsedColumn {
  entry: ColumnEntry;
  offset: number;
  tests?: ParsedTests;
}

export interface ParsedModelEntry {
  entry: ModelEntry;
  index: number;
  offset: number;
  columns: ParsedColumn[];
  tests?: ParsedTests;
  versions: { entry: VersionEntry; columns: ParsedColumn[]; tests?: ParsedTests; index: number }[];
}

export interface ParsedTable {
  entry: TableEntry;
  offset: number;
  columns: ParsedColumn[];
  tests?: ParsedTests;
}

export interface ParsedSourceEntry {
  entry: SourceEntry;
  offset: number;
  tables: ParsedTable[];
}

export interface ParsedSchemaFile {
  kind: 'schema';
  /** Rebuilt from the text when a parse is revived from the cache or a worker (it holds no parse state). */
  locator: NameLocator;
  models: ParsedModelEntry[];
  sources: ParsedSourceEntry[];
  seeds: ParsedModelEntry[];
  diagnostics: Diagnostic[];
}

export interface ParsedSqlFile {
  kind: 'sql';
  /** The scan keeps its own line index: positions are worked out only when a range is read. */
  scan: ScanResult;
  diagnostics: Diagnostic[];
}

/** A Python model: the dbt.ref/source/config calls dbt reads from it (python-model.ts). */
export interface ParsedPythonFile {
  kind: 'python';
  calls: PythonModelCalls;
  diagnostics: Diagnostic[];
}

export interface ParsedSeedFile {
  kind: 'seed';
  fingerprint: string;
  diagnostics: Diagnostic[];
}

export type ParsedFile = ParsedSchemaFile | ParsedSqlFile | ParsedPythonFile | ParsedSeedFile;

/**
 * A parse as plain data (no class instances): what the parse cache stores and a worker sends back.
 * `hydrate` turns it into a ParsedFile again; the text-derived helpers are rebuilt lazily from the text.
 */
export type ParsedData = Omit<ParsedSchemaFile, 'locator'> | ParsedSqlFile | ParsedPythonFile | ParsedSeedFile;

export interface FileRecord {
  walked: WalkedFile;
  /** The text (or, for seeds, the fingerprint) the parse was made from. */
  text: string;
  parsed: ParsedFile;
}

class IssueSink {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly source: YamlSource) {}
  add(issues: SchemaIssue[]): void {
    for (const i of issues) {
      const range = this.source.rangeOf(i.path, i.part);
      // What a line that does not parse left behind (a null entry, a key whose value was on that line or the next)
      // is the syntax error's, not a second problem.
      const skipped = this.source.skippedLines;
      if (skipped.size > 0 && (skipped.has(range.start.line) || skipped.has(range.start.line + 1))) continue;
      this.diagnostics.push({ file: this.source.file, range, severity: i.severity, code: i.code, message: i.message });
    }
  }
}

function parseTests(list: unknown[] | undefined, path: PathSegment[], sink: IssueSink): ParsedTests {
  const entries: ParsedTests['entries'] = [];
  if (!list) return { entries };
  list.forEach((e, i) => {
    const p = [...path, i];
    const r = parseTestEntry(e, p);
    if (Array.isArray(r)) sink.add(r);
    else entries.push({ parsed: r, key: p.join('.') });
  });
  return { entries };
}

function testsOf(e: { tests?: unknown[]; data_tests?: unknown[] }, path: PathSegment[], sink: IssueSink): ParsedTests | undefined {
  if (!e.data_tests?.length && !e.tests?.length) return undefined;
  const a = parseTests(e.data_tests, [...path, 'data_tests'], sink);
  const b = parseTests(e.tests, [...path, 'tests'], sink);
  return { entries: [...a.entries, ...b.entries] };
}

const COLUMN_KEYS = new Set(Object.keys(columnSchema.shape));
const optString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

/** The common column shapes, checked without zod (which copies every object it validates). */
function plainColumn(c: unknown): c is ColumnEntry {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return false;
  const o = c as Record<string, unknown>;
  if (typeof o.name !== 'string') return false;
  for (const k in o) {
    if (!COLUMN_KEYS.has(k)) return false;
    const v = o[k];
    switch (k) {
      case 'description':
      case 'data_type':
        if (!optString(v)) return false;
        break;
      case 'tests':
      case 'data_tests':
        if (!Array.isArray(v)) return false;
        break;
      case 'name':
        break;
      default:
        return false; // anything rarer goes through zod
    }
  }
  return true;
}

// The common shapes of model and source-table entries (a name, a description, lists of columns and tests),
// accepted without zod as plainColumn does for columns; any other key sends the entry through zod.
type SimpleKind = 'string' | 'optString' | 'list';
const MODEL_SIMPLE: Record<string, SimpleKind> = { name: 'string', description: 'optString', columns: 'list', tests: 'list', data_tests: 'list' };
const TABLE_SIMPLE: Record<string, SimpleKind> = { ...MODEL_SIMPLE, identifier: 'string' };

function plainEntry<T>(e: unknown, shape: Record<string, SimpleKind>): e is T {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const o = e as Record<string, unknown>;
  if (typeof o.name !== 'string') return false;
  for (const k in o) {
    const v = o[k];
    switch (shape[k]) {
      case 'string':
        if (typeof v !== 'string') return false;
        break;
      case 'optString':
        if (!optString(v)) return false;
        break;
      case 'list':
        if (v !== undefined && !Array.isArray(v)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function parseColumns(list: unknown[] | undefined, path: PathSegment[], sink: IssueSink, locator: NameLocator, from: number): ParsedColumn[] {
  const out: ParsedColumn[] = [];
  if (!list) return out;
  let cursor = from;
  list.forEach((c, i) => {
    const p = [...path, 'columns', i];
    if (c && typeof c === 'object' && !Array.isArray(c) && 'include' in c) return; // version include/exclude
    const { data, issues } = plainColumn(c) ? { data: c, issues: [] } : validate(columnSchema, c, 'column', p);
    sink.add(issues);
    if (!data) return;
    const offset = locator.find(data.name, cursor);
    if (offset >= 0) cursor = offset + 1;
    out.push({ entry: stripLists(data), offset, tests: testsOf(data, p, sink) });
  });
  return out;
}

// Lists parsed into their own structures (columns, tests, versions, tables) are dropped from the entry so a
// parse holds (and the parse cache stores) each value once. Version entries keep theirs: `include` reads it.
const PARSED_LISTS = new Set(['columns', 'tests', 'data_tests', 'versions', 'tables']);
function stripLists<T extends object>(e: T): T {
  let has = false;
  for (const k in e) if (PARSED_LISTS.has(k)) has = true;
  if (!has) return e;
  const out = {} as Record<string, unknown>;
  for (const k in e) if (!PARSED_LISTS.has(k)) out[k] = (e as Record<string, unknown>)[k];
  return out as T;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function parseModelEntries(list: unknown[], key: 'models' | 'seeds', sink: IssueSink, locator: NameLocator): ParsedModelEntry[] {
  const out: ParsedModelEntry[] = [];
  let cursor = locator.section(key);
  list.forEach((m, i) => {
    const p: PathSegment[] = [key, i];
    const { data, issues } = plainEntry<ModelEntry>(m, MODEL_SIMPLE) ? { data: m, issues: [] } : validate(modelEntrySchema, m, key === 'models' ? 'model' : 'seed', p);
    sink.add(issues);
    if (!data) return;
    const offset = locator.find(data.name, cursor);
    if (offset >= 0) cursor = offset + 1;
    const versions: ParsedModelEntry['versions'] = [];
    asArray(data.versions).forEach((v, vi) => {
      const vp = [...p, 'versions', vi];
      const r = validate(versionSchema, v, 'model version', vp);
      sink.add(r.issues);
      if (r.data) versions.push({ entry: r.data, columns: parseColumns(r.data.columns as unknown[] | undefined, vp, sink, locator, offset), tests: testsOf(r.data, vp, sink), index: vi });
    });
    out.push({ entry: stripLists(data), index: i, offset, columns: parseColumns(data.columns, p, sink, locator, Math.max(offset, 0)), tests: testsOf(data, p, sink), versions });
  });
  return out;
}

export function parseSchemaFile(file: string, text: string): ParsedSchemaFile {
  return hydrate(parseSchemaData(file, text), text) as ParsedSchemaFile;
}

function parseSchemaData(file: string, text: string): Omit<ParsedSchemaFile, 'locator'> {
  const source = parseYaml(file, text);
  const sink = new IssueSink(source);
  const locator = new NameLocator(text, source.lines);
  const result: Omit<ParsedSchemaFile, 'locator'> = { kind: 'schema', models: [], sources: [], seeds: [], diagnostics: sink.diagnostics };
  sink.diagnostics.push(...source.diagnostics);
  const value = source.value;
  // A file with syntax errors still declares what reads outside its broken lines (yaml-dbt.ts).
  if (value === undefined || value === null) return result;
  const top = validate(schemaFileSchema, value, 'schema file');
  sink.add(top.issues);
  if (!top.data) return result;
  result.models = parseModelEntries(asArray(top.data.models), 'models', sink, locator);
  result.seeds = parseModelEntries(asArray(top.data.seeds), 'seeds', sink, locator);
  let cursor = locator.section('sources');
  asArray(top.data.sources).forEach((s, i) => {
    const p: PathSegment[] = ['sources', i];
    const { data, issues } = validate(sourceEntrySchema, s, 'source', p);
    sink.add(issues);
    if (!data) return;
    const offset = locator.find(data.name, cursor);
    if (offset >= 0) cursor = offset + 1;
    const tables: ParsedTable[] = [];
    let tcur = Math.max(offset, 0);
    asArray(data.tables).forEach((t, ti) => {
      const tp = [...p, 'tables', ti];
      const r = plainEntry<TableEntry>(t, TABLE_SIMPLE) ? { data: t, issues: [] } : validate(tableEntrySchema, t, 'source table', tp);
      sink.add(r.issues);
      if (!r.data) return;
      const toff = locator.find(r.data.name, tcur);
      if (toff >= 0) tcur = toff + 1;
      tables.push({ entry: stripLists(r.data), offset: toff, columns: parseColumns(r.data.columns, tp, sink, locator, Math.max(toff, 0)), tests: testsOf(r.data, tp, sink) });
    });
    result.sources.push({ entry: stripLists(data), offset, tables });
  });
  return result;
}

export function parseSqlFile(file: string, text: string): ParsedSqlFile {
  return hydrate(parseSqlData(file, text), text) as ParsedSqlFile;
}

function parseSqlData(file: string, text: string): ParsedSqlFile {
  const scan = scanTemplate(text);
  const diagnostics: Diagnostic[] = scan.problems.map((p) => ({ file, range: p.range, severity: 'error', code: 'bronze/jinja-unclosed', message: p.message }));
  return { kind: 'sql', scan, diagnostics };
}

function parsePythonData(file: string, text: string): ParsedPythonFile {
  const calls = readPythonModel(text);
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = calls.errors.map((e) => ({
    file,
    range: lines.rangeOf(e.offset, e.offset),
    severity: 'error',
    code: 'bronze/python-model-call',
    message: e.message,
  }));
  return { kind: 'python', calls, diagnostics };
}

/** Parses one file into plain data (see ParsedData); `text` is the fingerprint for seeds. */
export function parseData(walked: Pick<WalkedFile, 'abs' | 'role'>, text: string): ParsedData {
  if (walked.role === 'seed') return { kind: 'seed', fingerprint: text, diagnostics: [] };
  if (walked.role === 'schema') return parseSchemaData(walked.abs, text);
  if (walked.role === 'model' && path.extname(walked.abs).toLowerCase() === '.py') return parsePythonData(walked.abs, text);
  // A macro file is read as dbt reads it, block by block (a stray end tag between blocks is no error).
  return parseSqlData(walked.abs, walked.role === 'macro' ? withoutStrayBlockEnds(text) : text);
}

/** Plain parse data + the text it came from → a ParsedFile (the data object is reused, not copied). */
// The text-derived helpers are non-enumerable: the parse stays plain JSON-able data (the parse cache may
// serialize it after hydration, once the load has returned).
export function hydrate(data: ParsedData, text: string): ParsedFile {
  if (data.kind === 'schema') {
    Object.defineProperty(data, 'locator', { value: new NameLocator(text, new LineIndex(text)), enumerable: false, writable: true, configurable: true });
    return data as ParsedSchemaFile;
  }
  return data;
}

export function parseFile(walked: WalkedFile, text: string): ParsedFile {
  return hydrate(parseData(walked, text), text);
}

export function projectFileKind(role: FileRole): ProjectFile['kind'] {
  switch (role) {
    case 'model':
      return 'model';
    case 'test':
      return 'test';
    case 'macro':
      return 'macro';
    case 'schema':
      return 'schema';
    default:
      return 'other';
  }
}
