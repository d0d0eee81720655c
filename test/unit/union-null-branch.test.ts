// mattermost's fct_trial_request_history: `select * from {{ ref('cloud') }} union select * from {{ ref('onprem') }}`,
// the ephemeral cloud model's `null as server_id` beside onprem's VARCHAR server_id. Snowflake gives the NULL the
// VARCHAR; the build was refused as a UNION column "VARCHAR in one branch and NUMBER in another", because DuckDB
// materializes the ephemeral CTE (its WITH holds CTEs of its own) with the NULL cast to INTEGER.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../client/src/cli';

test('a UNION of an ephemeral model whose column is a bare NULL and a VARCHAR column builds, the column VARCHAR', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-union-null-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'profiles.yml'), 'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: .bronze/dev.duckdb\n');
  await writeFile(path.join(dir, 'models/onprem.sql'), "select 'cws:1' as trial_request_id, 'srv-1' as server_id\n");
  await writeFile(
    path.join(dir, 'models/cloud.sql'),
    "{{ config(materialized='ephemeral') }}\nwith subscriptions as (select 'sub_1' as subscription_id)\nselect 'stripe:' || subscription_id as trial_request_id, null as server_id from subscriptions\n",
  );
  await writeFile(
    path.join(dir, 'models/trials.sql'),
    "with all_trials as (\n  select * from {{ ref('cloud') }}\n  union\n  select * from {{ ref('onprem') }}\n), agg as (select trial_request_id, count(*) as n from all_trials group by all)\n" +
      'select t.trial_request_id, t.server_id, agg.n from all_trials t left join agg on t.trial_request_id = agg.trial_request_id\n',
  );
  const run = async (...argv: string[]): Promise<{ code: number; text: string }> => {
    const lines: string[] = [];
    const code = await main([...argv, '--project-dir', dir, '--profiles-dir', dir], { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) });
    return { code, text: lines.join('\n') };
  };
  const build = await run('build');
  assert.equal(build.code, 0, build.text);
  const shown = await run('show', '--inline', "select column_name, data_type from information_schema.columns where table_name ilike 'trials' and column_name ilike 'server_id'", '--output', 'json');
  assert.equal(shown.code, 0, shown.text);
  // Snowflake's information_schema names VARCHAR TEXT.
  assert.match(shown.text, /"DATA_TYPE": "TEXT"/, shown.text);
});
