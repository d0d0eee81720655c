// One scenario of dbt's microbatch strategy, run on any target: an upstream table configured with `event_time` and a
// microbatch model reading it (batch_size day, lookback 1, begin four days ago). The first run builds every batch from
// begin; a later run rebuilds only the lookback window (older rows stay as they were, even when upstream changed
// them); a batch that fails leaves the others in place and ends the model in dbt's `partial success`, which
// `bronze retry` completes by re-running the failed batch alone. Used by the DuckDB and the emulator suites.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { cli, type CliResult } from '../e2e/helpers';

export const MICROBATCH_FILES: Record<string, string> = {
  'dbt_project.yml': "name: mbatch\nversion: '1.0'\nprofile: mbatch\n",
  'models/events.sql': '',
  'models/daily.sql': '',
};

const DAY = 86_400_000;
/** The UTC day `n` days before today, as YYYY-MM-DD. */
const day = (n: number) => new Date(Math.floor(Date.now() / DAY) * DAY - n * DAY).toISOString().slice(0, 10);

export interface MicrobatchTarget {
  dir(): string;
  args(): string[];
  /** The model's relation as the target's SQL names it. */
  relation: string;
  /** Rows of a query on the target, keys lower-cased. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** The SQL type the upstream's event time column is cast to (a TIMESTAMP_NTZ, or TIMESTAMP_TZ where the target needs one). */
  eventTimeType: string;
}

export function microbatchScenario(t: MicrobatchTarget): void {
  /** The upstream table: one row per [id, days ago, value], at 10:00 UTC of that day. */
  const writeEvents = (rows: Array<[number, number, string]>) => {
    const select = rows.map(([id, ago, v]) => `select ${id} as id, '${day(ago)} 10:00:00'::${t.eventTimeType} as event_time, '${v}' as v`).join('\nunion all ');
    writeFileSync(join(t.dir(), 'models', 'events.sql'), `{{ config(materialized='table', event_time='event_time') }}\n${select}\n`);
  };
  /** The microbatch model; `failOn`: the batch id whose render reads a table that does not exist. */
  const writeModel = (failOn?: string) => {
    const body = failOn
      ? `{% if model.batch.id == '${failOn}' %}select * from no_such_table{% else %}select id, event_time, v, '{{ model.batch.id }}' as batch_id from {{ ref('events') }}{% endif %}`
      : `select id, event_time, v, '{{ model.batch.id }}' as batch_id from {{ ref('events') }}`;
    writeFileSync(
      join(t.dir(), 'models', 'daily.sql'),
      `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_time', batch_size='day', lookback=1, begin='${day(4)}') }}\n${body}\n`,
    );
  };
  const run = (...extra: string[]): Promise<CliResult> => cli(['run', '--project-dir', t.dir(), ...t.args(), ...extra]);
  const table = async () => (await t.rows(`select id, v, batch_id from ${t.relation} order by id`)).map((r) => `${String(r.id)}|${String(r.v)}|${String(r.batch_id)}`);
  const id = (n: number) => day(n).replace(/-/g, '');
  const runResult = () => {
    const doc = JSON.parse(readFileSync(join(t.dir(), 'target', 'run_results.json'), 'utf8')) as { results: Array<{ unique_id: string; status: string; message: string; batch_results: { successful: string[][]; failed: string[][] } | null }> };
    return doc.results.find((r) => r.unique_id === 'model.mbatch.daily')!;
  };

  it('the first run builds every batch from begin, each reading its own day of the upstream', async () => {
    writeEvents([[1, 4, 'a'], [2, 3, 'b'], [3, 2, 'c'], [4, 1, 'd']]);
    writeModel();
    const r = await run();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(await table(), [`1|a|${id(4)}`, `2|b|${id(3)}`, `3|c|${id(2)}`, `4|d|${id(1)}`]);
    const result = runResult();
    assert.equal(result.status, 'success');
    assert.equal(result.batch_results?.successful.length, 5);
    assert.deepEqual(result.batch_results?.successful[0], [`${day(4)}T00:00:00+00:00`, `${day(3)}T00:00:00+00:00`]);
    assert.match(r.stderr, new RegExp(`batch ${day(4)} of daily \\(1 of 5\\): OK`));
  });

  it('a later run rewrites only the lookback window: older rows stay as they were', async () => {
    // Upstream changes an old row (outside the window), one in the window, and gains rows today and yesterday.
    writeEvents([[1, 4, 'a2'], [2, 3, 'b'], [3, 2, 'c'], [4, 1, 'd2'], [5, 1, 'e'], [6, 0, 'f']]);
    const r = await run();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(await table(), [`1|a|${id(4)}`, `2|b|${id(3)}`, `3|c|${id(2)}`, `4|d2|${id(1)}`, `5|e|${id(1)}`, `6|f|${id(0)}`]);
    assert.equal(runResult().batch_results?.successful.length, 2);
  });

  it('--event-time-start/--event-time-end rebuild exactly that window', async () => {
    const r = await run('--event-time-start', day(4), '--event-time-end', day(3));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(await table(), [`1|a2|${id(4)}`, `2|b|${id(3)}`, `3|c|${id(2)}`, `4|d2|${id(1)}`, `5|e|${id(1)}`, `6|f|${id(0)}`]);
    const only = await run('--event-time-start', day(4));
    assert.equal(only.code, 2);
    assert.match(only.stderr, /The flag `--event-time-start` was specified, but `--event-time-end` was not\./);
  });

  it('a failing batch: the others are built, the model ends in partial success, and retry re-runs that batch alone', async () => {
    writeEvents([[1, 4, 'a3'], [2, 3, 'b3'], [3, 2, 'c3'], [4, 1, 'd3'], [5, 1, 'e3'], [6, 0, 'f3']]);
    writeModel(id(2));
    const r = await run('--full-refresh');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /PARTIAL SUCCESS \(4\/5\)/);
    const result = runResult();
    assert.equal(result.status, 'partial success');
    assert.deepEqual(result.batch_results?.failed, [[`${day(2)}T00:00:00+00:00`, `${day(1)}T00:00:00+00:00`]]);
    // The batches before and after the failed one are in place; the failed day has no rows.
    assert.deepEqual(await table(), [`1|a3|${id(4)}`, `2|b3|${id(3)}`, `4|d3|${id(1)}`, `5|e3|${id(1)}`, `6|f3|${id(0)}`]);
    writeModel();
    const retry = await cli(['retry', '--project-dir', t.dir(), ...t.args()]);
    assert.equal(retry.code, 0, retry.stdout + retry.stderr);
    // Only the failed day was rebuilt; the batches done before were not run again.
    assert.match(retry.stderr, new RegExp(`batch ${day(2)} of daily \\(1 of 1\\): OK`));
    assert.deepEqual(await table(), [`1|a3|${id(4)}`, `2|b3|${id(3)}`, `3|c3|${id(2)}`, `4|d3|${id(1)}`, `5|e3|${id(1)}`, `6|f3|${id(0)}`]);
    const after = runResult();
    assert.equal(after.status, 'success');
    assert.equal(after.batch_results?.successful.length, 5);
  });

  it('run --dry-run refuses a microbatch model by name instead of counting rows the run would not write', async () => {
    const r = await run('--dry-run', '-s', 'daily', '--output', 'json');
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /run --dry-run does not compute the impact of microbatch model 'daily'/);
  });
}
