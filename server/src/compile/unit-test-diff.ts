// Comparing a unit test's actual rows with its expected rows as multisets (row order does not matter, repeats
// do), and the failure text: a table of the rows with `+++` for rows only the model returned, `---` for rows
// only expected, as dbt prints its diff.
import { YamlTimestamp } from '../core/yaml-python-values';

export type Row = Record<string, unknown>;

/** One cell as text: what the diff shows and what rows are compared by (same value and type → same text). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof YamlTimestamp) return cellText(v.toDate());
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().replace(/\.000Z$/, 'Z');
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

export interface RowDiff {
  equal: boolean;
  /** Rows in both, expected only, actual only (each row as its cells' texts in column order). */
  same: string[][];
  missing: string[][];
  extra: string[][];
}

/** Compares rows over `columns`; each side's row is looked up by its column name ignoring case. */
export function diffRows(columns: readonly string[], expected: readonly Row[], actual: readonly Row[]): RowDiff {
  const cells = (r: Row) => columns.map((c) => cellText(c in r ? r[c] : r[Object.keys(r).find((k) => k.toLowerCase() === c.toLowerCase()) ?? c]));
  const pool = new Map<string, string[][]>();
  for (const r of actual) {
    const t = cells(r);
    const key = JSON.stringify(t);
    const list = pool.get(key);
    if (list) list.push(t);
    else pool.set(key, [t]);
  }
  const same: string[][] = [];
  const missing: string[][] = [];
  for (const r of expected) {
    const t = cells(r);
    const list = pool.get(JSON.stringify(t));
    if (list && list.length > 0) {
      list.pop();
      same.push(t);
    } else missing.push(t);
  }
  const extra = [...pool.values()].flat();
  return { equal: missing.length === 0 && extra.length === 0, same, missing, extra };
}

/**
 * The diff as a table: a `@@` header of the column names, then `+++` rows (actual only), `---` rows (expected
 * only) and the rows both have, each column padded to its widest cell.
 */
export function formatRowDiff(columns: readonly string[], diff: RowDiff): string {
  const lines: [string, string[]][] = [['@@', [...columns]], ...diff.extra.map((r): [string, string[]] => ['+++', r]), ...diff.missing.map((r): [string, string[]] => ['---', r]), ...diff.same.map((r): [string, string[]] => ['', r])];
  const widths = columns.map((_c, i) => Math.max(...lines.map(([, cells]) => (cells[i] ?? '').length)));
  const body = lines.map(([mark, cells]) => `${mark.padEnd(3)} | ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')}`.trimEnd());
  return `actual differs from expected:\n\n${body.join('\n')}`;
}
