// Every statement the emulator has seen, by query id, across sessions: what `GET /monitoring/queries/{id}` (the
// driver's getQueryStatus) reports, and where SYSTEM$CANCEL_QUERY('id') finds the statement to stop.
import { SnowflakeError } from './errors';

/** Snowflake's query statuses the driver knows (a subset: the ones the emulator reaches). */
export type QueryStatus = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR';

interface QueryEntry {
  status: QueryStatus;
  sqlText: string;
  sessionId: number;
  startTime: number;
  endTime?: number;
  error?: SnowflakeError;
  /** Stops the statement (interrupts it when running, or marks it cancelled while queued). */
  cancel: () => void;
}

/** How many finished queries are remembered (oldest forgotten first). */
const MAX_FINISHED = 1000;

export class QueryRegistry {
  private readonly entries = new Map<string, QueryEntry>();

  /** A statement accepted but waiting behind others on its session. */
  queue(queryId: string, sqlText: string, sessionId: number, cancel: () => void): void {
    this.entries.set(queryId, { status: 'QUEUED', sqlText, sessionId, startTime: Date.now(), cancel });
    this.forgetOld();
  }

  start(queryId: string, sqlText: string, sessionId: number, cancel: () => void): void {
    const known = this.entries.get(queryId);
    this.entries.set(queryId, { status: 'RUNNING', sqlText, sessionId, startTime: known?.startTime ?? Date.now(), cancel });
    this.forgetOld();
  }

  finish(queryId: string, error?: unknown): void {
    const e = this.entries.get(queryId);
    if (!e) return;
    e.endTime = Date.now();
    if (error === undefined) e.status = 'SUCCESS';
    else {
      e.status = 'FAILED_WITH_ERROR';
      e.error = error instanceof SnowflakeError ? error : new SnowflakeError('000603', 'XX000', error instanceof Error ? error.message : String(error));
    }
  }

  /** Cancels a queued or running statement; false when the id is unknown or the statement has finished. */
  cancel(queryId: string): boolean {
    const e = this.entries.get(queryId);
    if (!e || (e.status !== 'QUEUED' && e.status !== 'RUNNING')) return false;
    e.cancel();
    return true;
  }

  /** The body of `GET /monitoring/queries/{id}` as Snowflake shapes it (the driver reads data.queries[0]). */
  monitoring(queryId: string): Record<string, unknown> {
    const e = this.entries.get(queryId);
    if (!e) return { success: true, code: null, message: null, data: { queries: [] } };
    const query: Record<string, unknown> = {
      id: queryId,
      status: e.status,
      sqlText: e.sqlText,
      sessionId: e.sessionId,
      startTime: e.startTime,
      endTime: e.endTime ?? 0,
      totalDuration: (e.endTime ?? Date.now()) - e.startTime,
    };
    if (e.error) {
      query.errorCode = e.error.code;
      query.errorMessage = e.error.message;
    }
    return { success: true, code: null, message: null, data: { queries: [query], sqlState: e.error?.sqlState ?? null } };
  }

  private forgetOld(): void {
    if (this.entries.size <= MAX_FINISHED) return;
    for (const [id, e] of this.entries) {
      if (this.entries.size <= MAX_FINISHED) break;
      if (e.status === 'SUCCESS' || e.status === 'FAILED_WITH_ERROR') this.entries.delete(id);
    }
  }
}
