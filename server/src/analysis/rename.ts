// Renaming a model: its file, every literal ref() to it in the project's SQL (models, tests, macros,
// snapshots, hooks in config()) and YAML (relationships tests, exposures, hooks), the `model:` of its unit
// tests, and its schema.yml entry — as one edit. A ref() whose name is computed by Jinja (`ref(var('m'))`) could name the model without
// saying so, so any such call in the project refuses the rename with its location instead of guessing.
import * as path from 'node:path';
import type { ModelNode, Position, Range, TextEdit } from '../core/types';
import { isMap, isScalar, isSeq } from 'yaml';
import { LineIndex } from '../project/line-index';
import { callAt, documentView, offsetOf, wordAt } from './document';
import type { EditPlan } from './edit-plan';
import { resolveRef } from './project-index';
import { positional, scanJinja } from '../template/scan';
import type { ProjectState, Workspace } from './workspace';
import { parseYaml } from './yaml-document';

export interface RenameTarget {
  model: ModelNode;
  /** The range of the name under the cursor, and the text to start from. */
  range: Range;
  placeholder: string;
}

export type RenameResult<T> = { ok: true; value: T } | { ok: false; message: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The model whose name is under the cursor: a ref() argument, or its `- name:` in schema.yml. */
export function modelRenameTarget(ws: Workspace, file: string, pos: Position): RenameTarget | undefined {
  const view = documentView(ws, file);
  if (!view) return undefined;
  const offset = offsetOf(view, pos);
  const { index } = view.project;
  if (view.kind === 'sql' && view.scan) {
    const call = callAt(view.scan, offset);
    if (call?.name !== 'ref') return undefined;
    const args = positional(call);
    const last = args[args.length - 1];
    if (!last || typeof last.value !== 'string' || offset < last.start || offset > last.end) return undefined;
    const m = resolveRef(index, last.value, args.length === 2 && typeof args[0].value === 'string' ? args[0].value : undefined);
    if (!m) return undefined;
    return { model: m, range: view.lines.rangeOf(last.start + 1, last.end - 1), placeholder: last.value };
  }
  if (view.kind === 'yaml') {
    const w = wordAt(view.text, offset);
    if (!w) return undefined;
    for (const m of index.modelsByName.get(w.word) ?? []) {
      const loc = m.patchLocation;
      if (loc?.file === file && loc.range.start.line === view.lines.positionAt(w.start).line) return { model: m, range: loc.range, placeholder: m.name };
    }
    // `ref('x')` inside a test argument or an exposure.
    const line = view.lines.lineRangeAt(offset);
    const lineStart = view.lines.offsetAt(line.start);
    const lineText = view.text.slice(lineStart, view.lines.offsetAt(line.end));
    for (const r of yamlRefs(lineText)) {
      if (offset - lineStart < r.start || offset - lineStart > r.end) continue;
      const m = resolveRef(index, r.name, r.pkg);
      if (m) return { model: m, range: view.lines.rangeOf(lineStart + r.start, lineStart + r.end), placeholder: r.name };
    }
  }
  return undefined;
}

/** `ref('m')` / `ref("pkg", "m")` in YAML text: the model name's offsets (inside the quotes). */
function yamlRefs(text: string): { name: string; pkg?: string; start: number; end: number }[] {
  const out: { name: string; pkg?: string; start: number; end: number }[] = [];
  const re = /\bref\(\s*(?:(['"])([\w.-]+)\1\s*,\s*)?(['"])([\w.-]+)\3\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const nameStart = m.index + m[0].lastIndexOf(m[3] + m[4] + m[3]) + 1;
    out.push({ name: m[4], ...(m[2] ? { pkg: m[2] } : {}), start: nameStart, end: nameStart + m[4].length });
  }
  return out;
}

function ownFiles(project: ProjectState): string[] {
  const pkgDir = path.join(project.root, project.project.packagesInstallPath || 'dbt_packages') + path.sep;
  return [...project.project.files.keys()].filter((f) => !f.startsWith(pkgDir)).sort();
}

function located(project: ProjectState, file: string, text: string, offset: number): string {
  const p = new LineIndex(text).positionAt(offset);
  return `${path.relative(project.root, file).split(path.sep).join('/')}:${p.line + 1}`;
}

/** The literal `ref()` calls to `model` written as text in `text[from, to)` (YAML, or a hook's Jinja string). */
function textRefEdits(project: ProjectState, model: ModelNode, file: string, text: string, lines: LineIndex, from: number, to: number, newName: string): RenameResult<TextEdit[]> {
  const span = text.slice(from, to);
  const computed = span.search(/\bref\(\s*[^'"\s)]/);
  if (computed >= 0) {
    return { ok: false, message: `Cannot rename '${model.name}' safely: the ref() at ${located(project, file, text, from + computed)} computes its model name in Jinja. Make it a literal ref() or rename by hand.` };
  }
  const edits: TextEdit[] = [];
  for (const r of yamlRefs(span)) {
    if (resolveRef(project.index, r.name, r.pkg) === model) edits.push({ file, range: lines.rangeOf(from + r.start, from + r.end), newText: newName });
  }
  return { ok: true, value: edits };
}

/** `model: <name>` of the unit tests in a schema file that test `model` (dbt refuses a unit test of a missing model). */
function unitTestModelEdits(project: ProjectState, model: ModelNode, file: string, text: string, lines: LineIndex, newName: string): TextEdit[] {
  if (!/^unit_tests\s*:/m.test(text)) return [];
  const doc = parseYaml(text);
  const tests = doc.get('unit_tests', true);
  if (doc.errors.length > 0 || !isSeq(tests)) return [];
  const edits: TextEdit[] = [];
  for (const item of tests.items) {
    const m = isMap(item) ? item.get('model', true) : undefined;
    if (!isScalar(m) || typeof m.value !== 'string' || !m.range || resolveRef(project.index, m.value) !== model) continue;
    // A quoted scalar's range includes its quotes.
    const quote = text[m.range[0]] === '"' || text[m.range[0]] === "'" ? 1 : 0;
    edits.push({ file, range: lines.rangeOf(m.range[0] + quote, m.range[1] - quote), newText: newName });
  }
  return edits;
}

/** The text edits that point every reference to `model` at `newName` (the file itself is not renamed here). */
function referenceEdits(project: ProjectState, model: ModelNode, newName: string): RenameResult<TextEdit[]> {
  const edits: TextEdit[] = [];
  const refersHere = (name: string, pkg: string | undefined) => resolveRef(project.index, name, pkg) === model;
  for (const file of ownFiles(project)) {
    const text = project.fileText(file);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    const ext = path.extname(file).toLowerCase();
    if (ext === '.sql') {
      if (!text.includes('ref')) continue;
      const scan = scanJinja(text);
      for (const c of scan.calls) {
        if (c.name !== 'ref') continue;
        const args = positional(c);
        if (args.length === 0) continue;
        if (!args.every((a) => typeof a.value === 'string')) {
          return { ok: false, message: `Cannot rename '${model.name}' safely: the ref() at ${located(project, file, text, c.start)} computes its model name in Jinja, so it may refer to '${model.name}'. Make it a literal ref() or rename by hand.` };
        }
        const last = args[args.length - 1];
        if (!refersHere(String(last.value), args.length === 2 ? String(args[0].value) : undefined)) continue;
        edits.push({ file, range: lines.rangeOf(last.start + 1, last.end - 1), newText: newName });
      }
      // A hook in config() is a string of Jinja: its ref() calls are text inside the literal, not calls of the scan.
      for (const c of scan.calls) {
        if (c.name !== 'config') continue;
        for (const a of c.args) {
          if (a.keyword !== 'pre_hook' && a.keyword !== 'post_hook') continue;
          const r = textRefEdits(project, model, file, text, lines, a.start, a.end, newName);
          if (!r.ok) return r;
          edits.push(...r.value);
        }
      }
    } else if (ext === '.yml' || ext === '.yaml') {
      const r = textRefEdits(project, model, file, text, lines, 0, text.length, newName);
      if (!r.ok) return r;
      edits.push(...r.value, ...unitTestModelEdits(project, model, file, text, lines, newName));
    }
  }
  if (model.patchLocation) edits.push({ file: model.patchLocation.file, range: model.patchLocation.range, newText: newName });
  return { ok: true, value: edits };
}

/** Why `newName` cannot be the model's name, if it cannot. */
function refusal(project: ProjectState, model: ModelNode, newName: string, newFile: string): string | undefined {
  if (model.packageName !== project.project.name) return `'${model.name}' belongs to package '${model.packageName}': rename it there.`;
  if (!IDENTIFIER.test(newName)) return `'${newName}' is not a valid model name (letters, digits and underscores, not starting with a digit).`;
  const clash = project.index.modelsByName.get(newName);
  if (clash?.length) return `A model named '${newName}' already exists (${path.relative(project.root, clash[0].location.file).split(path.sep).join('/')}).`;
  if (newFile !== model.location.file && project.project.files.has(newFile)) return `${path.relative(project.root, newFile)} already exists.`;
  return undefined;
}

/** Rename from a ref() or a schema.yml entry: the file, the references and the entry. */
export function planModelRename(ws: Workspace, target: RenameTarget, newName: string): RenameResult<EditPlan> {
  const project = ws.projectFor(target.model.location.file);
  if (!project) return { ok: false, message: 'The model is not in an open project.' };
  const oldFile = target.model.location.file;
  const newFile = path.join(path.dirname(oldFile), newName + path.extname(oldFile));
  if (newName === target.model.name) return { ok: true, value: { title: 'Rename', edits: [], fileOps: [] } };
  const why = refusal(project, target.model, newName, newFile);
  if (why) return { ok: false, message: why };
  const refs = referenceEdits(project, target.model, newName);
  if (!refs.ok) return refs;
  // Text edits address files by their old path when they are applied before the rename.
  return { ok: true, value: { title: `Rename model '${target.model.name}' to '${newName}'`, edits: refs.value, fileOps: [{ kind: 'rename', file: oldFile, newFile }] } };
}

/** The editor is about to rename a model's file: the references and schema.yml entry follow. */
export function planModelFileRename(ws: Workspace, oldFile: string, newFile: string): RenameResult<EditPlan> | undefined {
  const project = ws.projectFor(oldFile);
  const model = project?.index.modelByFile.get(oldFile);
  if (!project || !model || path.extname(newFile).toLowerCase() !== '.sql') return undefined;
  const newName = path.basename(newFile, path.extname(newFile));
  if (newName === model.name) return undefined;
  const why = refusal(project, model, newName, newFile);
  if (why) return { ok: false, message: why };
  const refs = referenceEdits(project, model, newName);
  if (!refs.ok) return refs;
  return { ok: true, value: { title: `Rename model '${model.name}' to '${newName}'`, edits: refs.value, fileOps: [] } };
}
