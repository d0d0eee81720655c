// Relationships offered as suggestions: on a model's column entry in schema.yml whose name is another
// model's unique key (`user_id`, or ends with `_user_id`), a quick fix adds the relationships test to it.
// Only keys that carry a `unique` test count, so a suggestion always names a real one-row-per-key relation.
import * as path from 'node:path';
import { isMap, isSeq, YAMLMap, YAMLSeq } from 'yaml';
import type { ColumnInfo, ModelNode, Range } from '../core/types';
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

function planRelationship(project: ProjectState, model: ModelNode, col: ColumnInfo, key: Key): SchemaAction | undefined {
  const file = col.location!.file;
  const text = project.fileText(file);
  if (text === undefined) return undefined;
  const doc = parseYaml(text);
  if (doc.errors.length > 0) return undefined;
  const style = yamlStyle(text);
  const unchanged = printYaml(doc, style);
  const models = doc.get('models', true);
  if (!isSeq(models)) return undefined;
  const entry = models.items.find((i) => isMap(i) && i.get('name') === model.name);
  const cols = isMap(entry) ? entry.get('columns', true) : undefined;
  if (!isSeq(cols)) return undefined;
  const node = cols.items.find((i) => isMap(i) && i.get('name') === col.name);
  if (!isMap(node)) return undefined;
  // The column's own key if it has one, else the one the file uses (dbt 1.8 renamed tests to data_tests).
  const keyName = node.has('data_tests') ? 'data_tests' : node.has('tests') ? 'tests' : /^\s*data_tests\s*:/m.test(text) ? 'data_tests' : 'tests';
  const existing: unknown = node.get(keyName, true);
  let tests: YAMLSeq;
  if (isSeq(existing)) tests = existing;
  else {
    tests = new YAMLSeq();
    node.set(keyName, tests);
  }
  const rel = new YAMLMap();
  const args = new YAMLMap();
  args.set('to', `ref('${key.model.name}')`);
  args.set('field', key.column);
  rel.set('relationships', args);
  tests.add(rel);
  const edits = yamlEdits(file, text, unchanged, printYaml(doc, style));
  if (edits.length === 0) return undefined;
  return { title: `Add relationships test: ${col.name} → ${key.model.name}.${key.column} (${path.basename(file)})`, edits, fileOps: [], kind: 'quickfix' };
}

/** Suggestions for the column entries on the lines of `range` in schema file `file`. */
export function relationshipSuggestions(ws: Workspace, file: string, range: Range): SchemaAction[] {
  const project = ws.projectFor(file);
  if (!project) return [];
  const out: SchemaAction[] = [];
  let keys: Key[] | undefined;
  for (const m of project.project.models.values()) {
    if (m.patchLocation?.file !== file) continue;
    for (const c of Object.values(m.columns)) {
      const loc = c.location;
      if (!loc || loc.file !== file || range.start.line > loc.range.end.line || loc.range.start.line > range.end.line) continue;
      if (hasRelationships(project, m, c.name)) continue;
      keys ??= uniqueKeys(project);
      const name = c.name.toLowerCase();
      for (const k of keys) {
        if (k.model === m) continue;
        const key = k.column.toLowerCase();
        if (name !== key && !name.endsWith(`_${key}`)) continue;
        const a = planRelationship(project, m, c, k);
        if (a) out.push(a);
      }
    }
  }
  return out;
}
