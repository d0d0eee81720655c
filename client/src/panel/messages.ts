// The typed conversation between the audit page (media/audit.js) and the extension host. Both sides speak only
// these shapes; the page is plain JS, so this file is its contract (dates travel as ISO strings).
import type { AuditStatus } from '../run/audit';

export const AUDIT_STATUSES: readonly AuditStatus[] = ['SUCCESS', 'FAILED', 'WARNING', 'SKIPPED', 'INTERRUPTED'];

export type StatusCounts = Record<AuditStatus, number>;

/** One run of the runner, summarised from its audit rows. */
export interface InvocationView {
  invocationId: string;
  targetName: string;
  /** ISO timestamps: first start and last completion among the rows. */
  startedAt: string;
  completedAt: string;
  counts: StatusCounts;
  total: number;
}

/** One audit row, ready to show. */
export interface NodeRowView {
  nodeId: string;
  /** The model or test name (last part of the unique id). */
  name: string;
  nodeType: string;
  status: AuditStatus;
  /** Seconds. */
  processingTime: number;
  /** Width of the processing-time bar, 0–100, relative to the slowest node of the invocation. */
  barPercent: number;
  rowsAffected: number | null;
  startedAt: string;
  completedAt: string;
  errorMessage: string | null;
}

/** A model's processing time over its last runs, oldest first, plus the SVG polyline that draws it. */
export interface HistoryView {
  seconds: number[];
  points: string;
}

export interface PanelState {
  target: string;
  auditTable: string;
  invocations: InvocationView[];
  selected: string | null;
  rows: NodeRowView[];
  history: Record<string, HistoryView>;
  /** ISO time the data was read. */
  loadedAt: string;
}

export type HostMessage =
  | { type: 'loading' }
  | { type: 'state'; state: PanelState }
  | { type: 'error'; message: string };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'selectInvocation'; invocationId: string }
  | { type: 'openNode'; nodeId: string };

/** Narrows anything the page posts to a PageMessage; the page is another security context, so check shapes. */
export function parsePageMessage(value: unknown): PageMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
      return { type: m.type };
    case 'selectInvocation':
      return typeof m.invocationId === 'string' ? { type: 'selectInvocation', invocationId: m.invocationId } : undefined;
    case 'openNode':
      return typeof m.nodeId === 'string' ? { type: 'openNode', nodeId: m.nodeId } : undefined;
    default:
      return undefined;
  }
}
