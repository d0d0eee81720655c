// Token-aware splitting: a `;` (statements) or a top-level `,` (list items) inside a string, `$$…$$` body, comment
// or quoted identifier separates nothing. Bronze's one place for both, over its one SQL tokenizer.
import { isKeyword, lex, tokenize, type SqlToken } from './tokenize';

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
  // Whether the statement so far holds anything but whitespace and comments (one made only of those carries nothing
  // to run). Read from the one tokenization of the whole text: a statement starts at a lexeme boundary, so its own
  // tokenization would give the same segments (and was a second pass over every model's text).
  let content = false;
  const emit = (end: number): void => {
    if (content) {
      const raw = sql.slice(stmtStart, end);
      out.push({ text: raw.trim(), start: stmtStart + raw.length - raw.trimStart().length });
    }
    content = false;
  };
  for (const tok of tokenize(sql)) {
    if (tok.kind === 'comment') continue;
    if (tok.kind !== 'code') {
      content = true; // a string or quoted identifier: never blank (its quotes)
      continue;
    }
    let from = 0;
    let idx = tok.text.indexOf(';');
    while (idx >= 0) {
      if (!content && tok.text.slice(from, idx).trim() !== '') content = true;
      emit(tok.start + idx);
      stmtStart = tok.start + idx + 1;
      from = idx + 1;
      idx = tok.text.indexOf(';', from);
    }
    if (!content && tok.text.slice(from).trim() !== '') content = true;
  }
  emit(sql.length);
  return out;
}

/** Splits on top-level `;`. Empty and comment-only statements are dropped; each result is trimmed. */
export function splitStatements(sql: string): string[] {
  return splitStatementsWithOffsets(sql).map((s) => s.text);
}

/** What `topLevelCommas` reads of a lexeme or token: `lex()`'s lexemes and `tokenizeSql()`'s tokens both fit. */
export interface CommaSplittable {
  kind: string;
  text: string;
}

/**
 * Indexes of the commas in `lexemes[from, to)` outside every bracket opened in that range (`(` call or group, `[`
 * array constant, `{` object constant or template tag): a select list's items, a call's arguments, a VALUES row's
 * values are what lies between them. Strings, quoted identifiers and comments are single lexemes, so a comma inside
 * one separates nothing.
 */
export function topLevelCommas(lexemes: readonly CommaSplittable[], from = 0, to = lexemes.length): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const l = lexemes[i];
    if (l.kind !== 'punct') continue;
    if (l.text === '(' || l.text === '[' || l.text === '{') depth++;
    else if (l.text === ')' || l.text === ']' || l.text === '}') depth--;
    else if (depth === 0 && l.text === ',') out.push(i);
  }
  return out;
}

/** `lexemes` cut at `topLevelCommas` (the commas dropped): n such commas give n + 1 parts. */
export function splitLexemesAtCommas<L extends CommaSplittable>(lexemes: readonly L[]): L[][] {
  const out: L[][] = [];
  let from = 0;
  for (const c of topLevelCommas(lexemes)) {
    out.push(lexemes.slice(from, c));
    from = c + 1;
  }
  out.push(lexemes.slice(from));
  return out;
}

/**
 * `sql` cut at its top-level commas (see `topLevelCommas`), each part its text as written, untrimmed (comments
 * kept): `'a,b' as x, "c,d", f(1, 2) -- e, g` gives three parts. Template text reads the same way: a `{{ … }}` is
 * inside brackets. An unterminated string or comment runs to the end of the text, as in the tokenizer.
 */
export function splitTopLevelCommas(sql: string): string[] {
  const lexemes = lex(sql);
  const out: string[] = [];
  let from = 0;
  for (const c of topLevelCommas(lexemes)) {
    out.push(sql.slice(from, lexemes[c].start));
    from = lexemes[c].start + 1;
  }
  out.push(sql.slice(from));
  return out;
}

/**
 * The index of the first of `tokenizeSql` tokens in the list item that runs up to token `end` (exclusive) at
 * parenthesis depth `depth`: just after the nearest `,`, SELECT or DISTINCT at that depth, or the `(` that opens
 * the list; 0 when none comes before. Read backwards from one point (an alias, a column under the cursor).
 */
export function listItemStart(tokens: readonly SqlToken[], end: number, depth: number): number {
  for (let j = end - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t.depth < depth || (t.depth === depth && (t.text === ',' || isKeyword(t, 'select', 'distinct')))) return j + 1;
  }
  return 0;
}
