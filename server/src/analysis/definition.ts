// Go to definition and find references.
import type { Position, SourceLocation } from '../core/types';
import { columnDefinition } from './column-assist';
import { columnKey } from './columns';
import { callAt, documentView, offsetOf, wordAt, type DocumentView } from './document';
import { resolveRef } from './project-index';
import { positional } from '../template/scan';
import type { Workspace } from './workspace';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definition(ws: Workspace, file: string, pos: Position): SourceLocation[] {
  const view = documentView(ws, file);
  if (!view) return [];
  const offset = offsetOf(view, pos);
  const { index } = view.project;
  if (view.kind === 'sql' && view.scan) {
    const call = callAt(view.scan, offset);
    if (call) {
      const args = positional(call).map((a) => a.value);
      if (call.name === 'ref' && args.length >= 1) {
        const m = resolveRef(index, String(args[args.length - 1]), args.length === 2 ? String(args[0]) : undefined);
        // A snapshot is a block inside its file: jump to the block's name.
        return m ? [{ file: m.location.file, range: m.resourceType === 'snapshot' ? m.location.range : FILE_START }] : [];
      }
      if (call.name === 'source' && args.length >= 1) {
        const s = args.length === 2 ? index.sourceTables.get(`${args[0]}.${args[1]}`) : index.sources.get(String(args[0]))?.[0];
        return s ? [s.location] : [];
      }
      const macro = index.macros.get(call.name)?.[0];
      if (macro && offset <= call.nameEnd) return [macro.location];
    }
    if (view.model) {
      const tag = view.scan.tags.find((t) => t.isThis && offset >= t.start && offset <= t.end);
      if (tag) return [{ file: view.model.location.file, range: FILE_START }];
      // A selected column → its schema.yml entry; elsewhere in the model → the model's schema.yml entry.
      const col = view.facts?.columns().columns.find((c) => c.start !== undefined && offset >= c.start && offset <= (c.end ?? 0));
      if (col) {
        const info = Object.values(view.model.columns).find((c) => columnKey(c.name, c.quote === true) === columnKey(col.name, col.quoted));
        if (info?.location) return [info.location];
      }
      // A column of a ref()/source()/CTE in scope → where schema.yml declares it.
      const upstream = columnDefinition(view, offset);
      if (upstream) return [upstream];
      if (!call && view.model.patchLocation && isOnConfigOrHeader(view, offset)) return [view.model.patchLocation];
    }
    return [];
  }
  if (view.kind === 'yaml') {
    const w = wordAt(view.text, offset);
    if (!w) return [];
    // schema.yml `- name: bz_users` → the model's .sql; `ref('x')` inside a test argument → x.
    const m = index.modelsByName.get(w.word)?.[0];
    if (m) return [{ file: m.location.file, range: FILE_START }];
    const macro = index.macros.get(w.word)?.[0] ?? index.macros.get(`test_${w.word}`)?.[0];
    if (macro) return [macro.location];
  }
  return [];
}

/** The model's first line or its config() call: the place a user jumps "to the docs" from. */
function isOnConfigOrHeader(view: DocumentView, offset: number): boolean {
  const pos = view.lines.positionAt(offset);
  if (pos.line === 0) return true;
  return view.scan!.calls.some((c) => c.name === 'config' && offset >= c.start && offset <= c.end);
}

/** Every ref() to the model under the cursor (or to the model of this file), plus its schema.yml entry. */
export function references(ws: Workspace, file: string, pos: Position, includeDeclaration = true): SourceLocation[] {
  const view = documentView(ws, file);
  if (!view) return [];
  const offset = offsetOf(view, pos);
  const { index } = view.project;
  let target = view.model;
  if (view.kind === 'sql' && view.scan) {
    const call = callAt(view.scan, offset);
    if (call?.name === 'ref') {
      const a = positional(call).map((x) => x.value);
      target = resolveRef(index, String(a[a.length - 1]), a.length === 2 ? String(a[0]) : undefined);
    }
  } else if (view.kind === 'yaml') {
    const w = wordAt(view.text, offset);
    target = w ? index.modelsByName.get(w.word)?.[0] : undefined;
  }
  if (!target) return [];
  const out: SourceLocation[] = [];
  if (includeDeclaration) {
    out.push({ file: target.location.file, range: FILE_START });
    if (target.patchLocation) out.push(target.patchLocation);
  }
  for (const id of view.project.graph.children(target.uniqueId)) {
    const f = view.project.facts(id);
    if (!f) continue;
    for (const c of f.scan.calls) {
      const a = positional(c);
      if (c.name === 'ref' && a.length >= 1 && a[a.length - 1].value === target.name) out.push({ file: f.file, range: f.lines.rangeOf(a[a.length - 1].start, a[a.length - 1].end) });
    }
  }
  return out;
}
