// A not_null test on a CASE of literal results that is NULL unless its column is one of the literals its WHENs name
// (low6_uksouth's sessions: `case when site = 'https://…' then 'tenant_a' when site = 'https://…' then 'tenant_b'
// else null end as tenant_id`) holds on real data because the column holds those values: the sampler draws the
// source column from them. Before, the column was random text and every row failed the test. A CASE with a non-NULL
// ELSE, or a WHEN that tests anything but the one column against literals, says nothing of the column's values.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { valuesMakingCaseNonNull } from '../../client/src/sample/expression-origin';

it('reads the literals that make a CASE of literal results non-NULL, and none of other CASEs', () => {
  const sql =
    "select case when site = 'https://a' then 'a' when 'https://b' = s.site then 'b' else null end as tenant_id,\n" +
    "  case site when 'x' then 1 when 'y' then null end as k, case when site in ('p', 'q') then 1 end as m,\n" +
    "  case when site = 'a' then 1 else 2 end as n, case when site = 'a' and x = 1 then 1 end as o,\n" +
    "  case when site = 'a' then 1 when other = 'b' then 2 end as r from t s";
  assert.deepEqual(valuesMakingCaseNonNull(sql, 'tenant_id'), { column: 'site', values: ['https://a', 'https://b'] });
  assert.deepEqual(valuesMakingCaseNonNull(sql, 'k'), { column: 'site', values: ['x'] });
  assert.deepEqual(valuesMakingCaseNonNull(sql, 'm'), { column: 'site', values: ['p', 'q'] });
  for (const c of ['n', 'o', 'r']) assert.equal(valuesMakingCaseNonNull(sql, c), undefined, c);
});

it('a not_null test on such a CASE, through CTEs, draws the source column from the literals', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-case-non-null-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: sessions\n',
    'models/stg_sessions.sql':
      "with source as (select * from {{ source('raw', 'sessions') }}),\n" +
      "cleaned as (select session_id, site as url,\n  case when site = 'https://a.example' then 'tenant_a' when site = 'https://b.example' then 'tenant_b' else null end as tenant_id\n  from source),\n" +
      'fixed as (select session_id, tenant_id, url from cleaned)\nselect * from fixed\n',
    'models/schema.yml': 'version: 2\nmodels:\n  - name: stg_sessions\n    columns:\n      - name: tenant_id\n        tests: [not_null]\n',
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const site = plan.columns.find((c) => c.name === 'site')!;
  assert.deepEqual(site.accepted, ['https://a.example', 'https://b.example']);
  assert.equal(site.notNull, true);
});
