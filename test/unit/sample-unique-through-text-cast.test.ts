// A unique test on a column cast to text (`id::varchar as tenant_id`) binds the source column: distinct values have
// distinct texts. low6_uksouth's tenants staging models test `id::varchar as tenant_id` unique; the sampler dropped
// the test at the cast, drew the ids from a pool of keys shared with the tables that join to them, and the test failed
// (21 of 100 rows), skipping the marts behind it. A cast to another type (a DATE of a timestamp) or a JSON path's value
// need not stay distinct: not followed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

it('a unique test past ::varchar makes the source column unique; past ::date or a path it does not', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-unique-text-cast-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: tenants\n',
    'models/tenants.sql':
      "select id::varchar as tenant_id, created_at::date as created_day, payload:code::string as code from {{ source('raw', 'tenants') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: tenants\n    columns:\n' +
      '      - name: tenant_id\n        tests: [unique]\n      - name: created_day\n        tests: [unique]\n      - name: code\n        tests: [unique]\n',
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (n: string) => plan.columns.find((c) => c.name === n)!;
  assert.equal(col('id').unique, true);
  assert.notEqual(col('created_at').unique, true);
  assert.notEqual(col('payload').unique, true);
});

/** low6_uksouth's pick'em shape: staging models cast keys to text, an entry model groups selections in CTEs over
 * `select *`, and tests its contest key against the staging contests (and its fact against a dimension over them). */
const PICKEM: Record<string, string> = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: pickems\n      - name: user_selections\n',
  'models/stg_contests.sql': "select id::varchar as contest_id, league_id::varchar as tenant_id from {{ source('raw', 'pickems') }}\n",
  'models/stg_selections.sql': "select id::varchar as selection_id, user_id::varchar as user_id, pickem_id::varchar as contest_id, points from {{ source('raw', 'user_selections') }}\n",
  'models/dim_contests.sql': "with c as (select * from {{ ref('stg_contests') }}) select contest_id, tenant_id from c\n",
  'models/int_entries.sql':
    "with selections as (select * from {{ ref('stg_selections') }}),\n" +
    "contests as (select contest_id, tenant_id from {{ ref('stg_contests') }}),\n" +
    'grain as (select user_id, contest_id, sum(points) as total_points from selections group by user_id, contest_id)\n' +
    'select g.user_id, g.contest_id, c.tenant_id, g.total_points from grain as g left join contests c on g.contest_id = c.contest_id\n',
  'models/fct_entries.sql': "select * from {{ ref('int_entries') }}\n",
  'models/schema.yml':
    'version: 2\nmodels:\n' +
    "  - name: int_entries\n    columns:\n      - name: contest_id\n        tests:\n          - relationships:\n              to: ref('stg_contests')\n              field: contest_id\n" +
    "  - name: fct_entries\n    columns:\n      - name: contest_id\n        tests:\n          - relationships:\n              to: ref('dim_contests')\n              field: contest_id\n",
};

it('a relationships test on keys cast to text, read through CTEs over select *, makes the source keys reference each other', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-text-key-refs-', PICKEM);
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const selections = plans.find((p) => p.columns.some((c) => c.name === 'pickem_id'))!;
  const key = selections.columns.find((c) => c.name === 'pickem_id')!;
  // The staging contests' key is pickems.id (not a column named contest_id), and the entry model's contest_id is
  // user_selections.pickem_id through `grain` and `selections` (CTEs over `select *`) and the cast; the same key
  // through the dimension (traced through models, taken for fewer columns) does not replace it.
  assert.deepEqual(key.references, { sourceId: 'source.p.raw.pickems', column: 'id' });
});
