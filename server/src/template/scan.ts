// The one Jinja scanner. It never renders and never throws. From the tag splitter's tags (tags.ts) it builds,
// in one walk, the positioned view every other reader consumes: each tag with the blocks it sits in, the first
// block-structure error, every call (`ref`, `source`, `var`, macro and dotted `pkg.macro` calls) with the
// ranges of its name and arguments and their literal values, and a "masked" copy of the text where Jinja is
// blanked with the same length so SQL-level analysis keeps exact offsets. The loader's facts
// (project/scanner.ts), the syntax check (syntax.ts) and the analysis rules all read this view.
// Calls and the masked text are worked out on first read: the syntax check needs neither.

import { identChar, identStart, skipString as skipClosedString, splitTemplate, type TagKind, type TagProblem, type TemplateTag } from './tags';

export type { TagKind };

export interface Tag {
  kind: TagKind;
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  /** First word of a statement tag (`if`, `endif`, `set`, …); '' for expressions. */
  keyword: string;
  /** Enclosing open blocks at this tag, outermost first (e.g. ['if', 'for']). */
  blocks: OpenBlock[];
  /** Set when the tag is a `{{ }}` whose expression is exactly `this`. */
  isThis: boolean;
}

export interface OpenBlock {
  keyword: string;
  /** Offset of the opening tag. */
  start: number;
  /** The opening tag's inner text (its condition for `if`). */
  head: string;
}

export interface ArgInfo {
  /** Literal value for strings, numbers, booleans and None. */
  value?: string | number | boolean | null;
  literal: boolean;
  start: number;
  end: number;
  /** Keyword argument name, when `name=value`. */
  keyword?: string;
}

export interface CallInfo {
  /** Dotted name as written: `ref`, `dbt_utils.star`. */
  name: string;
  nameStart: number;
  nameEnd: number;
  /** From the name to the closing parenthesis (or the tag's end when unclosed). */
  start: number;
  end: number;
  args: ArgInfo[];
  tag: Tag;
}

/** How a call's argument list is shaped, beyond its arguments (the loader reads it; see CallShape users). */
export interface CallShape {
  /** Offset of the `(`. */
  paren: number;
  /** False when the tag ends before the `)`. */
  closed: boolean;
  /** Offset of the first `]`/`}` with no opener inside the parentheses, or -1. */
  stray: number;
  /** Offsets of the `,` after each empty argument (`f(,x)`), in order. */
  empties: number[];
}

export interface StructureError {
  message: string;
  start: number;
  end: number;
  /** Index of the tag it concerns (the tag count for a block left open at the end). */
  tag: number;
}

/** Block tags and the tag that ends each (Jinja2's and dbt's). */
export const BLOCKS: Record<string, string> = {
  if: 'endif',
  for: 'endfor',
  macro: 'endmacro',
  call: 'endcall',
  filter: 'endfilter',
  set: 'endset',
  test: 'endtest',
  materialization: 'endmaterialization',
  docs: 'enddocs',
  snapshot: 'endsnapshot',
  with: 'endwith',
  autoescape: 'endautoescape',
  block: 'endblock',
  trans: 'endtrans',
};
const ENDS = new Set(Object.values(BLOCKS));

/** Everything the scan knows about one file. */
export class JinjaScan {
  readonly text: string;
  readonly tags: Tag[];
  /** True when some tag is unterminated: positions after it are not trusted. */
  readonly truncated: boolean;
  /** The splitter's first problem (an unclosed tag, an unterminated string, a stray bracket). */
  readonly problem: TagProblem | undefined;
  /** The first block-structure error (stray end tag, mismatched end, `else` outside a block, unclosed block). */
  readonly structure: StructureError | undefined;
  /** The splitter's tags, index for index with `tags` (markers, keyword offsets, raw bodies). */
  readonly split: TemplateTag[];
  #calls: CallInfo[] | undefined;
  #shapes: Map<CallInfo, CallShape> | undefined;
  #masked: string | undefined;

  constructor(text: string) {
    this.text = text;
    const split = splitTemplate(text);
    this.split = split.tags;
    this.truncated = split.truncated;
    this.problem = split.problem;
    const walked = walkBlocks(text, split.tags);
    this.tags = walked.tags;
    this.structure = walked.structure;
  }

  get calls(): CallInfo[] {
    if (!this.#calls) this.findCalls();
    return this.#calls!;
  }

  /** The argument-list shape of a call of this scan. */
  shape(call: CallInfo): CallShape {
    if (!this.#shapes) this.findCalls();
    return this.#shapes!.get(call)!;
  }

  /** `text` with `{{ }}` replaced by underscores and `{% %}`/`{# #}` by spaces; line breaks kept. */
  get masked(): string {
    return (this.#masked ??= maskText(this.text, this.split));
  }

  private findCalls(): void {
    const calls: CallInfo[] = [];
    const shapes = new Map<CallInfo, CallShape>();
    for (const tag of this.tags) if (tag.kind !== 'comment') scanCalls(this.text, tag.innerStart, tag.innerEnd, tag, calls, shapes);
    this.#calls = calls;
    this.#shapes = shapes;
  }
}

/** The analysis' name for a file's scan. */
export type TemplateScan = JinjaScan;

export function scanJinja(text: string): JinjaScan {
  return new JinjaScan(text);
}

/** True when `{% set … %}` opens a block (`{% set x %}…{% endset %}`) rather than assigning. */
function isBlockSet(text: string, t: TemplateTag): boolean {
  return !/=/.test(text.slice(t.keywordStart + 3, t.innerEnd).replace(/(['"])(?:\\.|(?!\1).)*\1/g, '').replace(/[=!<>]=/g, ''));
}

/** 1-based line of `offset`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The tags with their enclosing blocks, and the first structure error. Blocks are read tolerantly (an end tag
 * closes its innermost opener and whatever is open inside it) so a half-written file still has blocks; the
 * structure check is strict and stops at its first error, which is the one a user must fix first.
 */
function walkBlocks(text: string, split: TemplateTag[]): { tags: Tag[]; structure: StructureError | undefined } {
  const tags: Tag[] = [];
  const stack: OpenBlock[] = [];
  // Tags between two block changes share one frozen copy of the stack.
  let blocks: OpenBlock[] = [];
  const changed = () => (blocks = [...stack]);
  const strict: TemplateTag[] = [];
  let structure: StructureError | undefined;
  for (let ti = 0; ti < split.length; ti++) {
    const t = split[ti];
    const { start, end, innerStart, innerEnd } = t;
    if (t.kind === 'comment') {
      tags.push({ kind: 'comment', start, end, innerStart, innerEnd, keyword: '', blocks, isThis: false });
      continue;
    }
    const isExpr = t.kind === 'expr';
    const keyword = t.keyword;
    tags.push({ kind: t.kind, start, end, innerStart, innerEnd, keyword, blocks, isThis: isExpr && isOnly(text, innerStart, innerEnd, 'this') });
    // Nothing inside a raw block is Jinja.
    if (isExpr || t.raw || keyword === 'raw') continue;
    const opens = BLOCKS[keyword] !== undefined && !(keyword === 'set' && !isBlockSet(text, t));
    if (opens) {
      stack.push({ keyword, start, head: text.slice(innerStart, innerEnd) });
      changed();
    } else if (keyword.startsWith('end')) {
      if (popTo(stack, keyword.slice(3))) changed();
    }
    if (structure) continue;
    const opener = strict[strict.length - 1];
    if (opens) strict.push(t);
    else if (ENDS.has(keyword)) {
      if (!opener) structure = { message: `\`{% ${keyword} %}\` has no matching opening tag: remove it`, start, end, tag: ti };
      else if (BLOCKS[opener.keyword] !== keyword) {
        structure = {
          message: `\`{% ${keyword} %}\` closes \`{% ${opener.keyword} %}\` (line ${lineOf(text, opener.start)}), which needs \`{% ${BLOCKS[opener.keyword]} %}\``,
          start,
          end,
          tag: ti,
        };
      } else strict.pop();
    } else if (keyword === 'elif' || keyword === 'else') {
      const ok = opener && (opener.keyword === 'if' || (keyword === 'else' && opener.keyword === 'for'));
      if (!ok) structure = { message: `\`{% ${keyword} %}\` outside of an \`{% if %}\`${keyword === 'else' ? ' or `{% for %}`' : ''} block`, start, end, tag: ti };
    }
  }
  const open = strict[strict.length - 1];
  if (!structure && open) structure = { message: `\`{% ${open.keyword} %}\` is never closed: add \`{% ${BLOCKS[open.keyword]} %}\``, start: open.start, end: open.end, tag: split.length };
  return { tags, structure };
}

/** Pops the innermost open `keyword` block and what is inside it; false when none is open. */
function popTo(stack: OpenBlock[], keyword: string): boolean {
  for (let s = stack.length - 1; s >= 0; s--) {
    if (stack[s].keyword === keyword) {
      stack.length = s;
      return true;
    }
  }
  return false;
}

/**
 * The masked text: Jinja spans become `_` (expressions) or spaces, line breaks kept. Joined from slices of the
 * text and runs of the fill character, so that a one-byte text gives a one-byte string (a copy through a UTF-16
 * buffer doubled its size and cost a pass per character: 58 ms a warm 10,000-model check).
 */
function maskText(text: string, split: TemplateTag[]): string {
  if (split.length === 0) return text;
  const parts: string[] = [];
  let done = 0;
  // Everything before `pos` is in `parts`; a span starting before `done` overlaps a blanked one and is skipped.
  let pos = 0;
  const blank = (start: number, end: number, fill: string): void => {
    if (start < done) return;
    done = end;
    const stop = Math.min(end, text.length);
    if (start >= stop) return;
    if (start > pos) parts.push(text.slice(pos, start));
    let i = start;
    while (i < stop) {
      let j = i;
      while (j < stop) {
        const c = text.charCodeAt(j);
        if (c === 10 || c === 13) break;
        j++;
      }
      if (j > i) parts.push(fillRun(fill, j - i));
      let k = j;
      while (k < stop && (text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13)) k++;
      if (k > j) parts.push(text.slice(j, k));
      i = k;
    }
    pos = stop;
  };
  for (const t of split) {
    blank(t.start, t.end, t.kind === 'expr' ? '_' : ' ');
    // A raw block's end tag is blanked too; its body is text.
    if (t.raw) blank(t.raw.bodyEnd, t.raw.end, ' ');
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return parts.join('');
}

const FILL_RUNS = new Map<string, string>();
/** `fill` repeated `n` times, cut from one long run per fill character. */
function fillRun(fill: string, n: number): string {
  let run = FILL_RUNS.get(fill) ?? '';
  if (run.length < n) FILL_RUNS.set(fill, (run = fill.repeat(Math.max(n, 2 * run.length, 256))));
  return run.length === n ? run : run.slice(0, n);
}

/** True when [from, to) is `word` with whitespace around it. */
function isOnly(text: string, from: number, to: number, word: string): boolean {
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  if (!text.startsWith(word, i)) return false;
  for (let j = i + word.length; j < to; j++) if (!/\s/.test(text[j])) return false;
  return true;
}

/** Offset after the string literal at `i`, or `to` when it is never closed. */
function skipString(text: string, i: number, to: number): number {
  const e = skipClosedString(text, i, to);
  return e < 0 ? to : e;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Finds `name(` / `a.b(` calls in [from, to) and parses their top-level arguments. A name after a dot
 * (`x.get(`, `x . ref(`) is a method of a value, not a call of its own. Calls inside arguments are found too.
 */
function scanCalls(text: string, from: number, to: number, tag: Tag, out: CallInfo[], shapes: Map<CallInfo, CallShape>): void {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) {
      i = skipString(text, i, to);
      continue;
    }
    if (identStart(c) && (i === from || !identChar(text.charCodeAt(i - 1)))) {
      let j = i;
      while (j < to && (identChar(text.charCodeAt(j)) || (text.charCodeAt(j) === 46 && identStart(text.charCodeAt(j + 1))))) j++;
      let k = j;
      while (k < to && isBlank(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 40 && !afterDot(text, from, i)) {
        const shape: CallShape = { paren: k, closed: false, stray: -1, empties: [] };
        const { args, end } = parseArgs(text, k + 1, to, shape);
        const call: CallInfo = { name: text.slice(i, j), nameStart: i, nameEnd: j, start: i, end, args, tag };
        out.push(call);
        shapes.set(call, shape);
      }
      i = j;
      continue;
    }
    i++;
  }
}

/** True when the nearest non-blank character before `at` (within the tag) is a `.`. */
function afterDot(text: string, from: number, at: number): boolean {
  let p = at - 1;
  while (p >= from && isBlank(text.charCodeAt(p))) p--;
  return p >= from && text.charCodeAt(p) === 46;
}

function parseArgs(text: string, from: number, to: number, shape: CallShape): { args: ArgInfo[]; end: number } {
  const split = splitArguments(text, from, to);
  shape.closed = split.closed;
  shape.stray = split.stray;
  shape.empties.push(...split.empties);
  return { args: split.args.map((a) => argInfo(text, a.start, a.end)), end: split.end };
}

/** A Jinja argument list cut at its top-level commas (splitArguments). */
export interface SplitArguments {
  /** Each argument's place, without the whitespace around it; empty arguments left out. */
  args: Array<{ start: number; end: number }>;
  /** After the `)` that closes the list, or `to` when none does. */
  end: number;
  /** Whether a `)` closed the list before `to`. */
  closed: boolean;
  /** Offset of the first `]`/`}` with no opener inside the list, or -1. */
  stray: number;
  /** Offsets of the `,` after each empty argument (`f(,x)`), in order. */
  empties: number[];
}

/**
 * The one splitter of Jinja argument lists (a call's, a macro's parameters, an import list): the arguments in
 * [from, to) between commas outside every bracket, up to the `)` that closes the list. Strings are Jinja's (`'…'` and
 * `"…"`, backslash escapes, the tag splitter's skipString), so `'a, b'`, `'it\'s, here'` and `"x" ~ ", y"` cut nothing.
 */
export function splitArguments(text: string, from: number, to: number): SplitArguments {
  const out: SplitArguments = { args: [], end: to, closed: false, stray: -1, empties: [] };
  let depth = 0;
  let argStart = from;
  let i = from;
  // Adds the argument in [argStart, end); an empty one is only noted (`f(a,)` has one argument).
  const finish = (end: number, comma: boolean): void => {
    let s = argStart;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s === e) {
      if (comma) out.empties.push(end);
      return;
    }
    out.args.push({ start: s, end: e });
  };
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) {
      i = skipString(text, i, to);
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) {
        if (c === 41) {
          finish(i, false);
          out.closed = true;
          out.end = i + 1;
          return out;
        }
        if (out.stray < 0) out.stray = i;
      } else depth--;
    } else if (c === 44 && depth === 0) {
      finish(i, true);
      argStart = i + 1;
    }
    i++;
  }
  finish(to, false);
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

function argInfo(text: string, s: number, e: number): ArgInfo {
  let start = s;
  let keyword: string | undefined;
  // `name = value` (not `name == value`), read without slicing: this runs for every argument of every call.
  if (identStart(text.charCodeAt(s))) {
    let j = s + 1;
    while (j < e && identChar(text.charCodeAt(j))) j++;
    let k = j;
    while (k < e && isSpace(text.charCodeAt(k))) k++;
    if (k < e && text.charCodeAt(k) === 61 && (k + 1 >= e || text.charCodeAt(k + 1) !== 61)) {
      keyword = text.slice(s, j);
      k++;
      while (k < e && isSpace(text.charCodeAt(k))) k++;
      start = k;
    }
  }
  const info: ArgInfo = { literal: false, start, end: e };
  if (keyword) info.keyword = keyword;
  const first = text.charCodeAt(start);
  // Only scalars are literal here; lists and dicts are read by parseLiteral where wanted (config()).
  if (first === 91 || first === 40 || first === 123 || start >= e) return info;
  const lit = parseLiteral(text, start, e);
  if (lit && lit.end === e && (lit.value === null || typeof lit.value !== 'object')) {
    info.literal = true;
    info.value = lit.value;
  }
  return info;
}

/** Positional (non-keyword) arguments of a call. */
export function positional(call: CallInfo): ArgInfo[] {
  return call.args.filter((a) => a.keyword === undefined);
}

export function keywordArg(call: CallInfo, name: string): ArgInfo | undefined {
  return call.args.find((a) => a.keyword === name);
}

/** True when the offset is inside an `if` block whose condition (or an enclosing one) mentions `is_incremental`. */
export function underIncrementalGuard(tag: Tag): boolean {
  return tag.blocks.some((b) => b.keyword === 'if' && /is_incremental/.test(b.head));
}

export type LiteralValue = string | number | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

const KEYWORDS: Record<string, LiteralValue> = { True: true, true: true, False: false, false: false, None: null, none: null };

/** Parses a Python/Jinja literal at `i`; undefined when the text there is not a literal. */
export function parseLiteral(t: string, i: number, to: number): { value: LiteralValue; end: number } | undefined {
  while (i < to && isBlank(t.charCodeAt(i))) i++;
  const c = t.charCodeAt(i);
  if (c === 39 || c === 34) {
    const e = skipClosedString(t, i, to);
    if (e === -1) return undefined;
    return { value: unescape(t.slice(i + 1, e - 1)), end: e };
  }
  if ((c >= 48 && c <= 57) || c === 45 || c === 43) {
    const m = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(t.slice(i, Math.min(to, i + 40)));
    if (!m) return undefined;
    const end = i + m[0].length;
    if (end < to && identChar(t.charCodeAt(end))) return undefined;
    return { value: Number(m[0]), end };
  }
  if (identStart(c)) {
    let j = i;
    while (j < to && identChar(t.charCodeAt(j))) j++;
    const w = t.slice(i, j);
    if (w in KEYWORDS) return { value: KEYWORDS[w], end: j };
    return undefined;
  }
  if (c === 91 || c === 40) {
    const closeCh = c === 91 ? 93 : 41;
    const out: LiteralValue[] = [];
    let j = i + 1;
    for (;;) {
      while (j < to && isBlank(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === closeCh) return { value: out, end: j + 1 };
      const item = parseLiteral(t, j, to);
      if (!item) return undefined;
      out.push(item.value);
      j = item.end;
      while (j < to && isBlank(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === 44) j++;
      else if (t.charCodeAt(j) !== closeCh) return undefined;
    }
  }
  if (c === 123) {
    const out: { [key: string]: LiteralValue } = {};
    let j = i + 1;
    for (;;) {
      while (j < to && isBlank(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === 125) return { value: out, end: j + 1 };
      const key = parseLiteral(t, j, to);
      if (!key || (typeof key.value !== 'string' && typeof key.value !== 'number')) return undefined;
      j = key.end;
      while (j < to && isBlank(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) !== 58) return undefined;
      const val = parseLiteral(t, j + 1, to);
      if (!val) return undefined;
      out[String(key.value)] = val.value;
      j = val.end;
      while (j < to && isBlank(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === 44) j++;
      else if (t.charCodeAt(j) !== 125) return undefined;
    }
  }
  return undefined;
}

function unescape(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  return s.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch));
}
