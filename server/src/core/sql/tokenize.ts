// Splits SQL text into segments that a rewriter may touch (code) and segments it must never touch (strings,
// comments, quoted identifiers). A regex over the whole text would corrupt literals such as '03:04:05'.

export type SqlTokenKind = 'code' | 'string' | 'dollar-string' | 'comment' | 'quoted-identifier';

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
  /** Offset of the first character in the input. */
  start: number;
}

/** Reads a `$tag$` opener at `i` (tag may be empty); returns the delimiter or null. */
function dollarDelimiter(sql: string, i: number): string | null {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
  return m ? m[0] : null;
}

/**
 * Segments `sql`. Single-quoted strings honour both `''` and Snowflake's `\'`/`\\` escapes; `$$…$$` (and
 * `$tag$…$tag$`) strings, `--`/`/* *\/` comments and `"…"` identifiers (with `""`) are kept whole. An
 * unterminated segment runs to the end of the text, so the concatenation of all texts always equals `sql`.
 */
export function tokenize(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let codeStart = 0;
  let i = 0;
  const flushCode = (end: number): void => {
    if (end > codeStart) out.push({ kind: 'code', text: sql.slice(codeStart, end), start: codeStart });
  };
  const push = (kind: SqlTokenKind, start: number, end: number): void => {
    flushCode(start);
    out.push({ kind, text: sql.slice(start, end), start });
    codeStart = end;
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'") {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      push('string', i, Math.min(j + 1, sql.length));
    } else if (ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') break;
        else j++;
      }
      push('quoted-identifier', i, Math.min(j + 1, sql.length));
    } else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', i, nl < 0 ? sql.length : nl);
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      push('comment', i, close < 0 ? sql.length : close + 2);
    } else if (ch === '$' && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '')) {
      const delim = dollarDelimiter(sql, i);
      if (delim) {
        const close = sql.indexOf(delim, i + delim.length);
        push('dollar-string', i, close < 0 ? sql.length : close + delim.length);
      } else i++;
    } else i++;
  }
  flushCode(sql.length);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Finer lexemes for the rewriter: code segments are cut into words, numbers, whitespace and punctuation.

export type LexemeKind = 'word' | 'number' | 'ws' | 'punct' | 'string' | 'dollar-string' | 'comment' | 'quoted-identifier';

export interface Lexeme {
  kind: LexemeKind;
  text: string;
  start: number;
}

const CODE_RE = /([A-Za-z_][A-Za-z0-9_$]*)|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\s+)|(::|<=|>=|<>|!=|\|\||=>|->>|->|.)/gsy;

export function lex(sql: string): Lexeme[] {
  const out: Lexeme[] = [];
  for (const seg of tokenize(sql)) {
    if (seg.kind !== 'code') {
      out.push({ kind: seg.kind, text: seg.text, start: seg.start });
      continue;
    }
    CODE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CODE_RE.exec(seg.text)) !== null) {
      const kind: LexemeKind = m[1] ? 'word' : m[2] ? 'number' : m[3] ? 'ws' : 'punct';
      out.push({ kind, text: m[0], start: seg.start + m.index });
    }
  }
  return out;
}

/** Whitespace and comments: skipped when the rewriter looks for the next meaningful lexeme. */
export function isTrivia(l: Lexeme): boolean {
  return l.kind === 'ws' || l.kind === 'comment';
}
