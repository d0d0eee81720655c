// Cheap locations for schema.yml entries. Building a `yaml` Document with ranges for every file costs ~4x a
// plain parse (performance-facts.md), yet nodes need a location to jump to. Entries appear in document
// order, so a forward text search for `name: <value>` from the parent's offset finds them in one pass.
import type { Range } from '../core/types';
import type { LineIndex } from './line-index';

// What `find` matches: `name:` (not part of a longer key), optional spaces, the value, optionally quoted:
// /(?<![\w-])name[ \t]*:[ \t]*(['"]?)([^\s'",}\]#]+)\1/

export class NameLocator {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  /**
   * Offset of the first `name: <name>` value at or after `from`, or -1 — the first match of NAME_RE at or after
   * `from` whose value is `name`. Entries are looked up in document order from their parent's offset, so a plain
   * text search for the value, checked backwards for `name:` and forwards for the end of the value, stays local
   * (no index of every `name:` in the file is built).
   */
  find(name: string, from = 0): number {
    if (name === '' || /[\s'",}\]#]/.test(name)) return -1;
    const t = this.text;
    for (let i = t.indexOf(name, Math.max(0, from)); i !== -1; i = t.indexOf(name, i + 1)) {
      let k = i - 1;
      const quote = t[k] === "'" || t[k] === '"' ? t[k] : '';
      if (quote) k--;
      while (k >= 0 && (t[k] === ' ' || t[k] === '\t')) k--;
      if (t[k] !== ':') continue;
      k--;
      while (k >= 0 && (t[k] === ' ' || t[k] === '\t')) k--;
      if (k < 3 || t.slice(k - 3, k + 1) !== 'name') continue;
      if (k >= 4 && /[\w-]/.test(t[k - 4])) continue;
      const after = t[i + name.length];
      if (quote ? after !== quote : after !== undefined && !/[\s'",}\]#]/.test(after)) continue;
      return i;
    }
    return -1;
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

// While the editor shows a file at another text than the one its declarations were read from (the language server
// holds a schema file that does not parse at its last good text), ranges read from the parse are mapped onto the
// editor's text, so a location never points outside the document the user sees.
const editorShifts = new Map<string, (r: Range) => Range>();

/** Maps ranges of `file` through `shift` (undefined: the editor's text is the parsed one again). */
export function setEditorShift(file: string, shift: ((r: Range) => Range) | undefined): void {
  if (shift) editorShifts.set(file, shift);
  else editorShifts.delete(file);
}

/** `r`, a range in the parsed text of `file`, in the editor's text of it. */
export function editorRange(file: string, r: Range): Range {
  if (editorShifts.size === 0) return r;
  const shift = editorShifts.get(file);
  return shift ? shift(r) : r;
}

/**
 * Maps positions of `from` onto `to` by their common leading and trailing lines (an edit changes one region):
 * lines before the region keep their place, lines after it move by the change in line count, and positions inside
 * it go to the region's start.
 */
export function lineShift(from: string, to: string): (r: Range) => Range {
  const a = from.split('\n');
  const b = to.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const pos = (p: Range['start']) => {
    if (p.line < head) return p;
    if (p.line >= a.length - tail) return { line: p.line + b.length - a.length, character: p.character };
    return { line: head, character: 0 };
  };
  return (r) => ({ start: pos(r.start), end: pos(r.end) });
}

