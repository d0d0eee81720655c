// A not_null test on a column a model renames from an item it computes itself in another CTE (low6_uksouth's daily
// aggregates: `cast(convert_timezone('UTC', …, starts_at) as date) as contest_date` in `contests`, then
// `contests.contest_date as date_day` in `daily`, grouped): the rename is followed within the model to the computed
// item and on to the parent's column. Before, the trace looked for contest_date in the parent models, which have no
// such column, and the source's start times were left NULL in some rows (a NULL day is a group of its own).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

it('follows a rename of an item the model computes in another CTE to the parent column it reads', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-renamed-in-model-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: pickems\n      - name: entries\n',
    'models/dim_contests.sql': "select id::varchar as contest_id, start_utc as starts_at, status as contest_status from {{ source('raw', 'pickems') }}\n",
    'models/fct_entries.sql': "select id as entry_id, pickem_id::varchar as contest_id from {{ source('raw', 'entries') }}\n",
    'models/agg_daily.sql':
      "with contests as (\n  select contest_id, contest_status, cast(convert_timezone('UTC', 'Europe/London', starts_at) as date) as contest_date\n  from {{ ref('dim_contests') }}\n),\n" +
      "entries as (select contest_id, count(entry_id) as entry_count from {{ ref('fct_entries') }} group by contest_id),\n" +
      'daily as (\n  select contests.contest_date as date_day, count(distinct contests.contest_id) as contests, avg(coalesce(entries.entry_count, 0)) as avg_entries\n' +
      '  from contests left join entries on contests.contest_id = entries.contest_id\n  group by contests.contest_date\n)\nselect * from daily\n',
    'models/schema.yml': 'version: 2\nmodels:\n  - name: agg_daily\n    columns:\n      - name: date_day\n        tests: [not_null]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const start = plans.find((p) => p.sourceId === 'source.p.raw.pickems')!.columns.find((c) => c.name === 'start_utc')!;
  assert.equal(start.notNull, true);
});
