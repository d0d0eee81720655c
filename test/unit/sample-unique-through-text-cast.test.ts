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
