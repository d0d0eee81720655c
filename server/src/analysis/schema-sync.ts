// Keeping schema.yml in step with a model's SQL: add the output columns its entry lacks (in output order,
// with the type, description and PII tag of the upstream column they pass through), remove declared
// columns the model no longer outputs, add a missing model entry. Edits go through the yaml Document API.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { ColumnInfo, ModelNode, Range } from '../core/types';
import { columnAt, relationsInScope, sqlContext, type SqlContext } from './column-scope';
import { columnKey, inferOutputColumns, type InferredColumns } from './columns';
import { documentView, type DocumentView } from './document';
import { createFileEdit, type EditPlan } from './edit-plan';
import { expressionType } from '../compile/contract';
import { isClassified, looksPersonal } from './rules/pii';
import { isKeyword } from '../core/sql/tokenize';
import { positional } from '../template/scan';
import type { ProjectState, Workspace } from './workspace';
import { parseYaml, printYaml, quoted, yamlEdits, yamlStyle } from './yaml-document';

export interface ColumnSpec {
  name: string;
  quoted: boolean;
  dataType?: string;
  description?: string;
  pii: boolean;
  /** Offsets of the column in the model file (absent for columns of an expanded star). */
  start?: number;
  end?: number;
}

export interface SchemaAction extends EditPlan {
  /** quickfix: tied to the range asked about; source: a model-wide action; refactor: generates new files. */
  kind: 'quickfix' | 'source' | 'refactor';
}

function inferred(view: DocumentView): InferredColumns {
  if (view.facts) return view.facts.columns();
  return inferOutputColumns(view.scan!, (call) => view.project.relationColumns(call.name, positional(call).map((a) => a.value)));
}

/** What the upstream column an output column passes through declares (only for a bare, unrenamed column). */
function passThrough(ctx: SqlContext, name: string, start: number | undefined): ColumnInfo | undefined {
  const toks = ctx.tokens;
  if (start !== undefined) {
    const k = toks.findIndex((t) => t.start === start);
    const prev = toks[k - 1];
    if (k < 1 || !(prev.text === '.' || prev.text === ',' || isKeyword(prev, 'select', 'distinct'))) return undefined;
    return columnAt(ctx, start)?.column.info;
  }
  // A column of an expanded star: the final query's relations.
  const key = columnKey(name);
  const last = toks[toks.length - 1];
  for (const r of last ? relationsInScope(ctx, last.start) : []) {
    const c = r.columns().find((x) => columnKey(x.name, x.quoted) === key);
    if (c?.info) return c.info;
  }
  return undefined;
}

/**
 * Column types the target reported for the model's output (its built table, or its SQL over zero-row inputs),
 * by columnKey of the unquoted name as the warehouse returns it (lower-cased).
 */
export type OutputTypes = ReadonlyMap<string, string>;

/**
 * The model's output columns with what is known of them. The type: what the target reported (`types`), else
 * the declared type of the upstream column it passes through, else what the expression's text says (a literal
 * or a cast); otherwise none rather than a guess.
 */
export function outputColumnSpecs(view: DocumentView, types?: OutputTypes): { columns: ColumnSpec[]; complete: boolean } {
  const inf = inferred(view);
  const ctx = sqlContext(view);
  const columns = inf.columns.map((c) => {
    const up = ctx ? passThrough(ctx, c.name, c.start) : undefined;
    const spec: ColumnSpec = { name: c.name, quoted: c.quoted, pii: looksPersonal(c.name) || (up !== undefined && isClassified(up)) };
    const dataType = types?.get(c.name.toLowerCase()) ?? up?.dataType ?? (c.expression ? expressionType(view.text.slice(c.expression.start, c.expression.end)) : undefined);
    if (dataType) spec.dataType = dataType;
    if (up?.description) spec.description = up.description;
    if (c.start !== undefined) {
      spec.start = c.start;
      spec.end = c.end;
    }
    return spec;
  });
  return { columns, complete: inf.complete };
}

/** A schema.yml column entry: name, data_type when known, description (empty rather than invented), pii tag. */
export function columnNode(doc: Document, c: ColumnSpec): YAMLMap {
  const m = new YAMLMap();
  m.set('name', c.name);
  if (c.quoted) m.set('quote', true);
  if (c.dataType) m.set('data_type', c.dataType);
  m.set('description', c.description ?? '');
  if (c.pii) {
    const tags = new YAMLSeq();
    tags.flow = true;
    tags.add(quoted('pii'));
    m.set('tags', tags);
  }
  void doc;
  return m;
}

function nameOf(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  const n = node.get('name');
  return typeof n === 'string' ? n : undefined;
}

/** The YAML map of `models: - name: <model>` in a parsed schema file. */
function modelEntry(doc: Document, model: string): YAMLMap | undefined {
  const models = doc.get('models', true);
  if (!isSeq(models)) return undefined;
  return models.items.find((i) => nameOf(i) === model) as YAMLMap | undefined;
}

function declaredKeys(model: ModelNode): Set<string> {
  return new Set(Object.values(model.columns).map((c) => columnKey(c.name, c.quote === true)));
}

function specKey(c: ColumnSpec): string {
  return columnKey(c.name, c.quoted);
}

/** Adds the output columns in `names` (all undeclared ones when undefined) to the model's entry, in output order. */
export function planAddColumns(project: ProjectState, view: DocumentView, model: ModelNode, names?: string[], title?: string, types?: OutputTypes): EditPlan | undefined {
  const file = model.patchLocation?.file;
  if (!file) return undefined;
  const text = project.fileText(file);
  if (text === undefined) return undefined;
  const doc = parseYaml(text);
  if (doc.errors.length > 0) return undefined;
  const unchanged = printYaml(doc, yamlStyle(text));
  const entry = modelEntry(doc, model.name);
  if (!entry) return undefined;
  const { columns } = outputColumnSpecs(view, types);
  const declared = declaredKeys(model);
  const want = new Set((names ?? columns.filter((c) => !declared.has(specKey(c))).map((c) => c.name)).map((n) => n.toLowerCase()));
  const adding = columns.filter((c) => want.has(c.name.toLowerCase()) && !declared.has(specKey(c)));
  if (adding.length === 0) return undefined;
  const existing: unknown = entry.get('columns', true);
  let seq: YAMLSeq;
  if (isSeq(existing)) seq = existing;
  else {
    seq = new YAMLSeq();
    entry.set('columns', seq);
  }
  const items = seq.items;
  const indexOf = (c: ColumnSpec) =>
    items.findIndex((i) => {
      const n = nameOf(i);
      return n !== undefined && columnKey(n.replace(/^"(.*)"$/, '$1'), n.startsWith('"')) === specKey(c);
    });
  // Each new column goes after the nearest output column before it that the entry lists.
  let after = -1;
  for (const c of columns) {
    const at = indexOf(c);
    if (at >= 0) {
      after = at;
      continue;
    }
    if (!adding.includes(c)) continue;
    items.splice(after + 1, 0, columnNode(doc, c));
    after++;
  }
  const edits = yamlEdits(file, text, unchanged, printYaml(doc, yamlStyle(text)));
  if (edits.length === 0) return undefined;
  const what = adding.length === 1 ? `column '${adding[0].name}'` : `${adding.length} columns`;
  return { title: title ?? `Add ${what} to ${path.basename(file)}`, edits, fileOps: [] };
}

/** Removes the declared columns in `names` from the model's entry. */
export function planRemoveColumns(project: ProjectState, model: ModelNode, names: string[], title?: string): EditPlan | undefined {
  const file = model.patchLocation?.file;
  if (!file || names.length === 0) return undefined;
  const text = project.fileText(file);
  if (text === undefined) return undefined;
  const doc = parseYaml(text);
  if (doc.errors.length > 0) return undefined;
  const unchanged = printYaml(doc, yamlStyle(text));
  const seq = modelEntry(doc, model.name)?.get('columns', true);
  if (!isSeq(seq)) return undefined;
  const drop = new Set(names);
  seq.items = seq.items.filter((i) => !drop.has(nameOf(i) ?? '\0'));
  const edits = yamlEdits(file, text, unchanged, printYaml(doc, yamlStyle(text)));
  if (edits.length === 0) return undefined;
  const what = names.length === 1 ? `column '${names[0]}'` : `${names.length} columns the model no longer outputs`;
  return { title: title ?? `Remove ${what} from ${path.basename(file)}`, edits, fileOps: [] };
}

/** The schema file new entries in `dir` go to: one there that lists models, else any there, else a new schema.yml. */
export function schemaFileIn(project: ProjectState, dir: string): { file: string; exists: boolean } {
  const here = [...project.project.files.values()].filter((f) => f.kind === 'schema' && path.dirname(f.path) === dir).sort((a, b) => (a.path < b.path ? -1 : 1));
  const withModels = here.find((f) => /^models\s*:/m.test(project.fileText(f.path) ?? f.text));
  const pick = withModels ?? here[0];
  return pick ? { file: pick.path, exists: true } : { file: path.join(dir, 'schema.yml'), exists: false };
}

/** The entry for a model: name, description placeholder, its output columns. */
export function modelNode(doc: Document, name: string, columns: ColumnSpec[], description = ''): YAMLMap {
  const m = new YAMLMap();
  m.set('name', name);
  m.set('description', description);
  const seq = new YAMLSeq();
  for (const c of columns) seq.add(columnNode(doc, c));
  m.set('columns', seq);
  return m;
}

/** Adds a model entry (built by `build`) to `file`'s `models:` list, creating the key or the file as needed. */
export function planAddModelEntry(project: ProjectState, target: { file: string; exists: boolean }, build: (doc: Document) => YAMLMap, title: string): EditPlan | undefined {
  if (!target.exists) {
    const doc = parseYaml('version: 2\n\nmodels: []\n');
    const seq = new YAMLSeq();
    seq.add(build(doc));
    doc.set('models', seq);
    const c = createFileEdit(target.file, printYaml(doc, { indent: 2, indentSeq: true }));
    return { title, edits: [c.edit], fileOps: [c.op] };
  }
  const text = project.fileText(target.file);
  if (text === undefined) return undefined;
  const doc = parseYaml(text);
  if (doc.errors.length > 0) return undefined;
  const unchanged = printYaml(doc, yamlStyle(text));
  let models = doc.get('models', true);
  if (!isSeq(models)) {
    if (models !== undefined && !(isScalar(models) && models.value === null)) return undefined;
    models = new YAMLSeq();
    doc.set('models', models);
  }
  (models as YAMLSeq).add(build(doc));
  const edits = yamlEdits(target.file, text, unchanged, printYaml(doc, yamlStyle(text)));
  return edits.length > 0 ? { title, edits, fileOps: [] } : undefined;
}

/** "Add model 'm' to schema.yml" with every output column. */
export function planAddModel(project: ProjectState, view: DocumentView, model: ModelNode, types?: OutputTypes): EditPlan | undefined {
  const target = schemaFileIn(project, path.dirname(model.location.file));
  const { columns } = outputColumnSpecs(view, types);
  const rel = path.relative(project.root, target.file).split(path.sep).join('/');
  return planAddModelEntry(project, target, (doc) => modelNode(doc, model.name, columns), `Add model '${model.name}' to ${rel}`);
}

function overlaps(a: Range, b: Range): boolean {
  const le = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return le(a.start, b.end) && le(b.start, a.end);
}

/** Whether `range` touches the lines of `entry` (a schema.yml name: the whole `- name: x` line counts). */
function onLines(entry: Range, range: Range): boolean {
  return range.start.line <= entry.end.line && entry.start.line <= range.end.line;
}

function stale(view: DocumentView, model: ModelNode): string[] {
  const { columns, complete } = outputColumnSpecs(view);
  if (!complete) return [];
  const have = new Set(columns.map(specKey));
  return Object.values(model.columns).filter((c) => !have.has(columnKey(c.name, c.quote === true))).map((c) => c.name);
}

function withKind(plan: EditPlan | undefined, kind: SchemaAction['kind']): SchemaAction[] {
  return plan ? [{ ...plan, kind }] : [];
}

/**
 * The schema.yml actions for `range` of `file` (a model's SQL or a schema file). Editors ask on every cursor
 * move, so the YAML is only parsed and printed for actions that apply here; model-wide (source) actions
 * are built only when `withSource` (the user opened the Source Action menu).
 */
export function schemaActions(ws: Workspace, file: string, range: Range, withSource = true): SchemaAction[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  const out: SchemaAction[] = [];
  const model = project.index.modelByFile.get(file);
  if (model && model.resourceType === 'model') {
    const view = documentView(ws, file);
    if (!view?.scan) return [];
    if (!model.patchLocation) {
      // Quick fix on the first line or the config() call; a source action anywhere else.
      const header = range.start.line === 0 || view.scan.calls.some((c) => c.name === 'config' && overlaps(view.lines.rangeOf(c.start, c.end), range));
      return header || withSource ? withKind(planAddModel(project, view, model), header ? 'quickfix' : 'source') : [];
    }
    const declared = declaredKeys(model);
    const outputs = inferred(view);
    const missing = outputs.columns.filter((c) => !declared.has(columnKey(c.name, c.quoted)));
    const here = missing.filter((c) => c.start !== undefined && overlaps(view.lines.rangeOf(c.start, c.end!), range));
    for (const c of here) out.push(...withKind(planAddColumns(project, view, model, [c.name]), 'quickfix'));
    if (missing.length > 0 && (here.length > 0 || withSource)) {
      out.push(...withKind(planAddColumns(project, view, model, undefined, `Document all output columns of '${model.name}' in ${path.basename(model.patchLocation.file)}`), here.length > 0 ? 'quickfix' : 'source'));
    }
    if (withSource) {
      const gone = stale(view, model);
      if (gone.length > 0) out.push(...withKind(planRemoveColumns(project, model, gone), 'source'));
    }
    return out;
  }
  // A schema file: the entry (or column entries) of the models documented on the lines asked about.
  for (const m of project.project.models.values()) {
    if (m.patchLocation?.file !== file || m.resourceType !== 'model') continue;
    const onEntry = onLines(m.patchLocation.range, range);
    const touched = Object.values(m.columns).filter((c) => c.location?.file === file && onLines(c.location.range, range));
    if (!onEntry && touched.length === 0) continue;
    const view = documentView(ws, m.location.file);
    if (!view?.scan) continue;
    const gone = new Set(stale(view, m));
    const onColumn = touched.filter((c) => gone.has(c.name));
    for (const c of onColumn) out.push(...withKind(planRemoveColumns(project, m, [c.name]), 'quickfix'));
    if (onColumn.length > 0 && gone.size > 1) out.push(...withKind(planRemoveColumns(project, m, [...gone]), 'quickfix'));
    if (onEntry) {
      out.push(...withKind(planAddColumns(project, view, m, undefined, `Document all output columns of '${m.name}'`), 'quickfix'));
      if (gone.size > 0 && onColumn.length === 0) out.push(...withKind(planRemoveColumns(project, m, [...gone]), 'quickfix'));
    }
  }
  return out;
}
