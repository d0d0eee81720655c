// Two previews of "the same" rows side by side (two targets, or a model before/after an unsaved edit): which
// columns only one side has, which rows only one side has, and which rows differ — by key columns when given,
// else by whole rows (a multiset: a row twice on one side and once on the other is one extra row).
import { snowflakeTypeName } from '../warehouse/snowflake-type-name';
import type { QueryColumn } from '../warehouse/warehouse';

export interface ComparedSide {
  label: string;
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  /** The side was cut at the row cap: rows "only here" may exist on the other side past its cap. */
  truncated?: boolean;
}

export interface RowDifference {
  key: Record<string, unknown>;
  /** Column → [left value, right value], only the columns that differ. */
  changes: Record<string, [unknown, unknown]>;
}

export interface Comparison {
  left: string;
  right: string;
  key: string[] | null;
  columnsOnlyLeft: string[];
  columnsOnlyRight: string[];
  /** Columns both have whose types differ in Snowflake's terms: [left type, right type] as each side named it. */
  typeChanges: Record<string, [string, string]>;
  onlyLeft: Record<string, unknown>[];
  onlyRight: Record<string, unknown>[];
  changed: RowDifference[];
  same: number;
  /** Totals (the lists above hold at most `sampleLimit` rows each). */
  counts: { onlyLeft: number; onlyRight: number; changed: number };
  /** Either side was truncated: the row differences are only about the rows read. */
  partial: boolean;
}

/** A value as a comparable text (bigint, Date, nested JSON; NULL apart from the string 'null'). */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return '\u0000null';
  if (v instanceof Date) return `d:${v.toISOString()}`;
  if (typeof v === 'bigint') return `n:${v.toString()}`;
  if (typeof v === 'number') return `n:${String(v)}`;
  if (typeof v === 'object') return `j:${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}`;
  return `${typeof v}:${String(v)}`;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * A type in Snowflake's vocabulary, so that the twin's DuckDB names (TIMESTAMP, BIGINT, DOUBLE) equal the Snowflake
 * types they stand in for (TIMESTAMP_NTZ, NUMBER(38,0), FLOAT); a name with no counterpart is compared as given.
 */
const sameType = (a: string, b: string): boolean => (snowflakeTypeName(a) ?? a.toUpperCase()) === (snowflakeTypeName(b) ?? b.toUpperCase());

export function compareResults(left: ComparedSide, right: ComparedSide, key: string[] | null = null, sampleLimit = 200): Comparison {
  const rightCols = new Map(right.columns.map((c) => [lower(c.name), c]));
  const leftCols = new Map(left.columns.map((c) => [lower(c.name), c]));
  const common = left.columns.filter((c) => rightCols.has(lower(c.name)));
  const typeChanges: Comparison['typeChanges'] = {};
  for (const c of common) {
    const r = rightCols.get(lower(c.name))!;
    if (!sameType(c.type, r.type)) typeChanges[c.name] = [c.type, r.type];
  }
  const out: Comparison = {
    left: left.label,
    right: right.label,
    key: null,
    columnsOnlyLeft: left.columns.filter((c) => !rightCols.has(lower(c.name))).map((c) => c.name),
    columnsOnlyRight: right.columns.filter((c) => !leftCols.has(lower(c.name))).map((c) => c.name),
    typeChanges,
    onlyLeft: [],
    onlyRight: [],
    changed: [],
    same: 0,
    counts: { onlyLeft: 0, onlyRight: 0, changed: 0 },
    partial: left.truncated === true || right.truncated === true,
  };
  const pick = (row: Record<string, unknown>, side: 'l' | 'r', name: string): unknown => {
    const col = (side === 'l' ? leftCols : rightCols).get(lower(name));
    return col ? row[col.name] : undefined;
  };
  const keyCols = key?.filter((k) => leftCols.has(lower(k)) && rightCols.has(lower(k))) ?? [];
  if (key && keyCols.length === key.length && key.length > 0) {
    out.key = keyCols;
    const keyOf = (row: Record<string, unknown>, side: 'l' | 'r'): string => keyCols.map((k) => canonical(pick(row, side, k))).join('\u0001');
    const rightByKey = new Map<string, Record<string, unknown>>();
    for (const r of right.rows) rightByKey.set(keyOf(r, 'r'), r);
    const matched = new Set<string>();
    for (const l of left.rows) {
      const k = keyOf(l, 'l');
      const r = rightByKey.get(k);
      if (!r) {
        out.counts.onlyLeft++;
        if (out.onlyLeft.length < sampleLimit) out.onlyLeft.push(l);
        continue;
      }
      matched.add(k);
      const changes: Record<string, [unknown, unknown]> = {};
      for (const c of common) {
        const a = l[c.name];
        const b = pick(r, 'r', c.name);
        if (canonical(a) !== canonical(b)) changes[c.name] = [a, b];
      }
      if (Object.keys(changes).length === 0) out.same++;
      else if (++out.counts.changed <= sampleLimit) out.changed.push({ key: Object.fromEntries(keyCols.map((kc) => [kc, pick(l, 'l', kc)])), changes });
    }
    for (const r of right.rows) {
      if (matched.has(keyOf(r, 'r'))) continue;
      if (++out.counts.onlyRight <= sampleLimit) out.onlyRight.push(r);
    }
    return out;
  }
  // Whole rows over the common columns, counted as multisets.
  const rowText = (row: Record<string, unknown>, side: 'l' | 'r'): string => common.map((c) => canonical(pick(row, side, c.name))).join('\u0001');
  const counts = new Map<string, number>();
  for (const r of right.rows) {
    const t = rowText(r, 'r');
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  for (const l of left.rows) {
    const t = rowText(l, 'l');
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      counts.set(t, n - 1);
      out.same++;
    } else if (++out.counts.onlyLeft <= sampleLimit) out.onlyLeft.push(l);
  }
  for (const r of right.rows) {
    const t = rowText(r, 'r');
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      counts.set(t, n - 1);
      if (++out.counts.onlyRight <= sampleLimit) out.onlyRight.push(r);
    }
  }
  return out;
}
