// `bronze source freshness`: dbt's freshness check for sources with a loaded_at_field and a rule.
import { freshnessAgeSeconds, freshnessQuery, freshnessStatus } from '../../../server/src/compile';
import { openWarehouse } from '../warehouse/connect';
import { describeError } from '../run/node-runners';
import { openEngine, secretScrubber } from '../run/runner';
import { UsageError, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';

interface FreshnessRow {
  unique_id: string;
  status: 'pass' | 'warn' | 'error' | 'runtime error';
  max_loaded_at: string | null;
  age_seconds: number | null;
  message: string;
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
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      for (const s of sources) {
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
            max_loaded_at: lower.max_loaded_at instanceof Date ? lower.max_loaded_at.toISOString() : lower.max_loaded_at == null ? null : String(lower.max_loaded_at),
            age_seconds: age,
            message: age === null ? 'no rows: nothing has been loaded' : `${status.toUpperCase()} age ${Math.round(age)}s`,
          });
        } catch (err) {
          rows.push({ unique_id: s.uniqueId, status: 'runtime error', max_loaded_at: null, age_seconds: null, message: describeError(err, scrub).message });
        }
      }
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  if (args.output === 'json') io.out(JSON.stringify({ results: rows }, null, 2));
  else {
    rows.forEach((r, i) => io.err(`${i + 1} of ${rows.length} ${r.status.toUpperCase()} freshness of ${r.unique_id.replace(/^source\.[^.]+\./, '')} — ${r.message}`));
    if (rows.length === 0) io.err('No sources with freshness rules and a loaded_at_field were selected.');
  }
  return rows.some((r) => r.status === 'error' || r.status === 'runtime error') ? 1 : 0;
}
