// The audit trail: one row per model and test execution, failures and skips included (hook-based audits miss
// those). The columns are the seed projects' six plus what a person needs to find and explain a run.
import type { ColumnDef, RelationName, TargetType } from '../../../server/src/core/types';
import type { WarehouseSession } from '../warehouse/warehouse';
import { renderRelation } from '../../../server/src/core/relation-text';
import { sqlString } from './sql-literals';

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

function ts(value: Date, d: TargetType): string {
  return `cast(${sqlString(value.toISOString().replace('T', ' ').replace('Z', ''), d)} as timestamp)`;
}

function rowValues(r: AuditRecord, d: TargetType): string {
  const values = [
    sqlString(r.recordId, d),
    sqlString(r.sourceTable, d),
    ts(r.loadTimestamp, d),
    sqlString(r.processedBy, d),
    r.processingTime.toFixed(3),
    sqlString(r.status, d),
    sqlString(r.invocationId, d),
    sqlString(r.nodeId, d),
    sqlString(r.nodeType, d),
    sqlString(r.targetName, d),
    r.rowsAffected === null ? 'null' : String(Math.trunc(r.rowsAffected)),
    ts(r.startedAt, d),
    ts(r.completedAt, d),
    r.errorMessage === null ? 'null' : sqlString(r.errorMessage, d),
  ];
  return `(${values.join(', ')})`;
}

export function insertAuditSql(relation: RelationName, records: AuditRecord[], d: TargetType): string {
  const cols = AUDIT_COLUMNS.map((c) => c.name).join(', ');
  return `insert into ${renderRelation(relation)} (${cols}) values\n${records.map((r) => rowValues(r, d)).join(',\n')}`;
}

export interface AuditQuery {
  limit: number;
  invocationId?: string;
}

/** Latest audit rows, newest first. */
export function selectAuditSql(relation: RelationName, query: AuditQuery, d: TargetType): string {
  const where = query.invocationId ? `where invocation_id = ${sqlString(query.invocationId, d)}\n` : '';
  const cols = AUDIT_COLUMNS.map((c) => c.name).join(', ');
  return `select ${cols}\nfrom ${renderRelation(relation)}\n${where}order by completed_at desc nulls last, started_at desc nulls last\nlimit ${Math.max(0, Math.trunc(query.limit))}`;
}
