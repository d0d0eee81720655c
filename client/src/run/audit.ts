// The audit trail: one row per model and test execution, failures and skips included (hook-based audits miss
// those). The columns are the seed projects' six plus what a person needs to find and explain a run.
import type { ColumnDef, RelationName } from '../../../server/src/core/types';
import type { WarehouseSession } from '../warehouse/warehouse';
import { renderRelation } from '../../../server/src/core/relation-text';
import { sessionString } from './sql-literals';

export type AuditStatus = 'SUCCESS' | 'FAILED' | 'WARNING' | 'SKIPPED' | 'INTERRUPTED';

export interface AuditRecord {
  recordId: string;
  sourceTable: string;
  loadTimestamp: Date;
  processedBy: string;
  /** Seconds, 3 decimals. */
  processingTime: number;
  status: AuditStatus;
  invocationId: string;
  nodeId: string;
  nodeType: string;
  targetName: string;
  rowsAffected: number | null;
  startedAt: Date;
  completedAt: Date;
  errorMessage: string | null;
}

/** Column order and types of the audit table. Types are written so both Snowflake and DuckDB accept them. */
export const AUDIT_COLUMNS: readonly ColumnDef[] = [
  { name: 'record_id', dataType: 'VARCHAR' },
  { name: 'source_table', dataType: 'VARCHAR(255)' },
  { name: 'load_timestamp', dataType: 'TIMESTAMP' },
  { name: 'processed_by', dataType: 'VARCHAR' },
  { name: 'processing_time', dataType: 'DECIMAL(38,3)' },
  { name: 'status', dataType: 'VARCHAR' },
  { name: 'invocation_id', dataType: 'VARCHAR' },
  { name: 'node_id', dataType: 'VARCHAR' },
  { name: 'node_type', dataType: 'VARCHAR' },
  { name: 'target_name', dataType: 'VARCHAR' },
  { name: 'rows_affected', dataType: 'BIGINT' },
  { name: 'started_at', dataType: 'TIMESTAMP' },
  { name: 'completed_at', dataType: 'TIMESTAMP' },
  { name: 'error_message', dataType: 'VARCHAR' },
];

export function createAuditTableSql(relation: RelationName): string {
  const cols = AUDIT_COLUMNS.map((c) => `    ${c.name} ${c.dataType}`).join(',\n');
  return `create table if not exists ${renderRelation(relation)} (\n${cols}\n)`;
}

/**
 * Creates the audit table when missing, and adds the columns a project's own (older, six-column) audit model
 * lacks, so that a project defining `bz_data_audit` itself keeps working.
 */
export async function ensureAuditTable(session: WarehouseSession, relation: RelationName): Promise<void> {
  await session.execute(`create schema if not exists ${relation.database}.${relation.schema}`);
  const existing = await session.relationType(relation);
  if (existing === null) {
    await session.execute(createAuditTableSql(relation));
    return;
  }
  if (existing === 'view') {
    throw new Error(
      `the audit relation ${renderRelation(relation)} is a view; audit rows need a table. ` +
        `Materialize the audit model as a table or incremental model, or set another audit table name.`,
    );
  }
  const have = new Set((await session.describe(relation)).map((c) => c.name.toLowerCase()));
  for (const col of AUDIT_COLUMNS) {
    if (!have.has(col.name)) {
      await session.execute(`alter table ${renderRelation(relation)} add column ${col.name} ${col.dataType}`);
    }
  }
}

function ts(value: Date): string {
  return `cast(${sessionString(value.toISOString().replace('T', ' ').replace('Z', ''))} as timestamp)`;
}

function rowValues(r: AuditRecord): string {
  const values = [
    sessionString(r.recordId),
    sessionString(r.sourceTable),
    ts(r.loadTimestamp),
    sessionString(r.processedBy),
    r.processingTime.toFixed(3),
    sessionString(r.status),
    sessionString(r.invocationId),
    sessionString(r.nodeId),
    sessionString(r.nodeType),
    sessionString(r.targetName),
    r.rowsAffected === null ? 'null' : String(Math.trunc(r.rowsAffected)),
    ts(r.startedAt),
    ts(r.completedAt),
    r.errorMessage === null ? 'null' : sessionString(r.errorMessage),
  ];
  return `(${values.join(', ')})`;
}

export function insertAuditSql(relation: RelationName, records: AuditRecord[]): string {
  const cols = AUDIT_COLUMNS.map((c) => c.name).join(', ');
  return `insert into ${renderRelation(relation)} (${cols}) values\n${records.map((r) => rowValues(r)).join(',\n')}`;
}

export interface AuditQuery {
  limit: number;
  invocationId?: string;
}

/** Latest audit rows, newest first. */
export function selectAuditSql(relation: RelationName, query: AuditQuery): string {
  const where = query.invocationId ? `where invocation_id = ${sessionString(query.invocationId)}\n` : '';
  const cols = AUDIT_COLUMNS.map((c) => c.name).join(', ');
  return `select ${cols}\nfrom ${renderRelation(relation)}\n${where}order by completed_at desc nulls last, started_at desc nulls last\nlimit ${Math.max(0, Math.trunc(query.limit))}`;
}
