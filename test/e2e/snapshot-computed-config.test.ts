// A `{% snapshot %}` block whose config() computes its values (var(), env_var()) gets them from dbt's parse
// render, as models do: the strategy, unique_key and target_schema below exist only once rendered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, tempProject, query, scalar } from './helpers';

describe('snapshot config() with var() and env_var()', () => {
  const dir = tempProject('bronze-snap-config-', {
    'dbt_project.yml': "name: snapcfg\nversion: '1.0'\nprofile: snapcfg\nvars:\n  snap_key: user_id\n  snap_schema: history\n",
    'models/users.sql': "{{ config(materialized='table') }}\nselect 1 as user_id, 'ann' as name union all select 2, 'bo'\n",
    'snapshots/users_snap.sql': "{% snapshot users_snap %}\n{{ config(unique_key=var('snap_key'), strategy=env_var('BZ_TEST_SNAP_STRATEGY', 'check'), check_cols='all', target_schema=var('snap_schema')) }}\nselect * from {{ ref('users') }}\n{% endsnapshot %}\n",
  });

  it('builds the snapshot with the rendered strategy, unique_key and schema; --vars changes them', async () => {
    const r = await cli(['build', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await scalar(dir(), 'select count(*) from history.users_snap where dbt_valid_to is null'), 2);

    const check = await cli(['check', '--project-dir', dir()]);
    assert.doesNotMatch(check.stdout, /bronze\/snapshot-config/);

    const other = await cli(['snapshot', '--project-dir', dir(), '--vars', '{snap_schema: archive}']);
    assert.equal(other.code, 0, other.stderr + other.stdout);
    const rows = await query(dir(), 'select user_id, name from archive.users_snap order by user_id');
    assert.deepEqual(rows.map((x) => [Number(x.USER_ID), x.NAME]), [[1, 'ann'], [2, 'bo']]);
  });
});
