// A positions-only view of a Jinja-SQL file for the analysis rules: the tags, every call inside them
// (`ref`, `source`, `var`, `env_var`, `is_incremental`, macro calls, dotted `pkg.macro` calls) with the
// ranges of the call, its name and its literal arguments, the block each tag sits in, and a "masked" copy of
// the text where Jinja is blanked with the same length so SQL-level analysis keeps exact offsets.
// It never renders and never throws: a broken template yields what could be read.

import { identChar, identStart, skipString as skipClosedString, splitTemplate, type TagKind } from '../template/tags';

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

export interface TemplateScan {
  text: string;
  tags: Tag[];
  calls: CallInfo[];
  /** `text` with `{{ }}` replaced by underscores and `{% %}`/`{# #}` by spaces; line breaks kept. */
  masked: string;
  /** True when some tag is unterminated: positions after it are not trusted. */
  truncated: boolean;
}

/** Offset after the string literal at `i`, or `to` when it is never closed. */
function skipString(text: string, i: number, to: number): number {
  const e = skipClosedString(text, i, to);
  return e < 0 ? to : e;
}

const BLOCK_END: Record<string, string> = {
  if: 'endif',
  for: 'endfor',
  macro: 'endmacro',
  call: 'endcall',
  filter: 'endfilter',
  test: 'endtest',
  materialization: 'endmaterialization',
  docs: 'enddocs',
  snapshot: 'endsnapshot',
  with: 'endwith',
};

/**
 * Builds the masked text: Jinja spans become `fill` (line breaks kept). The text's UTF-16 units are copied
 * once into a buffer and overwritten in place — one string out, instead of a slice and a replacement per tag
 * (the masking was a third of the scan's time on a 10,000-model project).
 */
class Masker {
  private units: Uint16Array | undefined;
  private done = 0;
  constructor(private readonly text: string) {}
  blank(start: number, end: number, fill: string): void {
    if (start < this.done) return;
    let units = this.units;
    if (!units) {
      units = this.units = new Uint16Array(this.text.length);
      for (let k = 0; k < units.length; k++) units[k] = this.text.charCodeAt(k);
    }
    const code = fill.charCodeAt(0);
    for (let k = start; k < end; k++) {
      const c = units[k];
      if (c !== 10 && c !== 13) units[k] = code;
    }
    this.done = end;
  }
  result(): string {
    const u = this.units;
    return u ? Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('utf16le') : this.text;
  }
}

export function scanJinja(text: string): TemplateScan {
  const tags: Tag[] = [];
  const calls: CallInfo[] = [];
  const mask = new Masker(text);
  const stack: OpenBlock[] = [];
  // Tags between two block changes share one frozen copy of the stack.
  let blocks: OpenBlock[] = [];
  const changed = () => (blocks = [...stack]);
  const split = splitTemplate(text);
  for (const t of split.tags) {
    const { start, end, innerStart, innerEnd, keyword } = t;
    if (t.kind === 'comment') {
      tags.push({ kind: 'comment', start, end, innerStart, innerEnd, keyword: '', blocks, isThis: false });
      mask.blank(start, end, ' ');
      continue;
    }
    const isExpr = t.kind === 'expr';
    const tag: Tag = { kind: t.kind, start, end, innerStart, innerEnd, keyword, blocks, isThis: isExpr && isOnly(text, innerStart, innerEnd, 'this') };
    tags.push(tag);
    mask.blank(start, end, isExpr ? '_' : ' ');
    scanCalls(text, innerStart, innerEnd, tag, calls);
    if (isExpr) continue;
    // Nothing inside a raw block is Jinja; its end tag is blanked too.
    if (t.raw) mask.blank(t.raw.bodyEnd, t.raw.end, ' ');
    if (keyword === 'raw') continue;
    if (keyword === 'set') {
      const inner = text.slice(innerStart, innerEnd);
      if (!/=/.test(inner.replace(/(['"]).*?\1/g, ''))) {
        stack.push({ keyword: 'set', start, head: inner });
        changed();
      }
    } else if (keyword === 'endset') {
      if (popTo(stack, 'set')) changed();
    } else if (BLOCK_END[keyword]) {
      stack.push({ keyword, start, head: text.slice(innerStart, innerEnd) });
      changed();
    } else if (keyword.startsWith('end')) {
      if (popTo(stack, keyword.slice(3))) changed();
    }
  }
  return { text, tags, calls, masked: mask.result(), truncated: split.truncated };
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

/** True when [from, to) is `word` with whitespace around it. */
function isOnly(text: string, from: number, to: number, word: string): boolean {
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  if (!text.startsWith(word, i)) return false;
  for (let j = i + word.length; j < to; j++) if (!/\s/.test(text[j])) return false;
  return true;
}

/** Finds `name(` / `a.b(` calls in [from, to) and parses their top-level arguments. */
function scanCalls(text: string, from: number, to: number, tag: Tag, out: CallInfo[]): void {
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = skipString(text, i, to);
      continue;
    }
    if (identStart(text.charCodeAt(i)) && (i === from || !identChar(text.charCodeAt(i - 1)))) {
      let j = i;
      while (j < to && (identChar(text.charCodeAt(j)) || (text[j] === '.' && identStart(text.charCodeAt(j + 1))))) j++;
      const name = text.slice(i, j);
      let k = j;
      while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
      // A name after a dot (method call on a value, e.g. `x.get(`) is not a top-level call.
      if (text[k] === '(' && text[i - 1] !== '.') {
        const { args, end } = parseArgs(text, k + 1, to);
        out.push({ name, nameStart: i, nameEnd: j, start: i, end, args, tag });
      }
      i = j;
      continue;
    }
    i++;
  }
}

function parseArgs(text: string, from: number, to: number): { args: ArgInfo[]; end: number } {
  const args: ArgInfo[] = [];
  let depth = 0;
  let argStart = from;
  let i = from;
  const finish = (end: number): void => {
    const raw = text.slice(argStart, end);
    if (raw.trim() === '') return;
    const lead = raw.length - raw.trimStart().length;
    const s = argStart + lead;
    const e = argStart + raw.trimEnd().length;
    args.push(argInfo(text, s, e));
  };
  while (i < to) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = skipString(text, i, to);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        if (c === ')') {
          finish(i);
          return { args, end: i + 1 };
        }
      } else depth--;
    } else if (c === ',' && depth === 0) {
      finish(i);
      argStart = i + 1;
    }
    i++;
  }
  finish(to);
  return { args, end: to };
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
  if (first === 39 || first === 34) {
    const raw = text.slice(start, e);
    if (!raw.includes('\\')) {
      // Without escapes: a literal when the closing quote is the last character and the only other one.
      if (raw.length >= 2 && raw.charCodeAt(raw.length - 1) === first && raw.indexOf(raw[0], 1) === raw.length - 1) {
        info.literal = true;
        info.value = raw.slice(1, -1);
      }
      return info;
    }
    const str = /^(['"])((?:\\.|(?!\1).)*)\1$/s.exec(raw);
    if (str) {
      info.literal = true;
      info.value = str[2].replace(/\\(.)/g, '$1');
    }
    return info;
  }
  if ((first >= 48 && first <= 57) || first === 45) {
    const raw = text.slice(start, e);
    if (/^-?\d+(\.\d+)?$/.test(raw)) {
      info.literal = true;
      info.value = Number(raw);
    }
    return info;
  }
  if (e - start > 5) return info;
  const raw = text.slice(start, e);
  if (raw === 'True' || raw === 'true' || raw === 'False' || raw === 'false') {
    info.literal = true;
    info.value = raw === 'True' || raw === 'true';
  } else if (raw === 'None' || raw === 'none') {
    info.literal = true;
    info.value = null;
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
