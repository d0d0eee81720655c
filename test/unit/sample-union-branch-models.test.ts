// A not_null test on a column of a model whose final query UNIONs branches that each compute it in CTEs of their own
// from their own model (low6_uksouth's agg_low6__cohort_retention_weekly: `date_trunc('week', … entered_at …) as
// activity_week` for one game, `… joined_at …` for another). Read as one text, the first definition (entered_at) was
// followed into every parent, so the second game's joined_at was left NULL in some rows and the test failed on the
// twin. Each branch is now followed as a model of its own: its select, the CTEs it reads, the parents they name.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { unionBranchModels } from '../../client/src/sample/union-branch-models';

const FILES: Record<string, string> = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: picks\n      - name: leagues\n',
  'models/fct_picks.sql': "select id as user_id, entered_utc as entered_at from {{ source('raw', 'picks') }}\n",
  'models/fct_league_entries.sql': "select id as user_id, joined_utc as joined_at from {{ source('raw', 'leagues') }}\n",
  'models/agg_weekly.sql':
    "{{ config(materialized='table') }}\n-- one row per game and week\nwith\n" +
    "pick_entries as (\n  select user_id, date_trunc('week', cast(convert_timezone('UTC', 'America/New_York', entered_at) as date)) as activity_week\n  from {{ ref('fct_picks') }}\n),\n" +
    "game_picks as (\n  select 'picks' as game_id, e.activity_week, count(distinct e.user_id) as users from pick_entries as e group by 1, 2\n),\n" +
    "league_entries as (\n  select user_id, date_trunc('week', cast(convert_timezone('UTC', 'America/New_York', joined_at) as date)) as activity_week\n  from {{ ref('fct_league_entries') }}\n),\n" +
    "game_leagues as (\n  select 'leagues' as game_id, e.activity_week, count(distinct e.user_id) as users from league_entries as e group by 1, 2\n)\n" +
    'select game_id, activity_week, users from game_picks\nunion all\nselect game_id, activity_week, users from game_leagues\n',
  'models/schema.yml': 'version: 2\nmodels:\n  - name: agg_weekly\n    columns:\n      - name: activity_week\n        tests: [not_null]\n',
};

it('reads each branch of a final UNION as a model of its own: its select, the CTEs it reads, their parents', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-union-branch-models-', FILES);
  const branches = unionBranchModels(engine.project, engine.project.models.get('model.p.agg_weekly')!)!;
  assert.equal(branches.length, 2);
  assert.deepEqual(branches.map((b) => b.dependsOn.nodes), [['model.p.fct_picks'], ['model.p.fct_league_entries']]);
  assert.match(branches[1].rawCode, /^with league_entries as \(/);
  assert.doesNotMatch(branches[1].rawCode, /pick_entries|game_picks/);
  assert.match(branches[1].rawCode, /select game_id, activity_week, users from game_leagues\s*$/);
  // A model without a final UNION (or one that subtracts a branch) has no branches.
  assert.equal(unionBranchModels(engine.project, engine.project.models.get('model.p.fct_picks')!), undefined);
});

it("binds a not_null test on a UNION's column to the column each branch computes it from", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-union-branch-models-', FILES);
  const plans = planSynthetic(engine.project, { rows: 20, clean: false });
  const column = (table: string, name: string) => plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name === name);
  assert.equal(column('picks', 'entered_utc')?.notNull, true);
  assert.equal(column('leagues', 'joined_utc')?.notNull, true);
});
