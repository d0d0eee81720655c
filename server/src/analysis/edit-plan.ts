// A workspace change an editor service proposes: text edits plus files to create or rename (the generators
// and model rename need the latter, which a diagnostic's Fix cannot carry).
import type { TextEdit } from '../core/types';

export type FileOp = { kind: 'create'; file: string } | { kind: 'rename'; file: string; newFile: string };

export interface EditPlan {
  title: string;
  /** Text edits; a created file's content is one edit at 0:0 of the new file. */
  edits: TextEdit[];
  /** Applied before the edits, in order. */
  fileOps: FileOp[];
}

const ZERO = { line: 0, character: 0 };

/** An edit plan that creates `file` with `content`. */
export function createFileEdit(file: string, content: string): { op: FileOp; edit: TextEdit } {
  return { op: { kind: 'create', file }, edit: { file, range: { start: ZERO, end: ZERO }, newText: content } };
}
