// A small SQL tokenizer for the masked text of a model (Jinja blanked, offsets unchanged). It knows just
// enough Snowflake lexis to find statement structure: strings ('' escapes and backslashes), "quoted"
// identifiers, $$ strings, -- // and /* */ comments, numbers, identifiers and punctuation.

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'punct' | 'op';

export interface SqlToken {
  kind: TokenKind;
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

const PUNCT = new Set(['(', ')', ',', ';', '.', '[', ']', '{', '}']);
const OP_CHARS = '<>=!|:+-*/%&^~@?#';

// Character classes by code (regex tests per character dominate tokenizing 10,000 models).
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function tokenizeSql(text: string): SqlLex {
  const tokens: SqlToken[] = [];
  const problems: SqlLexProblem[] = [];
  const opens: number[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '/')) {
      const k = text.indexOf('\n', i);
      i = k < 0 ? n : k;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const k = text.indexOf('*/', i + 2);
      if (k < 0) {
        problems.push({ message: 'Block comment `/*` is never closed: add `*/`', start: i, end: i + 2 });
        break;
      }
      i = k + 2;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        if (text[j] === '\\') j += 2;
        else if (text[j] === "'") {
          if (text[j + 1] === "'") j += 2;
          else {
            closed = true;
            break;
          }
        } else j++;
      }
      if (!closed) {
        problems.push({ message: 'String literal is never closed: add the closing `\'`', start: i, end: i + 1 });
        break;
      }
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), start: i, end: j + 1, depth });
      i = j + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '$') {
      const k = text.indexOf('$$', i + 2);
      if (k < 0) {
        problems.push({ message: 'Dollar-quoted string `$$` is never closed: add the closing `$$`', start: i, end: i + 2 });
        break;
      }
      tokens.push({ kind: 'string', text: text.slice(i, k + 2), start: i, end: k + 2, depth });
      i = k + 2;
      continue;
    }
    if (c === '"') {
      const k = text.indexOf('"', i + 1);
      if (k < 0) {
        problems.push({ message: 'Quoted identifier is never closed: add the closing `"`', start: i, end: i + 1 });
        break;
      }
      tokens.push({ kind: 'quoted', text: text.slice(i + 1, k), start: i, end: k + 1, depth });
      i = k + 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (isIdentStart(code)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j, depth });
      i = j;
      continue;
    }
    if (isDigit(code)) {
      let j = i + 1;
      while (j < n && (isIdentPart(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
      tokens.push({ kind: 'number', text: text.slice(i, j), start: i, end: j, depth });
      i = j;
      continue;
    }
    if (PUNCT.has(c)) {
      if (c === '(') {
        tokens.push({ kind: 'punct', text: c, start: i, end: i + 1, depth });
        opens.push(i);
        depth++;
      } else if (c === ')') {
        if (depth === 0) problems.push({ message: 'Unmatched `)`: remove it or add the missing `(`', start: i, end: i + 1 });
        else {
          depth--;
          opens.pop();
        }
        tokens.push({ kind: 'punct', text: c, start: i, end: i + 1, depth });
      } else tokens.push({ kind: 'punct', text: c, start: i, end: i + 1, depth });
      i++;
      continue;
    }
    // Operators: take runs of operator characters as one token (`::`, `||`, `<=`, `->`, `=>`).
    let j = i + 1;
    if (OP_CHARS.includes(c)) while (j < n && OP_CHARS.includes(text[j])) j++;
    tokens.push({ kind: 'op', text: text.slice(i, j), start: i, end: j, depth });
    i = j;
  }
  for (const o of opens) problems.push({ message: 'Parenthesis `(` is never closed: add the missing `)`', start: o, end: o + 1 });
  return { tokens, problems };
}

export function isKeyword(t: SqlToken | undefined, ...words: string[]): boolean {
  if (!t || t.kind !== 'ident') return false;
  const lower = t.text.toLowerCase();
  return words.includes(lower);
}
