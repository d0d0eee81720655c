// A positions-only view of a Jinja-SQL file for the analysis rules: the tags, every call inside them
// (`ref`, `source`, `var`, `env_var`, `is_incremental`, macro calls, dotted `pkg.macro` calls) with the
// ranges of the call, its name and its literal arguments, the block each tag sits in, and a "masked" copy of
// the text where Jinja is blanked with the same length so SQL-level analysis keeps exact offsets.
// It never renders and never throws: a broken template yields what could be read.

export type TagKind = 'expr' | 'stmt' | 'comment';

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
  raw: 'endraw',
};

/** Skips a quoted string starting at `i` (the quote); returns the offset after it (or `to` if unclosed). */
function skipString(text: string, i: number, to: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < to) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === q) return j + 1;
    else j++;
  }
  return to;
}

function findTagEnd(text: string, from: number, close: string): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = skipString(text, i, n);
      continue;
    }
    if (c === close[0] && text[i + 1] === '}') return i;
    i++;
  }
  return -1;
}

/** Builds the masked text from pieces: untouched spans are sliced, Jinja spans become `fill` (line breaks kept). */
class Masker {
  private readonly parts: string[] = [];
  private done = 0;
  constructor(private readonly text: string) {}
  blank(start: number, end: number, fill: string): void {
    if (start < this.done) return;
    this.parts.push(this.text.slice(this.done, start));
    const span = this.text.slice(start, end);
    this.parts.push(span.includes('\n') ? span.replace(/[^\r\n]/g, fill) : fill.repeat(end - start));
    this.done = end;
  }
  result(): string {
    this.parts.push(this.text.slice(this.done));
    return this.parts.join('');
  }
}

export function scanJinja(text: string): TemplateScan {
  const tags: Tag[] = [];
  const calls: CallInfo[] = [];
  const mask = new Masker(text);
  const stack: OpenBlock[] = [];
  let truncated = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const j = text.indexOf('{', i);
    if (j < 0 || j + 1 >= n) break;
    const c = text[j + 1];
    if (c !== '{' && c !== '%' && c !== '#') {
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const k = text.indexOf('#}', j + 2);
      const end = k < 0 ? n : k + 2;
      if (k < 0) truncated = true;
      tags.push({ kind: 'comment', start: j, end, innerStart: j + 2, innerEnd: k < 0 ? n : k, keyword: '', blocks: [...stack], isThis: false });
      mask.blank(j, end, ' ');
      i = end;
      continue;
    }
    let innerStart = j + 2;
    if (text[innerStart] === '-' || text[innerStart] === '+') innerStart++;
    const close = c === '{' ? '}' : '%';
    const k = findTagEnd(text, innerStart, close);
    const end = k < 0 ? n : k + 2;
    if (k < 0) truncated = true;
    let innerEnd = k < 0 ? n : k;
    if (innerEnd > innerStart && (text[innerEnd - 1] === '-' || text[innerEnd - 1] === '+')) innerEnd--;
    const inner = text.slice(innerStart, innerEnd);
    const keyword = c === '%' ? (/^\s*([A-Za-z_]\w*)/.exec(inner)?.[1] ?? '') : '';
    const tag: Tag = {
      kind: c === '{' ? 'expr' : 'stmt',
      start: j,
      end,
      innerStart,
      innerEnd,
      keyword,
      blocks: [...stack],
      isThis: c === '{' && inner.trim() === 'this',
    };
    tags.push(tag);
    mask.blank(j, end, c === '{' ? '_' : ' ');
    scanCalls(text, innerStart, innerEnd, tag, calls);
    if (c === '%') {
      if (keyword === 'raw') {
        // Nothing inside a raw block is Jinja; jump to its end tag.
        const m = /\{%-?\s*endraw\s*-?%\}/.exec(text.slice(end));
        i = m ? end + m.index + m[0].length : n;
        if (m) mask.blank(end + m.index, i, ' ');
        continue;
      }
      if (keyword === 'set' && !/=/.test(inner.replace(/(['"]).*?\1/g, ''))) {
        stack.push({ keyword: 'set', start: j, head: inner });
      } else if (keyword === 'endset') {
        popTo(stack, 'set');
      } else if (BLOCK_END[keyword]) {
        stack.push({ keyword, start: j, head: inner });
      } else if (keyword.startsWith('end')) {
        popTo(stack, keyword.slice(3));
      }
    }
    i = end;
  }
  return { text, tags, calls, masked: mask.result(), truncated };
}

function popTo(stack: OpenBlock[], keyword: string): void {
  for (let s = stack.length - 1; s >= 0; s--) {
    if (stack[s].keyword === keyword) {
      stack.length = s;
      return;
    }
  }
}

function identStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function identChar(c: number): boolean {
  return identStart(c) || (c >= 48 && c <= 57);
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

function argInfo(text: string, s: number, e: number): ArgInfo {
  let start = s;
  let keyword: string | undefined;
  const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(text.slice(s, e));
  if (kw) {
    keyword = kw[1];
    start = s + kw[0].length;
  }
  const raw = text.slice(start, e);
  const info: ArgInfo = { literal: false, start, end: e };
  if (keyword) info.keyword = keyword;
  const str = /^(['"])((?:\\.|(?!\1).)*)\1$/s.exec(raw);
  if (str) {
    info.literal = true;
    info.value = str[2].replace(/\\(.)/g, '$1');
  } else if (/^-?\d+(\.\d+)?$/.test(raw)) {
    info.literal = true;
    info.value = Number(raw);
  } else if (raw === 'True' || raw === 'true' || raw === 'False' || raw === 'false') {
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
