// YAML reading with two speeds. Plain files go through yaml-fast.ts and keep only their text; everything else is
// read by yaml-dbt.ts the way dbt reads it (PyYAML's YAML 1.1, repeated keys allowed, past syntax errors). The
// `yaml` Document with node ranges is built lazily for a plain file, the first time a diagnostic needs a location.
import { isMap, isSeq, isScalar, isPair, type Document, type Node, type Pair } from 'yaml';
import type { Diagnostic, Range } from '../core/types';
import { LineIndex } from './line-index';
import { loadDbtYaml, parseDbtDocument } from './yaml-dbt';
import { loadSimpleYaml, NOT_SIMPLE } from './yaml-fast';

export type PathSegment = string | number;

/** `['models', 3, 'columns', 1]` → `models[3].columns[1]`, the way messages name a place in a file. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || '(document)';
}

export type RangePart = 'key' | 'value';

export class YamlSource {
  readonly lines: LineIndex;
  /** The parsed value; for a file with syntax errors, what reads without the lines that break it (or undefined). */
  readonly value: unknown;
  /** `bronze/yaml-syntax` errors (one per problem area) and `bronze/yaml-duplicate-key` warnings. */
  readonly diagnostics: Diagnostic[] = [];
  /** 0-based lines left out of `value` because they do not parse. */
  readonly skippedLines: ReadonlySet<number> = NO_LINES;
  private doc: Document | undefined;

  /** `repair: false`: a file with syntax errors gets its problems only, no value (see loadDbtYaml). */
  constructor(
    readonly file: string,
    readonly text: string,
    repair = true,
  ) {
    this.lines = new LineIndex(text);
    // The common plain shape is read by yaml-fast.ts (the same value, several times faster); anything else,
    // including every malformed file, by yaml-dbt.ts.
    const value = loadSimpleYaml(text);
    if (value !== NOT_SIMPLE) {
      this.value = value;
      return;
    }
    const read = loadDbtYaml(text, repair);
    this.value = read.value;
    this.doc = read.doc;
    this.skippedLines = read.skippedLines;
    for (const p of read.problems) {
      const range = this.lines.rangeOf(p.start, Math.max(p.end, p.start));
      this.diagnostics.push({ file, range, severity: p.severity, code: p.code, message: p.message });
    }
  }

  /** False when the file has a syntax error (dbt rejects it); repeated keys are only warnings. */
  get ok(): boolean {
    return !this.diagnostics.some((d) => d.code === 'bronze/yaml-syntax');
  }

  private document(): Document {
    if (!this.doc) this.doc = parseDbtDocument(this.text);
    return this.doc;
  }

  /**
   * The range of the node at `path` (a zod issue path). `key` gives the mapping key's range, `value` the
   * value's (first line only for collections). A path that does not fully exist (a missing required key)
   * resolves to the deepest existing ancestor.
   */
  rangeOf(path: readonly PathSegment[], part: RangePart = 'value'): Range {
    const doc = this.document();
    let cur: unknown = doc.contents;
    let lastPair: Pair | undefined;
    let resolved = 0;
    for (const seg of path) {
      if (isMap(cur)) {
        const pair = cur.items.findLast((p) => isScalar(p.key) && String(p.key.value) === String(seg)); // dbt keeps a repeated key's later value
        if (!pair) break;
        lastPair = pair;
        cur = pair.value;
      } else if (isSeq(cur) && typeof seg === 'number') {
        const item = cur.items[seg];
        if (item === undefined) break;
        lastPair = isPair(item) ? item : undefined;
        cur = isPair(item) ? item.value : item;
      } else break;
      resolved++;
    }
    const complete = resolved === path.length;
    const lastSegIsKey = complete && path.length > 0 && typeof path[path.length - 1] === 'string';
    if ((part === 'key' && lastSegIsKey) || (complete && !cur)) {
      const key = lastPair?.key as Node | undefined;
      if (key?.range) return this.lines.rangeOf(key.range[0], key.range[1]);
    }
    if (!complete && lastPair && isScalar(lastPair.key) && !isMap(cur) && !isSeq(cur)) {
      const key = lastPair.key as Node;
      if (key.range) return this.lines.rangeOf(key.range[0], key.range[1]);
    }
    const node = cur as Node | null | undefined;
    if (node && node.range) {
      const [start, end] = node.range;
      if (isMap(node) || isSeq(node)) return this.firstLine(start, end);
      return this.lines.rangeOf(start, end);
    }
    return this.lines.lineRangeAt(0);
  }

  private firstLine(start: number, end: number): Range {
    let stop = this.text.indexOf('\n', start);
    if (stop === -1 || stop > end) stop = end;
    while (stop > start && /\s/.test(this.text[stop - 1])) stop--;
    return this.lines.rangeOf(start, stop);
  }
}

const NO_LINES: ReadonlySet<number> = new Set();

export function parseYaml(file: string, text: string, repair = true): YamlSource {
  return new YamlSource(file, text, repair);
}
