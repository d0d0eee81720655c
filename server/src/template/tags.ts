// The one place that decides where a Jinja tag starts and ends. Every reader of templates — the renderer's
// lexer, the syntax checker, the project scanner and the analysis scan — walks these tags, so they all agree
// on what is Jinja and what is text. Boundaries follow Jinja2's lexer: string literals may hold any closer,
// a closer only counts while the tag's brackets are balanced, `{% raw %}` bodies and `{# #}` comments are
// opaque, and `-`/`+` markers sit inside the delimiters. It never throws: the first problem is reported and
// the walk goes on as far as it can.

export type TagKind = 'expr' | 'stmt' | 'comment';

export interface TemplateTag {
  kind: TagKind;
  /** From the opening `{{`/`{%`/`{#` through the closer (the end of the text when unclosed). */
  start: number;
  end: number;
  /** The inside, without the whitespace-control markers. */
  innerStart: number;
  innerEnd: number;
  /** `{{-` / `{%-` / `{#-`: trims the text before the tag. */
  stripBefore: boolean;
  /** `-}}` / `-%}` / `-#}`: trims the text after the tag. */
  stripAfter: boolean;
  /** First word of a statement (`if`, `endfor`, `set`, …); '' otherwise. */
  keyword: string;
  keywordStart: number;
  /** For `{% raw %}`: where its body ends and its `{% endraw %}` tag (whose markers trim the body's end and what follows). */
  raw: { bodyEnd: number; end: number; stripBefore: boolean; stripAfter: boolean } | undefined;
}

export interface TagProblem {
  message: string;
  start: number;
  end: number;
}

export interface SplitTemplate {
  tags: TemplateTag[];
  /** The first problem; tags before it are exact, the tag it concerns is read as far as it goes. */
  problem?: TagProblem;
  /** Some tag runs to the end of the text: offsets after its start are not Jinja2's. */
  truncated: boolean;
}

const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const PERCENT = 37;
const HASH = 35;
const DASH = 45;
const PLUS = 43;

export function identStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
export function identChar(c: number): boolean {
  return identStart(c) || (c >= 48 && c <= 57);
}
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Offset after the string literal whose quote is at `i`, or -1 when it is never closed. */
export function skipString(text: string, i: number, to: number): number {
  const q = text.charCodeAt(i);
  for (let j = i + 1; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === q) return j + 1;
  }
  return -1;
}

const ENDRAW = /\{%[-+]?\s*endraw\s*([-+]?)%\}/g;
const CLOSING: Record<number, number> = { 40: 41, 91: 93, 123: 125 };
const CHAR = (c: number) => String.fromCharCode(c);

export function splitTemplate(text: string): SplitTemplate {
  const tags: TemplateTag[] = [];
  const n = text.length;
  let problem: TagProblem | undefined;
  let truncated = false;
  const fail = (p: TagProblem) => {
    problem ??= p;
  };
  // Closers the open brackets of the current tag expect (one array for the whole walk).
  const stack: number[] = [];
  let i = 0;
  while (i < n) {
    const j = text.indexOf('{', i);
    if (j < 0 || j + 1 >= n) break;
    const c = text.charCodeAt(j + 1);
    if (c !== OPEN_BRACE && c !== PERCENT && c !== HASH) {
      i = j + 1;
      continue;
    }
    let innerStart = j + 2;
    const marker = text.charCodeAt(innerStart);
    const stripBefore = marker === DASH;
    if (marker === DASH || marker === PLUS) innerStart++;

    if (c === HASH) {
      const k = text.indexOf('#}', innerStart);
      if (k < 0) {
        fail({ message: 'Comment `{#` is never closed: add `#}`', start: j, end: j + 2 });
        truncated = true;
        tags.push({ kind: 'comment', start: j, end: n, innerStart, innerEnd: n, stripBefore, stripAfter: false, keyword: '', keywordStart: innerStart, raw: undefined });
        break;
      }
      const stripAfter = k - 1 >= innerStart && text.charCodeAt(k - 1) === DASH;
      tags.push({ kind: 'comment', start: j, end: k + 2, innerStart, innerEnd: stripAfter ? k - 1 : k, stripBefore, stripAfter, keyword: '', keywordStart: innerStart, raw: undefined });
      i = k + 2;
      continue;
    }

    const isStmt = c === PERCENT;
    let p = innerStart;
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    const keywordStart = p;
    while (p < n && identChar(text.charCodeAt(p))) p++;
    const keyword = isStmt && identStart(text.charCodeAt(keywordStart)) ? text.slice(keywordStart, p) : '';
    const wordEnd = p;

    // The closer: `}}` / `%}` (a `-` or `+` marker before it is part of it) while no bracket is open.
    stack.length = 0;
    let close = -1;
    const closer = isStmt ? PERCENT : CLOSE_BRACE;
    for (p = innerStart; p < n; p++) {
      const ch = text.charCodeAt(p);
      if (ch === 39 || ch === 34) {
        const e = skipString(text, p, n);
        if (e < 0) {
          fail({ message: 'Jinja syntax error: unterminated string literal', start: p, end: n });
          break;
        }
        p = e - 1;
        continue;
      }
      if (ch === closer && stack.length === 0 && text.charCodeAt(p + 1) === CLOSE_BRACE) {
        close = p;
        break;
      }
      if (ch === 40 || ch === 91 || ch === OPEN_BRACE) stack.push(CLOSING[ch]);
      else if (ch === 41 || ch === 93 || ch === CLOSE_BRACE) {
        const expected = stack.pop();
        if (expected === undefined || expected !== ch) {
          // Jinja2 stops here; the tag is taken to end at the next closer so what follows is still read.
          const hint = expected !== undefined ? `, expected \`${CHAR(expected)}\`` : !isStmt && ch === CLOSE_BRACE ? ': an expression ends with `}}`' : '';
          fail({ message: `Jinja syntax error: unexpected \`${CHAR(ch)}\`${hint}`, start: p, end: p + 1 });
          if (isStmt && text.charCodeAt(p - 1) === PERCENT && p - 1 >= innerStart) close = p - 1;
          else if (!isStmt && text.charCodeAt(p + 1) === CLOSE_BRACE) close = p;
          else close = text.indexOf(isStmt ? '%}' : '}}', p);
          break;
        }
      }
    }
    if (close < 0) {
      fail(
        isStmt
          ? { message: `Tag \`{%${keyword ? ` ${keyword}` : ''}\` is never closed: add \`%}\``, start: j, end: Math.max(wordEnd, j + 2) }
          : { message: 'Expression `{{` is never closed: add `}}`', start: j, end: Math.max(wordEnd, j + 2) },
      );
      truncated = true;
      tags.push({ kind: isStmt ? 'stmt' : 'expr', start: j, end: n, innerStart, innerEnd: n, stripBefore, stripAfter: false, keyword, keywordStart, raw: undefined });
      break;
    }
    const before = text.charCodeAt(close - 1);
    const marked = close - 1 >= innerStart && (before === DASH || (isStmt && before === PLUS));
    const end = close + 2;
    const tag: TemplateTag = {
      kind: isStmt ? 'stmt' : 'expr',
      start: j,
      end,
      innerStart,
      innerEnd: marked ? close - 1 : close,
      stripBefore,
      stripAfter: marked && before === DASH,
      keyword,
      keywordStart,
      raw: undefined,
    };
    tags.push(tag);
    i = end;
    if (keyword === 'raw' && isBlank(text, keywordStart + 3, tag.innerEnd)) {
      ENDRAW.lastIndex = end;
      const m = ENDRAW.exec(text);
      if (!m) {
        fail({ message: '`{% raw %}` is never closed: add `{% endraw %}`', start: j, end });
        truncated = true;
        tag.raw = { bodyEnd: n, end: n, stripBefore: false, stripAfter: false };
        break;
      }
      tag.raw = { bodyEnd: m.index, end: m.index + m[0].length, stripBefore: text.charCodeAt(m.index + 2) === DASH, stripAfter: m[1] === '-' };
      i = tag.raw.end;
    }
  }
  return { tags, problem, truncated };
}

/** True when only whitespace lies in [from, to). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}
