// YAML reading with two speeds. Valid files go through js-yaml's `load` (about 4x faster than building a
// `yaml` Document, see performance-facts.md) and keep only their text; the `yaml` Document with node
// ranges is built lazily, the first time a diagnostic needs a location, or when the file does not parse.
import { load as jsYamlLoad, YAMLException } from 'js-yaml';
import { parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node, type Pair } from 'yaml';
import type { Diagnostic, Range } from '../core/types';
import { LineIndex } from './line-index';
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
  /** The parsed value; undefined when the file has a syntax error (or is empty). */
  readonly value: unknown;
  /** `bronze/yaml-syntax` problems, empty when the file parsed. */
  readonly diagnostics: Diagnostic[] = [];
  private doc: Document | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    // The common plain shape is read by yaml-fast.ts (same result as js-yaml, several times faster); anything
    // else, including every malformed file, by js-yaml.
    let value = loadSimpleYaml(text);
    if (value === NOT_SIMPLE) {
      try {
        value = jsYamlLoad(text, { filename: file });
      } catch (err) {
        value = undefined;
        this.reportSyntax(err);
      }
    }
    this.value = value;
  }

  get ok(): boolean {
    return this.diagnostics.length === 0;
  }

  private document(): Document {
    if (!this.doc) this.doc = parseDocument(this.text, { uniqueKeys: true, prettyErrors: false });
    return this.doc;
  }

  private reportSyntax(err: unknown): void {
    // The `yaml` parser gives start and end offsets of the offending token; prefer it for the location.
    const doc = this.document();
    for (const e of doc.errors) {
      let [start, end] = e.pos;
      // Errors found at the end of input (an unclosed `[`, quote …) point at the last character instead.
      if (start >= this.text.trimEnd().length) {
        start = Math.max(0, this.text.trimEnd().length - 1);
        end = start + 1;
      }
      const message = firstLine(e.message);
      this.diagnostics.push({
        file: this.file,
        range: this.lines.rangeOf(start, Math.max(end, start)),
        severity: 'error',
        code: 'bronze/yaml-syntax',
        message: `YAML syntax error: ${message}. Fix the YAML at this position; the rest of this file is ignored until it parses.`,
      });
    }
    if (this.diagnostics.length > 0) return;
    // The two parsers disagree (rare): fall back to js-yaml's mark.
    const mark = err instanceof YAMLException ? err.mark : undefined;
    const offset = mark ? mark.position : 0;
    const reason = err instanceof YAMLException ? err.reason : String(err);
    this.diagnostics.push({
      file: this.file,
      range: this.lines.rangeOf(offset, Math.min(offset + 1, this.text.length)),
      severity: 'error',
      code: 'bronze/yaml-syntax',
      message: `YAML syntax error: ${reason}. Fix the YAML at this position; the rest of this file is ignored until it parses.`,
    });
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
        const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
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

function firstLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return line.replace(/[.:]$/, '');
}

export function parseYaml(file: string, text: string): YamlSource {
  return new YamlSource(file, text);
}
