// Snapshots as dbt loads them: `{% snapshot name %}…{% endsnapshot %}` blocks in .sql files under the
// snapshot paths, and dbt 1.9's YAML `snapshots:` entries with `relation:` (and properties for either kind).
// Each becomes a ModelNode with resourceType 'snapshot' in `project.models`, so ref(), the DAG, selection
// and the language server treat it as a node like any model.
import type { ColumnInfo, Diagnostic, ModelNode, NodeConfig, Range, TargetConfig } from '../core/types';
import { defaultConfig, finalizeConfig, mergeConfig, relationFor, unrenderedConfig, type GenerateSchemaName } from './config';
import type { FileRecord, ParsedSchemaFile, ParsedTests } from './files';
import { parseTestEntry } from './generic-tests';
import { LazyLocation } from './lazy-location';
import { LineIndex } from './line-index';
import { configAsWritten, scanTemplate, type LiteralValue } from './scanner';
import { parseYaml } from './yaml-source';
import { isPlainObject, NO_STRINGS, stringList } from '../core/plain';

export interface SnapshotBlock {
  name: string;
  /** No `{% endsnapshot %}` follows: the block defines nothing. */
  unclosed?: boolean;
  /** Offsets of the text between the opening and the closing tag. */
  bodyStart: number;
  bodyEnd: number;
  nameRange: Range;
}

const OPEN = /\{%(-|\+)?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*(-|\+)?%\}/g;
const CLOSE = /\{%(-|\+)?\s*endsnapshot\s*(-|\+)?%\}/g;

/** The snapshot blocks of one file, in order; the last may be `unclosed`. */
export function snapshotBlocks(text: string): SnapshotBlock[] {
  const lines = new LineIndex(text);
  const out: SnapshotBlock[] = [];
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    CLOSE.lastIndex = bodyStart;
    const end = CLOSE.exec(text);
    const nameAt = m.index + m[0].indexOf(m[2], m[0].indexOf('snapshot') + 'snapshot'.length);
    const nameRange = { start: lines.positionAt(nameAt), end: lines.positionAt(nameAt + m[2].length) };
    if (!end) {
      out.push({ name: m[2], bodyStart, bodyEnd: text.length, nameRange, unclosed: true });
      break;
    }
    out.push({ name: m[2], bodyStart, bodyEnd: end.index, nameRange });
    OPEN.lastIndex = end.index + end[0].length;
  }
  return out;
}

/**
 * The file's text with everything outside one block's body blanked (newlines kept): it renders as the body
 * alone, and every line and column a render error reports is the file's own.
 */
export function blockText(text: string, block: Pick<SnapshotBlock, 'bodyStart' | 'bodyEnd'>): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, block.bodyStart)) + text.slice(block.bodyStart, block.bodyEnd) + blank(text.slice(block.bodyEnd));
}

export interface SnapshotPackage {
  name: string;
  snapshotPaths: string[];
}

export interface SnapshotLoadInput {
  pkg: SnapshotPackage;
  /** The package's files: snapshot .sql files and every schema file (YAML `snapshots:` entries). */
  records: readonly FileRecord[];
  layersFor: (fqn: string[]) => Record<string, unknown>[];
  target: TargetConfig;
  options: {
    generateSchemaName?: GenerateSchemaName;
    /** The config() values dbt's parse render gives (computed ones: var(), env_var(), macros), as for models. */
    renderConfig?: (node: ModelNode) => Record<string, unknown>;
  };
  /** Names of the package's models and seeds: a snapshot may not reuse one. */
  takenNames: ReadonlySet<string>;
  diagnostics: Diagnostic[];
}

interface YamlEntry {
  entry: Record<string, unknown>;
  file: string;
  rec: FileRecord & { parsed: ParsedSchemaFile };
  /** Position in the file's `snapshots:` list, and where its name is written. */
  index: number;
  offset: number;
  location: LazyLocation;
  used: boolean;
}

/** The data tests a YAML entry declares on a snapshot and its columns, for the loader to build. */
export interface SnapshotTests {
  uniqueId: string;
  name: string;
  rec: FileRecord & { parsed: ParsedSchemaFile };
  offset: number;
  tests?: ParsedTests;
  columns: { name: string; offset: number; tests: ParsedTests }[];
}

export interface LoadedSnapshots {
  nodes: ModelNode[];
  tests: SnapshotTests[];
}

const FIRST: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function loadSnapshots(input: SnapshotLoadInput): LoadedSnapshots {
  const { pkg, records, diagnostics } = input;
  const yaml = yamlEntries(records, diagnostics);
  const out: ModelNode[] = [];
  const tests: SnapshotTests[] = [];
  const seen = new Map<string, string>();
  const add = (node: ModelNode, props: YamlEntry | undefined) => {
    const prev = seen.get(node.name);
    if (prev || input.takenNames.has(node.name)) {
      diagnostics.push({
        file: node.location.file,
        range: node.location.range,
        severity: 'error',
        code: 'bronze/duplicate-model',
        message: `Snapshot '${node.name}' has the name of ${prev ? `another snapshot (${prev})` : 'a model or seed'} in package ${pkg.name}; dbt needs unique names. Rename one of them.`,
      });
      return;
    }
    seen.set(node.name, node.originalFilePath);
    out.push(node);
    if (props) tests.push(testsOf(node, props, diagnostics));
  };
  for (const rec of records) {
    if (rec.walked.role !== 'snapshot') continue;
    for (const block of snapshotBlocks(rec.text)) {
      if (block.unclosed) {
        diagnostics.push({ file: rec.walked.abs, range: block.nameRange, severity: 'error', code: 'bronze/jinja-unclosed', message: `\`{% snapshot ${block.name} %}\` is never closed: add \`{% endsnapshot %}\` after its SELECT.` });
        continue;
      }
      const props = yaml.get(block.name);
      if (props) props.used = true;
      const rawCode = blockText(rec.text, block);
      add(buildNode(input, { name: block.name, rawCode, file: rec.walked.abs, rel: rec.walked.rel, dirs: rec.walked.dirs, range: block.nameRange, props }), props);
    }
  }
  for (const [name, y] of yaml) {
    if (y.used) continue;
    const relation = y.entry.relation;
    if (typeof relation !== 'string' || relation.trim() === '') {
      diagnostics.push({
        file: y.file,
        range: y.location.range,
        severity: 'warning',
        code: 'bronze/unknown-model-entry',
        message: `Snapshot '${name}' is described here but there is no {% snapshot ${name} %} block in the snapshot paths (${pkg.snapshotPaths.join(', ')}) and the entry has no relation: to snapshot. Add relation: ref('…') or source('…', '…'), or fix the name.`,
      });
      continue;
    }
    // dbt 1.9 builds a YAML snapshot's SQL as `select * from {{ <relation> }}`.
    const expr = /^\s*\{\{[\s\S]*\}\}\s*$/.test(relation) ? relation.trim() : `{{ ${relation.trim()} }}`;
    const rel = pathRel(y.file, records);
    add(buildNode(input, { name, rawCode: `select * from ${expr}`, file: y.file, rel: rel.rel, dirs: rel.dirs, range: y.location.range, props: y, yamlDefined: true }), y);
  }
  return { nodes: out, tests };
}

/** `data_tests:` / `tests:` of a YAML snapshot entry and of its columns, parsed as for models. */
function testsOf(node: ModelNode, y: YamlEntry, diagnostics: Diagnostic[]): SnapshotTests {
  const parse = (list: unknown, path: (string | number)[]): ParsedTests | undefined => {
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const entries: ParsedTests['entries'] = [];
    list.forEach((e, i) => {
      const p = [...path, i];
      const r = parseTestEntry(e, p);
      if (Array.isArray(r)) {
        for (const issue of r) diagnostics.push({ file: y.file, range: y.location.range, severity: issue.severity, code: issue.code, message: issue.message });
      } else entries.push({ parsed: r, key: p.join('.') });
    });
    return entries.length > 0 ? { entries } : undefined;
  };
  const both = (o: Record<string, unknown>, path: (string | number)[]): ParsedTests | undefined => {
    const a = parse(o.data_tests, [...path, 'data_tests']);
    const b = parse(o.tests, [...path, 'tests']);
    return a || b ? { entries: [...(a?.entries ?? []), ...(b?.entries ?? [])] } : undefined;
  };
  const base = ['snapshots', y.index];
  const columns: SnapshotTests['columns'] = [];
  let cursor = Math.max(y.offset, 0);
  if (Array.isArray(y.entry.columns)) {
    y.entry.columns.forEach((c, i) => {
      if (!isPlainObject(c) || typeof c.name !== 'string') return;
      const offset = y.rec.parsed.locator.find(c.name, cursor);
      if (offset >= 0) cursor = offset + 1;
      const tests = both(c, [...base, 'columns', i]);
      if (tests) columns.push({ name: c.name, offset, tests });
    });
  }
  return { uniqueId: node.uniqueId, name: node.name, rec: y.rec, offset: y.offset, tests: both(y.entry, base), columns };
}

function pathRel(file: string, records: readonly FileRecord[]): { rel: string; dirs: string[] } {
  const rec = records.find((r) => r.walked.abs === file);
  return rec ? { rel: rec.walked.rel, dirs: rec.walked.dirs } : { rel: file, dirs: [] };
}

function yamlEntries(records: readonly FileRecord[], diagnostics: Diagnostic[]): Map<string, YamlEntry> {
  const out = new Map<string, YamlEntry>();
  for (const rec of records) {
    if (rec.walked.role !== 'schema' || rec.parsed.kind !== 'schema' || !/^snapshots\s*:/m.test(rec.text)) continue;
    const src = parseYaml(rec.walked.abs, rec.text);
    if (!src.ok || !isPlainObject(src.value) || !Array.isArray(src.value.snapshots)) continue;
    const locator = (rec.parsed as ParsedSchemaFile).locator;
    let cursor = locator.section('snapshots');
    for (const [index, e] of src.value.snapshots.entries()) {
      if (!isPlainObject(e) || typeof e.name !== 'string') continue;
      const offset = locator.find(e.name, cursor);
      if (offset >= 0) cursor = offset + 1;
      const location = new LazyLocation(rec.walked.abs, locator, offset, e.name);
      const prev = out.get(e.name);
      if (prev) {
        diagnostics.push({ file: rec.walked.abs, range: location.range, severity: 'error', code: 'bronze/duplicate-model', message: `Snapshot '${e.name}' is already described in ${prev.file}. Keep one entry and remove the other.` });
        continue;
      }
      out.set(e.name, { entry: e, file: rec.walked.abs, rec: rec as FileRecord & { parsed: ParsedSchemaFile }, index, offset, location, used: false });
    }
  }
  return out;
}

interface NodeSpec {
  name: string;
  rawCode: string;
  file: string;
  rel: string;
  dirs: string[];
  range: Range;
  props?: YamlEntry;
  yamlDefined?: boolean;
}

function buildNode(input: SnapshotLoadInput, spec: NodeSpec): ModelNode {
  const { pkg, target, options } = input;
  const fqn = [pkg.name, ...spec.dirs, spec.name];
  let config: NodeConfig = defaultConfig('snapshot');
  // For unrendered_config (state comparison). The dbt_project.yml layers arrive rendered here.
  const written: (Record<string, unknown> | undefined)[] = [];
  for (const layer of input.layersFor(fqn)) {
    config = mergeConfig(config, layer);
    written.push(layer);
  }
  const e = spec.props?.entry;
  if (e) {
    const props = { ...(isPlainObject(e.meta) ? { meta: e.meta } : {}), ...(e.tags !== undefined ? { tags: stringList(e.tags) } : {}) };
    config = mergeConfig(config, props);
    written.push(props);
    if (isPlainObject(e.config)) {
      config = mergeConfig(config, e.config);
      written.push(e.config);
    }
  }
  const scan = scanTemplate(spec.rawCode);
  let dynamic: (typeof scan.calls)[number] | undefined;
  for (const call of scan.calls) {
    if (call.name !== 'config') continue;
    written.push(configAsWritten(call));
    // A config() that is not literal is applied when the snapshot is rendered (dbt's parse render); the static
    // load keeps the literal ones, as for models.
    if (!call.literal || call.conditional) {
      dynamic ??= call;
      continue;
    }
    const layer: Record<string, LiteralValue> = {};
    for (const a of call.args) if (isPlainObject(a.value)) Object.assign(layer, a.value);
    for (const k in call.kwargs) layer[k] = call.kwargs[k].value as LiteralValue;
    config = mergeConfig(config, layer);
  }
  const node: ModelNode = {
    uniqueId: `snapshot.${pkg.name}.${spec.name}`,
    name: spec.name,
    resourceType: 'snapshot',
    packageName: pkg.name,
    originalFilePath: spec.rel,
    fqn,
    location: { file: spec.file, range: spec.range },
    description: typeof e?.description === 'string' ? e.description : '',
    tags: [],
    meta: {},
    rawCode: spec.rawCode,
    config: finalizeConfig(config),
    columns: columnsOf(e?.columns),
    refs: scan.refs,
    sources: scan.sources,
    dependsOn: { nodes: NO_STRINGS, macros: NO_STRINGS },
    relation: { database: '', schema: '', identifier: '' },
  };
  if (spec.props) node.patchLocation = spec.props.location;
  if (dynamic && options.renderConfig) node.config = finalizeConfig(mergeConfig(config, options.renderConfig(node)));
  else if (dynamic) {
    input.diagnostics.push({
      file: spec.file,
      range: dynamic.range,
      severity: 'info',
      code: 'bronze/dynamic-config',
      message: `config() here uses non-literal arguments or sits inside {% if %}/{% for %}, so its values are known only when the snapshot is rendered; they are not applied while loading. Use literal values to have them applied statically.`,
    });
  }
  node.tags = node.config.tags;
  node.meta = node.config.meta;
  node.relation = relationFor(node, target, options.generateSchemaName);
  node.unrenderedConfig = unrenderedConfig(written);
  // Without the parse render a computed strategy or unique_key is unknown here: the rendered load checks it.
  const problems = dynamic && !options.renderConfig ? [] : configProblems(node.config);
  for (const message of problems) {
    input.diagnostics.push({ file: spec.file, range: spec.range ?? FIRST, severity: 'error', code: 'bronze/snapshot-config', message: `Snapshot '${spec.name}': ${message}` });
  }
  return node;
}

function columnsOf(list: unknown): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  if (!Array.isArray(list)) return out;
  for (const c of list) {
    if (!isPlainObject(c) || typeof c.name !== 'string') continue;
    const info: ColumnInfo = { name: c.name, description: typeof c.description === 'string' ? c.description : '', tags: stringList(c.tags), meta: isPlainObject(c.meta) ? c.meta : {} };
    if (typeof c.data_type === 'string') info.dataType = c.data_type;
    out[c.name] = info;
  }
  return out;
}

export const HARD_DELETES = ['ignore', 'invalidate', 'new_record'] as const;
export type HardDeletes = (typeof HARD_DELETES)[number];

/**
 * What dbt refuses in a snapshot's config, as sentences that say what to set. Empty when the config is
 * complete. Shared by the loader (diagnostics) and the planner (the run fails with the same words).
 */
export function configProblems(config: NodeConfig): string[] {
  const out: string[] = [];
  const strategy = config.strategy;
  if (strategy === undefined || strategy === null || strategy === '') {
    out.push("no strategy is configured. Set strategy='timestamp' (with updated_at) or strategy='check' (with check_cols).");
  } else if (strategy !== 'timestamp' && strategy !== 'check') {
    out.push(`strategy '${String(strategy)}' is not a snapshot strategy. Use 'timestamp' or 'check'.`);
  }
  const key = config.unique_key;
  const keys = Array.isArray(key) ? key : typeof key === 'string' ? [key] : [];
  if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || k.trim() === '')) out.push('no unique_key is configured. Set unique_key to the column (or list of columns) that identifies a row.');
  if (strategy === 'timestamp' && (typeof config.updated_at !== 'string' || config.updated_at.trim() === '')) {
    out.push("the timestamp strategy needs updated_at: the column that says when a row last changed.");
  }
  if (strategy === 'check') {
    const cols = config.check_cols;
    const ok = cols === 'all' || (Array.isArray(cols) && cols.length > 0 && cols.every((c) => typeof c === 'string' && c.trim() !== ''));
    if (!ok) out.push(`the check strategy needs check_cols: a list of columns, or 'all'${cols === undefined ? '' : ` (got ${JSON.stringify(cols)})`}.`);
  }
  const hd = config.hard_deletes;
  if (hd !== undefined && hd !== null && !(HARD_DELETES as readonly unknown[]).includes(hd)) {
    out.push(`hard_deletes '${String(hd)}' is not one of ${HARD_DELETES.join(', ')}.`);
  }
  const names = config.snapshot_meta_column_names;
  if (names !== undefined && names !== null && !isPlainObject(names)) out.push('snapshot_meta_column_names must be a mapping, e.g. {dbt_valid_from: start_date}.');
  return out;
}
