// `bronze source freshness`: dbt's freshness check for sources with a loaded_at_field and a rule; writes
// sources.json (dbt's sources artifact, v3) into the target path, where dbt's tools read source freshness.
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FreshnessRule, FreshnessThreshold } from '../../../server/src/core/types';
import { freshnessAgeSeconds, freshnessQuery, freshnessStatus } from '../../../server/src/compile';
import { openWarehouse } from '../warehouse/connect';
import { metadataEnvs } from '../../../server/src/template/dbt-base-context';
import { describeError } from '../run/node-runners';
import { openEngine, secretScrubber } from '../run/runner';
import { UsageError, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';

interface FreshnessRow {
  unique_id: string;
  status: 'pass' | 'warn' | 'error' | 'runtime error';
  max_loaded_at: string | null;
  snapshotted_at: string | null;
  age_seconds: number | null;
  message: string;
  criteria: FreshnessRule | null | undefined;
  started_at: string;
  completed_at: string;
}

function threshold(t: FreshnessThreshold | undefined): { count: number | null; period: string | null } {
  return t ? { count: t.count, period: t.period } : { count: null, period: null };
}

function isoOrNull(v: unknown): string | null {
  return v instanceof Date ? v.toISOString() : v == null ? null : String(v);
}

/** dbt's sources.json: one result per source; runtime errors carry `error` instead of the timings. */
export function sourcesJson(rows: readonly FreshnessRow[], meta: { invocationId: string; generatedAt: Date; elapsed: number; env?: Record<string, string> }): unknown {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
      dbt_version: '1.10.0',
      generated_at: meta.generatedAt.toISOString(),
      invocation_id: meta.invocationId,
      env: meta.env ?? {},
    },
    results: rows.map((r) =>
      r.status === 'runtime error'
        ? { unique_id: r.unique_id, error: r.message, status: r.status }
        : {
            unique_id: r.unique_id,
            max_loaded_at: r.max_loaded_at,
            snapshotted_at: r.snapshotted_at,
            max_loaded_at_time_ago_in_s: r.age_seconds,
            status: r.status,
            criteria: { warn_after: threshold(r.criteria?.warnAfter), error_after: threshold(r.criteria?.errorAfter), filter: r.criteria?.filter ?? null },
            adapter_response: {},
            timing: [{ name: 'execute', started_at: r.started_at, completed_at: r.completed_at }],
            thread_id: 'Thread-1',
            execution_time: (Date.parse(r.completed_at) - Date.parse(r.started_at)) / 1000,
          },
    ),
    elapsed_time: meta.elapsed,
  };
}

export async function freshnessCommand(args: CommonArgs, io: Io): Promise<number> {
  if (args.positionals[0] !== 'freshness') throw new UsageError(`did you mean 'bronze source freshness'?`);
  const engine = await openEngine(projectRequest(args));
  const scrub = secretScrubber(engine.target);
  const wanted = args.select.map((s) => s.replace(/^source:/, ''));
  const sources = [...engine.project.sources.values()]
    .filter((s) => s.freshness && (s.freshness.warnAfter || s.freshness.errorAfter))
    .filter((s) => wanted.length === 0 || wanted.some((w) => w === s.sourceName || w === `${s.sourceName}.${s.name}`))
    .sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
  const rows: FreshnessRow[] = [];
  const started = Date.now();
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      for (const s of sources) {
        const startedAt = new Date().toISOString();
        try {
          const sql = freshnessQuery(engine.dialect, { source: s.relation, loadedAtField: s.loadedAtField, filter: s.freshness?.filter, location: s.location });
          const row = (await session.execute(sql)).rows[0] ?? {};
          const lower: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) lower[k.toLowerCase()] = v;
          const age = freshnessAgeSeconds(lower.max_loaded_at, lower.snapshotted_at);
          const status = age === null ? 'error' : freshnessStatus(age, s.freshness);
          rows.push({
            unique_id: s.uniqueId,
            status,
            max_loaded_at: isoOrNull(lower.max_loaded_at),
            snapshotted_at: isoOrNull(lower.snapshotted_at),
            age_seconds: age,
            message: age === null ? 'no rows: nothing has been loaded' : `${status.toUpperCase()} age ${Math.round(age)}s`,
            criteria: s.freshness,
            started_at: startedAt,
            completed_at: new Date().toISOString(),
          });
        } catch (err) {
          const now = new Date().toISOString();
          rows.push({ unique_id: s.uniqueId, status: 'runtime error', max_loaded_at: null, snapshotted_at: null, age_seconds: null, message: describeError(err, scrub).message, criteria: s.freshness, started_at: startedAt, completed_at: now });
        }
      }
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  const targetPath = engine.project.targetPath || 'target';
  const dir = isAbsolute(targetPath) ? targetPath : join(engine.project.root, targetPath);
  mkdirSync(dir, { recursive: true });
  // get_metadata_vars: the DBT_ENV_CUSTOM_ENV_ variables, as in every dbt artifact.
  const artifact = sourcesJson(rows, { invocationId: randomUUID(), generatedAt: new Date(), elapsed: (Date.now() - started) / 1000, env: metadataEnvs(process.env) });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(artifact, null, 2) + '\n');
  if (args.output === 'json') {
    io.out(JSON.stringify({ results: rows.map(({ unique_id, status, max_loaded_at, age_seconds, message }) => ({ unique_id, status, max_loaded_at, age_seconds, message })) }, null, 2));
  }
  else {
    rows.forEach((r, i) => io.err(`${i + 1} of ${rows.length} ${r.status.toUpperCase()} freshness of ${r.unique_id.replace(/^source\.[^.]+\./, '')} — ${r.message}`));
    if (rows.length === 0) io.err('No sources with freshness rules and a loaded_at_field were selected.');
  }
  return rows.some((r) => r.status === 'error' || r.status === 'runtime error') ? 1 : 0;
}
