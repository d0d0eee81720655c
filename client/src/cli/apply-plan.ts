// Applies an editor service's EditPlan to files on disk, for the CLI faces of the authoring services (the editor
// applies the same plans as a workspace edit). Positions are LSP line/character in UTF-16 units, which is what JS
// string indexes count.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EditPlan } from '../../../server/src/analysis/edit-plan';
import type { TextEdit } from '../../../server/src/core/types';

function offsetOf(text: string, line: number, character: number): number {
  let at = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  const end = text.indexOf('\n', at);
  return Math.min(at + character, end < 0 ? text.length : end);
}

/** The text of each file the plan touches after it applies (`before`: the current text, '' for a created file). */
export function planResult(plan: EditPlan, read: (file: string) => string | undefined): Map<string, { before?: string; after: string }> {
  const out = new Map<string, { before?: string; after: string }>();
  const created = new Set(plan.fileOps.filter((op) => op.kind === 'create').map((op) => op.file));
  const byFile = new Map<string, TextEdit[]>();
  for (const e of plan.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    const before = created.has(file) ? undefined : read(file);
    let text = before ?? '';
    // Last edit first, so earlier offsets stay valid.
    const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    for (const e of sorted) {
      const s = offsetOf(text, e.range.start.line, e.range.start.character);
      const t = offsetOf(text, e.range.end.line, e.range.end.character);
      text = text.slice(0, s) + e.newText + text.slice(t);
    }
    out.set(file, before === undefined ? { after: text } : { before, after: text });
  }
  return out;
}

/** Writes the plan: renames first, then every touched file. Refuses to overwrite a file the plan means to create. */
export function applyPlan(plan: EditPlan): string[] {
  for (const op of plan.fileOps) {
    if (op.kind === 'create' && existsSync(op.file)) throw new Error(`${op.file} exists already; not overwritten.`);
    if (op.kind === 'rename' && existsSync(op.newFile)) throw new Error(`${op.newFile} exists already; not overwritten.`);
  }
  for (const op of plan.fileOps) if (op.kind === 'rename') renameSync(op.file, op.newFile);
  const result = planResult(plan, (f) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined));
  for (const [file, { after }] of result) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, after);
  }
  return [...result.keys()];
}
