// Token-aware statement splitting: a `;` inside a string, `$$…$$` body, comment or quoted identifier does not
// end a statement.
import { tokenize } from './tokenize';

export interface SplitStatement {
  /** The statement text, trimmed, without its terminating `;`. */
  text: string;
  /** Offset of `text` inside the input (for mapping error positions back to the file). */
  start: number;
}

/** Like `splitStatements`, but keeps each statement's offset in the input. */
export function splitStatementsWithOffsets(sql: string): SplitStatement[] {
  const out: SplitStatement[] = [];
  let stmtStart = 0;
  const emit = (end: number): void => {
    const raw = sql.slice(stmtStart, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    // A statement made only of comments carries nothing to run.
    if (text && tokenize(text).some((t) => t.kind !== 'comment' && t.text.trim() !== '')) {
      out.push({ text, start: stmtStart + lead });
    }
  };
  for (const tok of tokenize(sql)) {
    if (tok.kind !== 'code') continue;
    let idx = tok.text.indexOf(';');
    while (idx >= 0) {
      const abs = tok.start + idx;
      emit(abs);
      stmtStart = abs + 1;
      idx = tok.text.indexOf(';', idx + 1);
    }
  }
  emit(sql.length);
  return out;
}

/** Splits on top-level `;`. Empty and comment-only statements are dropped; each result is trimmed. */
export function splitStatements(sql: string): string[] {
  return splitStatementsWithOffsets(sql).map((s) => s.text);
}
