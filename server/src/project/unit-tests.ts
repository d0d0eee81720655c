// dbt 1.8 unit tests: `unit_tests:` entries of schema files. Each becomes a UnitTestNode (resource type
// `unit_test`, unique_id `unit_test.<package>.<model>.<name>`) that depends on its model. Problems a user can
// fix in the YAML — an unknown model, an input the model does not read, a column nobody has, rows that are
// not rows — are diagnostics at the line that says them; loading goes on.
import path from 'node:path';
import type { ColumnInfo, Diagnostic, ModelNode, RefCall, SourceLocation, SourceNode, UnitTestInput, UnitTestNode } from '../core/types';
import { parseCsvRecords } from '../compile/seed-csv';
import { isPlainObject, stringList } from '../core/plain';
import { didYouMean } from './did-you-mean';
import type { FileRecord } from './files';
import { fileExists, listDir, readTextFile } from './input-log';
import { parseYaml, type PathSegment, type YamlSource } from './yaml-source';

export interface UnitTestPackage {
  name: string;
  root: string;
  testPaths: string[];
}

export interface UnitTestLoadInput {
  pkg: UnitTestPackage;
  /** The package's files; only schema files with a `unit_tests:` key are read. */
  records: readonly FileRecord[];
  models: ReadonlyMap<string, ModelNode>;
  sources: ReadonlyMap<string, SourceNode>;
  diagnostics: Diagnostic[];
}

type Format = UnitTestInput['format'];

/** Models by name and source tables by `source.table`, built once per load (a project may have thousands). */
interface Lookup {
  models: Map<string, ModelNode[]>;
  sources: Map<string, SourceNode>;
}

function lookupOf(input: UnitTestLoadInput): Lookup {
  const models = new Map<string, ModelNode[]>();
  for (const m of input.models.values()) models.set(m.name, [...(models.get(m.name) ?? []), m]);
  const sources = new Map<string, SourceNode>();
  for (const x of input.sources.values()) if (!sources.has(`${x.sourceName}.${x.name}`)) sources.set(`${x.sourceName}.${x.name}`, x);
  return { models, sources };
}

/** `ref('a')`, `ref('pkg', 'a')`, `ref('a', v=2)`, `source('s', 't')` or `this` — what dbt accepts as an input. */
export function parseInputCall(text: string): Pick<UnitTestInput, 'ref' | 'source' | 'isThis'> | undefined {
  const t = text.trim();
  if (t === 'this') return { isThis: true };
  const str = `\\s*(?:'([^']*)'|"([^"]*)")\\s*`;
  const ref = new RegExp(`^ref\\(${str}(?:,${str})?(?:,\\s*(?:v|version)\\s*=\\s*(?:'([^']*)'|"([^"]*)"|(\\d+))\\s*)?\\)$`).exec(t);
  if (ref) {
    const first = ref[1] ?? ref[2];
    const second = ref[3] ?? ref[4];
    const version = ref[5] ?? ref[6] ?? ref[7];
    const call: RefCall = second !== undefined ? { package: first, name: second } : { name: first };
    if (version !== undefined) call.version = /^\d+$/.test(version) ? Number(version) : version;
    return { ref: call };
  }
  const src = new RegExp(`^source\\(${str},${str}\\)$`).exec(t);
  if (src) return { source: { sourceName: src[1] ?? src[2], tableName: src[3] ?? src[4] } };
  return undefined;
}

/** CSV fixture text (header line, then rows) as rows of strings; an empty cell is NULL, as dbt reads it. */
export function csvRows(text: string): Record<string, unknown>[] {
  const records = parseCsvRecords(text.replace(/\r\n?/g, '\n'), ',').filter((r) => r.fields.length > 0);
  if (records.length === 0) return [];
  const header = records[0].fields.map((h) => h.trim());
  return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i] === undefined || r.fields[i] === '' ? null : r.fields[i]])));
}

export function loadUnitTests(input: UnitTestLoadInput): UnitTestNode[] {
  const out: UnitTestNode[] = [];
  const seen = new Set<string>();
  let lookup: Lookup | undefined;
  for (const rec of input.records) {
    if (rec.walked.role !== 'schema' || !/^unit_tests\s*:/m.test(rec.text)) continue;
    lookup ??= lookupOf(input);
    const src = parseYaml(rec.walked.abs, rec.text);
    if (!isPlainObject(src.value) || !Array.isArray(src.value.unit_tests)) continue;
    src.value.unit_tests.forEach((entry, i) => {
      for (const node of buildUnitTest(input, lookup!, rec, src, entry, ['unit_tests', i])) {
        if (seen.has(node.uniqueId)) {
          input.diagnostics.push(diag(node.location, 'error', 'bronze/duplicate-test', `Unit test '${node.name}' of model '${node.model}' is declared twice. Rename or remove one of them.`));
          continue;
        }
        seen.add(node.uniqueId);
        out.push(node);
      }
    });
  }
  return out;
}

function diag(at: SourceLocation, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  return { file: at.file, range: at.range, severity, code, message };
}

/**
 * One node per tested model: a test of a versioned model runs on every version, or on those `versions:` includes
 * (or does not exclude), as `unit_test.<package>.<model>.<name>_v<version>` — dbt 1.8's expansion.
 */
function buildUnitTest(input: UnitTestLoadInput, lookup: Lookup, rec: FileRecord, src: YamlSource, entry: unknown, base: PathSegment[]): UnitTestNode[] {
  const file = rec.walked.abs;
  const at = (p: PathSegment[], part: 'key' | 'value' = 'value'): SourceLocation => ({ file, range: src.rangeOf([...base, ...p], part) });
  const problems = input.diagnostics;
  const bad = (p: PathSegment[], message: string) => problems.push(diag(at(p), 'error', 'bronze/unit-test-invalid', message));
  if (!isPlainObject(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
    bad([], 'A unit test needs a name: (and model:, given:, expect:).');
    return [];
  }
  const name = entry.name;
  if (typeof entry.model !== 'string' || entry.model.trim() === '') {
    bad(['name'], `Unit test '${name}' has no model:. Name the model it tests.`);
    return [];
  }
  const modelName = entry.model;
  const location = at(['name']);
  const named = (lookup.models.get(modelName) ?? []).filter((m) => m.resourceType === 'model');
  const model = named.find((m) => m.packageName === input.pkg.name) ?? named[0];
  const tested = model ? testedVersions(entry.versions, named.filter((m) => m.packageName === model.packageName), name, modelName, (m) => problems.push(diag(at(['versions']), 'error', 'bronze/unit-test-invalid', m))) : [];
  if (model && tested.length === 0) return [];
  if (!model) {
    const others = [...input.models.values()].filter((m) => m.resourceType === 'model').map((m) => m.name);
    const close = didYouMean(modelName, others);
    problems.push(diag(at(['model']), 'error', 'bronze/unit-test-unknown-model', `Unit test '${name}' tests model '${modelName}', which does not exist.${close ? ` Did you mean '${close}'?` : ''} Fix model:, or add the model.`));
  }

  const given: UnitTestInput[] = [];
  if (entry.given !== undefined && entry.given !== null && !Array.isArray(entry.given)) bad(['given'], `given: of unit test '${name}' must be a list of inputs (- input: ref('…') with rows:).`);
  for (const [i, g] of (Array.isArray(entry.given) ? entry.given : []).entries()) {
    const p: PathSegment[] = ['given', i];
    if (!isPlainObject(g) || typeof g.input !== 'string') {
      bad(p, `Each given: entry needs input: ref('…'), source('…', '…') or this.`);
      continue;
    }
    const call = parseInputCall(g.input);
    if (!call) {
      bad([...p, 'input'], `Unit test given inputs must be either a 'ref', 'source' or 'this' call. Got: '${g.input}'.`);
      continue;
    }
    const rows = readRows(g, [...p], name, `input ${g.input}`, input.pkg, bad);
    if (!rows) continue;
    given.push({ input: g.input.trim(), ...call, ...rows, location: at([...p, 'input']) });
  }
  if (!isPlainObject(entry.expect)) {
    bad(entry.expect === undefined ? ['name'] : ['expect'], `Unit test '${name}' needs expect: with the rows the model should return.`);
    return [];
  }
  const expectRows = readRows(entry.expect, [], name, 'expect', input.pkg, (p, m) => bad(['expect', ...p], m));
  if (!expectRows) return [];

  const ov = isPlainObject(entry.overrides) ? entry.overrides : {};
  const envVars: Record<string, string> = {};
  if (isPlainObject(ov.env_vars)) for (const [k, v] of Object.entries(ov.env_vars)) envVars[k] = v === null || v === undefined ? '' : String(v);
  const cfg = isPlainObject(entry.config) ? entry.config : {};
  const tags = stringList(cfg.tags);
  const meta = isPlainObject(cfg.meta) ? cfg.meta : {};
  const common: UnitTestNode = {
    uniqueId: `unit_test.${input.pkg.name}.${modelName}.${name}`,
    name,
    resourceType: 'unit_test',
    packageName: input.pkg.name,
    originalFilePath: rec.walked.rel,
    fqn: [input.pkg.name, ...rec.walked.dirs, modelName, name],
    location,
    description: typeof entry.description === 'string' ? entry.description : '',
    tags,
    meta,
    model: modelName,
    given,
    expect: { ...expectRows, location: at(['expect']) },
    overrides: { macros: isPlainObject(ov.macros) ? ov.macros : {}, vars: isPlainObject(ov.vars) ? ov.vars : {}, envVars },
    config: { ...cfg, enabled: cfg.enabled !== false, tags, meta },
    dependsOn: { nodes: [], macros: [] },
  };
  if (!model) return [common];
  // Versions share the test's YAML: a problem found in several of them is reported once.
  const found: Diagnostic[] = [];
  const nodes = tested.map((m): UnitTestNode => {
    const node: UnitTestNode = { ...common, dependsOn: { nodes: [m.uniqueId], macros: [] }, attachedNode: m.uniqueId };
    if (m.version !== undefined) {
      node.uniqueId = `${common.uniqueId}_v${m.version}`;
      node.version = m.version;
    }
    checkAgainstModel(node, m, lookup, found);
    return node;
  });
  const said = new Set<string>();
  for (const d of found) {
    const key = `${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (!said.has(key)) problems.push(d);
    said.add(key);
  }
  return nodes;
}

/**
 * The models a unit test runs on: an unversioned model itself; of a versioned one every version, or those
 * `versions: {include: […]}` names, or all but those `exclude` names. What dbt rejects at parse is reported.
 */
function testedVersions(spec: unknown, models: ModelNode[], test: string, modelName: string, fail: (message: string) => void): ModelNode[] {
  const versioned = models.filter((m) => m.version !== undefined);
  const include = isPlainObject(spec) && Array.isArray(spec.include) && spec.include.length > 0 ? spec.include : undefined;
  const exclude = isPlainObject(spec) && Array.isArray(spec.exclude) && spec.exclude.length > 0 ? spec.exclude : undefined;
  if (include && exclude) {
    fail(`Unit test '${test}' has both versions: include and exclude; give one of them.`);
    return [];
  }
  if (versioned.length === 0) {
    if (include || exclude) {
      fail(`Unit test '${test}' should not have a versions include or exclude when referencing non-versioned model '${modelName}'.`);
      return [];
    }
    return models.slice(0, 1);
  }
  // YAML may say 2 where the model says '2' (or the reverse): versions compare as text, as they print.
  const listed = (list: unknown[], m: ModelNode) => list.some((v) => String(v) === String(m.version));
  const chosen = include ? versioned.filter((m) => listed(include, m)) : exclude ? versioned.filter((m) => !listed(exclude, m)) : versioned;
  if (chosen.length === 0) fail(`Unit test '${test}' referenced a version of '${modelName}' which was not found (its versions: ${versioned.map((m) => String(m.version)).join(', ')}).`);
  return chosen;
}

/** rows:/format:/fixture: of a given input or of expect, read into rows (dict, csv) or SQL (sql). */
function readRows(
  o: Record<string, unknown>,
  p: PathSegment[],
  test: string,
  what: string,
  pkg: UnitTestPackage,
  bad: (p: PathSegment[], message: string) => void,
): { format: Format; rows?: Record<string, unknown>[]; sql?: string } | undefined {
  const format = o.format === undefined || o.format === null ? 'dict' : o.format;
  if (format !== 'dict' && format !== 'csv' && format !== 'sql') {
    bad([...p, 'format'], `format: of ${what} in unit test '${test}' must be dict, csv or sql (got '${String(format)}').`);
    return undefined;
  }
  let raw: unknown = o.rows;
  if (typeof o.fixture === 'string' && format !== 'dict') {
    const text = readFixture(pkg, o.fixture, format);
    if (text === undefined) {
      bad([...p, 'fixture'], `Fixture '${o.fixture}' of ${what} in unit test '${test}' is not in a fixtures folder of the test paths (looked for ${pkg.testPaths.map((t) => `${t}/fixtures/**/${o.fixture}.${format}`).join(', ')}).`);
      return undefined;
    }
    raw = text;
  }
  if (format === 'sql') {
    if (typeof raw !== 'string' || raw.trim() === '') {
      bad([...p, 'rows'], `${what} in unit test '${test}' has format: sql but no SELECT under rows: (or fixture:).`);
      return undefined;
    }
    return { format, sql: raw };
  }
  if (format === 'csv') {
    if (typeof raw !== 'string') {
      bad([...p, 'rows'], `${what} in unit test '${test}' has format: csv: rows: must be CSV text (a header line, then one line per row), or use fixture:.`);
      return undefined;
    }
    return { format, rows: csvRows(raw) };
  }
  if (raw === undefined || raw === null) return { format, rows: [] };
  if (!Array.isArray(raw)) {
    bad([...p, 'rows'], `rows: of ${what} in unit test '${test}' must be a list of rows like - {id: 1, name: a}.`);
    return undefined;
  }
  const rows: Record<string, unknown>[] = [];
  for (const [i, r] of raw.entries()) {
    if (!isPlainObject(r)) {
      bad([...p, 'rows', i], `Row ${i + 1} of ${what} in unit test '${test}' is not a mapping of column to value; write it as {column: value, …}.`);
      return undefined;
    }
    rows.push(r);
  }
  return { format, rows };
}

/** dbt reads fixtures from any `fixtures` folder under the test paths, by file name. */
function readFixture(pkg: UnitTestPackage, name: string, format: 'csv' | 'sql'): string | undefined {
  const want = `${name}.${format}`;
  const search = (dir: string, inFixtures: boolean, depth: number): string | undefined => {
    if (depth > 8 || !fileExists(dir)) return undefined;
    if (inFixtures && fileExists(path.join(dir, want))) return path.join(dir, want);
    let entries: string[];
    try {
      entries = readdirNames(dir);
    } catch {
      return undefined;
    }
    for (const e of entries) {
      const found = search(path.join(dir, e), inFixtures || e === 'fixtures', depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  for (const t of pkg.testPaths) {
    const file = search(path.join(pkg.root, t), false, 0);
    if (file) return readTextFile(file);
  }
  return undefined;
}

function readdirNames(dir: string): string[] {
  // Only folders are walked; a fixture is found by its name in a fixtures folder.
  return listDir(dir).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Inputs the model does not read and columns nobody has: warnings and errors located at the YAML. */
function checkAgainstModel(node: UnitTestNode, model: ModelNode, lookup: Lookup, problems: Diagnostic[]): void {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const g of node.given) {
    let columns: Record<string, ColumnInfo> | undefined;
    if (g.isThis) {
      if (model.config.materialized !== 'incremental') {
        problems.push(diag(g.location, 'warning', 'bronze/unit-test-input', `input: this stands for the model's existing table, which only an incremental model reads; '${model.name}' is ${model.config.materialized}.`));
      }
      columns = model.columns;
    } else if (g.ref) {
      // A warning: a ref() computed in Jinja is not among the model's static refs, yet the model reads it.
      const r = g.ref;
      if (!model.refs.some((m) => m.name === r.name && (r.package === undefined || m.package === undefined || m.package === r.package))) {
        problems.push(diag(g.location, 'warning', 'bronze/unit-test-input', `Model '${model.name}' does not ref('${r.name}'): this input stands for nothing. Remove it, or give the model's own refs (${model.refs.map((x) => `ref('${x.name}')`).join(', ') || 'none'}).`));
        continue;
      }
      columns = lookup.models.get(r.name)?.[0]?.columns;
    } else if (g.source) {
      const s = g.source;
      if (!model.sources.some((m) => m.sourceName === s.sourceName && m.tableName === s.tableName)) {
        problems.push(diag(g.location, 'warning', 'bronze/unit-test-input', `Model '${model.name}' does not read source('${s.sourceName}', '${s.tableName}'): this input stands for nothing. Remove it, or give the model's own sources (${model.sources.map((x) => `source('${x.sourceName}', '${x.tableName}')`).join(', ') || 'none'}).`));
        continue;
      }
      columns = lookup.sources.get(`${s.sourceName}.${s.tableName}`)?.columns;
    }
    const known = columns ? Object.keys(columns) : [];
    if (known.length === 0 || !g.rows) continue;
    const unknown = new Set<string>();
    for (const row of g.rows) for (const k of Object.keys(row)) if (!known.some((c) => same(c, k))) unknown.add(k);
    for (const k of unknown) {
      // Documented columns may be a subset of the relation's: a warning (the run checks the built relation).
      problems.push(diag(g.location, 'warning', 'bronze/unit-test-column', `Column '${k}' of input ${g.input} is not among its documented columns (${known.join(', ')}). Fix the name, or document the column.`));
    }
  }
  const given = new Set(node.given.map((g) => (g.isThis ? 'this' : g.ref ? `ref:${g.ref.name}` : `source:${g.source!.sourceName}.${g.source!.tableName}`)));
  const missing = [
    ...model.refs.filter((r) => !given.has(`ref:${r.name}`)).map((r) => `ref('${r.name}')`),
    ...model.sources.filter((s) => !given.has(`source:${s.sourceName}.${s.tableName}`)).map((s) => `source('${s.sourceName}', '${s.tableName}')`),
  ];
  if (missing.length > 0) {
    problems.push(diag(node.location, 'warning', 'bronze/unit-test-input', `Unit test '${node.name}' gives no rows for ${[...new Set(missing)].join(', ')}, which model '${model.name}' reads; dbt fails the test at run time when the model renders it. Add a given: entry (rows: [] for none).`));
  }
  const modelColumns = Object.keys(model.columns);
  if (modelColumns.length > 0 && node.expect.rows) {
    const unknown = new Set<string>();
    for (const row of node.expect.rows) for (const k of Object.keys(row)) if (!modelColumns.some((c) => same(c, k))) unknown.add(k);
    for (const k of unknown) {
      problems.push(diag(node.expect.location, 'warning', 'bronze/unit-test-column', `Column '${k}' expected of model '${model.name}' is not among its documented columns (${modelColumns.join(', ')}). Fix the name, or document the column.`));
    }
  }
}
