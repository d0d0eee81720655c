// dbt's microbatch strategy on a snowflake target (real snowflake-sdk → emulator). The emulator runs Snowflake SQL
// through the same DuckDB layer as the twin, which refuses what it cannot decide: dbt-snowflake's delete compares a
// TIMESTAMP_NTZ event time with to_timestamp_tz(…), which Snowflake reads in the session's time zone. So here: a
// first run of one batch (a CTAS of the batch's filtered rows) works, and the next batch's delete — sent as
// dbt-snowflake writes it — is refused by name, the table left as it was. (The full scenario runs on DuckDB:
// test/e2e/microbatch-duckdb.test.ts.)
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, writeFiles } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

const EVENTS = `{{ config(materialized='table', event_time='event_time') }}
select 1 as id, '2024-09-01 10:00:00'::timestamp_ntz as event_time
union all select 2, '2024-09-02 10:00:00'::timestamp_ntz`;
const DAILY = `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_time', batch_size='day', begin='2024-09-01') }}
select id, event_time from {{ ref('events') }}`;

describe('a microbatch model on a snowflake target (real driver → emulator)', () => {
  const dir = emulatorProject('bronze-sf-microbatch-', (d, port) =>
    writeFiles(d, { 'dbt_project.yml': "name: mbatch\nversion: '1.0'\nprofile: mbatch\n", 'models/events.sql': EVENTS, 'models/daily.sql': DAILY, 'profiles.yml': emulatorProfile('mbatch', port, 'marts') }),
  );
  const run = (...extra: string[]) => cli(['run', '--project-dir', dir(), '--profiles-dir', dir(), ...extra]);
  const ids = async () => (await projectRows(dir(), 'select id from analytics.marts.daily order by id')).map((r) => Number(Object.values(r)[0]));
  const executed = () => readFileSync(join(dir(), 'target', 'run', 'mbatch', 'models', 'daily.sql'), 'utf8');

  it('a first run of one batch creates the table from the batch’s filtered input', async () => {
    const r = await run('--event-time-start', '2024-09-01', '--event-time-end', '2024-09-02');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(await ids(), [1]);
    assert.match(executed(), /create or replace transient table analytics\.marts\.daily\s+as \(\s*select id, event_time from \(select \* from analytics\.marts\.events where event_time >= '2024-09-01 00:00:00\+00:00' and event_time < '2024-09-02 00:00:00\+00:00'\)/);
  });

  it("the next batch sends dbt-snowflake's delete + insert; the emulator refuses the NTZ/TZ comparison by name", async () => {
    writeFileSync(join(dir(), 'models', 'daily.sql'), DAILY + '\n');
    const r = await run('--event-time-start', '2024-09-02', '--event-time-end', '2024-09-03', '-s', 'daily');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /batch 2024-09-02 of daily \(1 of 1\): ERROR SQL compilation error/);
    assert.match(r.stderr, /This operation on a TIMESTAMP_TZ value is not supported on the DuckDB target/);
    assert.deepEqual(await ids(), [1]);
  });
});
