// The results webview's messages (host ⇄ page) and the grid payload: every cell as display text, with NULL sent
// as null so the page can show it apart from the string 'NULL'. No vscode import: unit-testable.
import { cell } from '../cli/table';
import type { PreviewResult } from './data';

export interface GridPayload {
  title: string;
  target: string;
  columns: { name: string; type: string; numeric: boolean }[];
  /** Row-major cells: display text, or null for SQL NULL. */
  cells: (string | null)[][];
  truncated: boolean;
  rowCap: number;
  elapsedMs: number;
  queryId?: string;
  sql: string;
}

export type ResultsHostMessage =
  | { type: 'loading'; title: string; what: string }
  | { type: 'grid'; grid: GridPayload }
  /** JSON text (values may be bigint or Date, which a webview message cannot carry). */
  | { type: 'impact'; json: string }
  | { type: 'compare'; json: string }
  | { type: 'error'; message: string }
  | { type: 'exported'; file: string; rows: number };

export type ResultsPageMessage =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'rerun' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'copy'; text: string };

const NUMERIC = /^(tinyint|smallint|integer|int|bigint|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint|float|double|real|decimal|numeric|number|fixed)\b/i;

export function gridPayload(r: PreviewResult, rowCap: number): GridPayload {
  const names = r.columns.map((c) => c.name);
  return {
    title: r.title,
    target: r.target,
    columns: r.columns.map((c) => ({ name: c.name, type: c.type, numeric: NUMERIC.test(c.type) })),
    cells: r.rows.map((row) => names.map((n) => (row[n] === null || row[n] === undefined ? null : cell(row[n])))),
    truncated: r.truncated,
    rowCap,
    elapsedMs: r.elapsedMs,
    queryId: r.queryId,
    sql: r.sql,
  };
}

/** JSON for the page (bigint as a number when exact, else text). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v instanceof Date ? v.toISOString() : v), 2);
}

export function parseResultsPageMessage(value: unknown): ResultsPageMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'cancel':
    case 'rerun':
      return { type: m.type };
    case 'export':
      return m.format === 'csv' || m.format === 'json' ? { type: 'export', format: m.format } : undefined;
    case 'copy':
      return typeof m.text === 'string' ? { type: 'copy', text: m.text } : undefined;
    default:
      return undefined;
  }
}
