// What the editor services know about one open file: its project, text, Jinja scan and (for a model) facts.
import * as path from 'node:path';
import type { ModelNode, Position } from '../core/types';
import { LineIndex } from '../project/line-index';
import type { ModelFacts } from './rules/rule';
import { scanJinja, type CallInfo, type TemplateScan } from '../template/scan';
import type { ProjectState, Workspace } from './workspace';

export interface DocumentView {
  file: string;
  project: ProjectState;
  text: string;
  lines: LineIndex;
  kind: 'sql' | 'yaml' | 'other';
  /** For .sql files. */
  scan?: TemplateScan;
  model?: ModelNode;
  facts?: ModelFacts;
}

export function documentView(ws: Workspace, file: string): DocumentView | undefined {
  const project = ws.projectFor(file);
  if (!project) return undefined;
  const text = ws.overlay.get(file) ?? project.fileText(file);
  if (text === undefined) return undefined;
  const ext = path.extname(file).toLowerCase();
  const kind = ext === '.sql' ? 'sql' : ext === '.yml' || ext === '.yaml' ? 'yaml' : 'other';
  const view: DocumentView = { file, project, text, lines: new LineIndex(text), kind };
  if (kind === 'sql') {
    const model = project.index.modelByFile.get(file);
    const facts = model ? project.facts(model.uniqueId) : undefined;
    if (model && facts && facts.text === text) {
      view.model = model;
      view.facts = facts;
      view.scan = facts.scan;
    } else {
      view.model = model;
      view.scan = scanJinja(text);
    }
  }
  return view;
}

/** The innermost call whose extent holds `offset`. */
export function callAt(scan: TemplateScan, offset: number): CallInfo | undefined {
  let best: CallInfo | undefined;
  for (const c of scan.calls) {
    if (offset < c.start || offset > c.end) continue;
    if (!best || c.start >= best.start) best = c;
  }
  return best;
}

/** Index of the argument holding `offset` (string literals count through their quotes). */
export function argIndexAt(call: CallInfo, offset: number): number {
  return call.args.findIndex((a) => offset >= a.start && offset <= a.end);
}

export function offsetOf(view: DocumentView, pos: Position): number {
  return view.lines.offsetAt(pos);
}

/** The identifier-ish word at offset (letters, digits, _, and dots for `pkg.macro`). */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  let s = offset;
  let e = offset;
  while (s > 0 && /[\w.]/.test(text[s - 1])) s--;
  while (e < text.length && /[\w]/.test(text[e])) e++;
  if (s === e) return undefined;
  return { word: text.slice(s, e).replace(/^\.+/, ''), start: s, end: e };
}
