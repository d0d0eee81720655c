// What one invocation produced, node by node, and its dbt-shaped run_results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** dbt's statuses: models success|error|skipped (a microbatch model also `partial success`); tests pass|fail|warn|error|skipped. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'partial success';

/** dbt's BatchResults of a microbatch model: each batch as [start, end], ISO texts of UTC datetimes. */
export interface BatchResults {
  successful: Array<[string, string]>;
  failed: Array<[string, string]>;
}

export interface NodeResult {
  uniqueId: string;
  name: string;
  resourceType: 'model' | 'test' | 'unit_test' | 'seed' | 'snapshot' | 'operation';
  status: NodeStatus;
  /** Seconds. */
  executionTime: number;
  startedAt: Date;
  completedAt: Date;
  rowsAffected: number | null;
  queryId?: string;
  /** The adapter response code when it is not SUCCESS/ERROR (a seed's CREATE or INSERT, as dbt reports it). */
  adapterCode?: string;
  /** A human sentence: `SUCCESS 1000`, the error text, `Got 3 results, configured to fail if != 0`, … */
  message: string;
  /** Tests: the number of failing rows. */
  failures: number | null;
  relationName?: string;
  compiledCode?: string;
  threadId: string;
  /** Tests that failed: their first failing rows, for the Test Explorer and `--output json`. */
  failingRows?: Record<string, unknown>[];
  /** The node was running when the run was stopped (Ctrl-C, or a killed process found by the next command). */
  interrupted?: boolean;
  /** A microbatch model's batches, as run_results.json's `batch_results` lists them. */
  batchResults?: BatchResults;
  /** The thing a run-level error came from (e.g. the model file), 1-based, for the CLI's `path:line:col`. */
  errorLocation?: { file: string; line: number; column: number };
  /**
   * On the twin, a stand-in's part in this result (stand-in-run.ts): the model refused by name whose descendants run
   * on its stand-in ('refused'), a test of it not run ('untested'), a node that read stand-ins ('read'); the models.
   */
  standIn?: { role: 'refused' | 'untested' | 'read'; models: string[]; note: string };
}

export interface RunSummary {
  pass: number;
  warn: number;
  error: number;
  skip: number;
  total: number;
}

export function summarize(results: NodeResult[]): RunSummary {
  const s: RunSummary = { pass: 0, warn: 0, error: 0, skip: 0, total: results.length };
  for (const r of results) {
    if (r.status === 'success' || r.status === 'pass') s.pass++;
    else if (r.status === 'warn') s.warn++;
    else if (r.status === 'skipped') s.skip++;
    else s.error++;
  }
  return s;
}

export interface RunResultsMeta {
  invocationId: string;
  generatedAt: Date;
  elapsedTime: number;
  args: Record<string, unknown>;
  /** dbt's metadata `env`: the DBT_ENV_CUSTOM_ENV_ variables without the prefix (get_metadata_vars). */
  env?: Record<string, string>;
}

/** dbt's `adapter_response` of one result (run_results.json, on-run-end's `results`). */
export function adapterResponse(r: NodeResult): Record<string, unknown> {
  if (r.interrupted) return { _message: r.message, code: 'INTERRUPTED', rows_affected: 0 };
  if (r.status === 'skipped') return {};
  return {
    _message: r.message,
    code: r.status === 'error' ? 'ERROR' : (r.adapterCode ?? 'SUCCESS'),
    rows_affected: r.rowsAffected ?? 0,
    ...(r.queryId ? { query_id: r.queryId } : {}),
    // Bronze's own key: what this node read was a stand-in's synthetic rows, not those models' builds.
    ...(r.standIn?.role === 'read' ? { bronze_stand_ins: r.standIn.models } : {}),
  };
}

/** dbt's `timing` of one result. */
export function timing(r: NodeResult): Array<{ name: string; started_at: string; completed_at: string }> {
  return [
    { name: 'compile', started_at: r.startedAt.toISOString(), completed_at: r.startedAt.toISOString() },
    { name: 'execute', started_at: r.startedAt.toISOString(), completed_at: r.completedAt.toISOString() },
  ];
}

/** run_results.json in dbt's schema (v6), so tools that read dbt's artifacts read ours. */
export function runResultsJson(results: NodeResult[], meta: RunResultsMeta): unknown {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      dbt_version: '1.10.0',
      generated_at: meta.generatedAt.toISOString(),
      invocation_id: meta.invocationId,
      env: meta.env ?? {},
      bronze_version: '0.1.0',
    },
    results: results.map((r) => ({
      status: r.status,
      timing: timing(r),
      thread_id: r.threadId,
      execution_time: r.executionTime,
      adapter_response: adapterResponse(r),
      message: r.message,
      failures: r.failures,
      unique_id: r.uniqueId,
      compiled: r.compiledCode !== undefined,
      compiled_code: r.compiledCode ?? null,
      relation_name: r.relationName ?? null,
      batch_results: r.batchResults ?? null,
    })),
    elapsed_time: meta.elapsedTime,
    args: meta.args,
  };
}

export function writeRunResults(targetDir: string, results: NodeResult[], meta: RunResultsMeta): string {
  mkdirSync(targetDir, { recursive: true });
  const file = join(targetDir, 'run_results.json');
  writeFileSync(file, JSON.stringify(runResultsJson(results, meta), null, 2) + '\n');
  return file;
}
