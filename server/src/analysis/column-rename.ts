// Renaming a model's output column (F2 on it in the model's SELECT or on its schema.yml entry): the alias in
// the SELECT (a bare column gets `as <new>`), the schema.yml entry, a literal unique_key, relationships
// tests that point at it, and the references of the SQL that reads the model — each of which keeps its own
// output name (`u.<new> as <old>` where it was selected bare). Whatever cannot be rewritten with certainty
// (a `*` over the model, a name that may or may not be this column, Jinja) refuses with where it is.
import * as path from 'node:path';
import type { ModelNode, Position, Range, TextEdit } from '../core/types';
import { LineIndex } from '../project/line-index';
import { columnAt, relationByAlias, relationsInScope, sqlContext } from './column-scope';
import { columnKey } from './columns';
import { documentView, offsetOf, wordAt, type DocumentView } from './document';
import type { EditPlan } from './edit-plan';
import { resolveRef } from './project-index';
import type { RenameResult } from './rename';
import { isKeyword, type SqlToken } from '../core/sql/tokenize';
import { positional } from '../template/scan';
import type { ProjectState, Workspace } from './workspace';

export interface ColumnRenameTarget {
  model: ModelNode;
  name: string;
  range: Range;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The output column under the cursor in a model's SQL, or a model column's `- name:` in schema.yml. */
export function columnRenameTarget(ws: Workspace, file: string, pos: Position): ColumnRenameTarget | undefined {
  const view = documentView(ws, file);
  if (!view) return undefined;
  const offset = offsetOf(view, pos);
  if (view.kind === 'sql' && view.model && view.facts) {
    const col = view.facts.columns().columns.find((c) => c.start !== undefined && offset >= c.start && offset <= c.end!);
    if (col && !col.quoted) return { model: view.model, name: col.name, range: view.lines.rangeOf(col.start!, col.end!) };
    return undefined;
  }
  if (view.kind === 'yaml') {
    const w = wordAt(view.text, offset);
    if (!w) return undefined;
    const line = view.lines.positionAt(w.start).line;
    for (const m of view.project.project.models.values()) {
      if (m.patchLocation?.file !== file) continue;
      for (const c of Object.values(m.columns)) {
        if (c.location?.file === file && c.location.range.start.line === line && c.name === w.word && c.quote !== true) return { model: m, name: c.name, range: c.location.range };
      }
    }
  }
  return undefined;
}

function where(project: ProjectState, file: string, text: string, offset: number): string {
  const p = new LineIndex(text).positionAt(offset);
  return `${path.relative(project.root, file).split(path.sep).join('/')}:${p.line + 1}`;
}

/** A select item that is just this (possibly qualified) column: its output name is the column's own. */
function bareItem(toks: SqlToken[], k: number): boolean {
  let first = k;
  while (toks[first - 1]?.text === '.' && toks[first - 2]) first -= 2;
  const before = toks[first - 1];
  const after = toks[k + 1];
  const opens = before && (before.text === ',' || isKeyword(before, 'select', 'distinct'));
  const closes = !after || after.text === ',' || after.text === ')' || after.text === ';' || isKeyword(after, 'from');
  return Boolean(opens && closes);
}

function isJinja(view: DocumentView, t: SqlToken): boolean {
  return view.scan!.masked.slice(t.start, t.end) !== view.text.slice(t.start, t.end);
}

/** Edits in a file that reads `model` through ref(); a refusal when a reference cannot be told apart. */
function readerEdits(view: DocumentView, model: ModelNode, oldName: string, newName: string): RenameResult<TextEdit[]> {
  const ctx = sqlContext(view);
  if (!ctx) return { ok: false, message: `${path.basename(view.file)} has an unterminated Jinja tag; cannot tell its references apart.` };
  const toks = ctx.tokens;
  const key = columnKey(oldName);
  const edits: TextEdit[] = [];
  const ours = (rels: { owner?: unknown }[]) => rels.some((r) => r.owner === model);
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'op' && t.text === '*') {
      // `*` / `m.*` as a select item over the model renames the column in this reader's output too.
      const prev = toks[k - 1];
      const qualified = prev?.text === '.' && toks[k - 2];
      const isItem = qualified ? true : prev && (prev.text === ',' || isKeyword(prev, 'select', 'distinct'));
      if (!isItem) continue;
      const rels = qualified ? [relationByAlias(ctx, t.start, toks[k - 2].text)].filter((r) => r !== undefined) : relationsInScope(ctx, t.start);
      if (ours(rels)) return { ok: false, message: `${where(view.project, view.file, view.text, t.start)} selects * from '${model.name}': its column '${oldName}' would be renamed there too. List the columns there, or rename by hand.` };
      continue;
    }
    if (t.kind !== 'ident' || columnKey(t.text) !== key || toks[k + 1]?.text === '(' || toks[k + 1]?.text === '.' || isJinja(view, t)) continue;
    // `expr as <old>` names a new column of the reader; it is not a reference.
    if (isKeyword(toks[k - 1], 'as')) continue;
    if (relationsInScope(ctx, t.start).some((r) => r.alias === key)) {
      return { ok: false, message: `'${oldName}' at ${where(view.project, view.file, view.text, t.start)} is also a relation alias there; rename by hand.` };
    }
    if (toks[k - 1]?.text === '.') {
      const rel = toks[k - 2] ? relationByAlias(ctx, t.start, toks[k - 2].text) : undefined;
      if (rel?.owner !== model) continue;
    } else {
      const hit = columnAt(ctx, t.start);
      if (!hit || hit.relation.owner !== model) {
        // Unqualified, and the model is in scope: it may be this column (or an alias of the same name).
        if (ours(relationsInScope(ctx, t.start)) && !(hit && hit.relation.owner !== undefined)) {
          return { ok: false, message: `Cannot tell whether '${oldName}' at ${where(view.project, view.file, view.text, t.start)} is the column of '${model.name}'. Qualify it with the relation's alias, or rename by hand.` };
        }
        continue;
      }
    }
    edits.push({ file: view.file, range: view.lines.rangeOf(t.start, t.end), newText: bareItem(toks, k) ? `${newName} as ${t.text}` : newName });
  }
  return { ok: true, value: edits };
}

export function planColumnRename(ws: Workspace, target: ColumnRenameTarget, newName: string): RenameResult<EditPlan> {
  const { model, name: oldName } = target;
  const project = ws.projectFor(model.location.file);
  const view = documentView(ws, model.location.file);
  if (!project || !view?.scan || !view.facts) return { ok: false, message: `The model '${model.name}' is not loaded.` };
  if (model.packageName !== project.project.name) return { ok: false, message: `'${model.name}' belongs to package '${model.packageName}': rename it there.` };
  if (!IDENTIFIER.test(newName)) return { ok: false, message: `'${newName}' is not a valid column name for a rename (letters, digits and underscores, not starting with a digit).` };
  if (columnKey(newName) === columnKey(oldName)) return { ok: true, value: { title: 'Rename', edits: [], fileOps: [] } };
  const outputs = view.facts.columns();
  const key = columnKey(oldName);
  if (outputs.columns.some((c) => columnKey(c.name, c.quoted) === columnKey(newName)) || Object.values(model.columns).some((c) => columnKey(c.name, c.quote === true) === columnKey(newName))) {
    return { ok: false, message: `Model '${model.name}' already has a column '${newName}'.` };
  }
  const edits: TextEdit[] = [];
  // 1. The model's SELECT.
  const col = outputs.columns.find((c) => columnKey(c.name, c.quoted) === key);
  if (!col) return { ok: false, message: `Cannot find where '${model.name}' selects '${oldName}'${outputs.complete ? '' : ' (its select list is built by Jinja or a * over an unknown relation)'}; rename it in the SQL by hand.` };
  if (col.start === undefined) return { ok: false, message: `'${oldName}' comes from a * in '${model.name}': list the columns there first.` };
  const ctx = sqlContext(view)!;
  const k = ctx.tokens.findIndex((t) => t.start === col.start);
  if (k < 0 || isJinja(view, ctx.tokens[k])) return { ok: false, message: `'${oldName}' of '${model.name}' is written by Jinja; rename it by hand.` };
  const bare = bareItem(ctx.tokens, k) && !isKeyword(ctx.tokens[k - 1], 'as');
  edits.push({ file: view.file, range: view.lines.rangeOf(col.start, col.end!), newText: bare ? `${ctx.tokens[k].text} as ${newName}` : newName });
  // 2. A literal unique_key naming it.
  for (const c of view.scan.calls) {
    if (c.name !== 'config') continue;
    const uk = c.args.find((a) => a.keyword === 'unique_key');
    if (!uk) continue;
    const span = view.text.slice(uk.start, uk.end);
    const re = new RegExp(`(['"])(${oldName})\\1`, 'gi');
    for (let m = re.exec(span); m; m = re.exec(span)) edits.push({ file: view.file, range: view.lines.rangeOf(uk.start + m.index + 1, uk.start + m.index + 1 + m[2].length), newText: newName });
  }
  // 3. Its schema.yml entry, and model-level tests that name it in their arguments.
  const declared = Object.values(model.columns).find((c) => columnKey(c.name, c.quote === true) === key);
  if (declared?.location) edits.push({ file: declared.location.file, range: declared.location.range, newText: newName });
  for (const t of project.index.testsByModel.get(model.uniqueId) ?? []) {
    if (t.columnName) continue;
    if (JSON.stringify(t.testMetadata?.kwargs ?? {}).toLowerCase().includes(`"${oldName.toLowerCase()}"`)) {
      return { ok: false, message: `Test '${t.testMetadata?.name ?? t.name}' of '${model.name}' names '${oldName}' in its arguments (${path.relative(project.root, t.location.file)}:${t.location.range.start.line + 1}); rename it by hand.` };
    }
  }
  // 4. relationships tests elsewhere that point at it: `to: ref('<model>')`, `field: <old>`.
  for (const t of project.project.tests.values()) {
    const kw = t.testMetadata?.name === 'relationships' ? t.testMetadata.kwargs : undefined;
    if (!kw || typeof kw.field !== 'string' || columnKey(kw.field) !== key || typeof kw.to !== 'string') continue;
    const m = /ref\(\s*['"]([\w.-]+)['"]\s*\)/.exec(kw.to);
    if (!m || resolveRef(project.index, m[1]) !== model) continue;
    const text = project.fileText(t.location.file);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    const from = lines.offsetAt(t.location.range.start);
    const re = new RegExp(`\\bfield\\s*:\\s*(['"]?)(${oldName})\\1`, 'gi');
    re.lastIndex = from;
    const f = re.exec(text);
    if (!f) return { ok: false, message: `Cannot find the field: of the relationships test at ${where(project, t.location.file, text, from)}; rename it by hand.` };
    const at = f.index + f[0].length - f[1].length - f[2].length;
    edits.push({ file: t.location.file, range: lines.rangeOf(at, at + f[2].length), newText: newName });
  }
  // 5. The SQL that reads the model (models, tests, snapshots of this project).
  const pkgDir = path.join(project.root, project.project.packagesInstallPath || 'dbt_packages') + path.sep;
  for (const file of [...project.project.files.keys()].sort()) {
    if (file === model.location.file || file.startsWith(pkgDir) || path.extname(file).toLowerCase() !== '.sql') continue;
    const fv = documentView(ws, file);
    if (!fv?.scan) continue;
    const reads = fv.scan.calls.some((c) => {
      if (c.name !== 'ref') return false;
      const a = positional(c).map((x) => x.value);
      return a.length >= 1 && typeof a[a.length - 1] === 'string' && resolveRef(project.index, String(a[a.length - 1]), a.length === 2 ? String(a[0]) : undefined) === model;
    });
    if (!reads) continue;
    const r = readerEdits(fv, model, oldName, newName);
    if (!r.ok) return r;
    edits.push(...r.value);
  }
  return { ok: true, value: { title: `Rename column '${oldName}' of '${model.name}' to '${newName}'`, edits, fileOps: [] } };
}
