// A position-aware scanner for Jinja-SQL. It does not render: it walks `{{ }}` / `{% %}` blocks (skipping
// `{# #}` comments and `{% raw %}` bodies), finds the `ref(...)`, `source(...)` and `config(...)` calls with
// exact ranges, parses literal arguments, and finds `{% macro %}` / `{% test %}` / `{% docs %}` blocks.
// When every call has literal arguments (and no config() sits under an if/for) the template is "static":
// its dependencies and config are known without rendering it, which is what makes large projects fast.
import type { Range, RefCall, SourceCall } from '../core/types';
import { LineIndex } from './line-index';
import { identChar, identStart, skipString, splitTemplate } from '../template/tags';

export type LiteralValue = string | number | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

export interface ScannedArg {
  /** The parsed value when `literal`. */
  value?: LiteralValue;
  literal: boolean;
  /** Source text of the argument expression. */
  text: string;
  range: Range;
}

export interface ScannedKwarg extends ScannedArg {
  nameRange: Range;
}

export type CallName = 'ref' | 'source' | 'config';

export interface ScannedCall {
  name: CallName;
  /** Range of the whole call, `ref('x')`. */
  range: Range;
  args: ScannedArg[];
  kwargs: Record<string, ScannedKwarg>;
  /** Every argument is a literal. */
  literal: boolean;
  /** Inside an `{% if %}` or `{% for %}` block. */
  conditional: boolean;
}

// Calls and arguments work out their ranges when read: a 10,000-model project scans ~100,000 arguments while
// loading and reads the range of almost none (only diagnostics and navigation do), and each range was three
// objects kept for the life of the project. Offsets are hidden (#) so the records look as before.
class LazyArg implements ScannedArg {
  declare value?: LiteralValue;
  readonly literal: boolean;
  readonly text: string;
  readonly #lines: LineIndex;
  readonly #start: number;
  readonly #end: number;

  constructor(literal: boolean, text: string, lines: LineIndex, start: number, end: number) {
    this.literal = literal;
    this.text = text;
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.#start, this.#end);
  }

  toJSON(): ScannedArg {
    return { ...('value' in this ? { value: this.value } : {}), literal: this.literal, text: this.text, range: this.range };
  }
}

class LazyKwarg extends LazyArg implements ScannedKwarg {
  readonly #lines: LineIndex;
  readonly #nameStart: number;
  readonly #nameEnd: number;

  constructor(literal: boolean, text: string, lines: LineIndex, start: number, end: number, nameStart: number, nameEnd: number) {
    super(literal, text, lines, start, end);
    this.#lines = lines;
    this.#nameStart = nameStart;
    this.#nameEnd = nameEnd;
  }

  get nameRange(): Range {
    return this.#lines.rangeOf(this.#nameStart, this.#nameEnd);
  }

  override toJSON(): ScannedKwarg {
    return { ...super.toJSON(), nameRange: this.nameRange };
  }
}

class LazyCall implements ScannedCall {
  readonly name: CallName;
  readonly args: ScannedArg[];
  readonly kwargs: Record<string, ScannedKwarg>;
  readonly literal: boolean;
  readonly conditional: boolean;
  readonly #lines: LineIndex;
  readonly #start: number;
  readonly #end: number;

  constructor(name: CallName, args: ScannedArg[], kwargs: Record<string, ScannedKwarg>, literal: boolean, conditional: boolean, lines: LineIndex, start: number, end: number) {
    this.name = name;
    this.args = args;
    this.kwargs = kwargs;
    this.literal = literal;
    this.conditional = conditional;
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.#start, this.#end);
  }

  toJSON(): ScannedCall {
    return { name: this.name, range: this.range, args: this.args, kwargs: this.kwargs, literal: this.literal, conditional: this.conditional };
  }
}

// A model's ref() and source() calls, kept by its node for life: ranges (read only by navigation and quick
// fixes) are worked out from the call and its arguments when read, so a load computes no line index for them.
class ScannedRef implements RefCall {
  declare package?: string;
  declare version?: string | number;
  readonly name: string;
  readonly #call: ScannedCall;
  readonly #nameArg: ScannedArg;

  constructor(name: string, call: ScannedCall, nameArg: ScannedArg) {
    this.name = name;
    this.#call = call;
    this.#nameArg = nameArg;
  }

  get range(): Range {
    return this.#call.range;
  }

  get nameRange(): Range {
    return this.#nameArg.range;
  }

  toJSON(): RefCall {
    return { name: this.name, ...(this.package !== undefined ? { package: this.package } : {}), ...(this.version !== undefined ? { version: this.version } : {}), range: this.range, nameRange: this.nameRange };
  }
}

class ScannedSource implements SourceCall {
  readonly sourceName: string;
  readonly tableName: string;
  readonly #call: ScannedCall;

  constructor(sourceName: string, tableName: string, call: ScannedCall) {
    this.sourceName = sourceName;
    this.tableName = tableName;
    this.#call = call;
  }

  get range(): Range {
    return this.#call.range;
  }

  get sourceNameRange(): Range {
    return this.#call.args[0].range;
  }

  get tableNameRange(): Range {
    return this.#call.args[1].range;
  }

  toJSON(): SourceCall {
    return { sourceName: this.sourceName, tableName: this.tableName, range: this.range, sourceNameRange: this.sourceNameRange, tableNameRange: this.tableNameRange };
  }
}

export type DefinitionKind = 'macro' | 'test' | 'docs' | 'materialization';

export interface TemplateDefinition {
  kind: DefinitionKind;
  name: string;
  nameRange: Range;
  /** Argument names in order. */
  args: string[];
  /** Source text of default values, by argument name. */
  defaults: Record<string, string>;
  /** From the opening tag through the closing tag. */
  range: Range;
  /** Text between the opening and the closing tag. */
  body: string;
}

export interface ScanProblem {
  message: string;
  range: Range;
}

export interface ScanResult {
  calls: ScannedCall[];
  /** ref() calls with literal arguments. */
  refs: RefCall[];
  /** source() calls with literal arguments. */
  sources: SourceCall[];
  /** Merged keyword arguments of every literal config() call (`pre_hook` renamed `pre-hook`). */
  config: Record<string, LiteralValue>;
  /** True when refs, sources and config are fully known without rendering. */
  static: boolean;
  definitions: TemplateDefinition[];
  problems: ScanProblem[];
}

const CALLS = new Set<string>(['ref', 'source', 'config']);
const DEF_TAGS: Record<string, DefinitionKind> = { macro: 'macro', test: 'test', docs: 'docs', materialization: 'materialization' };

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

class Scanner {
  private readonly lines: LineIndex;
  readonly calls: ScannedCall[] = [];
  readonly definitions: TemplateDefinition[] = [];
  readonly problems: ScanProblem[] = [];
  private conditionalDepth = 0;
  private readonly openDefs: { kind: DefinitionKind; start: number; bodyStart: number; name: string; nameStart: number; args: string[]; defaults: Record<string, string> }[] = [];

  constructor(private readonly t: string) {
    this.lines = new LineIndex(t);
  }

  private range(a: number, b: number): Range {
    return this.lines.rangeOf(a, b);
  }

  run(): void {
    const split = splitTemplate(this.t);
    // A tag that runs to the end of the text is not read: what it holds is not what the user meant.
    const read = split.truncated ? split.tags.length - 1 : split.tags.length;
    for (let k = 0; k < read; k++) {
      const tag = split.tags[k];
      if (tag.kind === 'expr') this.scanCalls(tag.innerStart, tag.innerEnd);
      else if (tag.kind === 'stmt') this.statement(tag.start, tag.keyword, tag.keywordStart + tag.keyword.length, tag.innerEnd, tag.end);
    }
    if (split.problem) this.problems.push({ message: split.problem.message, range: this.range(split.problem.start, split.problem.end) });
    for (const d of this.openDefs) {
      this.problems.push({ message: `\`{% ${d.kind} ${d.name} %}\` is never closed: add \`{% end${d.kind} %}\`.`, range: this.range(d.start, d.bodyStart) });
    }
  }

  /** Reads a `{% … %}` tag whose first word is `word`, ending at `i`; its inside ends at `ce`. */
  private statement(open: number, word: string, i: number, ce: number, after: number): void {
    const t = this.t;
    switch (word) {
      case 'if':
      case 'for':
        this.conditionalDepth++;
        break;
      case 'endif':
      case 'endfor':
        this.conditionalDepth = Math.max(0, this.conditionalDepth - 1);
        return;
      case 'endmacro':
      case 'endtest':
      case 'enddocs':
      case 'endmaterialization': {
        const kind = word.slice(3) as DefinitionKind;
        const idx = this.openDefs.map((d) => d.kind).lastIndexOf(kind);
        if (idx === -1) {
          this.problems.push({ message: `\`{% ${word} %}\` has no matching \`{% ${kind} %}\`: remove it or add the opening tag.`, range: this.range(open, after) });
          return;
        }
        const d = this.openDefs.splice(idx, 1)[0];
        this.definitions.push({
          kind: d.kind,
          name: d.name,
          nameRange: this.range(d.nameStart, d.nameStart + d.name.length),
          args: d.args,
          defaults: d.defaults,
          range: this.range(d.start, after),
          body: t.slice(d.bodyStart, open),
        });
        return;
      }
      default: {
        const kind = DEF_TAGS[word];
        if (kind) {
          this.openDefinition(kind, open, i, ce, after);
          return;
        }
      }
    }
    this.scanCalls(i, ce);
    return;
  }

  private openDefinition(kind: DefinitionKind, open: number, from: number, ce: number, after: number): void {
    const t = this.t;
    let i = from;
    while (i < ce && isSpace(t.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < ce && identChar(t.charCodeAt(i))) i++;
    const name = t.slice(nameStart, i);
    if (!name) {
      this.problems.push({ message: `\`{% ${kind} %}\` needs a name, e.g. \`{% ${kind} my_name(arg) %}\`.`, range: this.range(open, after) });
    }
    const args: string[] = [];
    const defaults: Record<string, string> = {};
    while (i < ce && isSpace(t.charCodeAt(i))) i++;
    if (t.charCodeAt(i) === 40) {
      const close = matchParen(t, i, ce);
      for (const part of splitTopLevel(t, i + 1, close === -1 ? ce : close)) {
        const eq = findTopLevelEquals(part);
        const argName = (eq === -1 ? part : part.slice(0, eq)).trim();
        if (!argName) continue;
        args.push(argName);
        if (eq !== -1) defaults[argName] = part.slice(eq + 1).trim();
      }
    }
    this.openDefs.push({ kind, start: open, bodyStart: after, name, nameStart, args, defaults });
  }

  /** Finds ref/source/config calls between `from` and `to` (the inside of one block). */
  private scanCalls(from: number, to: number): void {
    const t = this.t;
    let i = from;
    while (i < to) {
      const c = t.charCodeAt(i);
      if (c === 39 || c === 34) {
        const e = skipString(t, i, to);
        i = e === -1 ? to : e;
        continue;
      }
      if (!identStart(c)) {
        i++;
        continue;
      }
      const s = i;
      while (i < to && identChar(t.charCodeAt(i))) i++;
      const len = i - s;
      if (len < 3 || len > 6) continue;
      const word = t.slice(s, i);
      if (!CALLS.has(word)) continue;
      // `config.get(...)`, `adapter.ref` … are attribute accesses, not the context functions.
      let p = s - 1;
      while (p >= from && isSpace(t.charCodeAt(p))) p--;
      if (p >= from && t.charCodeAt(p) === 46) continue;
      let q = i;
      while (q < to && isSpace(t.charCodeAt(q))) q++;
      if (t.charCodeAt(q) !== 40) continue;
      const next = this.parseCall(word as CallName, s, q, to);
      i = next;
    }
  }

  /** Parses `name(` … `)` with the open paren at `paren`; returns where scanning continues. */
  private parseCall(name: CallName, start: number, paren: number, to: number): number {
    const t = this.t;
    const args: ScannedArg[] = [];
    const kwargs: Record<string, ScannedKwarg> = {};
    let literal = true;
    let i = paren + 1;
    for (;;) {
      while (i < to && isSpace(t.charCodeAt(i))) i++;
      if (i >= to) return to; // unbalanced: the block-level checks report it
      if (t.charCodeAt(i) === 41) {
        i++;
        break;
      }
      // keyword argument?
      let kwName: string | undefined;
      let kwStart = -1;
      if (identStart(t.charCodeAt(i))) {
        let j = i;
        while (j < to && identChar(t.charCodeAt(j))) j++;
        let k = j;
        while (k < to && isSpace(t.charCodeAt(k))) k++;
        if (t.charCodeAt(k) === 61 && t.charCodeAt(k + 1) !== 61) {
          kwName = t.slice(i, j);
          kwStart = i;
          i = k + 1;
          while (i < to && isSpace(t.charCodeAt(i))) i++;
        }
      }
      const argStart = i;
      const lit = parseLiteral(t, i, to);
      let argEnd: number;
      let value: LiteralValue | undefined;
      let isLit = false;
      if (lit) {
        let k = lit.end;
        while (k < to && isSpace(t.charCodeAt(k))) k++;
        const c = t.charCodeAt(k);
        if (c === 44 || c === 41) {
          isLit = true;
          value = lit.value;
          argEnd = lit.end;
          i = k;
        } else {
          argEnd = skipExpression(t, argStart, to);
          i = argEnd;
        }
      } else {
        argEnd = skipExpression(t, argStart, to);
        i = argEnd;
      }
      let textEnd = argEnd;
      while (textEnd > argStart && isSpace(t.charCodeAt(textEnd - 1))) textEnd--;
      if (!isLit) literal = false;
      if (kwName !== undefined) {
        const kw = new LazyKwarg(isLit, t.slice(argStart, textEnd), this.lines, argStart, textEnd, kwStart, kwStart + kwName.length);
        if (isLit) kw.value = value;
        kwargs[kwName] = kw;
      } else {
        const arg = new LazyArg(isLit, t.slice(argStart, textEnd), this.lines, argStart, textEnd);
        if (isLit) arg.value = value;
        args.push(arg);
      }
      if (t.charCodeAt(i) === 44) i++;
      else if (i < to && t.charCodeAt(i) !== 41) {
        // A stray `]` or `}` ends the argument without `,` or `)`: the call is malformed (the Jinja syntax
        // check reports it). Skip past it rather than stand still on it.
        return i + 1;
      }
    }
    this.calls.push(new LazyCall(name, args, kwargs, literal, this.conditionalDepth > 0, this.lines, start, i));
    // Non-literal arguments may themselves hold calls (`config(x=ref('a'))`): rescan them.
    return literal ? i : paren + 1;
  }

  result(): ScanResult {
    const refs: RefCall[] = [];
    const sources: SourceCall[] = [];
    const config: Record<string, LiteralValue> = {};
    let isStatic = true;
    for (const call of this.calls) {
      if (!call.literal) {
        isStatic = false;
        continue;
      }
      if (call.name === 'ref') {
        const a = call.args;
        const strs = a.every((x) => typeof x.value === 'string');
        if (!strs || a.length < 1 || a.length > 2) {
          isStatic = false;
          continue;
        }
        const nameArg = a[a.length - 1];
        const ref: RefCall = new ScannedRef(nameArg.value as string, call, nameArg);
        if (a.length === 2) ref.package = a[0].value as string;
        const v = call.kwargs.v ?? call.kwargs.version;
        if (v && (typeof v.value === 'string' || typeof v.value === 'number')) ref.version = v.value;
        refs.push(ref);
      } else if (call.name === 'source') {
        const a = call.args;
        if (a.length !== 2 || typeof a[0].value !== 'string' || typeof a[1].value !== 'string') {
          isStatic = false;
          continue;
        }
        sources.push(new ScannedSource(a[0].value, a[1].value, call));
      } else {
        if (call.conditional) isStatic = false;
        for (const a of call.args) {
          if (a.value && typeof a.value === 'object' && !Array.isArray(a.value)) {
            for (const [k, v] of Object.entries(a.value)) config[configKey(k)] = v;
          }
        }
        for (const [k, a] of Object.entries(call.kwargs)) config[configKey(k)] = a.value as LiteralValue;
      }
    }
    return { calls: this.calls, refs, sources, config, static: isStatic, definitions: this.definitions, problems: this.problems };
  }
}

function configKey(k: string): string {
  return k === 'pre_hook' ? 'pre-hook' : k === 'post_hook' ? 'post-hook' : k;
}

/** Index of the `)` matching the `(` at `open`, or -1. */
function matchParen(t: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const c = t.charCodeAt(i);
    if (c === 39 || c === 34) {
      const e = skipString(t, i, to);
      if (e === -1) return -1;
      i = e - 1;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** End of a non-literal argument: the `,` or `)` at bracket depth 0 (string-aware). */
function skipExpression(t: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i);
    if (c === 39 || c === 34) {
      const e = skipString(t, i, to);
      if (e === -1) return to;
      i = e - 1;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) return i;
      depth--;
    } else if (c === 44 && depth === 0) return i;
  }
  return to;
}

function splitTopLevel(t: string, from: number, to: number): string[] {
  const parts: string[] = [];
  let i = from;
  while (i < to) {
    const e = skipExpression(t, i, to);
    parts.push(t.slice(i, e));
    i = e + 1;
  }
  return parts;
}

function findTopLevelEquals(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 39 || c === 34 || c === 40 || c === 91 || c === 123) return -1;
    if (c === 61) return i;
  }
  return -1;
}

const KEYWORDS: Record<string, LiteralValue> = { True: true, true: true, False: false, false: false, None: null, none: null };

/** Parses a Python/Jinja literal at `i`; undefined when the text there is not a literal. */
export function parseLiteral(t: string, i: number, to: number): { value: LiteralValue; end: number } | undefined {
  while (i < to && isSpace(t.charCodeAt(i))) i++;
  const c = t.charCodeAt(i);
  if (c === 39 || c === 34) {
    const e = skipString(t, i, to);
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
      while (j < to && isSpace(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === closeCh) return { value: out, end: j + 1 };
      const item = parseLiteral(t, j, to);
      if (!item) return undefined;
      out.push(item.value);
      j = item.end;
      while (j < to && isSpace(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === 44) j++;
      else if (t.charCodeAt(j) !== closeCh) return undefined;
    }
  }
  if (c === 123) {
    const out: { [key: string]: LiteralValue } = {};
    let j = i + 1;
    for (;;) {
      while (j < to && isSpace(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === 125) return { value: out, end: j + 1 };
      const key = parseLiteral(t, j, to);
      if (!key || (typeof key.value !== 'string' && typeof key.value !== 'number')) return undefined;
      j = key.end;
      while (j < to && isSpace(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) !== 58) return undefined;
      const val = parseLiteral(t, j + 1, to);
      if (!val) return undefined;
      out[String(key.value)] = val.value;
      j = val.end;
      while (j < to && isSpace(t.charCodeAt(j))) j++;
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

export function scanTemplate(text: string): ScanResult {
  const s = new Scanner(text);
  s.run();
  return s.result();
}
