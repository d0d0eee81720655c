// The Test Explorer's shape (pure): tests (data and unit tests) grouped under the model or source they are
// attached to, and the message a failed test shows (its failing-row count and first failing rows as a small
// table; a unit test's row diff).
import type { NodeResult } from '../run/results';

export interface ListedTest {
  uniqueId: string;
  name: string;
  attachedNode?: string;
  file: string;
  /** 0-based. */
  line: number;
}

export interface TestGroup {
  /** unique_id of the model/source, or '' for tests attached to nothing. */
  id: string;
  label: string;
  tests: ListedTest[];
}

export const UNATTACHED_LABEL = 'singular tests';

/** `model.pkg.name` → `name`; `source.pkg.src.table` → `src.table`. */
export function nodeLabel(uniqueId: string): string {
  const parts = uniqueId.split('.');
  if (parts[0] === 'source' && parts.length >= 4) return `${parts[2]}.${parts.slice(3).join('.')}`;
  return parts.length >= 3 ? parts.slice(2).join('.') : uniqueId;
}

export function groupTests(tests: readonly ListedTest[]): TestGroup[] {
  const groups = new Map<string, TestGroup>();
  for (const t of tests) {
    const id = t.attachedNode ?? '';
    let g = groups.get(id);
    if (!g) {
      g = { id, label: id ? nodeLabel(id) : UNATTACHED_LABEL, tests: [] };
      groups.set(id, g);
    }
    g.tests.push(t);
  }
  for (const g of groups.values()) g.tests.sort((a, b) => a.name.localeCompare(b.name));
  // Models alphabetically; unattached tests last.
  return [...groups.values()].sort((a, b) => (a.id === '') !== (b.id === '') ? (a.id === '' ? 1 : -1) : a.label.localeCompare(b.label));
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Failing rows as an aligned text table (at most `max` rows). */
export function formatRows(rows: readonly Record<string, unknown>[], max = 10): string {
  if (rows.length === 0) return '';
  const shown = rows.slice(0, max);
  const cols = [...new Set(shown.flatMap((r) => Object.keys(r)))];
  const data = shown.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.min(40, Math.max(c.length, ...data.map((d) => d[i].length))));
  const fit = (s: string, w: number): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (vals: string[]): string => vals.map((v, i) => fit(v, widths[i])).join(' | ').trimEnd();
  const out = [line(cols), widths.map((w) => '-'.repeat(w)).join('-+-'), ...data.map(line)];
  if (rows.length > max) out.push(`… ${rows.length - max} more`);
  return out.join('\n');
}

/** The Test Explorer message of a failing or erroring test. */
export function failureText(r: NodeResult): string {
  if (r.status === 'error') return `${r.name} errored: ${r.message}`;
  // A unit test's message is its row diff (expected vs actual), the whole story.
  if (r.resourceType === 'unit_test') return `${r.name}: ${r.message}`;
  const count = r.failures ?? 0;
  const head = `${r.name}: ${count} failing row${count === 1 ? '' : 's'}${r.status === 'warn' ? ' (severity warn)' : ''}`;
  const table = formatRows(r.failingRows ?? []);
  return table ? `${head}\n\nFirst failing rows:\n${table}` : head;
}
