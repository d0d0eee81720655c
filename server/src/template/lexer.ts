// Our own Jinja2 lexer producing @huggingface/jinja tokens, with source offsets. Owning the lexer gives Jinja2's
// exact whitespace rules (no trim/lstrip, one trailing newline dropped, `-` markers) and lets dbt's tags be
// rewritten at token level: `do` → `set __do =`, `test`/`materialization` → macros, `docs` extracted, `raw`.
import { decodeJinjaString } from './string-escapes';
import { splitTemplate } from './tags';
import { materializationAdapter, materializationMacroName } from './materialization-lookup';

export type TokenType =
  | 'Text'
  | 'NumericLiteral'
  | 'StringLiteral'
  | 'Identifier'
  | 'Equals'
  | 'OpenParen'
  | 'CloseParen'
  | 'OpenStatement'
  | 'CloseStatement'
  | 'OpenExpression'
  | 'CloseExpression'
  | 'OpenSquareBracket'
  | 'CloseSquareBracket'
  | 'OpenCurlyBracket'
  | 'CloseCurlyBracket'
  | 'Comma'
  | 'Dot'
  | 'Colon'
  | 'Pipe'
  | 'AdditiveBinaryOperator'
  | 'MultiplicativeBinaryOperator'
  | 'ExponentiationBinaryOperator'
  | 'ComparisonBinaryOperator';

export interface LexToken {
  value: string;
  type: TokenType;
  start: number;
  end: number;
}

/** One text run or tag, in source order; the AST locator pairs statements with these. */
export interface TagInfo {
  kind: 'text' | 'expr' | 'stmt';
  /** Statement name after dbt rewriting (`do` → `set`, `test` → `macro`, `endtest` → `endmacro`). */
  name: string;
  start: number;
  end: number;
}

export interface DocsBlock {
  name: string;
  text: string;
  start: number;
  end: number;
}

export interface LexResult {
  tokens: LexToken[];
  tags: TagInfo[];
  docs: DocsBlock[];
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly endOffset: number = offset + 1,
  ) {
    super(message);
  }
}

const OPERATORS: [string, TokenType][] = [
  ['**', 'ExponentiationBinaryOperator'],
  ['//', 'MultiplicativeBinaryOperator'],
  ['==', 'ComparisonBinaryOperator'],
  ['!=', 'ComparisonBinaryOperator'],
  ['<=', 'ComparisonBinaryOperator'],
  ['>=', 'ComparisonBinaryOperator'],
  ['<', 'ComparisonBinaryOperator'],
  ['>', 'ComparisonBinaryOperator'],
  ['+', 'AdditiveBinaryOperator'],
  ['-', 'AdditiveBinaryOperator'],
  ['~', 'AdditiveBinaryOperator'],
  ['*', 'MultiplicativeBinaryOperator'],
  ['/', 'MultiplicativeBinaryOperator'],
  ['%', 'MultiplicativeBinaryOperator'],
  ['=', 'Equals'],
  ['(', 'OpenParen'],
  [')', 'CloseParen'],
  ['[', 'OpenSquareBracket'],
  [']', 'CloseSquareBracket'],
  ['{', 'OpenCurlyBracket'],
  ['}', 'CloseCurlyBracket'],
  [',', 'Comma'],
  ['.', 'Dot'],
  [':', 'Colon'],
  ['|', 'Pipe'],
];


const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isIdentStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

export function lex(source: string): LexResult {
  // Jinja2 drops exactly one trailing newline (keep_trailing_newline=False).
  const n = source.endsWith('\r\n') ? source.length - 2 : source.endsWith('\n') ? source.length - 1 : source.length;
  const src = source;
  const split = splitTemplate(source);
  if (split.problem) throw new LexError(split.problem.message, split.problem.start, split.problem.end);
  const tokens: LexToken[] = [];
  const tags: TagInfo[] = [];
  const docs: DocsBlock[] = [];
  let stripNext = false;

  const pushText = (text: string, start: number, end: number) => {
    if (stripNext) {
      const trimmed = text.replace(/^\s+/, '');
      start += text.length - trimmed.length;
      text = trimmed;
      stripNext = false;
    }
    if (text.length === 0) return;
    tokens.push({ value: text.replace(/\r\n/g, '\n'), type: 'Text', start, end });
    tags.push({ kind: 'text', name: '', start, end });
  };
  const stripPrev = () => {
    const last = tokens[tokens.length - 1];
    if (!last || last.type !== 'Text') return;
    last.value = last.value.replace(/\s+$/, '');
    if (last.value === '') {
      tokens.pop();
      tags.pop();
    }
  };

  let i = 0;
  for (let ti = 0; ti < split.tags.length; ti++) {
    const t = split.tags[ti];
    const j = t.start;
    pushText(src.slice(i, j), i, j);
    if (t.stripBefore) stripPrev();
    if (t.kind === 'comment') {
      stripNext = t.stripAfter;
      i = t.end;
      continue;
    }
    const isStmt = t.kind === 'stmt';
    const name = t.keyword;
    const q = t.keywordStart;

    if (isStmt && (name === 'raw' || name === 'docs' || name === 'snapshot' || name === 'endsnapshot')) {
      let e = q + name.length;
      let docName = '';
      if (name === 'docs' || name === 'snapshot') {
        const m = /\s*([A-Za-z_][A-Za-z0-9_]*)/y;
        m.lastIndex = e;
        const found = m.exec(src);
        if (!found || m.lastIndex > t.innerEnd) throw new LexError(`Expected a name after \`${name}\``, q, q + name.length);
        docName = found[1];
        e = m.lastIndex;
      }
      while (e < t.innerEnd && isSpace(src[e])) e++;
      if (e < t.innerEnd) throw new LexError(`Expected \`%}\` to close the \`${name}\` tag`, j, q + name.length);
      if (name === 'snapshot' || name === 'endsnapshot') {
        // The snapshot body is the model SQL; the tags themselves render to nothing.
        stripNext = t.stripAfter;
        i = t.end;
        continue;
      }
      if (name === 'raw') {
        // `raw` alone in its tag always has a body (the splitter found its `{% endraw %}`).
        const raw = t.raw!;
        let body = src.slice(t.end, raw.bodyEnd);
        let bodyStart = t.end;
        if (t.stripAfter) {
          const trimmed = body.replace(/^\s+/, '');
          bodyStart += body.length - trimmed.length;
          body = trimmed;
        }
        if (raw.stripBefore) body = body.replace(/\s+$/, '');
        if (body) {
          tokens.push({ value: body.replace(/\r\n/g, '\n'), type: 'Text', start: bodyStart, end: raw.bodyEnd });
          tags.push({ kind: 'text', name: '', start: bodyStart, end: raw.bodyEnd });
        }
        stripNext = raw.stripAfter;
        i = raw.end;
        continue;
      }
      // docs: the body up to `{% enddocs %}` is the text, not a template.
      let k = ti + 1;
      while (k < split.tags.length && !(split.tags[k].kind === 'stmt' && split.tags[k].keyword === 'enddocs')) k++;
      const end = split.tags[k];
      if (!end) throw new LexError('`{% docs %}` is never closed: add `{% enddocs %}`', j, t.end);
      docs.push({ name: docName, text: src.slice(t.end, end.start).trim(), start: j, end: end.end });
      stripNext = end.stripAfter;
      i = end.end;
      ti = k;
      continue;
    }

    const tagIndex = tags.length;
    let p = t.innerStart;
    tokens.push({ value: isStmt ? '{%' : '{{', type: isStmt ? 'OpenStatement' : 'OpenExpression', start: j, end: p });
    tags.push({ kind: isStmt ? 'stmt' : 'expr', name, start: j, end: p });

    if (isStmt && name) {
      const nameEnd = q + name.length;
      if (name === 'do') {
        tokens.push({ value: 'set', type: 'Identifier', start: q, end: nameEnd });
        tokens.push({ value: '__do', type: 'Identifier', start: q, end: nameEnd });
        tokens.push({ value: '=', type: 'Equals', start: q, end: nameEnd });
        tags[tagIndex].name = 'set';
        p = nameEnd;
      } else if (name === 'test') {
        tokens.push({ value: 'macro', type: 'Identifier', start: q, end: nameEnd });
        tags[tagIndex].name = 'macro';
        let r = nameEnd;
        while (isSpace(src[r])) r++;
        let e = r;
        while (isIdentChar(src[e])) e++;
        if (e === r) throw new LexError('Expected a test name after `test`', q, nameEnd);
        tokens.push({ value: `test_${src.slice(r, e)}`, type: 'Identifier', start: r, end: e });
        p = e;
      } else if (name === 'endtest' || name === 'endmaterialization') {
        tokens.push({ value: 'endmacro', type: 'Identifier', start: q, end: nameEnd });
        tags[tagIndex].name = 'endmacro';
        p = nameEnd;
      } else if (name === 'materialization') {
        // `{% materialization incremental, adapter='snowflake' %}` → macro materialization_incremental_snowflake()
        const close = t.innerEnd;
        const m = /^\s*([A-Za-z_]\w*)/.exec(src.slice(nameEnd, close));
        if (!m) throw new LexError('Expected `materialization <name>, adapter=\'<adapter>\'`', q, close);
        const adapter = materializationAdapter(src.slice(nameEnd + m[0].length, close));
        tokens.push({ value: 'macro', type: 'Identifier', start: q, end: nameEnd });
        tokens.push({ value: materializationMacroName(m[1], adapter), type: 'Identifier', start: nameEnd, end: close });
        tokens.push({ value: '(', type: 'OpenParen', start: close, end: close });
        tokens.push({ value: ')', type: 'CloseParen', start: close, end: close });
        tags[tagIndex].name = 'macro';
        p = close;
      }
    }

    // Tag body: the splitter fixed where it ends, so this only reads tokens.
    const to = t.innerEnd;
    let prev: LexToken | undefined;
    for (;;) {
      while (p < to && isSpace(src[p])) p++;
      if (p >= to) break;
      const c = src[p];
      const start = p;
      let tok: LexToken;
      if (c === "'" || c === '"') {
        p++;
        // The body runs to the next unescaped quote; Python's escape rules then decode it.
        while (p < to && src[p] !== c) p += src[p] === '\\' ? 2 : 1;
        const decoded = decodeJinjaString(src.slice(start + 1, p));
        if (!decoded.ok) throw new LexError(decoded.message, start + 1 + decoded.offset, start + 1 + decoded.end);
        p++;
        tok = { value: decoded.value, type: 'StringLiteral', start, end: p };
      } else if (c === '0' && /[xob]/i.test(src[p + 1] ?? '') && RADIX_DIGITS[src[p + 1].toLowerCase()].test(src[p + 2] ?? '')) {
        // Jinja2's 0x1F, 0o17, 0b101 (underscores allowed between digits).
        const radix = src[p + 1].toLowerCase();
        p += 2;
        while (RADIX_DIGITS[radix].test(src[p] ?? '') || (src[p] === '_' && RADIX_DIGITS[radix].test(src[p + 1] ?? ''))) p++;
        const digits = src.slice(start + 2, p).replace(/_/g, '');
        tok = { value: String(parseInt(digits, radix === 'x' ? 16 : radix === 'o' ? 8 : 2)), type: 'NumericLiteral', start, end: p };
      } else if (isDigit(c)) {
        while (isDigit(src[p]) || src[p] === '_') p++;
        let text = src.slice(start, p).replace(/_/g, '');
        let isFloat = false;
        if (prev?.type !== 'Dot' && src[p] === '.' && isDigit(src[p + 1])) {
          p++;
          while (isDigit(src[p]) || src[p] === '_') p++;
          text = src.slice(start, p).replace(/_/g, '');
          isFloat = true;
        }
        const exp = /[eE][+-]?\d(?:_?\d)*/y;
        exp.lastIndex = p;
        if (prev?.type !== 'Dot' && exp.exec(src)) {
          const value = Number(text + src.slice(p, exp.lastIndex).replace(/_/g, ''));
          // 1e400 overflows to inf, as in Python.
          text = Number.isFinite(value) ? String(value) : '1.0e999';
          p = exp.lastIndex;
          isFloat = true;
        }
        // The parser makes a float of a literal with a '.': 1e100 is written 1.0e+100 (not in fixed notation, which
        // has no room for 1e100 or 1e-25).
        if (isFloat && !text.includes('.')) text = /e/i.test(text) ? text.replace(/e/i, '.0e') : `${text}.0`;
        if (!isFloat && !Number.isSafeInteger(Number(text)) && BigInt(text) !== BigInt(Number(text))) {
          throw new LexError(`The integer ${text} is past 2**53, which Bronze's integers (doubles) cannot hold exactly: Bronze does not support it`, start, p);
        }
        tok = { value: text, type: 'NumericLiteral', start, end: p };
      } else if (isIdentStart(c)) {
        while (isIdentChar(src[p])) p++;
        tok = { value: src.slice(start, p), type: 'Identifier', start, end: p };
      } else {
        const op = OPERATORS.find(([s]) => src.startsWith(s, p));
        if (!op) throw new LexError(`Unexpected character \`${c}\``, p, p + 1);
        p += op[0].length;
        tok = { value: op[0], type: op[1], start, end: p };
      }
      tokens.push(tok);
      prev = tok;
    }
    tokens.push({ value: isStmt ? '%}' : '}}', type: isStmt ? 'CloseStatement' : 'CloseExpression', start: to, end: t.end });
    stripNext = t.stripAfter;
    tags[tagIndex].end = t.end;
    i = t.end;
  }
  if (i < n) pushText(src.slice(i, n), i, n);
  return { tokens: chainedComparisons(tupleDisplays(parenthesizeTestArguments(chainedBlockFilters(chainedLoopFilters(recursiveLoops(withAsFor(pythonColons(tokens), tags))))))), tags, docs };
}

const RADIX_DIGITS: Record<string, RegExp> = { x: /[0-9a-f]/i, o: /[0-7]/, b: /[01]/ };

/** The global the empty tuple `()` and one-item tuples `(x,)` are written as calls of (engine.ts defines it). */
export const TUPLE_DISPLAY = '__bz_tuple';
/** Words after which `(` opens a parenthesized expression, not a call's arguments. */
const NOT_A_CALLEE = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for', 'do', 'set', 'print']);

// Jinja2's parser skips one colon before `%}` wherever a tag's body follows (parse_statements: "the first token may be
// a colon for python compatibility"): `{% if x: %}`, `{% for i in l: %}`, `{% else: %}`, `{% macro m(): %}`, a block
// `{% set x: %}` — dbt's own default__create_table_as writes `{% if …: %}`. Elsewhere (`{% set x = 1: %}`) it is an error.
export const COLON_BODY_TAGS = new Set(['if', 'elif', 'else', 'for', 'macro', 'call', 'filter', 'with', 'block', 'autoescape', 'set']);

function pythonColons(tokens: LexToken[]): LexToken[] {
  const dropped = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'OpenStatement') continue;
    const name = tokens[i + 1];
    let close = i + 1;
    while (close < tokens.length && tokens[close].type !== 'CloseStatement') close++;
    if (close >= tokens.length || close - 1 <= i + 1) continue;
    if (tokens[close - 1].type !== 'Colon' || tokens[close - 2].type === 'Colon') continue;
    if (name?.type !== 'Identifier' || !COLON_BODY_TAGS.has(name.value)) continue;
    // `set` takes a body only in its block form (no `=`).
    if (name.value === 'set' && tokens.slice(i + 2, close).some((t) => t.type === 'Equals')) continue;
    dropped.add(close - 1);
  }
  return dropped.size === 0 ? tokens : tokens.filter((_, k) => !dropped.has(k));
}

/**
 * `()` and a parenthesized list ending in a comma (`(x,)`, `(a, b,)`) are tuples in Jinja2; the parser we use
 * rejects both. They become `__bz_tuple()` / `__bz_tuple(x)`; a call's own parentheses (`f()`, `f(a,)`) are left
 * alone.
 */
function tupleDisplays(tokens: LexToken[]): LexToken[] {
  const insertAt = new Set<number>();
  const drop = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'OpenParen') continue;
    const prev = tokens[i - 1];
    const isCall =
      prev !== undefined &&
      ((prev.type === 'Identifier' && !NOT_A_CALLEE.has(prev.value)) || prev.type === 'CloseParen' || prev.type === 'CloseSquareBracket');
    if (isCall) continue;
    const close = skipGroup(tokens, i) - 1;
    if (tokens[close]?.type !== 'CloseParen') continue;
    if (close === i + 1) insertAt.add(i);
    else if (tokens[close - 1].type === 'Comma') {
      insertAt.add(i);
      drop.add(close - 1);
    }
  }
  if (!insertAt.size) return tokens;
  const out: LexToken[] = [];
  for (const [i, t] of tokens.entries()) {
    if (drop.has(i)) continue;
    if (insertAt.has(i)) out.push({ value: TUPLE_DISPLAY, type: 'Identifier', start: t.start, end: t.start });
    out.push(t);
  }
  return out;
}

/**
 * `{% with a = x, b = y %}…{% endwith %}` (a Jinja2 scope the parser we use lacks) becomes
 * `{% for a, b in [(x, y)] %}…{% endfor %}`: one pass, values evaluated outside, assignments not leaking.
 */
function withAsFor(tokens: LexToken[], tags: TagInfo[]): LexToken[] {
  let out: LexToken[] | undefined;
  let tagIndex = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'OpenStatement' || t.type === 'OpenExpression') tagIndex++;
    if (t.type !== 'OpenStatement' || tokens[i + 1]?.type !== 'Identifier') continue;
    const kw = tokens[i + 1];
    if (kw.value === 'endwith') {
      out ??= tokens.slice();
      out[i + 1 + out.length - tokens.length] = { ...kw, value: 'endfor' };
      tags[tagIndex].name = 'endfor';
      continue;
    }
    if (kw.value !== 'with') continue;
    let close = i + 2;
    while (close < tokens.length && tokens[close].type !== 'CloseStatement') close++;
    // Top-level `name = expr` pairs separated by commas.
    const names: LexToken[] = [];
    const values: LexToken[][] = [];
    let depth = 0;
    for (let k = i + 2; k < close; k++) {
      const c = tokens[k];
      if (c.type in OPENERS) depth++;
      else if (c.type === 'CloseParen' || c.type === 'CloseSquareBracket' || c.type === 'CloseCurlyBracket') depth--;
      if (depth === 0 && c.type === 'Identifier' && tokens[k + 1]?.type === 'Equals' && (k === i + 2 || tokens[k - 1].type === 'Comma')) {
        names.push(c);
        values.push([]);
        k++;
        continue;
      }
      if (depth === 0 && c.type === 'Comma' && tokens[k + 1]?.type === 'Identifier' && tokens[k + 2]?.type === 'Equals') continue;
      values[values.length - 1]?.push(c);
    }
    const at = (value: string, type: TokenType): LexToken => ({ value, type, start: kw.start, end: kw.end });
    const targets = names.length ? names.flatMap((n, k) => (k ? [at(',', 'Comma'), n] : [n])) : [at('__with', 'Identifier')];
    const items = values.length ? values.flatMap((v, k) => (k ? [at(',', 'Comma'), ...v] : v)) : [at('0', 'NumericLiteral')];
    const element = names.length > 1 ? [at('(', 'OpenParen'), ...items, at(')', 'CloseParen')] : items;
    const replacement = [at('for', 'Identifier'), ...targets, at('in', 'Identifier'), at('[', 'OpenSquareBracket'), ...element, at(']', 'CloseSquareBracket')];
    out ??= tokens.slice();
    out.splice(i + 1 + out.length - tokens.length, close - (i + 1), ...replacement);
    tags[tagIndex].name = 'for';
    i = close - 1;
  }
  return out ?? tokens;
}

/** The global a recursive loop's iterable is wrapped in (the interpreter reads it as the `recursive` modifier). */
export const RECURSIVE_LOOP = '__bz_recursive';

/**
 * `{% for x in seq [if cond] recursive %}` (Jinja2's recursive loop, whose body may call `loop(children)`): the
 * parser we use does not know the modifier, so the iterable becomes `__bz_recursive(seq)` and the word is dropped.
 */
function recursiveLoops(tokens: LexToken[]): LexToken[] {
  let out: LexToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const clauses = forClauses(tokens, i);
    if (!clauses) continue;
    const { close, inAt, ifs } = clauses;
    const last = tokens[close - 1];
    i = close;
    if (last?.type !== 'Identifier' || last.value !== 'recursive' || inAt < 0) continue;
    // The iterable runs from after the top-level `in` to the first top-level `if` (Jinja2 reads it without a
    // conditional expression) or to the modifier.
    const end = ifs[0] ?? close - 1;
    if (end === inAt + 1) continue;
    const at = (t: LexToken, value: string, type: TokenType): LexToken => ({ value, type, start: t.start, end: t.start });
    out ??= tokens.slice();
    const shift = out.length - tokens.length;
    const iterable = tokens.slice(inAt + 1, end);
    const replacement = [at(iterable[0], RECURSIVE_LOOP, 'Identifier'), at(iterable[0], '(', 'OpenParen'), ...iterable, at(tokens[end], ')', 'CloseParen'), ...tokens.slice(end, close - 1)];
    out.splice(inAt + 1 + shift, close - inAt - 1, ...replacement);
  }
  return out ?? tokens;
}

/** The call a filter block's chain of filters is written as (the interpreter applies its arguments as filters). */
export const FILTER_CHAIN = '__bz_filters';

/**
 * `{% filter a | b(x) %}` (Jinja2 applies a, then b, to the block's output): the parser we use takes one filter
 * only, so the chain becomes `{% filter __bz_filters(a, b(x)) %}`, whose arguments the interpreter reads as filters.
 */
function chainedBlockFilters(tokens: LexToken[]): LexToken[] {
  let out: LexToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'OpenStatement' || tokens[i + 1]?.type !== 'Identifier' || tokens[i + 1].value !== 'filter') continue;
    let close = i + 2;
    while (close < tokens.length && tokens[close].type !== 'CloseStatement') close++;
    // The top-level pipes separate the filters; a pipe inside an argument's brackets is that argument's own.
    const pipes = new Set<number>();
    for (let k = i + 2; k < close; k = tokens[k].type in OPENERS ? skipGroup(tokens, k) : k + 1) if (tokens[k].type === 'Pipe') pipes.add(k);
    if (!pipes.size) continue;
    const first = tokens[i + 2];
    const at = (t: LexToken, value: string, type: TokenType): LexToken => ({ value, type, start: t.start, end: t.start });
    const replacement = [at(first, FILTER_CHAIN, 'Identifier'), at(first, '(', 'OpenParen'), ...tokens.slice(i + 2, close).map((t, k) => (pipes.has(i + 2 + k) ? { ...t, value: ',', type: 'Comma' as const } : t)), at(tokens[close], ')', 'CloseParen')];
    out ??= tokens.slice();
    out.splice(i + 2 + out.length - tokens.length, close - i - 2, ...replacement);
    i = close;
  }
  return out ?? tokens;
}

/** A `{% for %}` statement opening at `i`: its closing token and its top-level `in`, `if`s and whether an `else` follows them. */
function forClauses(tokens: LexToken[], i: number): { close: number; inAt: number; ifs: number[]; hasElse: boolean } | undefined {
  if (tokens[i].type !== 'OpenStatement' || tokens[i + 1]?.type !== 'Identifier' || tokens[i + 1].value !== 'for') return undefined;
  let close = i + 2;
  while (close < tokens.length && tokens[close].type !== 'CloseStatement') close++;
  const ifs: number[] = [];
  let inAt = -1;
  let hasElse = false;
  for (let k = i + 2; k < close; k++) {
    const t = tokens[k];
    if (t.type in OPENERS) {
      k = skipGroup(tokens, k) - 1;
      continue;
    }
    if (t.type !== 'Identifier') continue;
    if (t.value === 'in' && inAt < 0) inAt = k;
    else if (t.value === 'if' && inAt >= 0) ifs.push(k);
    else if (t.value === 'else' && ifs.length) hasElse = true;
  }
  return { close, inAt, ifs, hasElse };
}

/**
 * A loop filter with more than one `if` (`{% for n in nodes if a if b %}`, as dbt_constraints writes it): Jinja2 reads
 * the filter as the conditional expression `(a if b)` — no `else`, so a false `b` gives an undefined, falsy value —
 * which the parser we use does not accept after the first `if`. `a if b if c` filters exactly as `(c) and (b) and (a)`:
 * the same truth value, evaluated in the same order (the last condition first), short-circuiting the same way.
 * A chain with an `else` is left alone (the parser reports it).
 */
function chainedLoopFilters(tokens: LexToken[]): LexToken[] {
  let out: LexToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const clauses = forClauses(tokens, i);
    if (!clauses) continue;
    const { close, ifs, hasElse } = clauses;
    if (ifs.length < 2 || hasElse) {
      i = close;
      continue;
    }
    const parts: LexToken[][] = ifs.map((at, k) => tokens.slice(at + 1, k + 1 < ifs.length ? ifs[k + 1] : close));
    const at = (t: LexToken, value: string, type: TokenType): LexToken => ({ value, type, start: t.start, end: t.end });
    const replacement: LexToken[] = [];
    for (const [k, part] of parts.reverse().entries()) {
      const edge = part[0] ?? tokens[ifs[0]];
      if (k) replacement.push(at(edge, 'and', 'Identifier'));
      replacement.push(at(edge, '(', 'OpenParen'), ...part, at(part[part.length - 1] ?? edge, ')', 'CloseParen'));
    }
    out ??= tokens.slice();
    const shift = out.length - tokens.length;
    out.splice(ifs[0] + 1 + shift, close - ifs[0] - 1, ...replacement);
    i = close;
  }
  return out ?? tokens;
}

const OPENERS: Partial<Record<TokenType, TokenType>> = { OpenParen: 'CloseParen', OpenSquareBracket: 'CloseSquareBracket', OpenCurlyBracket: 'CloseCurlyBracket' };
const NOT_AN_ARGUMENT = new Set(['and', 'or', 'else', 'if', 'in', 'is', 'not']);

/** Tokens that end a comparison's operand at its bracket level (comparisons bind tighter than these). */
const COMPARISON_BOUNDARY = new Set(['and', 'or', 'not', 'if', 'else', 'for', 'recursive']);

/**
 * Python chains comparisons: `a < b < c` is `a < b and b < c`, where the parser we use reads `(a < b) < c`. Each
 * run of two or more comparisons (<, >, ==, !=, <=, >=, in, not in) at one bracket level, between the tokens that
 * bind looser (and, or, not, if, else, commas, `=`, the tag's ends), becomes `((a < b) and (b < c))`; a middle
 * operand is evaluated twice, which only differs from Python for an operand with side effects.
 */
function chainedComparisons(tokens: LexToken[]): LexToken[] {
  const isIn = (t: LexToken | undefined) => t?.type === 'Identifier' && t.value === 'in';
  let comparisons = 0;
  for (const t of tokens) if (t.type === 'ComparisonBinaryOperator' || isIn(t)) comparisons++;
  if (comparisons < 2) return tokens;
  const out: LexToken[] = [];
  // One frame per open bracket: where its current run starts in `out`, and its comparison operators (index, length).
  const frames: { start: number; ops: [number, number][] }[] = [{ start: 0, ops: [] }];
  const flush = () => {
    const f = frames[frames.length - 1];
    if (f.ops.length >= 2) {
      const run = out.splice(f.start);
      const ops = f.ops.map(([i, n]): [number, number] => [i - f.start, n]);
      const operands: LexToken[][] = [];
      let from = 0;
      for (const [at, n] of ops) {
        operands.push(run.slice(from, at));
        from = at + n;
      }
      operands.push(run.slice(from));
      const tok = (t: LexToken, value: string, type: TokenType): LexToken => ({ value, type, start: t.start, end: t.start });
      out.push(tok(run[0], '(', 'OpenParen'));
      ops.forEach(([at, n], k) => {
        if (k) out.push(tok(run[at], 'and', 'Identifier'));
        out.push(tok(run[at], '(', 'OpenParen'), ...operands[k], ...run.slice(at, at + n), ...operands[k + 1], tok(run[at], ')', 'CloseParen'));
      });
      out.push(tok(run[0], ')', 'CloseParen'));
    }
    f.ops = [];
  };
  // `for x in …` reads `in` as the loop's, not a comparison.
  let loopIn = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'Identifier' && t.value === 'for') loopIn = true;
    const notIn = t.type === 'Identifier' && t.value === 'not' && isIn(tokens[i + 1]);
    const boundary =
      t.type === 'Comma' ||
      t.type === 'Colon' ||
      t.type === 'Equals' ||
      t.type === 'OpenStatement' ||
      t.type === 'OpenExpression' ||
      t.type === 'CloseStatement' ||
      t.type === 'CloseExpression' ||
      t.type === 'Text' ||
      (loopIn && isIn(t)) ||
      (t.type === 'Identifier' && COMPARISON_BOUNDARY.has(t.value) && !notIn);
    const closes = t.type === 'CloseParen' || t.type === 'CloseSquareBracket' || t.type === 'CloseCurlyBracket';
    if (boundary || closes) {
      if (loopIn && isIn(t)) loopIn = false;
      if (t.type === 'CloseStatement' || t.type === 'CloseExpression') loopIn = false;
      flush();
      if (closes && frames.length > 1) frames.pop();
      out.push(t);
      // A closing bracket ends its own level's run; the level it returns to goes on.
      if (boundary) frames[frames.length - 1].start = out.length;
      continue;
    }
    if (t.type === 'ComparisonBinaryOperator' || isIn(t)) frames[frames.length - 1].ops.push([out.length, 1]);
    if (notIn) {
      frames[frames.length - 1].ops.push([out.length, 2]);
      out.push(t, tokens[++i]);
      continue;
    }
    out.push(t);
    if (OPENERS[t.type]) frames.push({ start: out.length, ops: [] });
  }
  flush();
  return out;
}

/** Index after the bracket group that opens at `i`. */
function skipGroup(tokens: LexToken[], i: number): number {
  const open = tokens[i].type;
  const close = OPENERS[open]!;
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    if (tokens[k].type === open) depth++;
    else if (tokens[k].type === close && --depth === 0) return k + 1;
  }
  return tokens.length;
}

/**
 * Jinja2 tests may take arguments: `x is divisibleby(3)`, or one without parentheses (`x is sameas none`,
 * `x is divisibleby d.n`). The parser we use only knows argument-less tests, so these become the filter
 * `x | __test__('divisibleby', 3)` (`__test_not__` for `is not`): Jinja2 parses tests and filters at the same
 * level, left to right, so the meaning is the same.
 */
function parenthesizeTestArguments(tokens: LexToken[]): LexToken[] {
  let out: LexToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'Identifier' || tokens[i].value !== 'is') continue;
    let j = i + 1;
    const negate = tokens[j]?.type === 'Identifier' && tokens[j].value === 'not';
    if (negate) j++;
    const name = tokens[j];
    if (name?.type !== 'Identifier') continue;
    const a = j + 1;
    const first = tokens[a];
    if (!first) continue;
    let args: LexToken[];
    let end: number;
    if (first.type === 'OpenParen') {
      end = skipGroup(tokens, a);
      args = tokens.slice(a + 1, end - 1);
    } else {
      const bare =
        first.type === 'NumericLiteral' ||
        first.type === 'StringLiteral' ||
        first.type === 'OpenSquareBracket' ||
        first.type === 'OpenCurlyBracket' ||
        (first.type === 'Identifier' && !NOT_AN_ARGUMENT.has(first.value));
      if (!bare) continue;
      end = OPENERS[first.type] ? skipGroup(tokens, a) : a + 1;
      for (;;) {
        const t = tokens[end];
        if (t?.type === 'Dot' && tokens[end + 1]?.type === 'Identifier') end += 2;
        else if (t && (t.type === 'OpenSquareBracket' || t.type === 'OpenParen')) end = skipGroup(tokens, end);
        else break;
      }
      args = tokens.slice(a, end);
    }
    const at = (t: LexToken, value: string, type: TokenType): LexToken => ({ value, type, start: t.start, end: t.end });
    const replacement: LexToken[] = [
      at(tokens[i], '|', 'Pipe'),
      at(name, negate ? '__test_not__' : '__test__', 'Identifier'),
      at(name, '(', 'OpenParen'),
      at(name, name.value, 'StringLiteral'),
      ...(args.length ? [at(name, ',', 'Comma'), ...args] : []),
      at(tokens[end - 1], ')', 'CloseParen'),
    ];
    out ??= tokens.slice();
    const shift = out.length - tokens.length;
    out.splice(i + shift, end - i, ...replacement);
    i = end - 1;
  }
  return out ?? tokens;
}
