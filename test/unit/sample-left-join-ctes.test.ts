// A not_null test on a column a model LEFT JOINs in through a CTE (low6_uksouth's int_gaming1__selection_entries:
// `contests as (select contest_id, tenant_id from {{ ref('stg_contests') }})`, joined on `entries.contest_id =
// contests.contest_id`, where `entries` groups and numbers the selections in CTEs of their own) holds on real data
// because every entry's contest is a contest: the sampler draws the entries' source key from the contests' source
// key. Before, only a join written on the `{{ ref() }}` itself was followed, and the sampler's random contest keys
// found no contest in any row. A joined CTE that filters its rows (WHERE) holds only some keys: not followed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

const FILES: Record<string, string> = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: pickems\n      - name: selections\n      - name: questions\n',
  'models/stg_contests.sql': "select id::varchar as contest_id, league_id::varchar as tenant_id from {{ source('raw', 'pickems') }}\n",
  'models/stg_selections.sql': "select id as selection_id, user_id, pickem_id::varchar as contest_id, points from {{ source('raw', 'selections') }}\n",
  'models/stg_questions.sql': "select id as question_id, pickem_id::varchar as contest_id, kind, answer from {{ source('raw', 'questions') }}\n",
  'models/int_entries.sql':
    "with selections as (select * from {{ ref('stg_selections') }}),\n" +
    "contests as (select contest_id, tenant_id from {{ ref('stg_contests') }}),\n" +
    "tiebreakers as (select contest_id, answer as outcome from {{ ref('stg_questions') }} where kind = 'tiebreaker'),\n" +
    'grain as (select user_id, contest_id, sum(points) as total_points from selections group by user_id, contest_id),\n' +
    'numbered as (select user_id, contest_id, total_points, row_number() over (partition by user_id order by total_points) as n from grain),\n' +
    'with_context as (\n  select entries.user_id, entries.contest_id, contests.tenant_id, tiebreakers.outcome, entries.n\n' +
    '  from numbered as entries\n  left join contests on entries.contest_id = contests.contest_id\n' +
    '  left join tiebreakers on entries.contest_id = tiebreakers.contest_id\n)\nselect * from with_context\n',
  'models/schema.yml':
    'version: 2\nmodels:\n  - name: int_entries\n    columns:\n      - name: tenant_id\n        tests: [not_null]\n      - name: outcome\n        tests: [not_null]\n',
};

it("a not_null on a column LEFT JOINed through a CTE draws the other side's key from the joined relation's keys", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-left-join-ctes-', FILES);
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const column = (table: string, name: string) => plans.find((p) => p.sourceId === `source.p.raw.${table}`)!.columns.find((c) => c.name === name)!;
  const key = column('selections', 'pickem_id');
  assert.deepEqual(key.references, { sourceId: 'source.p.raw.pickems', column: 'id' });
  assert.equal(key.notNull, true);
  assert.equal(column('pickems', 'league_id').notNull, true);
  // The tiebreakers CTE keeps some questions only: its keys are no reference for the selections.
  assert.equal(column('questions', 'answer').notNull, true);
});
