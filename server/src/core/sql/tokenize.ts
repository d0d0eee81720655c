// Bronze's one SQL tokenizer (Snowflake lexis). One character scanner feeds three views: segments a rewriter may
// touch (code) or must not (strings, comments, quoted identifiers) — a regex over the whole text would corrupt
// literals such as '03:04:05'; every lexeme with its trivia, for the translator; and the significant tokens
// with their parenthesis depth and lexical problems, for the language server's readers of a model's structure.

export type LexemeKind = 'word' | 'number' | 'ws' | 'punct' | 'string' | 'dollar-string' | 'comment' | 'quoted-identifier';

export interface Lexeme {
  kind: LexemeKind;
  text: string;
  /** Offset of the first character in the input. */
  start: number;
}

// Character classes by code, from a table for ASCII: a regex test per character dominates tokenizing 10,000 models.
const SPACE = 1;
const DIGIT = 2;
const WORD_START = 4;
const WORD_PART = 8;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/\s/.test(ch)) ASCII[c] |= SPACE;
  if (/[0-9]/.test(ch)) ASCII[c] |= DIGIT | WORD_PART;
  if (/[A-Za-z_]/.test(ch)) ASCII[c] |= WORD_START | WORD_PART;
  if (ch === '$') ASCII[c] |= WORD_PART;
}
function isSpace(c: number): boolean {
  if (c < 128) return (ASCII[c] & SPACE) !== 0;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Letters, `_`, and any non-space character beyond ASCII (so a word in another script stays one word). */
function isWordStart(c: number): boolean {
  return c < 128 ? (ASCII[c] & WORD_START) !== 0 : c > 127 && !isSpace(c);
}
function isWordPart(c: number): boolean {
  return c < 128 ? (ASCII[c] & WORD_PART) !== 0 : c > 127 && !isSpace(c);
}
function isTagPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || isDigit(c);
}

/**
 * Reads one lexeme per `next()`; `kind`, `start` and `end` describe it, and `open` is set when a string,
 * comment or quoted identifier runs to the end of the text unterminated. Allocates nothing, so each view
 * builds only the objects it keeps.
 *
 * Lexis: single-quoted strings honour both `''` and Snowflake's `\'`/`\\` escapes; `$$…$$` and `$tag$…$tag$`
 * strings (not right after a word or number character, where `$` belongs to the name); `--`, `//` (a Snowflake
 * line comment) and `/* *\/` comments; `"…"` identifiers with `""`; words (`[A-Za-z_]` then also digits and
 * `$`); numbers (`1`, `1.`, `1.5e-3`, `.5`); the operators `::` `<=` `>=` `<>` `!=` `||` `=>` `->>` `->`; any
 * other character is one punctuation lexeme.
 */
class Scanner {
  kind: LexemeKind = 'ws';
  start = 0;
  end = 0;
  open = false;
  /** With `skipTrivia`, whitespace and closed comments are passed over instead of read as lexemes. */
  constructor(
    private readonly sql: string,
    private readonly skipTrivia = false,
  ) {}

  next(): boolean {
    const sql = this.sql;
    const n = sql.length;
    const i = (this.start = this.skipTrivia ? this.skip(this.end) : this.end);
    if (i >= n) return false;
    const c = sql.charCodeAt(i);
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      return this.take('word', j);
    }
    if (isSpace(c)) {
      let j = i + 1;
      while (j < n && isSpace(sql.charCodeAt(j))) j++;
      return this.take('ws', j);
    }
    const d = i + 1 < n ? sql.charCodeAt(i + 1) : 0;
    if (isDigit(c) || (c === 46 && isDigit(d))) return this.take('number', this.numberEnd(i));
    if (c === 39) return this.quoted('string', i, 39, true);
    if (c === 34) return this.quoted('quoted-identifier', i, 34, false);
    if ((c === 45 && d === 45) || (c === 47 && d === 47)) {
      const nl = sql.indexOf('\n', i);
      return this.take('comment', nl < 0 ? n : nl);
    }
    if (c === 47 && d === 42) {
      const close = sql.indexOf('*/', i + 2);
      return this.take('comment', close < 0 ? n : close + 2, close < 0);
    }
    if (c === 36) {
      const before = i > 0 ? sql.charCodeAt(i - 1) : 0;
      const tagEnd = isWordPart(before) ? -1 : this.dollarTagEnd(i);
      if (tagEnd > 0) {
        const delim = sql.slice(i, tagEnd);
        const close = sql.indexOf(delim, tagEnd);
        return this.take('dollar-string', close < 0 ? n : close + delim.length, close < 0);
      }
      return this.take('punct', i + 1);
    }
    return this.take('punct', i + this.operatorLength(c, d, i));
  }

  /** The offset of the first character from `i` that is neither whitespace nor inside a closed comment. */
  private skip(i: number): number {
    const sql = this.sql;
    const n = sql.length;
    while (i < n) {
      const c = sql.charCodeAt(i);
      if (isSpace(c)) i++;
      else if ((c === 45 || c === 47) && sql.charCodeAt(i + 1) === c) {
        const nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl;
      } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
        const close = sql.indexOf('*/', i + 2);
        if (close < 0) return i;
        i = close + 2;
      } else return i;
    }
    return i;
  }

  private take(kind: LexemeKind, end: number, open = false): true {
    this.kind = kind;
    this.end = end;
    this.open = open;
    return true;
  }

  /** A `'…'` string (with `\` escapes when `backslash`) or a `"…"` identifier; a doubled quote stays inside. */
  private quoted(kind: LexemeKind, i: number, quote: number, backslash: boolean): true {
    const sql = this.sql;
    const n = sql.length;
    let j = i + 1;
    while (j < n) {
      const c = sql.charCodeAt(j);
      if (c === 92 && backslash) j += 2;
      else if (c === quote) {
        if (sql.charCodeAt(j + 1) === quote) j += 2;
        else return this.take(kind, j + 1);
      } else j++;
    }
    return this.take(kind, n, true);
  }

  private numberEnd(i: number): number {
    const sql = this.sql;
    const n = sql.length;
    let j = i;
    while (j < n && isDigit(sql.charCodeAt(j))) j++;
    if (sql.charCodeAt(j) === 46) {
      j++;
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
    }
    const e = sql.charCodeAt(j);
    if (e === 101 || e === 69) {
      let k = j + 1;
      const sign = sql.charCodeAt(k);
      if (sign === 43 || sign === 45) k++;
      if (isDigit(sql.charCodeAt(k))) {
        while (k < n && isDigit(sql.charCodeAt(k))) k++;
        j = k;
      }
    }
    return j;
  }

  /** End of a `$tag$` / `$$` opener at `i`, or -1. */
  private dollarTagEnd(i: number): number {
    const sql = this.sql;
    let j = i + 1;
    const first = sql.charCodeAt(j);
    if (first === 36) return j + 1;
    if (!(isTagPart(first) && !isDigit(first))) return -1;
    while (isTagPart(sql.charCodeAt(j))) j++;
    return sql.charCodeAt(j) === 36 ? j + 1 : -1;
  }

  private operatorLength(c: number, d: number, i: number): number {
    switch (c) {
      case 58: // :
        return d === 58 ? 2 : 1;
      case 60: // <
        return d === 61 || d === 62 ? 2 : 1;
      case 62: // >
      case 33: // !
        return d === 61 ? 2 : 1;
      case 124: // |
        return d === 124 ? 2 : 1;
      case 61: // =
        return d === 62 ? 2 : 1;
      case 45: // -
        return d === 62 ? (this.sql.charCodeAt(i + 2) === 62 ? 3 : 2) : 1;
      default:
        return 1;
    }
  }
}

/** Every lexeme of `sql`, trivia included: their texts concatenate back to `sql`. */
export function lex(sql: string): Lexeme[] {
  const out: Lexeme[] = [];
  const s = new Scanner(sql);
  while (s.next()) out.push({ kind: s.kind, text: sql.slice(s.start, s.end), start: s.start });
  return out;
}

/** Whitespace and comments: skipped when the rewriter looks for the next meaningful lexeme. */
export function isTrivia(l: Lexeme): boolean {
  return l.kind === 'ws' || l.kind === 'comment';
}

// ---------------------------------------------------------------------------------------------------------
// Segments: runs of code between the spans a rewriter must never touch.

export type SqlSegmentKind = 'code' | 'string' | 'dollar-string' | 'comment' | 'quoted-identifier';

export interface SqlSegment {
  kind: SqlSegmentKind;
  text: string;
  /** Offset of the first character in the input. */
  start: number;
}

/**
 * Segments `sql`: strings, comments and quoted identifiers whole, everything between them one `code`
 * segment. An unterminated segment runs to the end of the text, so the texts always concatenate to `sql`.
 */
export function tokenize(sql: string): SqlSegment[] {
  const out: SqlSegment[] = [];
  const s = new Scanner(sql);
  let codeStart = 0;
  while (s.next()) {
    const k = s.kind;
    if (k === 'word' || k === 'number' || k === 'ws' || k === 'punct') continue;
    if (s.start > codeStart) out.push({ kind: 'code', text: sql.slice(codeStart, s.start), start: codeStart });
    out.push({ kind: k, text: sql.slice(s.start, s.end), start: s.start });
    codeStart = s.end;
  }
  if (sql.length > codeStart) out.push({ kind: 'code', text: sql.slice(codeStart), start: codeStart });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Significant tokens with structure, for readers of a model's SQL (the language server's analysis). They read
// the masked text of a model, where each Jinja expression is a run of `_` (a word) and each statement tag or
// comment is blank, so offsets are the file's own.

/**
 * `ident` a word; `quoted` a `"…"` identifier (text: the name, `""` read as `"`); `string` a `'…'` or `$$…$$`
 * literal (text with its quotes); `punct` one of `( ) , ; . [ ] { }`; `op` any other operator lexeme.
 */
export type SqlTokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'punct' | 'op';

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
  start: number;
  end: number;
  /** Parenthesis depth before the token (a `(` has the depth outside it). */
  depth: number;
}

export interface SqlLexProblem {
  message: string;
  start: number;
  end: number;
}

export interface SqlLex {
  tokens: SqlToken[];
  problems: SqlLexProblem[];
}

/** `( ) , ; . [ ] { }`: the punctuation that shapes a statement (any other is an operator). */
function isStructure(c: number): boolean {
  return c === 40 || c === 41 || c === 44 || c === 59 || c === 46 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Why an unterminated lexeme at `start` is a problem, and what closes it. */
function unclosed(sql: string, kind: LexemeKind, start: number, end: number): SqlLexProblem {
  if (kind === 'comment') return { message: 'Block comment `/*` is never closed: add `*/`', start, end: start + 2 };
  if (kind === 'string') return { message: "String literal is never closed: add the closing `'`", start, end: start + 1 };
  if (kind === 'quoted-identifier') return { message: 'Quoted identifier is never closed: add the closing `"`', start, end: start + 1 };
  const delim = /^\$[A-Za-z0-9_]*\$/.exec(sql.slice(start, Math.min(end, start + 256)))?.[0] ?? '$$';
  return { message: `Dollar-quoted string \`${delim}\` is never closed: add the closing \`${delim}\``, start, end: start + delim.length };
}

/** The token a significant lexeme makes at parenthesis depth `depth`. */
function tokenOf(sql: string, kind: LexemeKind, start: number, end: number, depth: number): SqlToken {
  if (kind === 'word') return { kind: 'ident', text: sql.slice(start, end), start, end, depth };
  if (kind === 'number') return { kind: 'number', text: sql.slice(start, end), start, end, depth };
  if (kind === 'string' || kind === 'dollar-string') return { kind: 'string', text: sql.slice(start, end), start, end, depth };
  if (kind === 'quoted-identifier') return { kind: 'quoted', text: sql.slice(start + 1, end - 1).replaceAll('""', '"'), start, end, depth };
  return { kind: end - start > 1 || !isStructure(sql.charCodeAt(start)) ? 'op' : 'punct', text: sql.slice(start, end), start, end, depth };
}

/** `(` or `)` as a one-character punctuation lexeme (0 for anything else). */
function paren(sql: string, kind: LexemeKind, start: number, end: number): number {
  if (kind !== 'punct' || end - start !== 1) return 0;
  const c = sql.charCodeAt(start);
  return c === 40 || c === 41 ? c : 0;
}

/**
 * The significant tokens of `sql` (no whitespace or comments) with their parenthesis depth, and its lexical
 * problems: unbalanced parentheses, and a string, quoted identifier or block comment never closed (nothing
 * after one of those is read: it is not SQL anyone can place).
 */
export function tokenizeSql(sql: string): SqlLex {
  const tokens: SqlToken[] = [];
  const problems: SqlLexProblem[] = [];
  const opens: number[] = [];
  let depth = 0;
  const s = new Scanner(sql, true);
  while (s.next()) {
    const { kind, start, end } = s;
    if (s.open) {
      problems.push(unclosed(sql, kind, start, end));
      break;
    }
    const p = paren(sql, kind, start, end);
    if (p === 40) {
      tokens.push(tokenOf(sql, kind, start, end, depth));
      opens.push(start);
      depth++;
      continue;
    }
    if (p === 41) {
      if (depth === 0) problems.push({ message: 'Unmatched `)`: remove it or add the missing `(`', start, end });
      else {
        depth--;
        opens.pop();
      }
    }
    tokens.push(tokenOf(sql, kind, start, end, depth));
  }
  for (const o of opens) problems.push({ message: 'Parenthesis `(` is never closed: add the missing `)`', start: o, end: o + 1 });
  return { tokens, problems };
}

/**
 * `tokenizeSql(sql).tokens` from `before` tokens ahead of the one starting at `offset` through that one (fewer at
 * the start of the text), or undefined when no token starts at `offset`. Reads no further than that token and
 * makes objects for these tokens only: a rule that looks a few tokens behind one point of every model need not
 * tokenize the whole model.
 */
export function tokensBefore(sql: string, offset: number, before: number): SqlToken[] | undefined {
  const size = before + 1;
  const kinds: LexemeKind[] = new Array<LexemeKind>(size);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  const depths = new Int32Array(size);
  let count = 0;
  let depth = 0;
  const s = new Scanner(sql, true);
  while (s.next()) {
    const { kind, start, end } = s;
    if (s.open || start > offset) return undefined;
    const p = paren(sql, kind, start, end);
    let d = depth;
    if (p === 40) depth++;
    else if (p === 41 && depth > 0) d = --depth;
    const slot = count++ % size;
    kinds[slot] = kind;
    starts[slot] = start;
    ends[slot] = end;
    depths[slot] = d;
    if (start === offset) {
      const out: SqlToken[] = [];
      for (let i = Math.max(0, count - size); i < count; i++) out.push(tokenOf(sql, kinds[i % size], starts[i % size], ends[i % size], depths[i % size]));
      return out;
    }
  }
  return undefined;
}

/** Whether `t` is an unquoted word spelling one of `words` (given in lower case). */
export function isKeyword(t: SqlToken | undefined, ...words: string[]): boolean {
  if (!t || t.kind !== 'ident') return false;
  return words.includes(t.text.toLowerCase());
}
