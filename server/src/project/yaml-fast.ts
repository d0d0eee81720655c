// A fast reader for the plain shape most schema.yml files have: block mappings and sequences, plain or simply
// quoted one-line scalars, short flow lists, comments. It gives exactly what yaml-dbt.ts (dbt's reading: PyYAML,
// YAML 1.1) gives for such text — checked against it on every fixture and on random mutations — and gives up,
// returning NOT_SIMPLE so the caller uses yaml-dbt.ts, at the first thing outside that shape: anchors, tags,
// block or multi-line scalars, escapes, flow mappings, duplicate keys, tabs, document markers, or anything
// malformed (yaml-dbt.ts then reports the error). Building a `yaml` Document is most of a big project's first
// load; this reads the common case in a fraction of its time.
import { resolvePlain } from './yaml-dbt';

export const NOT_SIMPLE: unique symbol = Symbol('not simple YAML');

interface Line {
  indent: number;
  /** The line's text after its indentation, without a trailing comment or spaces. */
  text: string;
}

class NotSimple extends Error {}
const bail = (): never => {
  throw new NotSimple();
};

const KEY = /^([A-Za-z_+][A-Za-z0-9_.+-]*):(?: +(.*))?$/;

/** Splits `text` into content lines (comments and blank lines dropped). */
function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) bail();
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let i = pos;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    if (i < lineEnd) {
      const c = text.charCodeAt(i);
      if (c === 9) bail(); // a tab in the indentation
      if (c !== 35 /* # */) {
        const raw = text.slice(i, lineEnd);
        if (i === pos && (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%'))) bail();
        out.push({ indent: i - pos, text: stripComment(raw) });
      }
    }
    pos = end + 1;
  }
  return out;
}

/** The line without a ` #` comment; quotes that could hide a `#` send the file to yaml-dbt.ts. */
function stripComment(raw: string): string {
  let s = raw;
  const hash = s.indexOf(' #');
  if (hash !== -1) {
    if (s.indexOf("'") !== -1 || s.indexOf('"') !== -1) {
      const q = Math.min(...[s.indexOf("'"), s.indexOf('"')].filter((x) => x !== -1));
      if (q < hash) bail();
    }
    s = s.slice(0, hash);
    // A comment after `-` or `key:` with the value on the next lines: parsers disagree about where such a
    // block ends (an empty item may swallow a less indented sequence that follows), so those files go to it.
    const rest = s.trimEnd();
    if (rest === '-' || rest.endsWith(' -') || rest.endsWith(':')) bail();
  }
  if (s.indexOf('\t') !== -1) bail();
  return s.trimEnd();
}

/** A one-line scalar as dbt's YAML reader resolves it (yaml-dbt.ts: PyYAML's YAML 1.1 types). */
function scalar(v: string): unknown {
  const c = v.charCodeAt(0);
  if (c === 39 /* ' */) {
    if (v.length < 2 || v.charCodeAt(v.length - 1) !== 39) bail();
    const inner = v.slice(1, -1);
    if (inner.replace(/''/g, '').indexOf("'") !== -1) bail();
    return inner.replace(/''/g, "'");
  }
  if (c === 34 /* " */) {
    if (v.length < 2 || v.charCodeAt(v.length - 1) !== 34) bail();
    const inner = v.slice(1, -1);
    if (inner.indexOf('"') !== -1 || inner.indexOf('\\') !== -1) bail();
    return inner;
  }
  if (c === 91 /* [ */) return flowList(v);
  if (v === '{}') return {};
  // Indicators and anything that the YAML parser reads as structure.
  if (/^[-?:](?: |$)/.test(v) || /^[{}\]#&*!|>%@`,]/.test(v)) bail();
  if (v.indexOf(': ') !== -1 || v.endsWith(':') || v.indexOf(' #') !== -1) bail();
  // Merge keys and PyYAML's `=` (a tag with no constructor) are left to the dbt-compatible reader.
  if (v === '<<' || v === '=') bail();
  return resolvePlain(v);
}

/** `[a, 'b', 3]` with one-line scalar items only. */
function flowList(v: string): unknown[] {
  if (v.charCodeAt(v.length - 1) !== 93 /* ] */) bail();
  const inner = v.slice(1, -1).trim();
  if (inner === '') return [];
  if (/[[\]{}]/.test(inner)) bail();
  const items = inner.split(',');
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i].trim();
    if (item === '') {
      if (i === items.length - 1) break; // a trailing comma
      bail();
    }
    // Quotes with a comma inside were split apart: leave those to yaml-dbt.ts.
    const q = item.charCodeAt(0);
    if ((q === 39 || q === 34) && (item.length < 2 || item.charCodeAt(item.length - 1) !== q)) bail();
    if (q !== 39 && q !== 34 && (item.indexOf(':') !== -1 || item.indexOf('#') !== -1)) bail();
    out.push(scalar(item));
  }
  return out;
}

class Reader {
  private i = 0;

  constructor(private readonly lines: Line[]) {}

  document(): unknown {
    if (this.lines.length === 0) return undefined;
    const value = this.block(this.lines[0].indent);
    if (this.i !== this.lines.length) bail();
    return value;
  }

  private block(indent: number): unknown {
    const line = this.lines[this.i];
    return isItem(line.text) ? this.sequence(indent) : this.mapping(indent, undefined);
  }

  /** A block mapping at `indent`; `first` is its first `key: rest` when it started on a `- ` line. */
  private mapping(indent: number, first: RegExpExecArray | undefined): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    let pending = first;
    for (;;) {
      let m = pending;
      pending = undefined;
      if (!m) {
        const line = this.lines[this.i];
        if (!line || line.indent < indent) return obj;
        if (line.indent > indent || isItem(line.text)) bail();
        m = KEY.exec(line.text) ?? bail();
        this.i++;
      }
      const key = m[1];
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(obj, key)) bail();
      if (typeof resolvePlain(key) !== 'string') bail(); // `yes:`, `null:`: PyYAML's key is no string
      const rest = m[2];
      if (rest !== undefined && rest !== '') obj[key] = scalar(rest);
      else obj[key] = this.nested(indent);
    }
  }

  /** The value of `key:` with nothing after it: a more indented block, a sequence at the same indent, or null. */
  private nested(indent: number): unknown {
    const next = this.lines[this.i];
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && next.indent === indent && isItem(next.text)) return this.sequence(indent);
    return null;
  }

  private sequence(indent: number): unknown[] {
    const arr: unknown[] = [];
    for (;;) {
      const line = this.lines[this.i];
      if (!line || line.indent < indent) return arr;
      if (line.indent > indent || !isItem(line.text)) bail();
      this.i++;
      const after = line.text.slice(1);
      const rest = after.trimStart();
      if (rest === '') {
        const next = this.lines[this.i];
        // An empty item (null): a less indented `- …` after it may join this sequence (js-yaml); leave it out.
        if (!next || next.indent <= indent) bail();
        arr.push(this.block(next.indent));
        continue;
      }
      if (isItem(rest)) bail(); // `- - x`
      const m = KEY.exec(rest);
      if (m) {
        // `- key: value`: a mapping whose keys line up with this first one.
        const keyIndent = indent + 1 + (after.length - rest.length);
        arr.push(this.mapping(keyIndent, m));
      } else arr.push(scalar(rest));
    }
  }
}

function isItem(text: string): boolean {
  return text.charCodeAt(0) === 45 /* - */ && (text.length === 1 || text.charCodeAt(1) === 32);
}

/** yaml-dbt.ts's value for `text`, or NOT_SIMPLE when the text is outside the shape this reader accepts. */
export function loadSimpleYaml(text: string): unknown | typeof NOT_SIMPLE {
  try {
    return new Reader(linesOf(text)).document();
  } catch (err) {
    if (err instanceof NotSimple) return NOT_SIMPLE;
    throw err;
  }
}
