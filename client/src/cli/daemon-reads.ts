// What the check daemon knows of each file its project read, kept for as long as the daemon lives: the md5 of the
// text it read and the file's identity then (input-log.ts `fileIdentity`: inode, size, mtime, ctime) and the time of
// the read. One object and two strings per file (an md5 in hex, an identity built by concatenation) were ~300 bytes
// a file, 3 MB for a 10,000-model project; here a file is a row of flat arrays (~100 bytes with its map entry).
import type { Stats } from 'node:fs';

/** A file's read as the input log records it: md5 hex of the text (null: unreadable), identity (null: absent). */
export interface FileRead {
  v: string | null;
  s: string | null;
  t: number;
}

// Per row in `nums`: inode, size, mtimeMs, ctimeMs (as fileIdentity joins them), the time of the read.
const NUMS = 5;
const MD5_BYTES = 16;
const NO_TEXT = 1;
const NO_FILE = 2;

export class DaemonReads {
  private readonly rows = new Map<string, number>();
  private nums = new Float64Array(0);
  private md5s = new Uint8Array(0);
  private flags = new Uint8Array(0);

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
    this.nums = new Float64Array(0);
    this.md5s = new Uint8Array(0);
    this.flags = new Uint8Array(0);
  }

  /** The files in the order they were first read. */
  paths(): IterableIterator<string> {
    return this.rows.keys();
  }

  set(p: string, read: FileRead): void {
    let row = this.rows.get(p);
    if (row === undefined) {
      row = this.rows.size;
      this.grow(row + 1);
      this.rows.set(p, row);
    }
    let flags = 0;
    if (read.v === null) flags |= NO_TEXT;
    else if (!/^[0-9a-f]{32}$/.test(read.v)) throw new Error(`not an md5 in hex: ${read.v}`);
    else this.md5s.set(Buffer.from(read.v, 'hex'), row * MD5_BYTES);
    const at = row * NUMS;
    if (read.s === null) flags |= NO_FILE;
    else {
      // fileIdentity's four numbers: String → Number gives back the exact double each was written from.
      const parts = read.s.split(':');
      if (parts.length !== 4) throw new Error(`not a file identity: ${read.s}`);
      for (let k = 0; k < 4; k++) this.nums[at + k] = Number(parts[k]);
    }
    this.nums[at + 4] = read.t;
    this.flags[row] = flags;
  }

  get(p: string): FileRead | undefined {
    const row = this.rows.get(p);
    if (row === undefined) return undefined;
    const f = this.flags[row];
    const at = row * NUMS;
    return {
      v: f & NO_TEXT ? null : Buffer.from(this.md5s.subarray(row * MD5_BYTES, (row + 1) * MD5_BYTES)).toString('hex'),
      s: f & NO_FILE ? null : `${this.nums[at]}:${this.nums[at + 1]}:${this.nums[at + 2]}:${this.nums[at + 3]}`,
      t: this.nums[at + 4],
    };
  }

  /**
   * Whether `st` (undefined: the file is absent) is the identity recorded for `p` — as comparing fileIdentity(st)
   * with the recorded string, without building it.
   */
  sameIdentity(p: string, st: Stats | undefined): boolean {
    const row = this.rows.get(p);
    if (row === undefined) return false;
    if (this.flags[row] & NO_FILE) return st === undefined;
    if (st === undefined) return false;
    const at = row * NUMS;
    const n = this.nums;
    return n[at] === st.ino && n[at + 1] === st.size && n[at + 2] === st.mtimeMs && n[at + 3] === st.ctimeMs;
  }

  /** When `p` was read (Date.now() just before), or undefined. */
  readAt(p: string): number | undefined {
    const row = this.rows.get(p);
    return row === undefined ? undefined : this.nums[row * NUMS + 4];
  }

  /** Whether the text read of `p` had md5 `v` (null: was unreadable). */
  sameText(p: string, v: string | null): boolean {
    const row = this.rows.get(p);
    if (row === undefined) return false;
    if (this.flags[row] & NO_TEXT) return v === null;
    if (v === null) return false;
    return Buffer.from(v, 'hex').equals(this.md5s.subarray(row * MD5_BYTES, (row + 1) * MD5_BYTES));
  }

  private grow(rows: number): void {
    if (rows * NUMS <= this.nums.length) return;
    const cap = Math.max(64, rows * 2);
    const nums = new Float64Array(cap * NUMS);
    nums.set(this.nums);
    const md5s = new Uint8Array(cap * MD5_BYTES);
    md5s.set(this.md5s);
    const flags = new Uint8Array(cap);
    flags.set(this.flags);
    this.nums = nums;
    this.md5s = md5s;
    this.flags = flags;
  }
}
