// The loader's facts of a Jinja-SQL file, read off the one Jinja scan (template/scan.ts): the `ref(...)`,
// `source(...)` and `config(...)` calls with exact ranges and parsed literal arguments, and the `{% macro %}` /
// `{% test %}` / `{% docs %}` blocks. When every call has literal arguments (and no config() sits under an
// if/for) the template is "static": its dependencies and config are known without rendering it, which is what
// makes large projects fast.
import type { Range, RefCall, SourceCall } from '../core/types';
import { isPlainObject } from '../core/plain';
import { LineIndex } from './line-index';
import { identChar } from '../template/tags';
import { materializationAdapter } from '../template/materialization-lookup';
import { parseLiteral, scanJinja, type CallInfo, type CallShape, type JinjaScan, type LiteralValue, type Tag } from '../template/scan';

export { parseLiteral, type LiteralValue };


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
/** A record with a span of the scanned text: its range is worked out from the offsets when read. */
class Located {
  readonly #lines: LineIndex;
  readonly #start: number;
  readonly #end: number;

  constructor(lines: LineIndex, start: number, end: number) {
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.#start, this.#end);
  }

  /** The record's offsets in the text. */
  span(): [number, number] {
    return [this.#start, this.#end];
  }

  /** The line index of the scanned text (shared by every record of one scan). */
  lineIndex(): LineIndex {
    return this.#lines;
  }
}

class LazyArg extends Located implements ScannedArg {
  declare value?: LiteralValue;
  readonly literal: boolean;
  readonly text: string;

  constructor(literal: boolean, text: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.literal = literal;
    this.text = text;
  }

  toJSON(): ScannedArg {
    return { ...('value' in this ? { value: this.value } : {}), literal: this.literal, text: this.text, range: this.range };
  }
}

class LazyKwarg extends LazyArg implements ScannedKwarg {
  readonly #nameStart: number;
  readonly #nameEnd: number;

  constructor(literal: boolean, text: string, lines: LineIndex, start: number, end: number, nameStart: number, nameEnd: number) {
    super(literal, text, lines, start, end);
    this.#nameStart = nameStart;
    this.#nameEnd = nameEnd;
  }

  get nameRange(): Range {
    return this.lineIndex().rangeOf(this.#nameStart, this.#nameEnd);
  }

  override toJSON(): ScannedKwarg {
    return { ...super.toJSON(), nameRange: this.nameRange };
  }
}

class LazyCall extends Located implements ScannedCall {
  readonly name: CallName;
  readonly args: LazyArg[];
  readonly kwargs: Record<string, ScannedKwarg>;
  readonly literal: boolean;
  readonly conditional: boolean;

  constructor(name: CallName, args: LazyArg[], kwargs: Record<string, ScannedKwarg>, literal: boolean, conditional: boolean, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.name = name;
    this.args = args;
    this.kwargs = kwargs;
    this.literal = literal;
    this.conditional = conditional;
  }

  toJSON(): ScannedCall {
    return { name: this.name, range: this.range, args: this.args, kwargs: this.kwargs, literal: this.literal, conditional: this.conditional };
  }
}

// A model's ref() and source() calls, kept by its node for life: ranges (read only by navigation and quick
// fixes) are worked out from offsets when read, so a load computes no line index for them. They keep the offsets,
// not the call records: a call's argument and keyword records (~500 bytes a model) then die with the load.
class ScannedRef extends Located implements RefCall {
  declare package?: string;
  declare version?: string | number;
  readonly name: string;
  readonly #nameStart: number;
  readonly #nameEnd: number;

  constructor(name: string, call: LazyCall, nameArg: LazyArg) {
    super(call.lineIndex(), ...call.span());
    this.name = name;
    [this.#nameStart, this.#nameEnd] = nameArg.span();
  }

  get nameRange(): Range {
    return this.lineIndex().rangeOf(this.#nameStart, this.#nameEnd);
  }

  toJSON(): RefCall {
    return { name: this.name, ...(this.package !== undefined ? { package: this.package } : {}), ...(this.version !== undefined ? { version: this.version } : {}), range: this.range, nameRange: this.nameRange };
  }
}

class ScannedSource extends Located implements SourceCall {
  readonly sourceName: string;
  readonly tableName: string;
  readonly #sourceStart: number;
  readonly #sourceEnd: number;
  readonly #tableStart: number;
  readonly #tableEnd: number;

  constructor(sourceName: string, tableName: string, call: LazyCall, sourceArg: LazyArg, tableArg: LazyArg) {
    super(call.lineIndex(), ...call.span());
    this.sourceName = sourceName;
    this.tableName = tableName;
    [this.#sourceStart, this.#sourceEnd] = sourceArg.span();
    [this.#tableStart, this.#tableEnd] = tableArg.span();
  }

  get sourceNameRange(): Range {
    return this.lineIndex().rangeOf(this.#sourceStart, this.#sourceEnd);
  }

  get tableNameRange(): Range {
    return this.lineIndex().rangeOf(this.#tableStart, this.#tableEnd);
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
  /** A materialization's `adapter='…'` ('default' when it names none), as the lexer reads it. */
  adapter?: string;
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
/** Statement tags whose calls are not the model's: definitions (their signature) and the ends of blocks. */
const NO_CALLS = new Set(['endif', 'endfor', 'macro', 'test', 'docs', 'materialization', 'endmacro', 'endtest', 'enddocs', 'endmaterialization']);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The loader's facts, read off the one Jinja scan (template/scan.ts). */
class Facts {
  private readonly lines: LineIndex;
  private readonly t: string;
  readonly calls: LazyCall[] = [];
  readonly definitions: TemplateDefinition[] = [];
  readonly problems: ScanProblem[] = [];
  private readonly openDefs: { kind: DefinitionKind; start: number; bodyStart: number; name: string; nameStart: number; args: string[]; defaults: Record<string, string>; adapter?: string }[] = [];

  constructor(private readonly scan: JinjaScan) {
    this.t = scan.text;
    this.lines = new LineIndex(scan.text);
  }

  private range(a: number, b: number): Range {
    return this.lines.rangeOf(a, b);
  }

  run(): void {
    const { scan } = this;
    // A tag that runs to the end of the text is not read: what it holds is not what the user meant.
    const read = scan.truncated ? scan.tags.length - 1 : scan.tags.length;
    const calls = scan.calls;
    const byTag = new Map<Tag, CallInfo[]>();
    for (const c of calls) {
      const list = byTag.get(c.tag);
      if (list) list.push(c);
      else byTag.set(c.tag, [c]);
    }
    for (let k = 0; k < read; k++) {
      const tag = scan.tags[k];
      if (tag.kind === 'comment') continue;
      const inTag = byTag.get(tag) ?? [];
      if (tag.kind === 'stmt') {
        const word = tag.keyword;
        const kind = DEF_TAGS[word];
        if (kind) this.openDefinition(kind, tag, scan.split[k].keywordStart + word.length, inTag);
        else if (word.startsWith('end') && DEF_TAGS[word.slice(3)]) this.closeDefinition(word, tag);
        if (NO_CALLS.has(word)) continue;
      }
      this.addCalls(tag, inTag, tag.kind === 'stmt' ? scan.split[k].keywordStart + tag.keyword.length : tag.innerStart);
    }
    if (scan.problem) this.problems.push({ message: scan.problem.message, range: this.range(scan.problem.start, scan.problem.end) });
    for (const d of this.openDefs) {
      this.problems.push({ message: `\`{% ${d.kind} ${d.name} %}\` is never closed: add \`{% end${d.kind} %}\`.`, range: this.range(d.start, d.bodyStart) });
    }
  }

  private closeDefinition(word: string, tag: Tag): void {
    const kind = word.slice(3) as DefinitionKind;
    const idx = this.openDefs.map((d) => d.kind).lastIndexOf(kind);
    if (idx === -1) {
      this.problems.push({ message: `\`{% ${word} %}\` has no matching \`{% ${kind} %}\`: remove it or add the opening tag.`, range: this.range(tag.start, tag.end) });
      return;
    }
    const d = this.openDefs.splice(idx, 1)[0];
    this.definitions.push({
      kind: d.kind,
      name: d.name,
      nameRange: this.range(d.nameStart, d.nameStart + d.name.length),
      args: d.args,
      defaults: d.defaults,
      range: this.range(d.start, tag.end),
      body: this.t.slice(d.bodyStart, tag.start),
      ...(d.adapter !== undefined ? { adapter: d.adapter } : {}),
    });
  }

  /** `{% macro name(a, b=1) %}`: the name after the keyword ending at `from`, and the signature call's arguments. */
  private openDefinition(kind: DefinitionKind, tag: Tag, from: number, inTag: CallInfo[]): void {
    const t = this.t;
    let i = from;
    while (i < tag.innerEnd && isSpace(t.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < tag.innerEnd && identChar(t.charCodeAt(i))) i++;
    const name = t.slice(nameStart, i);
    if (!name) {
      this.problems.push({ message: `\`{% ${kind} %}\` needs a name, e.g. \`{% ${kind} my_name(arg) %}\`.`, range: this.range(tag.start, tag.end) });
    }
    const args: string[] = [];
    const defaults: Record<string, string> = {};
    const signature = inTag.find((c) => c.nameStart === nameStart && c.nameEnd === i);
    if (signature) {
      // The parameter list ends at its `)` or at the first bracket that closes nothing.
      const shape = this.scan.shape(signature);
      for (const a of signature.args) {
        if (shape.stray >= 0 && a.end > shape.stray) break;
        const part = a.keyword !== undefined ? `${a.keyword}=${t.slice(a.start, a.end)}` : t.slice(a.start, a.end);
        const eq = a.keyword !== undefined ? a.keyword.length : defaultAt(part);
        const argName = (eq === -1 ? part : part.slice(0, eq)).trim();
        if (!argName) continue;
        args.push(argName);
        if (eq !== -1) defaults[argName] = part.slice(eq + 1).trim();
      }
    }
    // `{% materialization name, adapter='snowflake' %}` (or `, default`, or nothing: the default one).
    const adapter = kind === 'materialization' ? materializationAdapter(t.slice(i, tag.innerEnd)) : undefined;
    this.openDefs.push({ kind, start: tag.start, bodyStart: tag.end, name, nameStart, args, defaults, ...(adapter !== undefined ? { adapter } : {}) });
  }

  /**
   * The tag's ref/source/config calls as the loader records them: only calls whose argument list closes
   * cleanly (a malformed one is the syntax check's to report), and none from inside such a list.
   */
  private addCalls(tag: Tag, inTag: CallInfo[], from: number): void {
    const t = this.t;
    const conditional = tag.keyword === 'if' || tag.keyword === 'for' || tag.blocks.some((b) => b.keyword === 'if' || b.keyword === 'for');
    let skipFrom = -1;
    let skipTo = -1;
    for (const call of inTag) {
      if (!CALLS.has(call.name) || call.nameStart < from || (call.nameStart > skipFrom && call.nameStart <= skipTo)) continue;
      const shape = this.scan.shape(call);
      if (!shape.closed || shape.stray >= 0) {
        skipFrom = shape.paren;
        skipTo = shape.closed ? shape.stray : tag.innerEnd;
        continue;
      }
      this.calls.push(this.scannedCall(call as CallInfo & { name: CallName }, shape, conditional));
    }
  }

  private scannedCall(call: CallInfo & { name: CallName }, shape: CallShape, conditional: boolean): LazyCall {
    const t = this.t;
    const args: LazyArg[] = [];
    const kwargs: Record<string, ScannedKwarg> = {};
    let literal = shape.empties.length === 0;
    let empty = 0;
    const addEmpties = (before: number) => {
      for (; empty < shape.empties.length && shape.empties[empty] < before; empty++) {
        const at = shape.empties[empty];
        args.push(new LazyArg(false, '', this.lines, at, at));
      }
    };
    for (const a of call.args) {
      addEmpties(a.start);
      let value: LiteralValue | undefined = a.value;
      let isLit = a.literal;
      if (!isLit && a.end > a.start) {
        const c = t.charCodeAt(a.start);
        if (c === 91 || c === 40 || c === 123) {
          const lit = parseLiteral(t, a.start, a.end);
          if (lit && lit.end === a.end) {
            isLit = true;
            value = lit.value;
          }
        }
      }
      if (!isLit) literal = false;
      if (a.keyword !== undefined) {
        let kwStart = a.start;
        while (kwStart > call.nameEnd && t.charCodeAt(kwStart - 1) !== 61) kwStart--;
        kwStart--;
        while (kwStart > call.nameEnd && isSpace(t.charCodeAt(kwStart - 1))) kwStart--;
        kwStart -= a.keyword.length;
        let start = a.start;
        if (start === a.end) while (isSpace(t.charCodeAt(start))) start++;
        const kw = new LazyKwarg(isLit, t.slice(start, a.end < start ? start : a.end), this.lines, start, Math.max(start, a.end), kwStart, kwStart + a.keyword.length);
        if (isLit) kw.value = value;
        kwargs[a.keyword] = kw;
      } else {
        const arg = new LazyArg(isLit, t.slice(a.start, a.end), this.lines, a.start, a.end);
        if (isLit) arg.value = value;
        args.push(arg);
      }
    }
    addEmpties(call.end);
    return new LazyCall(call.name, args, kwargs, literal, conditional, this.lines, call.start, call.end);
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
        sources.push(new ScannedSource(a[0].value, a[1].value, call, a[0], a[1]));
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

/** Where a parameter's `=` default starts (before any string or bracket), or -1. */
function defaultAt(part: string): number {
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c === 39 || c === 34 || c === 40 || c === 91 || c === 123) return -1;
    if (c === 61) return i;
  }
  return -1;
}

function configKey(k: string): string {
  return k === 'pre_hook' ? 'pre-hook' : k === 'post_hook' ? 'post-hook' : k;
}

/**
 * A `config()` call's settings as written: a literal dict argument's entries, then each keyword's value — or its text
 * when it is an expression, as dbt keeps it unrendered. What the model and snapshot loaders both record.
 */
export function configAsWritten(call: ScannedCall): Record<string, unknown> {
  const written: Record<string, unknown> = {};
  for (const a of call.args) if (a.literal && isPlainObject(a.value)) Object.assign(written, a.value);
  for (const k in call.kwargs) written[k] = call.kwargs[k].literal ? call.kwargs[k].value : call.kwargs[k].text;
  return written;
}

/** The loader's facts of a template: its literal ref/source/config calls, definitions and problems. */
export function scanTemplate(text: string, scan: JinjaScan = scanJinja(text)): ScanResult {
  const f = new Facts(scan);
  f.run();
  return f.result();
}
