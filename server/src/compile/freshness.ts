// Source freshness: the query (dbt's collect_freshness) and the status of an age against a rule.
import { BronzeError, type FreshnessRule, type FreshnessThreshold, type RelationName, type SourceLocation } from '../core/types';
import type { Dialect } from './dialect';
import { renderRelation } from './sql-text';

export interface FreshnessQueryInput {
  source: RelationName;
  loadedAtField?: string;
  filter?: string;
  location?: SourceLocation;
}

/**
 * `select max(<loaded_at_field>) as max_loaded_at, <now in UTC> as snapshotted_at from <source> [where …]`.
 * Without a loaded_at_field, Snowflake's metadata (`last_altered`) stands in; DuckDB has none.
 */
export function freshnessQuery(d: Dialect, i: FreshnessQueryInput): string {
  const source = renderRelation(i.source);
  if (!i.loadedAtField) {
    if (d.name === 'snowflake') {
      return [
        'select',
        '      last_altered as max_loaded_at,',
        `      ${d.currentTimestampUtc} as snapshotted_at`,
        `    from ${i.source.database}.information_schema.tables`,
        `    where table_schema = upper('${i.source.schema}') and table_name = upper('${i.source.identifier}')`,
      ].join('\n');
    }
    throw new BronzeError(
      `Source ${source} has freshness rules but no loaded_at_field, and DuckDB keeps no modification time. Add loaded_at_field to the source in schema.yml.`,
      i.location,
      'bronze/freshness-needs-loaded-at-field',
    );
  }
  const out = [
    'select',
    `      max(${i.loadedAtField}) as max_loaded_at,`,
    `      ${d.currentTimestampUtc} as snapshotted_at`,
    `    from ${source}`,
  ];
  if (i.filter) out.push(`    where ${i.filter}`);
  return out.join('\n');
}

const PERIOD_SECONDS: Record<FreshnessThreshold['period'], number> = { minute: 60, hour: 3600, day: 86400 };

function exceeded(ageSeconds: number, t: FreshnessThreshold | undefined): boolean {
  if (!t || !t.count) return false;
  return ageSeconds > t.count * PERIOD_SECONDS[t.period];
}

export type FreshnessStatus = 'pass' | 'warn' | 'error';

/** `error` if error_after is exceeded, else `warn` if warn_after is, else `pass` (strictly greater, as dbt). */
export function freshnessStatus(ageSeconds: number, rule: FreshnessRule | null | undefined): FreshnessStatus {
  if (!rule) return 'pass';
  if (exceeded(ageSeconds, rule.errorAfter)) return 'error';
  if (exceeded(ageSeconds, rule.warnAfter)) return 'warn';
  return 'pass';
}

/**
 * Seconds between the two values the freshness query returns. Zone-less timestamps (strings or Dates) are
 * read as UTC, because both sides of the query are UTC. `null` when the source has no rows.
 */
export function freshnessAgeSeconds(maxLoadedAt: unknown, snapshottedAt: unknown): number | null {
  const a = toEpochMs(maxLoadedAt);
  const b = toEpochMs(snapshottedAt);
  if (a === null || b === null) return null;
  return (b - a) / 1000;
}

function toEpochMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    // (A TIMESTAMP_TZ's text has a space before its offset: '2024-01-03 12:00:00.000 +0000'.)
    const s = v.trim().replace(/\s+([+-]\d\d:?\d\d)$/, '$1').replace(' ', 'T');
    const zoned = /(Z|[+-]\d\d(:?\d\d)?)$/.test(s);
    const ms = Date.parse(zoned ? s : `${s}Z`);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}
