// Relationships offered as suggestions: on a model's column entry in schema.yml whose name is another
// model's unique key (`user_id`, or ends with `_user_id`), a quick fix adds the relationships test to it; a
// generated bronze model lists them (the CLI prints them, the editor offers to add them all).
// Only keys that carry a `unique` test count, so a suggestion always names a real one-row-per-key relation.
import * as path from 'node:path';
import { isMap, isSeq, YAMLMap, YAMLSeq } from 'yaml';
import type { ModelNode, Range } from '../core/types';
import type { SchemaAction } from './schema-sync';
import type { ProjectState, Workspace } from './workspace';
import { parseYaml, printYaml, yamlEdits, yamlStyle } from './yaml-document';

interface Key {
  model: ModelNode;
  column: string;
}

/** Columns of the project's own models that a `unique` test covers. */
function uniqueKeys(project: ProjectState): Key[] {
  const out: Key[] = [];
  for (const m of project.project.models.values()) {
    if (m.packageName !== project.project.name || m.resourceType !== 'model') continue;
    for (const t of project.index.testsByModel.get(m.uniqueId) ?? []) {
      if (t.testMetadata?.name === 'unique' && t.columnName && /^\w+$/.test(t.columnName)) out.push({ model: m, column: t.columnName });
    }
  }
  return out.sort((a, b) => (a.model.name < b.model.name ? -1 : a.model.name > b.model.name ? 1 : 0));
}

function hasRelationships(project: ProjectState, model: ModelNode, column: string): boolean {
  return (project.index.testsByModel.get(model.uniqueId) ?? []).some((t) => t.testMetadata?.name === 'relationships' && t.columnName?.toLowerCase() === column.toLowerCase());
}

/** A relationships test to offer: `column` of a model names `to`'s unique key `field`. */
export interface RelationshipSuggestion {
  column: string;
  to: string;
  field: string;
}

/**
 * The relationships tests to offer for `columns` of model `model`: each column named as another model's unique
 * key (`user_id`, or ending in `_user_id`). The model may not exist yet (a bronze model being generated).
 */
export function relationshipCandidates(project: ProjectState, model: string, columns: readonly string[]): RelationshipSuggestion[] {
  const keys = uniqueKeys(project);
  const out: RelationshipSuggestion[] = [];
  for (const column of columns) {
    const name = column.toLowerCase();
    for (const k of keys) {
      if (k.model.name === model) continue;
      const key = k.column.toLowerCase();
      if (name === key || name.endsWith(`_${key}`)) out.push({ column, to: k.model.name, field: k.column });
    }
  }
  return out;
}

/** `relationships: {to: ref('<to>'), field: <field>}`, appended to a column entry's tests under `testsKey`. */
export function addRelationshipTest(node: YAMLMap, s: RelationshipSuggestion, testsKey: string): void {
  const existing: unknown = node.get(testsKey, true);
  let tests: YAMLSeq;
  if (isSeq(existing)) tests = existing;
  else {
    tests = new YAMLSeq();
    node.set(testsKey, tests);
  }
  const rel = new YAMLMap();
  const args = new YAMLMap();
  args.set('to', `ref('${s.to}')`);
  args.set('field', s.field);
  rel.set('relationships', args);
  tests.add(rel);
}

/** The tests key a column entry uses: its own if it has one, else the one the file uses (dbt 1.8 renamed tests to data_tests). */
function testsKeyOf(node: YAMLMap, text: string): string {
  return node.has('data_tests') ? 'data_tests' : node.has('tests') ? 'tests' : /^\s*data_tests\s*:/m.test(text) ? 'data_tests' : 'tests';
}

/** Adds the relationships tests `suggestions` to model `model`'s column entries in schema file `file`, in one edit. */
export function planRelationships(project: ProjectState, file: string, model: string, suggestions: readonly RelationshipSuggestion[], title: string): SchemaAction | undefined {
  const text = project.fileText(file);
  if (text === undefined || suggestions.length === 0) return undefined;
  const doc = parseYaml(text);
  if (doc.errors.length > 0) return undefined;
  const style = yamlStyle(text);
  const unchanged = printYaml(doc, style);
  const models = doc.get('models', true);
  if (!isSeq(models)) return undefined;
  const entry = models.items.find((i) => isMap(i) && i.get('name') === model);
  const cols = isMap(entry) ? entry.get('columns', true) : undefined;
  if (!isSeq(cols)) return undefined;
  for (const s of suggestions) {
    const node = cols.items.find((i) => isMap(i) && i.get('name') === s.column);
    if (isMap(node)) addRelationshipTest(node, s, testsKeyOf(node, text));
  }
  const edits = yamlEdits(file, text, unchanged, printYaml(doc, style));
  if (edits.length === 0) return undefined;
  return { title, edits, fileOps: [], kind: 'quickfix' };
}

/** The suggestions still open for model `model` documented in `file` (columns without a relationships test). */
export function openRelationshipSuggestions(ws: Workspace, file: string, model: string): RelationshipSuggestion[] {
  const project = ws.projectFor(file);
  const m = project?.index.modelsByName.get(model)?.find((x) => x.patchLocation?.file === file);
  if (!project || !m) return [];
  const columns = Object.values(m.columns).filter((c) => c.location?.file === file && !hasRelationships(project, m, c.name)).map((c) => c.name);
  return relationshipCandidates(project, m.name, columns);
}

/** Suggestions for the column entries on the lines of `range` in schema file `file`. */
export function relationshipSuggestions(ws: Workspace, file: string, range: Range): SchemaAction[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  const out: SchemaAction[] = [];
  for (const m of project.project.models.values()) {
    if (m.patchLocation?.file !== file) continue;
    const touched = Object.values(m.columns).filter((c) => {
      const loc = c.location;
      return loc && loc.file === file && range.start.line <= loc.range.end.line && loc.range.start.line <= range.end.line && !hasRelationships(project, m, c.name);
    });
    if (touched.length === 0) continue;
    for (const s of relationshipCandidates(project, m.name, touched.map((c) => c.name))) {
      const a = planRelationships(project, file, m.name, [s], `Add relationships test: ${s.column} → ${s.to}.${s.field} (${path.basename(file)})`);
      if (a) out.push(a);
    }
  }
  return out;
}
