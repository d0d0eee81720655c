// Shaping audit records for the panel: invocations newest first with counts per status, the chosen
// invocation's rows with relative time bars, and each node's recent processing times as a sparkline.
import type { AuditRecord } from '../run/audit';
import type { HistoryView, InvocationView, NodeRowView, PanelState, StatusCounts } from './messages';

export const HISTORY_RUNS = 20;
export const SPARK_WIDTH = 120;
export const SPARK_HEIGHT = 24;

function emptyCounts(): StatusCounts {
  return { SUCCESS: 0, FAILED: 0, WARNING: 0, SKIPPED: 0, INTERRUPTED: 0 };
}

function time(d: Date): number {
  const t = d.getTime();
  return Number.isNaN(t) ? 0 : t;
}

function iso(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Unique id `model.pkg.name` (or `test.pkg.name.hash`) → the name a person recognises. */
export function nodeName(nodeId: string, nodeType: string): string {
  const parts = nodeId.split('.');
  if (parts.length < 3) return nodeId;
  // Tests carry a hash suffix after their name; models and sources do not.
  if (nodeType === 'test' && parts.length >= 4) return parts.slice(2, -1).join('.');
  return parts.slice(2).join('.');
}

/** Groups records by invocation, newest (latest completion) first. */
export function groupInvocations(records: readonly AuditRecord[]): InvocationView[] {
  const byId = new Map<string, { view: InvocationView; start: number; end: number }>();
  for (const r of records) {
    let g = byId.get(r.invocationId);
    if (!g) {
      g = {
        view: { invocationId: r.invocationId, targetName: r.targetName, startedAt: '', completedAt: '', counts: emptyCounts(), total: 0 },
        start: Number.POSITIVE_INFINITY,
        end: Number.NEGATIVE_INFINITY,
      };
      byId.set(r.invocationId, g);
    }
    g.view.counts[r.status] = (g.view.counts[r.status] ?? 0) + 1;
    g.view.total += 1;
    const s = time(r.startedAt);
    const e = time(r.completedAt);
    if (s < g.start) {
      g.start = s;
      g.view.startedAt = iso(r.startedAt);
    }
    if (e > g.end) {
      g.end = e;
      g.view.completedAt = iso(r.completedAt);
    }
  }
  return [...byId.values()]
    .sort((a, b) => b.end - a.end || a.view.invocationId.localeCompare(b.view.invocationId))
    .map((g) => g.view);
}

/** The rows of one invocation in execution order (start time, then name), each with its bar width. */
export function invocationRows(records: readonly AuditRecord[], invocationId: string): NodeRowView[] {
  const rows = records.filter((r) => r.invocationId === invocationId);
  const slowest = rows.reduce((m, r) => Math.max(m, r.processingTime), 0);
  return rows
    .slice()
    .sort((a, b) => time(a.startedAt) - time(b.startedAt) || a.nodeId.localeCompare(b.nodeId))
    .map((r) => ({
      nodeId: r.nodeId,
      name: nodeName(r.nodeId, r.nodeType),
      nodeType: r.nodeType,
      status: r.status,
      processingTime: r.processingTime,
      barPercent: slowest > 0 ? Math.round((r.processingTime / slowest) * 1000) / 10 : 0,
      rowsAffected: r.rowsAffected,
      startedAt: iso(r.startedAt),
      completedAt: iso(r.completedAt),
      errorMessage: r.errorMessage,
    }));
}

/**
 * SVG polyline points for `values` in a width×height box (y grows downwards; 1px margin so the stroke shows).
 * One value draws a flat line across; equal values draw at mid-height.
 */
export function sparklinePoints(values: readonly number[], width = SPARK_WIDTH, height = SPARK_HEIGHT): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min;
  const y = (v: number): number => (span === 0 ? height / 2 : 1 + (1 - (v - min) / span) * (height - 2));
  const fmt = (n: number): string => String(Math.round(n * 10) / 10);
  if (values.length === 1) return `0,${fmt(y(values[0]))} ${width},${fmt(y(values[0]))}`;
  const step = width / (values.length - 1);
  return values.map((v, i) => `${fmt(i * step)},${fmt(y(v))}`).join(' ');
}

/** For each model: its processing times over its last `runs` executions, oldest first. */
export function modelHistory(records: readonly AuditRecord[], runs = HISTORY_RUNS): Record<string, HistoryView> {
  const byNode = new Map<string, AuditRecord[]>();
  for (const r of records) {
    if (r.nodeType !== 'model' || r.status === 'SKIPPED' || r.status === 'INTERRUPTED') continue;
    const list = byNode.get(r.nodeId) ?? [];
    list.push(r);
    byNode.set(r.nodeId, list);
  }
  const out: Record<string, HistoryView> = {};
  for (const id of [...byNode.keys()].sort()) {
    const seconds = byNode
      .get(id)!
      .slice()
      .sort((a, b) => time(a.completedAt) - time(b.completedAt))
      .slice(-runs)
      .map((r) => r.processingTime);
    out[id] = { seconds, points: sparklinePoints(seconds) };
  }
  return out;
}

export interface BuildStateInput {
  records: readonly AuditRecord[];
  /** The invocation the user chose; falls back to the newest when it is not among the records. */
  selected?: string | null;
  target: string;
  auditTable: string;
  now: Date;
}

export function buildPanelState(input: BuildStateInput): PanelState {
  const invocations = groupInvocations(input.records);
  const selected =
    input.selected && invocations.some((i) => i.invocationId === input.selected) ? input.selected : (invocations[0]?.invocationId ?? null);
  return {
    target: input.target,
    auditTable: input.auditTable,
    invocations,
    selected,
    rows: selected ? invocationRows(input.records, selected) : [],
    history: modelHistory(input.records),
    loadedAt: input.now.toISOString(),
  };
}
