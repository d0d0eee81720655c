// dbt's `microbatch` incremental strategy (dbt ≥ 1.9): the model's config as dbt validates it, and the batches a run
// builds, as dbt-core's MicrobatchBuilder computes them (core/dbt/materializations/incremental/microbatch.py; docs:
// https://docs.getdbt.com/docs/build/incremental-microbatch). Every time is UTC, as dbt makes them. Pure: no SQL runs here.
import { BronzeError, type NodeConfig, type SourceLocation } from '../core/types';

export const BATCH_SIZES = ['hour', 'day', 'month', 'year'] as const;
export type BatchSize = (typeof BATCH_SIZES)[number];

/** One batch: [start, end) in UTC. */
export interface Batch {
  start: Date;
  end: Date;
}

/** A microbatch model's validated config. */
export interface MicrobatchConfig {
  eventTime: string;
  begin: Date;
  batchSize: BatchSize;
  /** Batches before the latest one that an incremental run rebuilds (dbt's default: 1). */
  lookback: number;
  /** `concurrent_batches`: accepted; Bronze runs the batches one after another. */
  concurrentBatches?: boolean;
}

/** The model as batch `i` of `count` runs it: pre-hooks with the first batch only, post-hooks with the last (dbt's _submit_batch). */
export function batchModel<M extends { config: NodeConfig }>(model: M, i: number, count: number): M {
  return {
    ...model,
    config: { ...model.config, 'pre-hook': i === 0 ? model.config['pre-hook'] : [], 'post-hook': i === count - 1 ? model.config['post-hook'] : [] },
  };
}

export function isMicrobatch(config: { materialized?: unknown; incremental_strategy?: unknown }): boolean {
  return config.materialized === 'incremental' && config.incremental_strategy === 'microbatch';
}

/** Python's `type(x)` text, as dbt's parsing errors print it. */
function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (Array.isArray(v)) return "<class 'list'>";
  const typeName = (v as { hooks?: { typeName?: unknown } }).hooks?.typeName;
  if (typeof typeName === 'string') return `<class '${typeName === 'datetime' || typeName === 'date' ? `datetime.${typeName}` : typeName}'>`;
  const yamlKind = yamlTimestampParts(v)?.kind;
  if (yamlKind) return `<class 'datetime.${yamlKind}'>`;
  return "<class 'dict'>";
}

/** Python's `datetime.fromisoformat` for the forms dbt's docs use ('2024-10-01', '2024-10-01T12:30:00', with an offset). */
function fromIsoFormat(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  const ms = Math.floor(Number((m[7] ?? '0').padEnd(6, '0')) / 1000);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // fromisoformat refuses impossible dates (2024-02-30): Date.UTC would roll them over.
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return t;
}

/**
 * A YAML timestamp as the project's YAML reader gives it (`begin: 2024-09-01` in schema.yml or dbt_project.yml: a
 * datetime.date or datetime for PyYAML): its wallclock, which dbt truncates field by field.
 */
function yamlTimestampParts(v: unknown): { kind: 'date' | 'datetime'; wall: Date } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as { wallMicros?: unknown; kind?: unknown };
  if (typeof o.wallMicros !== 'number' || (o.kind !== 'date' && o.kind !== 'datetime')) return undefined;
  return { kind: o.kind, wall: new Date(Math.floor(o.wallMicros / 1000)) };
}

/**
 * `begin` as a time: a Python datetime from `modules.datetime.datetime(…)` in config() (its wallclock: dbt truncates
 * by year/month/day/hour fields), an ISO string (dbt's `datetime.fromisoformat`), or a YAML timestamp.
 */
function beginTime(v: unknown): Date | 'not-iso' | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'string') return fromIsoFormat(v) ?? 'not-iso';
  const yaml = yamlTimestampParts(v);
  if (yaml) return yaml.wall;
  if (typeof v === 'object' && v !== null) {
    const o = v as { hooks?: { typeName?: unknown }; attrs?: Record<string, unknown> };
    if ((o.hooks?.typeName === 'datetime' || o.hooks?.typeName === 'date') && o.attrs) {
      const a = o.attrs;
      const n = (k: string) => Number(a[k] ?? 0);
      return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), Math.floor(n('microsecond') / 1000)));
    }
  }
  return undefined;
}

/**
 * dbt's check_valid_microbatch_config, in its order and words: the first problem of a microbatch model's config, or
 * undefined when it is valid. (dbt raises these as parsing errors for the whole project; Bronze fails the model and
 * `bronze check` reports them at the model.)
 */
export function microbatchConfigProblem(config: NodeConfig, name: string): string | undefined {
  const eventTime = config.event_time;
  if (eventTime === undefined || eventTime === null) {
    return `Microbatch model '${name}' must provide an 'event_time' (string) config that indicates the name of the event time column.`;
  }
  if (typeof eventTime !== 'string') return `Microbatch model '${name}' must provide an 'event_time' config of type string, but got: ${pyType(eventTime)}.`;
  const begin = config.begin;
  if (begin === undefined || begin === null) {
    return `Microbatch model '${name}' must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.`;
  }
  const time = beginTime(begin);
  if (time === 'not-iso') return `Microbatch model '${name}' must provide a 'begin' config of valid datetime (ISO format), but got: ${String(begin)}.`;
  if (time === undefined) return `Microbatch model '${name}' must provide a 'begin' config of type datetime, but got: ${pyType(begin)}.`;
  const batchSize = config.batch_size;
  if (typeof batchSize !== 'string' || !(BATCH_SIZES as readonly string[]).includes(batchSize)) {
    const shown = batchSize === undefined || batchSize === null ? 'None' : String(batchSize);
    return `Microbatch model '${name}' must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: ${shown}.`;
  }
  const lookback = config.lookback;
  if (lookback !== undefined && lookback !== null && !(typeof lookback === 'number' && Number.isInteger(lookback))) {
    return `Microbatch model '${name}' must provide the optional 'lookback' config as type int, but got: ${pyType(lookback)}).`;
  }
  const concurrent = config.concurrent_batches;
  if (concurrent !== undefined && concurrent !== null && typeof concurrent !== 'boolean') {
    return `Microbatch model '${name}' optional 'concurrent_batches' config must be of type \`bool\` if specified, but got: ${pyType(concurrent)}).`;
  }
  return undefined;
}

/** The validated config; throws dbt's error (located at the model) when it is not valid. */
export function microbatchConfig(config: NodeConfig, name: string, location?: SourceLocation): MicrobatchConfig {
  const problem = microbatchConfigProblem(config, name);
  if (problem) throw new BronzeError(problem, location, 'bronze/microbatch-config');
  const out: MicrobatchConfig = {
    eventTime: config.event_time as string,
    begin: beginTime(config.begin) as Date,
    batchSize: config.batch_size as BatchSize,
    lookback: typeof config.lookback === 'number' ? config.lookback : 1,
  };
  if (typeof config.concurrent_batches === 'boolean') out.concurrentBatches = config.concurrent_batches;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Batch arithmetic (MicrobatchBuilder)

export function truncateTimestamp(t: Date, size: BatchSize): Date {
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  if (size === 'year') return new Date(Date.UTC(y, 0, 1));
  if (size === 'month') return new Date(Date.UTC(y, m, 1));
  if (size === 'day') return new Date(Date.UTC(y, m, t.getUTCDate()));
  return new Date(Date.UTC(y, m, t.getUTCDate(), t.getUTCHours()));
}

/** The truncated time moved by `offset` batches (dbt's offset_timestamp: relative to the batch's start, not to `t`). */
export function offsetTimestamp(t: Date, size: BatchSize, offset: number): Date {
  const base = truncateTimestamp(t, size);
  const y = base.getUTCFullYear();
  const m = base.getUTCMonth();
  if (size === 'year') return new Date(Date.UTC(y + offset, 0, 1));
  if (size === 'month') return new Date(Date.UTC(y, m + offset, 1));
  if (size === 'day') return new Date(Date.UTC(y, m, base.getUTCDate() + offset));
  return new Date(base.getTime() + offset * 3600_000);
}

/** The next batch boundary at or after `t`. */
export function ceilingTimestamp(t: Date, size: BatchSize): Date {
  const truncated = truncateTimestamp(t, size);
  return truncated.getTime() === t.getTime() ? truncated : offsetTimestamp(truncated, size, 1);
}

export interface BatchPlanInput {
  config: MicrobatchConfig;
  /** Whether the run is incremental: the relation exists as a table and no full refresh applies. */
  incremental: boolean;
  /** `--event-time-start` / `--event-time-end` (read as UTC). */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** The invocation's start time (dbt's default end: "now"). */
  now: Date;
}

/** dbt's build_end_time, build_start_time(end) and build_batches(start, end). */
export function planBatches(input: BatchPlanInput): Batch[] {
  const { batchSize, begin, lookback } = input.config;
  const end = ceilingTimestamp(input.eventTimeEnd ?? input.now, batchSize);
  let start: Date;
  if (input.eventTimeStart) start = truncateTimestamp(input.eventTimeStart, batchSize);
  else if (!input.incremental) start = truncateTimestamp(begin, batchSize);
  else {
    // The end is a batch boundary, so the last batch ends there and the lookback counts from the batch before it.
    const back = end.getTime() === truncateTimestamp(end, batchSize).getTime() ? lookback + 1 : lookback;
    start = offsetTimestamp(end, batchSize, -back);
  }
  const batches: Batch[] = [];
  let batchStart = start;
  let batchEnd = offsetTimestamp(batchStart, batchSize, 1);
  batches.push({ start: batchStart, end: batchEnd });
  while (batchEnd.getTime() < end.getTime()) {
    batchStart = batchEnd;
    batchEnd = offsetTimestamp(batchStart, batchSize, 1);
    batches.push({ start: batchStart, end: batchEnd });
  }
  // dbt ends the last batch at the end exactly.
  batches[batches.length - 1] = { start: batches[batches.length - 1].start, end };
  return batches;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** dbt's format_batch_start: 2024-09-17T16 (hour), 2024-09-17 (day), 2024-09 (month), 2024 (year). */
export function formatBatchStart(start: Date, size: BatchSize): string {
  const y = String(start.getUTCFullYear()).padStart(4, '0');
  if (size === 'year') return y;
  const ym = `${y}-${p2(start.getUTCMonth() + 1)}`;
  if (size === 'month') return ym;
  const ymd = `${ym}-${p2(start.getUTCDate())}`;
  return size === 'day' ? ymd : `${ymd}T${p2(start.getUTCHours())}`;
}

/** `model.batch.id`: the formatted start without dashes (20240917T16). */
export function batchId(start: Date, size: BatchSize): string {
  return formatBatchStart(start, size).replace(/-/g, '');
}

/** `str()` of dbt's aware UTC datetime, as the filters and the delete render it: `2024-09-17 00:00:00+00:00`. */
export function pyUtcString(t: Date): string {
  const ms = t.getUTCMilliseconds();
  const date = `${String(t.getUTCFullYear()).padStart(4, '0')}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}`;
  const time = `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}`;
  return `${date} ${time}+00:00`;
}

/** `isoformat()` of the same datetime: how run_results.json's batch_results write a batch's bounds. */
export function pyUtcIso(t: Date): string {
  return pyUtcString(t).replace(' ', 'T');
}

/**
 * `--event-time-start` / `--event-time-end` as click.DateTime reads them (%Y-%m-%d, %Y-%m-%dT%H:%M:%S,
 * %Y-%m-%d %H:%M:%S), as UTC; undefined when the text has none of these forms.
 */
export function parseEventTimeFlag(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2})?$/.test(text.trim())) return undefined;
  return fromIsoFormat(text);
}

/** dbt's _validate_event_time_configs: the two flags go together, start before end. Returns the usage error. */
export function eventTimeFlagsProblem(start: Date | undefined, end: Date | undefined): string | undefined {
  if (start === undefined && end === undefined) return undefined;
  if (start === undefined) {
    return 'The flag `--event-time-end` was specified, but `--event-time-start` was not. When specifying `--event-time-end`, `--event-time-start` must also be present.';
  }
  if (end === undefined) {
    return 'The flag `--event-time-start` was specified, but `--event-time-end` was not. When specifying `--event-time-start`, `--event-time-end` must also be present.';
  }
  if (start.getTime() >= end.getTime()) return 'Value for `--event-time-start` must be less than `--event-time-end`';
  return undefined;
}
