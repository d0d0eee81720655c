// dbt's microbatch batches (dbt-core MicrobatchBuilder, https://docs.getdbt.com/docs/build/incremental-microbatch):
// boundaries by batch_size, the first run from `begin`, the lookback of an incremental run, the --event-time flags,
// and the config errors dbt raises while parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeConfig } from '../../server/src/core/types';
import {
  batchId,
  ceilingTimestamp,
  eventTimeFlagsProblem,
  formatBatchStart,
  microbatchConfig,
  microbatchConfigProblem,
  offsetTimestamp,
  parseEventTimeFlag,
  planBatches,
  pyUtcIso,
  pyUtcString,
  truncateTimestamp,
  type BatchSize,
  type MicrobatchConfig,
} from '../../server/src/compile/microbatch';

const at = (iso: string) => new Date(`${iso}Z`);
const show = (batches: { start: Date; end: Date }[]) => batches.map((b) => `${b.start.toISOString().slice(0, 19)}→${b.end.toISOString().slice(0, 19)}`);
const cfg = (batchSize: BatchSize, begin = '2024-09-01T00:00:00', lookback = 1): MicrobatchConfig => ({ eventTime: 'ts', begin: at(begin), batchSize, lookback });
const base = (extra: Record<string, unknown>): NodeConfig => ({ enabled: true, materialized: 'incremental', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], incremental_strategy: 'microbatch', ...extra });

test('truncate / offset / ceiling follow MicrobatchBuilder for each batch_size (its docstring examples)', () => {
  const t = at('2024-09-17T16:06:00');
  const iso = (d: Date) => d.toISOString().slice(0, 19);
  assert.deepEqual((['hour', 'day', 'month', 'year'] as const).map((s) => iso(truncateTimestamp(t, s))), ['2024-09-17T16:00:00', '2024-09-17T00:00:00', '2024-09-01T00:00:00', '2024-01-01T00:00:00']);
  assert.deepEqual((['hour', 'day', 'month', 'year'] as const).map((s) => iso(offsetTimestamp(t, s, -1))), ['2024-09-17T15:00:00', '2024-09-16T00:00:00', '2024-08-01T00:00:00', '2023-01-01T00:00:00']);
  assert.deepEqual((['hour', 'day', 'month', 'year'] as const).map((s) => iso(offsetTimestamp(t, s, 1))), ['2024-09-17T17:00:00', '2024-09-18T00:00:00', '2024-10-01T00:00:00', '2025-01-01T00:00:00']);
  assert.deepEqual((['hour', 'day', 'month', 'year'] as const).map((s) => iso(ceilingTimestamp(t, s))), ['2024-09-17T17:00:00', '2024-09-18T00:00:00', '2024-10-01T00:00:00', '2025-01-01T00:00:00']);
  assert.equal(iso(ceilingTimestamp(at('2024-09-17T00:00:00'), 'day')), '2024-09-17T00:00:00');
  // A month offset from the 31st lands on a month's first day (no rollover past short months).
  assert.equal(iso(offsetTimestamp(at('2024-01-31T10:00:00'), 'month', 1)), '2024-02-01T00:00:00');
  assert.equal(iso(offsetTimestamp(at('2024-03-31T10:00:00'), 'month', -2)), '2024-01-01T00:00:00');
});

test('a first run builds every batch from begin (truncated) to now (ceiling), the last one ending at the end', () => {
  const batches = planBatches({ config: cfg('day', '2024-09-01T10:30:00'), incremental: false, now: at('2024-09-03T05:00:00') });
  assert.deepEqual(show(batches), ['2024-09-01T00:00:00→2024-09-02T00:00:00', '2024-09-02T00:00:00→2024-09-03T00:00:00', '2024-09-03T00:00:00→2024-09-04T00:00:00']);
  const months = planBatches({ config: cfg('month', '2024-11-15T00:00:00'), incremental: false, now: at('2025-01-10T00:00:00') });
  assert.deepEqual(show(months), ['2024-11-01T00:00:00→2024-12-01T00:00:00', '2024-12-01T00:00:00→2025-01-01T00:00:00', '2025-01-01T00:00:00→2025-02-01T00:00:00']);
  const years = planBatches({ config: cfg('year', '2023-06-01T00:00:00'), incremental: false, now: at('2024-02-01T00:00:00') });
  assert.deepEqual(show(years), ['2023-01-01T00:00:00→2024-01-01T00:00:00', '2024-01-01T00:00:00→2025-01-01T00:00:00']);
});

test('an incremental run rebuilds the current batch and `lookback` batches before it', () => {
  const now = at('2024-09-17T16:06:00');
  assert.deepEqual(show(planBatches({ config: cfg('day'), incremental: true, now })), ['2024-09-16T00:00:00→2024-09-17T00:00:00', '2024-09-17T00:00:00→2024-09-18T00:00:00']);
  assert.deepEqual(show(planBatches({ config: cfg('hour', undefined, 3), incremental: true, now })), [
    '2024-09-17T13:00:00→2024-09-17T14:00:00',
    '2024-09-17T14:00:00→2024-09-17T15:00:00',
    '2024-09-17T15:00:00→2024-09-17T16:00:00',
    '2024-09-17T16:00:00→2024-09-17T17:00:00',
  ]);
  assert.deepEqual(show(planBatches({ config: cfg('day', undefined, 0), incremental: true, now })), ['2024-09-17T00:00:00→2024-09-18T00:00:00']);
  // Exactly on a boundary: the end is that boundary, and the lookback counts from the batch before it.
  assert.deepEqual(show(planBatches({ config: cfg('day'), incremental: true, now: at('2024-09-17T00:00:00') })), ['2024-09-15T00:00:00→2024-09-16T00:00:00', '2024-09-16T00:00:00→2024-09-17T00:00:00']);
});

test('--event-time-start / --event-time-end replace begin and now, truncated and ceilinged to the batch size', () => {
  const batches = planBatches({ config: cfg('day'), incremental: true, eventTimeStart: at('2024-09-05T12:00:00'), eventTimeEnd: at('2024-09-07T01:00:00'), now: at('2030-01-01T00:00:00') });
  assert.deepEqual(show(batches), ['2024-09-05T00:00:00→2024-09-06T00:00:00', '2024-09-06T00:00:00→2024-09-07T00:00:00', '2024-09-07T00:00:00→2024-09-08T00:00:00']);
  assert.equal(parseEventTimeFlag('2024-09-05')?.toISOString(), '2024-09-05T00:00:00.000Z');
  assert.equal(parseEventTimeFlag('2024-09-05T12:30:00')?.toISOString(), '2024-09-05T12:30:00.000Z');
  assert.equal(parseEventTimeFlag('2024-09-05 12:30:00')?.toISOString(), '2024-09-05T12:30:00.000Z');
  assert.equal(parseEventTimeFlag('yesterday'), undefined);
  assert.match(eventTimeFlagsProblem(at('2024-09-05T00:00:00'), undefined) ?? '', /`--event-time-start` was specified, but `--event-time-end` was not/);
  assert.match(eventTimeFlagsProblem(undefined, at('2024-09-05T00:00:00')) ?? '', /`--event-time-end` was specified, but `--event-time-start` was not/);
  assert.equal(eventTimeFlagsProblem(at('2024-09-05T00:00:00'), at('2024-09-05T00:00:00')), 'Value for `--event-time-start` must be less than `--event-time-end`');
  assert.equal(eventTimeFlagsProblem(undefined, undefined), undefined);
});

test('batch ids and the datetime texts dbt renders', () => {
  const t = at('2024-09-17T16:00:00');
  assert.deepEqual((['hour', 'day', 'month', 'year'] as const).map((s) => formatBatchStart(t, s)), ['2024-09-17T16', '2024-09-17', '2024-09', '2024']);
  assert.deepEqual((['hour', 'day', 'month', 'year'] as const).map((s) => batchId(t, s)), ['20240917T16', '20240917', '202409', '2024']);
  assert.equal(pyUtcString(t), '2024-09-17 16:00:00+00:00');
  assert.equal(pyUtcIso(t), '2024-09-17T16:00:00+00:00');
});

test("the config errors dbt's check_valid_microbatch_config raises, in its order", () => {
  assert.match(microbatchConfigProblem(base({}), 'm') ?? '', /^Microbatch model 'm' must provide an 'event_time' \(string\) config/);
  assert.match(microbatchConfigProblem(base({ event_time: 3 }), 'm') ?? '', /'event_time' config of type string, but got: <class 'int'>\./);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts' }), 'm') ?? '', /must provide a 'begin' \(datetime\) config/);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: 'last tuesday' }), 'm') ?? '', /'begin' config of valid datetime \(ISO format\), but got: last tuesday\./);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: 20240101 }), 'm') ?? '', /'begin' config of type datetime, but got: <class 'int'>\./);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: '2024-01-01' }), 'm') ?? '', /'batch_size' config that is one of \['hour', 'day', 'month', 'year'\], but got: None\./);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: '2024-01-01', batch_size: 'week' }), 'm') ?? '', /but got: week\./);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: '2024-01-01', batch_size: 'day', lookback: '2' }), 'm') ?? '', /'lookback' config as type int, but got: <class 'str'>/);
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: '2024-01-01', batch_size: 'day', concurrent_batches: 'yes' }), 'm') ?? '', /'concurrent_batches' config must be of type `bool`/);
  assert.equal(microbatchConfigProblem(base({ event_time: 'ts', begin: '2024-01-01T05:00:00', batch_size: 'hour', lookback: 2, concurrent_batches: true }), 'm'), undefined);
  const c = microbatchConfig(base({ event_time: 'ts', begin: '2024-01-01T05:00:00', batch_size: 'hour' }), 'm');
  assert.equal(c.begin.toISOString(), '2024-01-01T05:00:00.000Z');
  assert.equal(c.lookback, 1);
  // config(begin=modules.datetime.datetime(2020, 1, 1)) keeps the template's datetime object.
  const py = { attrs: { year: 2020, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 }, hooks: { typeName: 'datetime' } };
  assert.equal(microbatchConfig(base({ event_time: 'ts', begin: py, batch_size: 'day' }), 'm').begin.toISOString(), '2020-01-01T00:00:00.000Z');
});

test("a config's Python datetime (begin=modules.datetime.datetime(…)) is written to JSON as dbt's artifacts write it", async () => {
  const { datetimeModule } = await import('../../server/src/template/pydatetime');
  const { JinjaObject } = await import('../../server/src/template/values');
  const mod = datetimeModule(() => new Date(0));
  const ctor = (mod.attrs.datetime as InstanceType<typeof JinjaObject>).hooks.call!;
  const begin = ctor([2020, 1, 2, 3], {});
  assert.equal(JSON.stringify({ begin }), '{"begin":"2020-01-02T03:00:00"}');
  // The ISO text reads back as the same begin.
  assert.equal(microbatchConfig(base({ event_time: 'ts', begin: JSON.parse(JSON.stringify(begin)), batch_size: 'day' }), 'm').begin.toISOString(), '2020-01-02T03:00:00.000Z');
});

test('begin written in YAML (schema.yml, dbt_project.yml) as a timestamp the YAML reader gives as a date or datetime', () => {
  // The project's YAML reader gives PyYAML's timestamps as objects with the written wallclock (microseconds) and kind.
  const date = { wallMicros: Date.UTC(2024, 8, 1) * 1000, kind: 'date', offsetMinutes: undefined };
  assert.equal(microbatchConfig(base({ event_time: 'ts', begin: date, batch_size: 'day' }), 'm').begin.toISOString(), '2024-09-01T00:00:00.000Z');
  const datetime = { wallMicros: Date.UTC(2024, 8, 1, 6) * 1000, kind: 'datetime', offsetMinutes: 120 };
  assert.equal(microbatchConfig(base({ event_time: 'ts', begin: datetime, batch_size: 'hour' }), 'm').begin.toISOString(), '2024-09-01T06:00:00.000Z');
  // A YAML value of another type names its Python type, as dbt's error does.
  assert.match(microbatchConfigProblem(base({ event_time: 'ts', begin: ['2024-09-01'], batch_size: 'day' }), 'm') ?? '', /but got: <class 'list'>\./);
});
