// A relationships test from a fact model to a dimension model, each built over a staging model of its own source
// (low6_uksouth's marts: `fct_league_entries.league_id` to `dim_leagues.league_id`, `id as league_id` in the leagues'
// staging model), holds on real data because the fact's source column holds the other source's keys: the sampler
// draws it from them. Before, a target traced through models was taken only for another column of the tested
// column's own source, and every fact row failed the test. A column a "one b per a" singular test pairs keeps its
// pairing instead (mattermost_analytics' server ids): the referenced keys, drawn per row, would break it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

const FILES: Record<string, string> = {
  'models/src.yml':
    'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: league\n      - name: league_entry\n      - name: team\n      - name: team_entry\n',
  'models/stg_leagues.sql': "with source as (select * from {{ source('raw', 'league') }}),\nrenamed as (select id as league_id, name as league_name from source)\nselect * from renamed\n",
  'models/stg_entries.sql': "with source as (select * from {{ source('raw', 'league_entry') }}),\nrenamed as (select id as entry_id, league_id, points from source)\nselect * from renamed\n",
  'models/dim_leagues.sql': "with leagues as (select * from {{ ref('stg_leagues') }})\nselect league_id, league_name from leagues\n",
  'models/fct_entries.sql': "with entries as (select * from {{ ref('stg_entries') }})\nselect entry_id, league_id, points from entries\n",
  'models/stg_teams.sql': "select id as team_id from {{ source('raw', 'team') }}\n",
  'models/stg_team_entries.sql': "select id as team_entry_id, team_id, owner_id from {{ source('raw', 'team_entry') }}\n",
  'models/dim_teams.sql': "select team_id from {{ ref('stg_teams') }}\n",
  'models/fct_team_entries.sql': "select team_entry_id, team_id, owner_id from {{ ref('stg_team_entries') }}\n",
  'tests/one_owner_per_team.sql':
    "select team_id, count(distinct owner_id) as owners\nfrom {{ source('raw', 'team_entry') }}\ngroup by team_id\nhaving count(distinct owner_id) > 1\n",
  'models/schema.yml':
    'version: 2\nmodels:\n' +
    "  - name: fct_entries\n    columns:\n      - name: league_id\n        tests:\n          - relationships:\n              to: ref('dim_leagues')\n              field: league_id\n" +
    "  - name: fct_team_entries\n    columns:\n      - name: team_id\n        tests:\n          - relationships:\n              to: ref('dim_teams')\n              field: team_id\n",
};

it("a fact's key tested against a dimension over another source's staging model references that source's key", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-traced-refs-', FILES);
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const column = (table: string, name: string) => plans.find((p) => p.sourceId === `source.p.raw.${table}`)!.columns.find((c) => c.name === name)!;
  assert.deepEqual(column('league_entry', 'league_id').references, { sourceId: 'source.p.raw.league', column: 'id' });
  // Paired with owner_id by the singular test: the pairing stands, no reference.
  assert.equal(column('team_entry', 'team_id').references, undefined);
  assert.ok(column('team_entry', 'team_id').pairing);
});
