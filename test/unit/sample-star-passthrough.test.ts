// `sample --synthetic` gives a source the columns tests name on a model that passes it through with `SELECT *`
// (shopverse's stg_customers: `select * from {{ source(…) }}`, customer_region tested not_null on the model, no model
// naming it): without them the test fails on a column the table lacks. A model that computes its columns adds none.
import assert from 'node:assert/strict';
import { it, type TestContext } from 'node:test';
import type { Engine } from '../../server/src/engine';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

/** The files are model-folder files (src.yml, stg_customers.sql…). */
const project = (t: TestContext, files: Record<string, string>): Promise<Engine> =>
  openTempProject(t, 'bronze-sample-star-', Object.fromEntries(Object.entries(files).map(([name, text]) => [`models/${name}`, text])));

it('adds the columns tested on a SELECT * model (also through a second one, and under a WHERE) to its source', async (t) => {
  const engine = await project(t, {
    'src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: customers\n        columns:\n          - name: customer_id\n      - name: payments\n        columns:\n          - name: payment_id\n',
    'stg_customers.sql': "{{ config(materialized='view') }}\n\nSELECT *\nFROM {{ source('raw', 'customers') }}\n",
    'stg_customers2.sql': "select * from {{ ref('stg_customers') }} c\n",
    'stg_payments.sql': "select * from {{ source('raw', 'payments') }} where status = 'Success'\n",
    'payment_ids.sql': "select payment_id, 1 as computed from {{ source('raw', 'payments') }}\n",
    'schema.yml':
      'version: 2\nmodels:\n  - name: stg_customers2\n    columns:\n      - name: customer_region\n        tests: [not_null]\n' +
      "  - name: stg_payments\n    columns:\n      - name: payment_status\n        tests:\n          - accepted_values:\n              values: ['Success']\n" +
      '  - name: payment_ids\n    columns:\n      - name: computed\n        tests: [not_null]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: true });
  const columns = (table: string): string[] => plans.find((p) => p.relation.identifier.toLowerCase() === table)!.columns.map((c) => c.name.toLowerCase());
  assert.deepEqual(columns('customers'), ['customer_id', 'customer_region']);
  // payment_status is written from the accepted values; `computed` (made by the model) is no source column.
  assert.ok(columns('payments').includes('payment_status'));
  assert.ok(!columns('payments').includes('computed'));
  const status = plans.find((p) => p.relation.identifier.toLowerCase() === 'payments')!.columns.find((c) => c.name.toLowerCase() === 'payment_status');
  assert.equal(status?.kind, 'category');
});

it("a CTE's own select items beside its `*` are not columns of the relation the `*` passes on", async (t) => {
  // low6's stg_prizekings_comps__transactions: `meta as (select *, metadata:paidEntries::integer as _paid_entries
  // from source)`, then `case … then _paid_entries …` reading meta. The source (no columns declared) was given a text
  // _PAID_ENTRIES beside the alias, and the duplicate name made the CASE mix text and numbers.
  const engine = await project(t, {
    'src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: transactions\n',
    'stg_transactions.sql':
      "with source as (select * from {{ source('raw', 'transactions') }}),\n" +
      'meta as (select *, metadata:paidEntries::integer as _paid_entries, upper(status) status_upper from source),\n' +
      'derived as (select * from (select *, amount * 2 as doubled from meta) d)\n' +
      "select id, case when _paid_entries is not null then _paid_entries else 0 end as paid, status_upper, doubled from derived\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: true });
  const columns = plans.find((p) => p.relation.identifier.toLowerCase() === 'transactions')!.columns.map((c) => c.name.toLowerCase()).sort();
  assert.deepEqual(columns, ['amount', 'id', 'metadata', 'status']);
});
