// Cheap locations for schema.yml entries. Building a `yaml` Document with ranges for every file costs ~4x a
// plain parse (performance-facts.md), yet nodes need a location to jump to. Entries appear in document
// order, so a forward text search for `name: <value>` from the parent's offset finds them in one pass.
import type { Range } from '../core/types';
import type { LineIndex } from './line-index';

const NAME_RE = /(?<![\w-])name[ \t]*:[ \t]*(['"]?)([^\s'",}\]#]+)\1/g;

export class NameLocator {
  private index: Map<string, number[]> | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  private build(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    NAME_RE.lastIndex = 0;
    for (let m = NAME_RE.exec(this.text); m; m = NAME_RE.exec(this.text)) {
      const value = m[2];
      const start = m.index + m[0].length - value.length - m[1].length;
      let list = index.get(value);
      if (!list) index.set(value, (list = []));
      list.push(start);
    }
    return index;
  }

  /** Offset of the first `name: <name>` value at or after `from`, or -1. */
  find(name: string, from = 0): number {
    const list = (this.index ??= this.build()).get(name);
    if (!list) return -1;
    // Offsets are ascending: binary search (a name like `id` occurs hundreds of times in a big schema.yml).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list[lo] : -1;
  }

  /** Offset of the top-level `key:` (e.g. `models:`), or 0. */
  section(key: string): number {
    const m = new RegExp(`^${key}[ \\t]*:`, 'm').exec(this.text);
    return m ? m.index : 0;
  }

  /** Range of `word` starting at `offset`, or of the first line when the offset is unknown. */
  range(offset: number, word: string): Range {
    if (offset < 0) return this.lines.lineRangeAt(0);
    return this.lines.rangeOf(offset, offset + word.length);
  }

  /** Offset of `word` at or after `from` (plain text search), or -1. */
  indexOf(word: string, from: number): number {
    return this.text.indexOf(word, Math.max(0, from));
  }
}
