// TIMESTAMP_TZ on the DuckDB target, end to end: a model that casts to TIMESTAMP_TZ builds, a downstream view reads
// the column, and `bronze show` prints each value at its own offset as Snowflake prints it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, tempProject } from './helpers';

describe('TIMESTAMP_TZ on DuckDB', () => {
  const dir = tempProject('bronze-tz-', {
    'dbt_project.yml': "name: tzp\nversion: '1.0'\nprofile: tzp\n",
    'models/events.sql':
      "{{ config(materialized='table') }}\n" +
      "select 1 as id, '2024-01-05 10:00:00.25 +0530'::timestamp_tz as at_tz\n" +
      "union all select 2, '2024-01-05 04:30:00.25 +0000'::timestamp_tz\n",
    'models/next_hour.sql': "select id, dateadd(hour, 1, at_tz) as next_tz from {{ ref('events') }}\n",
  });

  it('builds, and show prints the values with their own offsets; they compare by instant', async () => {
    const build = await cli(['build', '--project-dir', dir()]);
    assert.equal(build.code, 0, build.stdout + build.stderr);
    const show = await cli(['show', '--project-dir', dir(), '--inline', "select e.id, at_tz, next_tz from {{ ref('events') }} e join {{ ref('next_hour') }} n on n.id = e.id order by e.id", '--output', 'json']);
    assert.equal(show.code, 0, show.stderr);
    assert.deepEqual(JSON.parse(show.stdout), [
      { ID: 1, AT_TZ: '2024-01-05 10:00:00.250 +0530', NEXT_TZ: '2024-01-05 11:00:00.250 +0530' },
      { ID: 2, AT_TZ: '2024-01-05 04:30:00.250 +0000', NEXT_TZ: '2024-01-05 05:30:00.250 +0000' },
    ]);
    const table = await cli(['show', '--project-dir', dir(), '--inline', "select at_tz from {{ ref('events') }} where id = 1"]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /2024-01-05 10:00:00\.250 \+0530/);
    // The two rows are the same instant: one distinct value, as on Snowflake.
    const distinct = await cli(['show', '--project-dir', dir(), '--inline', "select count(distinct at_tz) as n from {{ ref('events') }}", '--output', 'json']);
    assert.deepEqual(JSON.parse(distinct.stdout), [{ N: 1 }]);
  });
});
