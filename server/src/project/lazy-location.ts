// Where a schema.yml entry is declared, with its range worked out on first read. A big project has tens of
// thousands of test and source entries that keep a location for life, and only diagnostics, hover and
// navigation ever read one: one small object each instead of a location, a range and two positions.
import type { Range, SourceLocation } from '../core/types';
import { editorRange, type NameLocator } from './locate';

export class LazyLocation implements SourceLocation {
  readonly file: string;
  readonly #locator: NameLocator;
  readonly #offset: number;
  readonly #word: string;
  readonly #search: boolean;
  #range: Range | undefined;

  /**
   * `offset` is where `word` starts; with `search`, it is an anchor and the range is the first occurrence of
   * `word` at or after it (a test's name inside its model or column entry). A negative offset means the
   * file's first line, as `NameLocator.range` has it.
   */
  constructor(file: string, locator: NameLocator, offset: number, word: string, search = false) {
    this.file = file;
    this.#locator = locator;
    this.#offset = offset;
    this.#word = word;
    this.#search = search;
  }

  get range(): Range {
    if (!this.#range) {
      const at = this.#search && this.#offset >= 0 ? this.#locator.indexOf(this.#word, this.#offset) : this.#offset;
      this.#range = this.#locator.range(at, this.#word);
    }
    return editorRange(this.file, this.#range);
  }

  /** JSON (snapshots, logs) sees a plain location, range included. */
  toJSON(): SourceLocation {
    return { file: this.file, range: this.range };
  }
}
