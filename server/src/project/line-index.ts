// Offset ↔ line/character conversion. Shared by the YAML reader and the Jinja scanner so both report
// LSP-style 0-based positions (characters are UTF-16 code units, which is what JS string offsets are).
import type { Position, Range } from '../core/types';

export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  /** Start offset of every line; built on first use because most files never need a position. */
  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const t = this.text;
    let i = t.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = t.indexOf('\n', i + 1);
    }
    this.starts = starts;
    return starts;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: off - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.lineStarts();
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] : this.text.length;
    return Math.min(starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The range of the line holding `offset`, without its line break. */
  lineRangeAt(offset: number): Range {
    const start = this.positionAt(offset);
    const startOff = offset - start.character;
    let end = this.text.indexOf('\n', startOff);
    if (end === -1) end = this.text.length;
    if (end > startOff && this.text[end - 1] === '\r') end--;
    return this.rangeOf(startOff, end);
  }
}
